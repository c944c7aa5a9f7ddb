"""The rules of counters today: each counter's weekly hours, its status and hours today, the
warnings shown beside a service, and the counter's JSON document (no request access: views
and the API pass plain values)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from .. import dates
from ..dates import as_utc
from ..extensions import db
from ..models import Counter, Service, Site

# One label per value of models.COUNTER_STATUSES.
COUNTER_STATUS_LABELS = {"open": _l("Buka"), "break": _l("Istirahat"), "closed": _l("Tutup")}


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


def counter_weekly(counter: Counter, site: Site) -> list[tuple[int, dt.time, dt.time]]:
    """The counter's weekly schedule; a counter without one keeps the site's hours."""
    rows = counter.schedule or site.hours
    return [(h.weekday, h.opens, h.closes) for h in rows]


def counter_day(counter: Counter, site: Site, day: dt.date,
                closed: dict[dt.date, str] | None = None
                ) -> tuple[tuple[tuple[dt.time, dt.time], ...], str]:
    """(scheduled intervals, holiday reason) of a counter on a site-local day."""
    closed = site.holidays() if closed is None else closed
    if day in closed:
        return (), closed[day] or ""
    return tuple(sorted((o, c) for w, o, c in counter_weekly(counter, site)
                        if w == day.isoweekday())), ""


def counter_today(counter: Counter, site: Site, now: dt.datetime | None = None,
                  closed: dict[dt.date, str] | None = None) -> CounterToday:
    here = dates.site_now(site, now)
    intervals, holiday = counter_day(counter, site, here.date(), closed)
    clock = dates.wall_clock(here)
    since = as_utc(counter.status_since)
    return CounterToday(
        counter=counter, status=counter.status,
        since=since.astimezone(ZoneInfo(site.timezone)) if since else None,
        reason=counter.status_reason or "", intervals=intervals, closed_reason=holiday,
        in_hours_now=any(o <= clock < c for o, c in intervals))


def counters_today(site: Site, now: dt.datetime | None = None) -> list[CounterToday]:
    """Every counter of the site, in hall order, as it stands now."""
    counters = db.session.scalars(
        sa.select(Counter).where(Counter.site_id == site.id)
        .options(selectinload(Counter.agency), selectinload(Counter.schedule))
        .order_by(Counter.position, Counter.id))
    closed = site.holidays()
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
    today = dates.site_today(site, now)
    day = day or today
    closed = site.holidays()
    warnings: list[CounterWarning] = []
    for counter in service.counters:
        intervals, _holiday = counter_day(counter, site, day, closed)
        if not intervals:
            warnings.append(CounterWarning("not_scheduled", counter, day))
            continue
        if day != today or counter.status == "open":
            continue
        info = counter_today(counter, site, now, closed)
        stopped_today = bool(info.reason) and info.since is not None \
            and info.since.date() == day
        if info.in_hours_now or stopped_today:
            warnings.append(CounterWarning("stopped", counter, day, info.status, info.since,
                                           info.reason))
    return warnings


def counter_document(row: CounterToday) -> dict[str, Any]:
    """A counter today as JSON (the API): texts in the current language, times site-local."""
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
