"""Where a ticket stands: the one source of truth for people ahead, the estimated wait and the
expected call time, used by the ticket page, its live refresh and the API alike.

An estimate is only given when it means something. The state says which case applies:
- "today_open": the ticket is for today and the service is in its hours with a counter open:
  minutes from now, and the expected call time range.
- "no_counter_open": in its hours, but none of the service's counters is open right now: no
  minutes (they would be invented), people ahead only.
- "before_opening": for today, before the service's day starts (or in a break between two
  opening intervals): when it opens, and the expected call time range from then.
- "later_day": for a later day: when the service opens that day, the people booked ahead so
  far, and the expected call time range on that day.
- "closed": the service's hours for the ticket's day are over, it is not open that day, or the
  day has passed: never "soon".
- "not_waiting": called, being served, done, cancelled or absent: nothing to wait for.

The call time range assumes the counters planned for that day (open counters when open now)
work at the recent average service time: from 0.8×, to 1.25× the work ahead plus one average
service, counted only within the service's opening intervals, rounded to 5 minutes.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import sqlalchemy as sa

from .. import dates
from ..extensions import db
from ..models import Ticket
from .calendar import planned_counters, service_intervals

WAIT_STATES = ("today_open", "no_counter_open", "before_opening", "later_day", "closed",
               "not_waiting")
EARLY, LATE = 0.8, 1.25   # the range around the expected work ahead
ROUND = 5                 # minutes


@dataclass(frozen=True)
class WaitEstimate:
    state: str                       # one of WAIT_STATES
    now: dt.datetime                 # site-local
    ahead: int | None                # None when not waiting
    wait_minutes: int | None         # only in "today_open"
    call_from: dt.datetime | None    # site-local, aware
    call_to: dt.datetime | None
    opens_at: dt.datetime | None     # when the service (re)opens, before_opening / later_day
    closes_at: dt.datetime | None    # when the service's hours on the ticket's day end
    counters: int                    # counters the estimate counts on
    average_minutes: float
    runs_past_closing: bool = False  # the range reaches the end of the day's hours
    day_passed: bool = False         # "closed" because the ticket's day is over

    @property
    def is_soon(self) -> bool:
        """Nobody ahead, a counter open now and no later time slot: the only time "soon" is
        true."""
        return self.state == "today_open" and self.wait_minutes == 0


def people_ahead(ticket: Ticket) -> int:
    """Waiting tickets of the same queue (prefix, day) that will be called before this one:
    lower numbers, plus priority tickets when this one is not a priority ticket."""
    if ticket.status != "waiting":
        return 0
    same_queue = (Ticket.site_id == ticket.site_id, Ticket.day == ticket.day,
                  Ticket.prefix == ticket.prefix, Ticket.status == "waiting",
                  Ticket.id != ticket.id)
    before = sa.or_(Ticket.sequence < ticket.sequence, Ticket.priority.is_not(None)) \
        if ticket.priority is None else \
        sa.and_(Ticket.sequence < ticket.sequence, Ticket.priority.is_not(None))
    return db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)
                             .where(*same_queue, before)) or 0


def average_service_minutes(service_id: int, default: float, sample: int = 50) -> float:
    """Mean of (finished − started) over the service's recent finished tickets."""
    rows = db.session.execute(
        sa.select(Ticket.served_at, Ticket.finished_at)
        .where(Ticket.service_id == service_id, Ticket.status == "done",
               Ticket.served_at.is_not(None), Ticket.finished_at.is_not(None))
        .order_by(Ticket.finished_at.desc()).limit(sample)).all()
    durations = [(f - s).total_seconds() / 60 for s, f in rows if f > s]
    return sum(durations) / len(durations) if durations else default


def _advance(intervals: list[tuple[dt.datetime, dt.datetime]], start: dt.datetime,
             minutes: float) -> dt.datetime | None:
    """`minutes` of service time after `start`, counted only within the opening intervals;
    None when the day's hours end first."""
    remaining = dt.timedelta(minutes=minutes)
    for opens, closes in intervals:
        begin = max(start, opens)
        if begin >= closes:
            continue
        if begin + remaining <= closes:
            return begin + remaining
        remaining -= closes - begin
    return None


def _round(moment: dt.datetime, up: bool) -> dt.datetime:
    moment = moment.replace(second=0, microsecond=0) + (
        dt.timedelta(minutes=1) if up and (moment.second or moment.microsecond) else
        dt.timedelta(0))
    extra = moment.minute % ROUND
    if extra:
        moment += dt.timedelta(minutes=(ROUND - extra) if up else -extra)
    return moment


def estimate(ticket: Ticket, default_minutes: float,
             now: dt.datetime | None = None) -> WaitEstimate:
    """Where the ticket stands now (see the module docstring for the states)."""
    site, service = ticket.site, ticket.service
    here = dates.site_now(site, now)
    average = average_service_minutes(ticket.service_id, default_minutes)
    open_now = sum(1 for c in service.counters if c.status == "open")

    def result(state: str, **values: object) -> WaitEstimate:
        base: dict[str, object] = dict(
            state=state, now=here, ahead=None, wait_minutes=None, call_from=None,
            call_to=None, opens_at=None, closes_at=None, counters=open_now,
            average_minutes=average)
        base.update(values)
        return WaitEstimate(**base)  # type: ignore[arg-type]

    if ticket.status != "waiting":
        return result("not_waiting")
    today, tz = here.date(), here.tzinfo
    intervals = [(dt.datetime.combine(ticket.day, o, tzinfo=tz),
                  dt.datetime.combine(ticket.day, c, tzinfo=tz))
                 for o, c in service_intervals(site, service, ticket.day)]
    closes = intervals[-1][1] if intervals else None
    ahead = people_ahead(ticket)
    if ticket.day < today or not intervals or (ticket.day == today and here >= closes):
        return result("closed", ahead=ahead, closes_at=closes, day_passed=ticket.day < today)
    counters = max(planned_counters(service, ticket.day), 1)
    wait = None
    if ticket.day > today:
        state, start = "later_day", intervals[0][0]
    elif any(o <= here < c for o, c in intervals):
        if open_now == 0:
            return result("no_counter_open", ahead=ahead, closes_at=closes)
        state, start, counters = "today_open", here, open_now
    else:
        state, start = "before_opening", next(o for o, _c in intervals if o > here)
    opens = start if state != "today_open" else None
    if ticket.window is not None:
        window_starts = dt.datetime.combine(ticket.day, ticket.window.starts, tzinfo=tz)
        start = max(start, window_starts)
    work = ahead * average / counters
    call_from = _advance(intervals, start, EARLY * work)
    call_to = _advance(intervals, start, LATE * work + average)
    past_closing = call_to is None
    call_to = min(_round(call_to, up=True), closes) if call_to else closes
    call_from = min(max(_round(call_from, up=False), start.replace(second=0, microsecond=0)),
                    call_to) if call_from else call_to
    if state == "today_open":
        wait = max(math.ceil(work), math.ceil((start - here).total_seconds() / 60))
    return result(state, ahead=ahead, wait_minutes=wait, call_from=call_from, call_to=call_to,
                  opens_at=opens, closes_at=closes, counters=counters,
                  runs_past_closing=past_closing)
