"""The managers' counter report: scheduled against actual opening hours per counter and
agency over a period of site-local days (the arithmetic is in accounting.py)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .. import dates
from ..dates import as_utc
from ..extensions import db
from ..models import Agency, Counter, CounterStatusChange, Site
from . import accounting
from .services import counter_weekly

MAX_REPORT_DAYS = 366


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
    now = now or dates.now()
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
