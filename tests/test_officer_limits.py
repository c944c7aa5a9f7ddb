"""The officer console shows only what an officer needs: the transfer list offers the counters
that serve the ticket's service (and every service, as before), and the walk-in ticket page
shows tickets made at the MPP by its staff, or the officer's own agency's, and 404 otherwise."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import Site, Ticket

from support.catalogs import open_all_day_sites
from support.officer import ids, ticket_id_of, walkin
from support.queue import service, staff
from support.staff import login, post

pytestmark = pytest.mark.staff_app(sites=open_all_day_sites)


def options(page: str, name: str) -> list[str]:
    """The visible labels of a <select name=…>'s options."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [" ".join(label.split()) for label in re.findall(r"<option[^>]*>([^<]*)</option>",
                                                              select)]


def test_transfer_lists_only_counters_that_serve_the_tickets_service(web_app):
    client = login(web_app, "dukcapil.maros")
    base = f"/petugas/gerai/{ids(web_app)}"
    walkin(client, web_app)  # KTP-el: served by Gerai 1 and Gerai 2, not by Gerai 7
    post(client, f"{base}/status", status="open")
    post(client, f"{base}/panggil")
    page = client.get(f"{base}/tiket/{ticket_id_of(web_app, 'A-001')}/pindah").get_data(
        as_text=True)
    counters = options(page, "counter")
    assert counters == ["Gerai mana saja yang melayani", "Gerai 2 (Disdukcapil)"]
    services = options(page, "service")
    assert services[0] == "Tetap: KTP-el baru"
    assert "Paspor baru" in services and "Perubahan Kartu Keluarga" in services


def _booked(app, slug: str, channel: str, code: str) -> str:
    """A ticket booked outside the MPP (online or by a village office), made directly."""
    with app.app_context():
        target = service(slug)
        site = db.session.get(Site, target.site_id)
        village = staff("desa.maros") if channel == "village" else None
        db.session.add(Ticket(code=code, idempotency_key=code, site_id=site.id,
                              service_id=target.id, day=dt_today(site), prefix="Z",
                              sequence=900 + len(code), status="waiting", name="Warga Daring",
                              channel=channel, booked_by_id=village.id if village else None))
        db.session.commit()
    return code


def dt_today(site):
    from mpp_lite.dates import site_today

    return site_today(site)


def status(app, username: str, code: str) -> int:
    return login(app, username).get(f"/petugas/ambil/{code}").status_code


def test_walkin_page_shows_tickets_made_at_the_mpp_or_of_the_officers_agency(web_app):
    made_here = walkin(login(web_app, "imigrasi.maros"), web_app, "paspor-baru", name="Ani")
    online = _booked(web_app, "paspor-baru", "online", "online-paspor-1")
    village = _booked(web_app, "ktp-el-baru", "village", "village-ktp-1")
    # Made at the MPP by its staff: any staff member of the site may see and reprint it.
    for username in ("dukcapil.maros", "dukcapil2.maros", "admin.maros", "pendamping.maros"):
        assert status(web_app, username, made_here) == 200, username
    # Booked online for Imigrasi: Imigrasi's officer only.
    assert status(web_app, "imigrasi.maros", online) == 200
    for username in ("dukcapil.maros", "admin.maros", "pendamping.maros"):
        assert status(web_app, username, online) == 404, username
    assert login(web_app, "dukcapil.maros").get(
        f"/petugas/ambil/{online}/cetak").status_code == 404
    # Booked by a village office for Disdukcapil: Disdukcapil's officers only.
    assert status(web_app, "dukcapil2.maros", village) == 200
    assert status(web_app, "imigrasi.maros", village) == 404
    # Another site's staff: 404, as if the ticket did not exist.
    assert status(web_app, "admin.ngawi", made_here) == 404
    assert status(web_app, "dukcapil.ngawi", made_here) == 404
    with web_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 3
