"""The officer console over HTTP: ids of the queue catalogue's records and walk-in tickets."""
from __future__ import annotations

import re

import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import Ticket

from .editing import service_id
from .queue import counter
from .staff import post


def ids(app, label: str = "Gerai 1", site: str = "maros") -> int:
    """The id of counter `label`."""
    with app.app_context():
        return counter(label, site).id


def ticket_id_of(app, number: str) -> int:
    """The id of the ticket numbered e.g. "A-001"."""
    prefix, sequence = number.split("-")
    with app.app_context():
        return db.session.scalar(sa.select(Ticket.id).filter_by(prefix=prefix,
                                                                sequence=int(sequence)))


def walkin(client, app, slug: str = "ktp-el-baru", name: str = "Warga", priority: str = "") -> str:
    """Issue a walk-in ticket through the form; its code."""
    page = client.get("/petugas/ambil").get_data(as_text=True)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page).group(1)
    response = post(client, "/petugas/ambil", service=str(service_id(app, slug)), name=name,
                    priority=priority, idempotency_key=key)
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.location.rsplit("/", 1)[-1]
