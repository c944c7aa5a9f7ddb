"""The rules behind counters today, service warnings, the counter report and announcements
(no request access: views and the API pass plain values)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Sequence
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from .. import dates
from ..catalog.hours import local_now
from ..dates import MAX_YEAR, MIN_YEAR, as_utc, in_range
from ..extensions import db
from ..models import (
    Agency, Announcement, Counter, CounterStatusChange, Service, Site, StaffUser,
)
from ..models.base import utcnow
from ..web.edge import parse_id
from . import accounting

SEVERITY_ORDER = {"outage": 0, "warning": 1, "info": 2}
SEVERITY_LABELS = {"info": _l("Informasi"), "warning": _l("Peringatan"),
                   "outage": _l("Gangguan layanan")}
COUNTER_STATUS_LABELS = {"open": _l("Buka"), "break": _l("Istirahat"), "closed": _l("Tutup")}
MAX_MESSAGE = 300
MAX_REPORT_DAYS = 366


def current_time() -> dt.datetime:
    """The clock these rules read when given none (tests replace it)."""
    return utcnow()


# --- counters today ---------------------------------------------------------------------------

@dataclass(frozen=True)
class CounterToday:
    counter: Counter
    status: str
    since: dt.datetime | None        # site-local
    reason: str
    intervals: tuple[tuple[dt.time, dt.time], ...]  # today's scheduled hours (site-local)
    closed_reason: str               # the site's holiday, if closed today
    in_hours_now: bool               # now is inside today's scheduled hours

    @property
    def scheduled_today(self) -> bool:
        return bool(self.intervals)


def _closed_dates(site: Site) -> dict[dt.date, str]:
    return {c.date: c.reason for c in site.closed_dates}


def counter_weekly(counter: Counter, site: Site) -> list[tuple[int, dt.time, dt.time]]:
    """The counter's weekly schedule; a counter without one keeps the site's hours."""
    rows = counter.schedule or site.hours
    return [(h.weekday, h.opens, h.closes) for h in rows]


def counter_day(counter: Counter, site: Site, day: dt.date,
                closed: dict[dt.date, str] | None = None
                ) -> tuple[tuple[tuple[dt.time, dt.time], ...], str]:
    """(scheduled intervals, holiday reason) of a counter on a site-local day."""
    closed = _closed_dates(site) if closed is None else closed
    if day in closed:
        return (), closed[day] or ""
    return tuple(sorted((o, c) for w, o, c in counter_weekly(counter, site)
                        if w == day.isoweekday())), ""


def counter_today(counter: Counter, site: Site, now: dt.datetime | None = None,
                  closed: dict[dt.date, str] | None = None) -> CounterToday:
    here = local_now(site.timezone, now or current_time())
    intervals, holiday = counter_day(counter, site, here.date(), closed)
    clock = here.time().replace(tzinfo=None)
    since = as_utc(counter.status_since)
    return CounterToday(
        counter=counter, status=counter.status,
        since=since.astimezone(ZoneInfo(site.timezone)) if since else None,
        reason=counter.status_reason or "", intervals=intervals, closed_reason=holiday,
        in_hours_now=any(o <= clock < c for o, c in intervals))


def counters_today(site: Site, now: dt.datetime | None = None) -> list[CounterToday]:
    counters = db.session.scalars(
        sa.select(Counter).where(Counter.site_id == site.id)
        .options(selectinload(Counter.agency), selectinload(Counter.schedule))
        .order_by(Counter.position, Counter.id))
    closed = _closed_dates(site)
    return [counter_today(c, site, now, closed) for c in counters]


@dataclass(frozen=True)
class CounterWarning:
    kind: str          # "not_scheduled" (that day) or "stopped" (closed/break now)
    counter: Counter
    day: dt.date
    status: str = ""
    since: dt.datetime | None = None
    reason: str = ""


def service_warnings(site: Site, service: Service, day: dt.date | None = None,
                     now: dt.datetime | None = None) -> list[CounterWarning]:
    """Why a citizen may find the service's counter shut: not scheduled that day, or (today)
    closed or on a break now during its hours, or with a reason given today."""
    here = local_now(site.timezone, now or current_time())
    day = day or here.date()
    closed = _closed_dates(site)
    warnings: list[CounterWarning] = []
    for counter in service.counters:
        intervals, _holiday = counter_day(counter, site, day, closed)
        if not intervals:
            warnings.append(CounterWarning("not_scheduled", counter, day))
            continue
        if day != here.date() or counter.status == "open":
            continue
        info = counter_today(counter, site, now, closed)
        stopped_today = bool(info.reason) and info.since is not None \
            and info.since.date() == day
        if info.in_hours_now or stopped_today:
            warnings.append(CounterWarning("stopped", counter, day, info.status, info.since,
                                           info.reason))
    return warnings


# --- announcements ----------------------------------------------------------------------------

def _sorted(notices: Sequence[Announcement]) -> list[Announcement]:
    return sorted(notices, key=lambda a: (SEVERITY_ORDER.get(a.severity, 9), as_utc(a.starts_at),
                                          a.id))


def announcements_in_force(site: Site | None, agency: Agency | None = None,
                           service: Service | None = None, now: dt.datetime | None = None,
                           every_scope: bool = False) -> list[Announcement]:
    """Notices in force now for a page: the site-wide ones, plus the agency's (on an agency
    page and its services' pages) and the service's (on its page, booking form and tickets).
    `every_scope` gives all of the site's notices in force (the board, the API)."""
    if site is None:
        return []
    now = (now or current_time()).astimezone(dt.timezone.utc)  # SQLite compares text
    query = (sa.select(Announcement)
             .where(Announcement.site_id == site.id, Announcement.starts_at <= now,
                    Announcement.ends_at > now)
             .options(selectinload(Announcement.agency), selectinload(Announcement.service)))
    if not every_scope:
        scopes = [sa.and_(Announcement.agency_id.is_(None), Announcement.service_id.is_(None))]
        agency_id = service.agency_id if service is not None else (
            agency.id if agency is not None else None)
        if agency_id is not None:
            scopes.append(sa.and_(Announcement.agency_id == agency_id,
                                  Announcement.service_id.is_(None)))
        if service is not None:
            scopes.append(Announcement.service_id == service.id)
        query = query.where(sa.or_(*scopes))
    return _sorted(list(db.session.scalars(query)))


