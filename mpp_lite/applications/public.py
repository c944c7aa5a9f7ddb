"""The citizen's side of an application: the tracking page /berkas/<code> and the lookup form
/berkas. Public pages: no name (initials only), phone, documents received, internal notes or
collector; only the unguessable code in the address. Cached like ticket pages (revalidated
with an ETag on every visit, web/policy.py) and kept on the phone by the service worker."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import dates
from ..codes import grouped
from ..models import OPEN_APPLICATION_STATUSES, Application
from ..templating import weekday_date
from . import bp
from .lifecycle import (
    STATUS_LABELS, effective_due_date, get_application, is_overdue, was_on_time,
    working_days_late,
)
from .presenters import code_from_scan, timeline

# A pasted tracking address is the longest thing anyone has reason to type into the box.
MAX_LOOKUP_INPUT = 300
# The shape of a code as typed (letters and digits; 0/O and 1/I typos are still "not found").
CODE_LIKE = re.compile(r"[0-9A-Z]{4,16}")


@dataclass
class Progress:
    """What the tracking page says about one application today."""
    sentence: str                 # the status in one plain sentence
    due: dt.date | None           # the promise as it stands today (moves while paused)
    late: bool                    # open, clock running, past the promise
    late_days: int                # working days past the promise
    paused: bool                  # waiting for documents: the clock stands still
    on_time: bool | None          # done: within the promise? (None: no promise or not done)
    pickup_expired: bool          # ready, but the last pickup day has passed
    missing: list[str] = field(default_factory=list)
    where: str = ""               # where to go next (pickup place, else the agency's counter)
    bring: bool = False           # show what to bring to pick the product up


def _day(value: dt.date | str | None) -> str:
    """A date (or the ISO text kept in an event's details) as "Senin, 28 Desember 2026"."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return weekday_date(value) if value else ""


def counter_place(application: Application) -> str:
    """The agency's counter(s) at the MPP: "Gerai 7 (Lantai 2), Mal Pelayanan Publik …"."""
    site = application.site
    counters = ", ".join(
        c.label + (f" ({c.tr('floor')})" if c.floor else "") for c in application.service.counters)
    if counters:
        return f"{counters}, {site.tr('name')}"
    return _("Gerai %(agency)s, %(site)s", agency=application.agency.display_name(),
             site=site.tr("name"))


def progress(application: Application, today: dt.date) -> Progress:
    """The tracking page's account of `application` on the site's day `today`."""
    status = application.status
    due = effective_due_date(application, today)
    late = is_overdue(application, today)
    late_days = working_days_late(application, today)
    result = Progress(sentence="", due=due, late=late, late_days=late_days,
                      paused=status == "needs_documents", on_time=was_on_time(application),
                      pickup_expired=False, where=counter_place(application),
                      bring=status in OPEN_APPLICATION_STATUSES or status == "ready")
    if status in ("received", "in_progress", "at_head_office"):
        opening = {
            "received": _("Berkas Anda sudah diterima dan menunggu diproses."),
            "in_progress": _("Berkas Anda sedang diproses."),
            "at_head_office": _("Berkas Anda sedang diproses di kantor pusat instansi."),
        }[status]
        if due is not None:
            result.sentence = opening + " " + _("Janji selesai: %(date)s.", date=_day(due))
        else:
            result.sentence = opening + " " + _(
                "Layanan ini tidak mempunyai janji tanggal selesai.")
    elif status == "needs_documents":
        result.missing = list(application.missing or [])
        documents = ", ".join(result.missing)
        if application.missing_by is not None:
            result.sentence = _("Perlu dokumen tambahan: %(documents)s. Serahkan paling lambat "
                                "%(date)s.", documents=documents,
                                date=_day(application.missing_by))
        else:
            result.sentence = _("Perlu dokumen tambahan: %(documents)s. Serahkan secepatnya.",
                                documents=documents)
    elif status == "ready":
        place = application.pickup_place or counter_place(application)
        result.where = place
        result.pickup_expired = (application.pickup_until is not None
                                 and today > application.pickup_until)
        if application.pickup_until is not None:
            result.sentence = _("Siap diambil di %(place)s mulai %(start)s, paling lambat "
                                "%(end)s.", place=place, start=_day(application.pickup_from
                                                                    or today),
                                end=_day(application.pickup_until))
        else:
            result.sentence = _("Siap diambil di %(place)s mulai %(start)s.", place=place,
                                start=_day(application.pickup_from or today))
    elif status == "collected":
        collected = dates.stored_local(application.site, application.collected_at)
        result.sentence = _("Sudah diambil pada %(date)s.",
                            date=_day(collected.date() if collected else application.completed_on))
    elif status == "rejected":
        result.sentence = _("Ditolak: %(reason)s", reason=application.rejection_reason)
    else:  # withdrawn
        closed = dates.stored_local(application.site, application.closed_at)
        result.sentence = _("Dibatalkan atas permintaan pemohon pada %(date)s.",
                            date=_day(closed.date() if closed else today))
    return result


def detail_lines(details: dict[str, Any]) -> list[str]:
    """What came with a timeline event (missing documents, pickup place and dates, the reason
    of a refusal), as sentences. Never personal data: the lifecycle keeps none in details."""
    lines = []
    if details.get("missing"):
        lines.append(_("Dokumen yang kurang: %(documents)s", documents=", ".join(
            str(d) for d in details["missing"])))
    if details.get("missing_by"):
        lines.append(_("Serahkan paling lambat %(date)s", date=_day(details["missing_by"])))
    if details.get("pickup_place"):
        lines.append(_("Tempat ambil: %(place)s", place=details["pickup_place"]))
    if details.get("pickup_from") and details.get("pickup_until"):
        lines.append(_("Bisa diambil %(start)s sampai %(end)s",
                       start=_day(details["pickup_from"]), end=_day(details["pickup_until"])))
    if details.get("reason"):
        lines.append(_("Alasan: %(reason)s", reason=details["reason"]))
    return lines


def _lookup_page(typed: str | None, status: int):
    """The lookup form; `typed` (what was looked for, or None) brings its message."""
    code = code_from_scan(typed) if typed and len(typed) <= MAX_LOOKUP_INPUT else ""
    if not CODE_LIKE.fullmatch(code):
        code = ""  # not even the shape of a code: say so rather than echo it
    if typed is None:
        error = None
    elif not typed.strip():
        error = _("Tulis kode berkas dari tanda terima Anda.")
    elif code:
        error = _("Berkas dengan kode %(code)s tidak ditemukan. Periksa lagi kode pada tanda "
                  "terima Anda.", code=grouped(code))
    else:
        error = _("Kode berkas tidak dikenali. Tulis kode pada tanda terima Anda, misalnya "
                  "K7M2-QX9P-RA.")
    return render_template("applications/lookup.html", error=error,
                           value=grouped(code) if code else "",
                           has_errors=error is not None), status


@bp.route("/berkas")
def lookup():
    """Find an application by the code on its receipt (a plain GET form)."""
    typed = request.args.get("kode")
    if typed is None:
        return _lookup_page(None, 200)
    application = None
    if len(typed) <= MAX_LOOKUP_INPUT:
        application = get_application(code_from_scan(typed))
    if application is None:
        return _lookup_page(typed, 404 if typed.strip() else 200)
    return redirect(url_for(".track", code=application.code), code=303)


@bp.route("/berkas/<code>")
def track(code: str):
    """An application's tracking page: status, promise, timeline, what to bring, where to go."""
    application = get_application(code) if len(code) <= MAX_LOOKUP_INPUT else None
    if application is None:
        return _lookup_page(code, 404)
    if application.code != code:  # k7m2-qx9p-ra, K7M2-QX9P-RA → one address per application
        return redirect(url_for(".track", code=application.code), code=301)
    site = application.site
    now = dates.now()
    today = dates.site_today(site, now)
    return render_template(
        "applications/track.html", application=application, site=site,
        service=application.service, progress=progress(application, today),
        events=timeline(application, public=True), detail_lines=detail_lines,
        statuses=STATUS_LABELS, code=grouped(application.code),
        updated_at=dates.site_now(site, now))
