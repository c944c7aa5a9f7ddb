"""How a ticket and its booking choices are shown: signed ticket URLs, the QR code, the days a
service can be booked. Shared by the citizen pages, the staff consoles (officer, assist,
village) and the API, so no routes module imports another."""
from __future__ import annotations

import datetime as dt

from flask import current_app, url_for
from flask_babel import gettext as _

from ..dates import site_now
from ..identity import sign
from ..models import Service, Site, Ticket
from ..qr import qr_svg
from ..templating import weekday_date
from .calendar import next_service_days, still_open_today


def ticket_url(ticket: Ticket, external: bool = True) -> str:
    """The URL in the QR code: the ticket's page with a signature of its code."""
    return url_for("queue.ticket", code=ticket.code,
                   s=sign(current_app.config["SECRET_KEY"], ticket.code), _external=external)


def ticket_qr(ticket: Ticket) -> str:
    """The ticket's QR code (its signed URL) as inline SVG, labelled for screen readers."""
    return qr_svg(ticket_url(ticket), title=_("Kode QR tiket %(number)s", number=ticket.number))


def day_choices(site: Site, service: Service) -> list[tuple[str, str]]:
    """(ISO date, label) of the next days the service can be booked, within the booking
    horizon (QUEUE_BOOKING_DAYS_AHEAD); today's label says so. Today is offered only while the
    service is still open today, as booking refuses it afterwards ("sudah tutup")."""
    here = site_now(site)
    today = here.date()
    horizon = current_app.config["QUEUE_BOOKING_DAYS_AHEAD"]
    first = today if still_open_today(site, service, here) else today + dt.timedelta(days=1)
    days = [d for d in next_service_days(site, service, first, 10)
            if d <= today + dt.timedelta(days=horizon)]
    labels = []
    for day in days:
        label = weekday_date(day)
        if day == today:
            label = _("Hari ini, %(date)s", date=label)
        labels.append((day.isoformat(), label))
    return labels