def scope_of(notice: Announcement) -> dict[str, Any]:
    """{"type": "site"|"agency"|"service", "agency": slug|None, "service": slug|None}."""
    if notice.service_id is not None and notice.service is not None:
        return {"type": "service", "agency": notice.service.agency.slug,
                "service": notice.service.slug}
    if notice.agency_id is not None and notice.agency is not None:
        return {"type": "agency", "agency": notice.agency.slug, "service": None}
    return {"type": "site", "agency": None, "service": None}


def scope_label(notice: Announcement) -> str:
    """Who the notice is about, for people: "" (the whole MPP), an agency or a service."""
    if notice.service is not None:
        return notice.service.tr("name")
    if notice.agency is not None:
        return notice.agency.display_name()
    return ""


class AnnouncementError(ValueError):
    """Field errors of an announcement: {field name: Indonesian message}."""

    def __init__(self, fields: dict[str, object]):
        self.fields = fields
        super().__init__(", ".join(fields))


@dataclass
class AnnouncementInput:
    scope: str          # "site", "agency-<id>" or "service-<id>"
    severity: str
    message: str
    message_en: str
    starts: dt.datetime | None  # site-local, naive; None when it could not be read
    ends: dt.datetime | None


def scope_choices(site: Site) -> list[tuple[str, str]]:
    choices = [("site", str(_l("Seluruh MPP")))]
    agencies = db.session.scalars(sa.select(Agency).filter_by(site_id=site.id))
    for agency in sorted(agencies, key=lambda a: a.display_name().lower()):
        choices.append((f"agency-{agency.id}", str(_l("Instansi: %(name)s",
                                                         name=agency.display_name()))))
    services = db.session.scalars(sa.select(Service).where(Service.site_id == site.id)
                                  .options(selectinload(Service.agency)).order_by(Service.name))
    for service in services:
        choices.append((f"service-{service.id}", str(_l(
            "Layanan: %(name)s (%(agency)s)", name=service.name,
            agency=service.agency.display_name()))))
    return choices


def scope_value(notice: Announcement) -> str:
    if notice.service_id is not None:
        return f"service-{notice.service_id}"
    if notice.agency_id is not None:
        return f"agency-{notice.agency_id}"
    return "site"


