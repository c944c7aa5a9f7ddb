"""The words of each notification, written when it is sent from the event and the current
state in the database, so a message is true when it is read: a "your turn is near" for a
ticket already called, a "called now" for a ticket served since, or anything about a ticket of
a day that has passed is not sent at all (`render()` returns None: the outbox marks it stale).

Texts are short and plain, in the subscriber's language (flask_babel's force_locale), and
carry the absolute address of the ticket, application or complaint page when the deployment
has a SERVER_NAME (the worker runs outside any request: without it there is no host to name,
so the link is left out rather than invented).
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from typing import Callable, Iterator, NamedTuple

from flask import current_app, has_request_context
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import ngettext

from .. import dates
from ..codes import grouped
from ..extensions import db
from ..models import Application, Complaint, NotificationEvent, OutboxMessage, Ticket

# "Called now, go to counter 5" is only true for a while: after this a call is old news.
CALLED_FRESH = dt.timedelta(minutes=15)


class Rendered(NamedTuple):
    text: str
    url: str     # absolute, or "" without SERVER_NAME
    title: str   # the MPP's name (push notification title, WhatsApp template parameter)
    tag: str     # a newer notification about the same thing replaces the older one (push)


def render(message: OutboxMessage, now: dt.datetime | None = None) -> Rendered | None:
    """The notification `message` says now, or None when it is no longer true (stale)."""
    event = db.session.get(NotificationEvent, message.event_id) if message.event_id else None
    if event is None:
        return None
    renderer = _RENDERERS.get(event.kind)
    if renderer is None:
        return None
    language = message.subscription.language if message.subscription else "id"
    with _context(language):
        return renderer(event, dates.as_utc(now) or dates.now())


@contextmanager
def _context(language: str) -> Iterator[None]:
    """A request context (for url_for and the interface language) in `language`."""
    from ..i18n import available_languages

    if language not in available_languages():
        language = "id"
    if has_request_context():
        with force_locale(language):
            yield
        return
    with current_app.test_request_context("/"), force_locale(language):
        yield


def _url(endpoint_url: Callable[[], str]) -> str:
    """An absolute URL only when the deployment names its host (SERVER_NAME)."""
    if not current_app.config.get("SERVER_NAME"):
        return ""
    return endpoint_url()


def _day(value: dt.date) -> str:
    from ..templating import weekday_date

    return weekday_date(value)


# --- tickets ----------------------------------------------------------------------------------

def _ticket(event: NotificationEvent, now: dt.datetime) -> Ticket | None:
    """The event's ticket, unless it belongs to a day that has passed at its site."""
    ticket = db.session.get(Ticket, event.ticket_id) if event.ticket_id else None
    if ticket is None or ticket.day < dates.site_today(ticket.site, now):
        return None
    return ticket


def _ticket_message(ticket: Ticket, text: str) -> Rendered:
    from ..queue.presenters import ticket_url

    return Rendered(text, _url(lambda: ticket_url(ticket)), ticket.site.tr("name"),
                    f"ticket-{ticket.id}")


def _booked(event: NotificationEvent, now: dt.datetime) -> Rendered | None:
    ticket = _ticket(event, now)
    if ticket is None or ticket.status != "waiting":
        return None
    if ticket.visit is not None:  # a visit is confirmed once, with all its tickets
        return _visit_booked(ticket)
    text = _("Nomor antrean %(number)s untuk %(service)s di %(site)s, %(day)s, sudah tercatat.",
             number=ticket.number, service=ticket.service.tr("name"),
             site=ticket.site.tr("name"), day=_day(ticket.day))
    if ticket.window is not None:
        text += " " + _("Jam datang: %(window)s.", window=ticket.window.label())
    return _ticket_message(ticket, text)


