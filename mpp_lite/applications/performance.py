"""On-time performance of applications (berkas): what managers see per agency and service,
and what the public page /<site>/kinerja shows. No `request` here: plain values in, figures
out (the views are in reports.py).

What is counted, for the applications RECEIVED in a period of site-local days:
- received; completed (the product was ready or handed over: `completed_on` is set);
  stopped (rejected or withdrawn without a product); open now; overdue now
  (lifecycle.is_overdue with the site's today).
- working days taken by each completed one: working days after the day of receipt up to the
  day of completion, minus the working days the clock stood still waiting for documents
  (lifecycle.working_days_taken, given ONE set of the site's closed days for the whole report
  instead of a query per application).
- the median of those working days. Of an even count it is the mean of the two middle values
  (so 2 and 3 give 2.5): the usual definition, and the one that does not flatter either way.
- on time: completed no later than the promised date (lifecycle.was_on_time). Only completed
  applications that had a promise count in the share; those received without one (the
  service promised no number of working days) are counted apart as `no_promise`.
- Honest small numbers: under SMALL_COUNT completed-with-a-promise, pages show the count
  ("2 dari 3") instead of a percentage; a percentage is never rounded up to 100 % or down to
  0 % when that is not exactly true.

The number of queries does not grow with the number of applications: one for the
applications (only the columns needed, no personal data), one for the closed days, one for
the services with their agencies.
"""
from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from .. import dates
from ..extensions import db
from ..models import (
    FINAL_APPLICATION_STATUSES, OPEN_APPLICATION_STATUSES, Agency, Application, Service, Site,
)
from ..workdays import closed_days
from . import lifecycle

# Fewer completed applications with a promise than this: show "2 dari 3", not "67 %".
SMALL_COUNT = 5
# The period a report shows when no dates are typed: the last DEFAULT_DAYS days to today.
DEFAULT_DAYS = 90
MAX_PERIOD_DAYS = dates.MAX_PERIOD_DAYS


@dataclass
class Figures:
    """The counts of one agency, one service or the whole site."""
    received: int = 0
    completed: int = 0
    stopped: int = 0        # rejected or withdrawn, never completed
    open_now: int = 0
    overdue_now: int = 0
    on_time: int = 0        # completed with a promise, no later than it
    late: int = 0           # completed with a promise, after it
    no_promise: int = 0     # completed, but received without a promised date
    days: list[int] = field(default_factory=list)  # working days taken, one per completed

    @property
    def with_promise(self) -> int:
        """The denominator of the on-time share."""
        return self.on_time + self.late

    @property
    def median_days(self) -> float | int | None:
        """Median working days taken (an even count: the mean of the two middle values)."""
        return statistics.median(self.days) if self.days else None

    @property
    def small(self) -> bool:
        """Too few to state a percentage honestly."""
        return self.with_promise < SMALL_COUNT

    @property
    def on_time_ratio(self) -> float | None:
        return self.on_time / self.with_promise if self.with_promise else None

    @property
    def on_time_percent(self) -> int | None:
        """The share in whole percent, rounded half up, but never 100 unless all were on time
        and never 0 unless none was."""
        if not self.with_promise:
            return None
        percent = (200 * self.on_time + self.with_promise) // (2 * self.with_promise)
        if self.on_time < self.with_promise:
            percent = min(percent, 99)
        if self.on_time > 0:
            percent = max(percent, 1)
        return percent

    def add(self, other: Figures) -> None:
        for name in ("received", "completed", "stopped", "open_now", "overdue_now", "on_time",
                     "late", "no_promise"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.days.extend(other.days)


@dataclass
class ServiceRow:
    service: Service
    figures: Figures


@dataclass
class AgencyRow:
    agency: Agency
    figures: Figures
    services: list[ServiceRow]


@dataclass
class Report:
    site: Site
    first: dt.date
    last: dt.date
    today: dt.date
    agencies: list[AgencyRow]
    total: Figures

    @property
    def services(self) -> list[ServiceRow]:
        """Every service row, agency by agency."""
        return [row for agency in self.agencies for row in agency.services]


def period(site: Site, first_text: str | None, last_text: str | None,
           today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The period typed in the dari/sampai boxes; empty boxes mean the last DEFAULT_DAYS days
    up to today at the site. Raises dates.PeriodError (messages per box)."""
    first, last = dates.parse_period(first_text, last_text,
                                     **default_period(site, today), max_days=MAX_PERIOD_DAYS)
    assert first is not None and last is not None  # both boxes have a default
    return first, last


def default_period(site: Site, today: dt.date | None = None) -> dict[str, dt.date]:
    today = today or dates.site_today(site)
    return {"default_first": today - dt.timedelta(days=DEFAULT_DAYS - 1), "default_last": today}


_COLUMNS = (Application.site_id, Application.agency_id, Application.service_id,
            Application.status, Application.received_on, Application.due_date,
            Application.paused_on, Application.paused_days, Application.completed_on)


def performance(site: Site, first: dt.date, last: dt.date, agency_id: int | None = None,
                today: dt.date | None = None) -> Report:
    """The figures of the applications received at `site` from `first` to `last` (site-local
    days, inclusive), per agency and service; of one agency when `agency_id` is given.
    Only agencies and services with applications in the period appear."""
    today = today or dates.site_today(site)
    first, last = dates.clamp(first), dates.clamp(last)
    query = (sa.select(*_COLUMNS)
             .where(Application.site_id == site.id, Application.received_on >= first,
                    Application.received_on <= last))
    if agency_id is not None:
        query = query.where(Application.agency_id == agency_id)
    rows = db.session.execute(query).all()

    holidays: set[dt.date] = set()
    completed = [row.completed_on for row in rows if row.completed_on is not None]
    if completed:
        holidays = closed_days(site.id, min(row.received_on for row in rows), max(completed))

    by_service: dict[int, Figures] = {}
    for row in rows:
        figures = by_service.setdefault(row.service_id, Figures())
        figures.received += 1
        if row.completed_on is not None:
            figures.completed += 1
            figures.days.append(lifecycle.working_days_taken(row, holidays))
            on_time = lifecycle.was_on_time(row)
            if on_time is None:
                figures.no_promise += 1
            elif on_time:
                figures.on_time += 1
            else:
                figures.late += 1
        elif row.status in FINAL_APPLICATION_STATUSES:
            figures.stopped += 1
        if row.status in OPEN_APPLICATION_STATUSES:
            figures.open_now += 1
            # No query here: paused_on is only set while documents are awaited, and
            # is_overdue answers False for that status before reading it.
            if lifecycle.is_overdue(row, today):
                figures.overdue_now += 1

    services = list(db.session.scalars(
        sa.select(Service).where(Service.id.in_(list(by_service)))
        .options(joinedload(Service.agency)))) if by_service else []
    agencies: dict[int, AgencyRow] = {}
    for service in services:
        row = agencies.get(service.agency_id)
        if row is None:
            row = agencies[service.agency_id] = AgencyRow(service.agency, Figures(), [])
        row.services.append(ServiceRow(service, by_service[service.id]))
        row.figures.add(by_service[service.id])
    total = Figures()
    for agency_row in agencies.values():
        agency_row.services.sort(key=lambda item: str(item.service.tr("name")).lower())
        total.add(agency_row.figures)
    ordered = sorted(agencies.values(), key=lambda item: item.agency.display_name().lower())
    return Report(site, first, last, today, ordered, total)