def _resolve_scope(site: Site, value: str) -> tuple[int | None, int | None] | None:
    """(agency_id, service_id) of a scope value, or None when it is not of this site."""
    if value == "site":
        return None, None
    kind, _sep, raw = (value or "").partition("-")
    ident = parse_id(raw)  # None beyond the database's integer (no overflow)
    if ident is None:
        return None
    if kind == "agency":
        agency = db.session.get(Agency, ident)
        return (agency.id, None) if agency is not None and agency.site_id == site.id else None
    if kind == "service":
        service = db.session.get(Service, ident)
        return (None, service.id) if service is not None and service.site_id == site.id \
            else None
    return None


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def announcement_errors(site: Site, data: AnnouncementInput) -> dict[str, object]:
    """Every problem of the input at once: {field: Indonesian message}. Unreadable times
    (None) are the form's to report; here only their order is checked."""
    errors: dict[str, object] = {}
    if _resolve_scope(site, data.scope) is None:
        errors["scope"] = _l("Pilih cakupan dari daftar: seluruh MPP, satu instansi atau "
                             "satu layanan di MPP ini.")
    if data.severity not in SEVERITY_LABELS:
        errors["severity"] = _l("Pilih jenis pengumuman.")
    message, message_en = _clean(data.message), _clean(data.message_en)
    if not message:
        errors["message"] = _l("Tulis isi pengumuman.")
    elif len(message) > MAX_MESSAGE:
        errors["message"] = _l("Pengumuman terlalu panjang (%(count)s karakter, maksimal "
                               "%(max)s).", count=len(message), max=MAX_MESSAGE)
    if len(message_en) > MAX_MESSAGE:
        errors["message_en"] = _l("Terjemahan terlalu panjang (%(count)s karakter, maksimal "
                                  "%(max)s).", count=len(message_en), max=MAX_MESSAGE)
    for name in ("starts", "ends"):
        moment = getattr(data, name)
        if moment is not None and not in_range(moment.date()):
            # Year 1 or 9999 would overflow on conversion to UTC (a 500, not a message).
            errors[name] = _l("Tahun harus antara %(first)s dan %(last)s.",
                              first=MIN_YEAR, last=MAX_YEAR)
    if ("starts" not in errors and "ends" not in errors and data.starts and data.ends
            and data.ends <= data.starts):
        errors["ends"] = _l("Waktu selesai harus sesudah waktu mulai.")
    return errors


def save_announcement(site: Site, data: AnnouncementInput, staff: StaffUser | None,
                      notice: Announcement | None = None) -> Announcement:
    """Create (notice None) or update an announcement; AnnouncementError lists every problem
    at once. Times are read in the site's time zone. Flushes only."""
    errors = announcement_errors(site, data)
    if not errors and (data.starts is None or data.ends is None):
        errors["starts" if data.starts is None else "ends"] = _l("Isi tanggal dan jam.")
    if errors:
        raise AnnouncementError(errors)
    scope = _resolve_scope(site, data.scope)
    zone = ZoneInfo(site.timezone)
    starts = data.starts.replace(tzinfo=zone)
    ends = data.ends.replace(tzinfo=zone)
    message, message_en = _clean(data.message), _clean(data.message_en)
    if notice is None:
        notice = Announcement(site_id=site.id, created_by_id=staff.id if staff else None)
        db.session.add(notice)
    notice.agency_id, notice.service_id = scope
    notice.severity = data.severity
    notice.message = message
    translations = dict(notice.translations or {})
    english = dict(translations.get("en", {}))
    if message_en:
        english["message"] = message_en
    else:
        english.pop("message", None)
    if english:
        translations["en"] = english
    else:
        translations.pop("en", None)
    notice.translations = translations
    notice.starts_at = starts.astimezone(dt.timezone.utc)
    notice.ends_at = ends.astimezone(dt.timezone.utc)
    db.session.flush()
    return notice


def is_in_force(notice: Announcement, now: dt.datetime | None = None) -> bool:
    now = now or current_time()
    return as_utc(notice.starts_at) <= now < as_utc(notice.ends_at)


def notice_state(notice: Announcement, now: dt.datetime | None = None) -> str:
    """"upcoming", "in_force" or "ended"."""
    now = now or current_time()
    if as_utc(notice.ends_at) <= now:
        return "ended"
    return "in_force" if as_utc(notice.starts_at) <= now else "upcoming"


def end_announcement(notice: Announcement, now: dt.datetime | None = None) -> None:
    """End a notice early: it ends now (one not yet started ends before it starts, so the
    start moves to now too and it was never shown). Flushes only."""
    now = (now or current_time()).astimezone(dt.timezone.utc)  # SQLite keeps wall times
    if as_utc(notice.ends_at) <= now:
        return
    if as_utc(notice.starts_at) >= now:
        notice.starts_at = now - dt.timedelta(seconds=1)
    notice.ends_at = now
    db.session.flush()


def site_announcements(site: Site) -> sa.Select[tuple[Announcement]]:
    """Every notice of the site for the managers' list: latest end first."""
    return (sa.select(Announcement).where(Announcement.site_id == site.id)
            .options(selectinload(Announcement.agency), selectinload(Announcement.service))
            .order_by(Announcement.ends_at.desc(), Announcement.id.desc()))