def _visit_booked(ticket: Ticket) -> Rendered:
    """"Your visit on … is booked: 1. AC-001 Akta kelahiran, 2. …", linking the visit page."""
    from flask import url_for

    visit = ticket.visit
    steps = "; ".join(f"{t.visit_step}. {t.number} {t.service.tr('name')}"
                      + (f" ({t.window.label()})" if t.window is not None else "")
                      for t in visit.tickets if t.status == "waiting")
    text = _("Kunjungan Anda di %(site)s, %(day)s, sudah tercatat: %(steps)s.",
             site=ticket.site.tr("name"), day=_day(visit.day), steps=steps)
    return Rendered(text, _url(lambda: url_for("visits.visit", code=visit.code,
                                               _external=True)),
                    ticket.site.tr("name"), f"visit-{visit.id}")


def _near(event: NotificationEvent, now: dt.datetime) -> Rendered | None:
    from ..queue.status import people_ahead

    ticket = _ticket(event, now)
    if ticket is None or ticket.status != "waiting" or ticket.day != dates.site_today(
            ticket.site, now):
        return None
    ahead = people_ahead(ticket)
    if ahead == 0:
        text = _("Giliran Anda berikutnya: nomor %(number)s (%(service)s). Mohon bersiap di "
                 "%(site)s.", number=ticket.number, service=ticket.service.tr("name"),
                 site=ticket.site.tr("name"))
    else:
        text = ngettext("Giliran Anda hampir tiba: %(num)d orang lagi sebelum nomor "
                        "%(number)s (%(service)s). Mohon bersiap di %(site)s.",
                        "Giliran Anda hampir tiba: %(num)d orang lagi sebelum nomor "
                        "%(number)s (%(service)s). Mohon bersiap di %(site)s.",
                        ahead, number=ticket.number, service=ticket.service.tr("name"),
                        site=ticket.site.tr("name"))
    return _ticket_message(ticket, text)


def _called(event: NotificationEvent, now: dt.datetime) -> Rendered | None:
    ticket = _ticket(event, now)
    if ticket is None or ticket.status != "called" or ticket.counter is None:
        return None
    called_at = dates.as_utc(ticket.called_at)
    if called_at is None or now - called_at > CALLED_FRESH:
        return None
    text = _("Nomor %(number)s dipanggil sekarang. Silakan ke %(counter)s.",
             number=ticket.number, counter=ticket.counter.label)
    return _ticket_message(ticket, text)


def _moved(event: NotificationEvent, now: dt.datetime) -> Rendered | None:
    ticket = _ticket(event, now)
    if ticket is None or ticket.status != "waiting":
        return None
    if (event.payload or {}).get("moved_from"):  # rescheduled (queue/moving.py)
        return _ticket_message(ticket, _(
            "Tiket %(old)s dipindah ke %(date)s dengan nomor baru %(number)s. Tautan tiket "
            "tetap sama.", old=event.payload["moved_from"], date=_day(ticket.day),
            number=ticket.number))
    if ticket.counter is not None:
        text = _("Nomor %(number)s dipindahkan ke layanan %(service)s, %(counter)s. Tunggu "
                 "panggilan berikutnya.", number=ticket.number,
                 service=ticket.service.tr("name"), counter=ticket.counter.label)
    else:
        text = _("Nomor %(number)s dipindahkan ke layanan %(service)s. Tunggu panggilan "
                 "berikutnya.", number=ticket.number, service=ticket.service.tr("name"))
    return _ticket_message(ticket, text)


def _cancelled(event: NotificationEvent, now: dt.datetime) -> Rendered | None:
    ticket = _ticket(event, now)
    if ticket is None or ticket.status != "cancelled":
        return None
    text = _("Nomor antrean %(number)s (%(service)s, %(day)s) dibatalkan oleh petugas "
             "%(site)s.", number=ticket.number, service=ticket.service.tr("name"),
             day=_day(ticket.day), site=ticket.site.tr("name"))
    return _ticket_message(ticket, text)


# --- applications -----------------------------------------------------------------------------

def _application(event: NotificationEvent, status: str) -> Application | None:
    """The event's application while it still has the status the event is about."""
    application = db.session.get(Application, event.application_id) \
        if event.application_id else None
    if application is None or application.status != status:
        return None
    return application


def _application_message(application: Application, text: str) -> Rendered:
    from ..applications.presenters import application_url

    return Rendered(text, _url(lambda: application_url(application)),
                    application.site.tr("name"), f"application-{application.id}")


