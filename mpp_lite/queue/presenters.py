"""How a ticket and its booking choices are shown: signed ticket URLs, the QR code, the days a
service can be booked. Shared by the citizen pages, the staff consoles (officer, assist,
village) and the API, so no routes module imports another."""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Callable
from zoneinfo import ZoneInfo

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from .. import dates
from ..cache import MemoryStore, store
from ..dates import site_now
from ..i18n import current_language
from ..identity import sign
from ..models import Service, Site, Ticket
from ..qr import labelled, qr_svg
from ..templating import weekday_date
from .calendar import next_service_days, still_open_today

QR_KEY = "qr:v1:"                   # + a hash of the signed URL (never the URL or code)
QR_MARGIN = dt.timedelta(hours=6)   # kept this long after the end of the ticket's day
FRAGMENTS = "mpp_lite.queue.fragments"
# How a ticket was taken: one label per value of models.CHANNELS (the officer console, the
# kiosk list and the floor view show them).
CHANNEL_LABELS = {
    "online": _l("Pesan daring"),
    "walkin": _l("Ambil di tempat"),
    "village": _l("Dipesankan kantor desa"),
    "assisted": _l("Dibantu petugas pendamping"),
    "api": _l("Aplikasi lain (API)"),
    "chat": _l("Lewat chat (WhatsApp, Telegram, web)"),
    "kiosk": _l("Anjungan mandiri"),
}
FRAGMENT_BYTES = 2 * 1024 * 1024    # per worker
FRAGMENT_SECONDS = 24 * 3600


def ticket_url(ticket: Ticket, external: bool = True) -> str:
    """The URL in the QR code: the ticket's page with a signature of its code."""
    return url_for("queue.ticket", code=ticket.code,
                   s=sign(current_app.config["SECRET_KEY"], ticket.code), _external=external)


def ticket_qr(ticket: Ticket, url: str | None = None) -> str:
    """The ticket's QR code (its signed URL, `url` when already made) as inline SVG, labelled
    for screen readers in the reader's language.

    Drawn once per ticket: the unlabelled drawing is kept in the shared cache until the end of
    the ticket's day (plus QR_MARGIN), under a hash of the URL. With CACHE_URL (Redis) that is
    once across every worker and server; without, once per worker (its memory store). The label
    is added at each view, so one drawing serves every language."""
    url = url or ticket_url(ticket)
    key = QR_KEY + hashlib.sha256(url.encode()).hexdigest()[:40]
    cache = store()
    held = cache.get(key)
    if held is not None:
        drawing = held.decode()
    else:
        drawing = qr_svg(url)
        cache.set(key, drawing.encode(), _seconds_left_of_day(ticket))
    return labelled(drawing, _("Kode QR tiket %(number)s", number=ticket.number))


def _seconds_left_of_day(ticket: Ticket) -> float:
    """Seconds until the end of the ticket's day at its site, plus QR_MARGIN (a past day: 0
    or less, not kept)."""
    ends = dt.datetime.combine(ticket.day + dt.timedelta(days=1), dt.time(0),
                               tzinfo=ZoneInfo(ticket.site.timezone))
    return (ends + QR_MARGIN - dates.now()).total_seconds()


def service_fragment(name: str, site: Site, service: Service, *,
                     caller: Callable[[], str]) -> Markup:
    """`{% call service_fragment(name, site, service) %}…{% endcall %}`: a part of a page
    that shows nothing but the service's catalogue (its counters, its requirements) in the
    reader's language, rendered once and then reused.

    The key holds the site's catalog_version, which catalog/versions.py moves on in the same
    transaction as any write to the catalogue (site, counters but not their status, services,
    requirements...): an edit is shown by the first request that reads the new version. Kept
    in each worker's memory (FRAGMENT_BYTES, least recently used dropped), not in the shared
    cache: a rendering belongs to the templates and translations of the running code, so a
    deploy starts afresh. Live values (a counter's status) must never be inside."""
    raw = "\n".join(map(str, (name, site.id, site.created_at, site.catalog_version,
                                service.id, current_language())))
    key = hashlib.sha256(raw.encode()).hexdigest()
    held = _fragments().get(key)
    if held is not None:
        return Markup(held.decode())
    html = str(caller())
    _fragments().set(key, html.encode(), FRAGMENT_SECONDS)
    return Markup(html)


def _fragments() -> MemoryStore:
    extensions = current_app.extensions
    kept = extensions.get(FRAGMENTS)
    if kept is None:
        kept = extensions.setdefault(FRAGMENTS, MemoryStore(FRAGMENT_BYTES))
    return kept


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