# --- the counter report -----------------------------------------------------------------------

@dataclass
class CounterRow:
    counter: Counter
    figures: accounting.CounterFigures


@dataclass
class AgencyBlock:
    agency: Agency
    rows: list[CounterRow]
    total: accounting.CounterFigures


def counter_report(site: Site, first: dt.date, last: dt.date, agency: Agency | None = None,
                   now: dt.datetime | None = None) -> list[AgencyBlock]:
    """Per agency, per counter: scheduled vs open hours, stops without a reason, days not
    opened, for the site-local days first…last (up to now)."""
    now = now or current_time()
    zone = ZoneInfo(site.timezone)
    # Years 1 and 9999 overflow below (the day after, local midnight in UTC); the routes refuse
    # them, this keeps any other caller safe.
    first, last = dates.clamp(first), dates.clamp(last)
    # In UTC: SQLite stores instants as text and compares them as text.
    period_end = accounting.local_midnight(last + dt.timedelta(days=1), zone).astimezone(
        dt.timezone.utc)
    query = (sa.select(Counter).where(Counter.site_id == site.id)
             .options(selectinload(Counter.agency), selectinload(Counter.schedule))
             .order_by(Counter.position, Counter.id))
    if agency is not None:
        query = query.where(Counter.agency_id == agency.id)
    counters = list(db.session.scalars(query))
    closed = {c.date for c in site.closed_dates}
    period_start = accounting.local_midnight(first, zone).astimezone(dt.timezone.utc)
    changes: dict[int, list[accounting.Change]] = {c.id: [] for c in counters}
    if counters:
        ids = list(changes)
        # The last change before the period gives each counter's starting status.
        ranked = (sa.select(CounterStatusChange.id, sa.func.row_number().over(
                      partition_by=CounterStatusChange.counter_id,
                      order_by=(CounterStatusChange.at.desc(), CounterStatusChange.id.desc())
                  ).label("rank"))
                  .where(CounterStatusChange.counter_id.in_(ids),
                         CounterStatusChange.at < period_start).subquery())
        rows = db.session.scalars(
            sa.select(CounterStatusChange).where(sa.or_(
                CounterStatusChange.id.in_(sa.select(ranked.c.id).where(ranked.c.rank == 1)),
                sa.and_(CounterStatusChange.counter_id.in_(ids),
                        CounterStatusChange.at >= period_start,
                        CounterStatusChange.at < period_end)))
            .order_by(CounterStatusChange.at, CounterStatusChange.id))
        for row in rows:
            changes[row.counter_id].append(
                accounting.Change(as_utc(row.at), row.status, row.reason or ""))
    blocks: dict[int, AgencyBlock] = {}
    for counter in counters:
        figures = accounting.counter_figures(first, last, site.timezone,
                                             counter_weekly(counter, site),
                                             changes[counter.id], now, closed)
        block = blocks.get(counter.agency_id)
        if block is None:
            block = blocks[counter.agency_id] = AgencyBlock(counter.agency, [],
                                                            accounting.CounterFigures())
        block.rows.append(CounterRow(counter, figures))
        block.total.add(figures)
    return sorted(blocks.values(), key=lambda b: b.agency.display_name().lower())


# --- documents (the JSON API and the board feed) ----------------------------------------------

def notice_document(notice: Announcement, timezone: str) -> dict[str, Any]:
    """A notice as JSON: texts in the current language, times site-local with their offset."""
    zone = ZoneInfo(timezone)
    return {
        "id": notice.id,
        "severity": notice.severity,
        "message": notice.tr("message"),
        "scope": scope_of(notice),
        "scope_name": scope_label(notice),
        "starts_at": as_utc(notice.starts_at).astimezone(zone).isoformat(timespec="seconds"),
        "ends_at": as_utc(notice.ends_at).astimezone(zone).isoformat(timespec="seconds"),
    }


def counter_document(row: CounterToday) -> dict[str, Any]:
    counter = row.counter
    return {
        "label": counter.label,
        "floor": counter.tr("floor"),
        "agency": {"slug": counter.agency.slug, "name": counter.agency.tr("name"),
                   "short_name": counter.agency.display_name()},
        "status": row.status,
        "since": row.since.isoformat(timespec="seconds") if row.since else None,
        "reason": row.reason if row.status != "open" else "",
        "scheduled_today": [{"opens": o.strftime("%H:%M"), "closes": c.strftime("%H:%M")}
                            for o, c in row.intervals],
        "closed_today_reason": row.closed_reason,
    }