def _received(event: NotificationEvent, now: dt.datetime) -> Rendered | None:
    application = _application(event, "received")
    if application is None:
        return None
    text = _("Berkas %(code)s (%(service)s) diterima di %(site)s.",
             code=grouped(application.code), service=application.service.tr("name"),
             site=application.site.tr("name"))
    if application.due_date:
        text += " " + _("Perkiraan selesai: %(date)s.",
                        date=format_date(application.due_date, "long"))
    return _application_message(application, text)


def _needs_documents(event: NotificationEvent, now: dt.datetime) -> Rendered | None:
    application = _application(event, "needs_documents")
    if application is None:
        return None
    missing = "; ".join(application.missing or []) or _("lihat halaman berkas")
    text = _("Berkas %(code)s perlu dokumen tambahan: %(missing)s.",
             code=grouped(application.code), missing=missing)
    if application.missing_by:
        text += " " + _("Bawa ke %(site)s paling lambat %(date)s.",
                        site=application.site.tr("name"),
                        date=format_date(application.missing_by, "long"))
    return _application_message(application, text)


def _ready(event: NotificationEvent, now: dt.datetime) -> Rendered | None:
    application = _application(event, "ready")
    if application is None:
        return None
    text = _("Berkas %(code)s (%(service)s) sudah jadi.", code=grouped(application.code),
             service=application.service.tr("name"))
    if application.pickup_place:
        text += " " + _("Ambil di %(place)s.", place=application.pickup_place)
    if application.pickup_from and application.pickup_until:
        text += " " + _("Bisa diambil %(first)s sampai %(last)s.",
                        first=format_date(application.pickup_from, "long"),
                        last=format_date(application.pickup_until, "long"))
    return _application_message(application, text)


def _rejected(event: NotificationEvent, now: dt.datetime) -> Rendered | None:
    application = _application(event, "rejected")
    if application is None:
        return None
    reason = (application.rejection_reason or "").strip()
    if len(reason) > 150:
        reason = reason[:149].rstrip() + "…"
    text = _("Berkas %(code)s (%(service)s) tidak dapat diproses.",
             code=grouped(application.code), service=application.service.tr("name"))
    if reason:
        text += " " + _("Alasan: %(reason)s", reason=reason)
    return _application_message(application, text)


def _collected(event: NotificationEvent, now: dt.datetime) -> Rendered | None:
    application = _application(event, "collected")
    if application is None:
        return None
    when = dates.stored_local(application.site, application.collected_at)
    if when is not None:
        text = _("Berkas %(code)s sudah diambil pada %(date)s.", code=grouped(application.code),
                 date=format_date(when.date(), "long"))
    else:
        text = _("Berkas %(code)s sudah diambil.", code=grouped(application.code))
    return _application_message(application, text)


# --- complaints -------------------------------------------------------------------------------

def _complaint_answered(event: NotificationEvent, now: dt.datetime) -> Rendered | None:
    complaint = db.session.get(Complaint, event.complaint_id) if event.complaint_id else None
    if complaint is None:
        return None
    if complaint.status in ("answered", "closed"):
        text = _("Pengaduan %(code)s sudah dijawab. Baca jawabannya di halaman pengaduan.",
                 code=grouped(complaint.code))
    else:
        text = _("Ada tanggapan baru untuk pengaduan %(code)s. Bacalah di halaman pengaduan.",
                 code=grouped(complaint.code))
    from flask import url_for

    return Rendered(text, _url(lambda: url_for("feedback.complaint", code=complaint.code,
                                               _external=True)),
                    complaint.site.tr("name"), f"complaint-{complaint.id}")


_RENDERERS: dict[str, Callable[[NotificationEvent, dt.datetime], Rendered | None]] = {
    "ticket.booked": _booked,
    "ticket.near": _near,
    "ticket.called": _called,
    "ticket.moved": _moved,
    "ticket.cancelled": _cancelled,
    "application.received": _received,
    "application.needs_documents": _needs_documents,
    "application.ready": _ready,
    "application.rejected": _rejected,
    "application.collected": _collected,
    "complaint.answered": _complaint_answered,
}
KINDS = tuple(_RENDERERS)
