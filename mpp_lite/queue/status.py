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
import functools
import math
from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa

from .. import dates
from ..cache import app_recent
from ..extensions import db
from ..models import Counter, Ticket, service_counter
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


@dataclass(frozen=True)
class Standing:
    """What an estimate reads live besides the ticket and the calendar (never memoised)."""
    ahead: int              # waiting tickets of the queue called before this one
    open_counters: int      # the service's counters open now
    average_minutes: float  # the recent average service time (or the default)


# The statements below are built once and take their values as parameters: building an ORM
# statement costs more than running it. Core columns (Ticket.__table__), no ORM aliasing.
TICKET = Ticket.__table__
# A literal, not a parameter: the planner matches it to the partial index of finished tickets
# (ix_ticket_service_finished) also in a prepared statement's generic plan.
DONE = sa.literal_column("'done'")


class _Of(NamedTuple):
    """The ticket whose standing is read: columns of an enclosing query (correlated), or
    parameters (a loaded ticket)."""
    site_id: Any
    day: Any
    prefix: Any
    id: Any
    sequence: Any
    service_id: Any
    plain: Any  # not a priority ticket: SQL (correlated), or True/False (a loaded ticket)


def _ahead(of: _Of) -> sa.ScalarSelect[int]:
    """Waiting tickets of the same queue (site, day, prefix) called before `of`: lower numbers,
    plus priority tickets when `of` is not a priority ticket. Meaningful while `of` waits."""
    other = TICKET.alias("ahead")
    before, priority = other.c.sequence < of.sequence, other.c.priority.is_not(None)
    if of.plain is True:
        called_before = sa.or_(before, priority)
    elif of.plain is False:
        called_before = sa.and_(before, priority)
    else:
        called_before = sa.or_(sa.and_(of.plain, sa.or_(before, priority)),
                               sa.and_(before, priority))
    return (sa.select(sa.func.count()).select_from(other).where(
        other.c.site_id == of.site_id, other.c.day == of.day, other.c.prefix == of.prefix,
        other.c.status == "waiting", other.c.id != of.id, called_before).scalar_subquery())


def _open_counters(service_id: Any) -> sa.ScalarSelect[int]:
    """The service's counters open now."""
    counter = Counter.__table__
    return (sa.select(sa.func.count()).select_from(service_counter)
            .join(counter, counter.c.id == service_counter.c.counter_id)
            .where(service_counter.c.service_id == service_id, counter.c.status == "open")
            .scalar_subquery())


@functools.cache
def standing_columns() -> tuple[sa.ScalarSelect[int], sa.ScalarSelect[int]]:
    """(people ahead, counters open now) of the Ticket of the enclosing query, to select with
    it (queue/tickets.py ticket_with_standing)."""
    of = _Of(TICKET.c.site_id, TICKET.c.day, TICKET.c.prefix, TICKET.c.id, TICKET.c.sequence,
             TICKET.c.service_id, TICKET.c.priority.is_(None))
    return _ahead(of), _open_counters(TICKET.c.service_id)


@functools.cache
def _standing_statement(plain: bool) -> sa.Select[tuple[int, int]]:
    p = sa.bindparam
    of = _Of(p("site_id"), p("day"), p("prefix"), p("ticket_id"), p("sequence"),
             p("service_id"), plain)
    return sa.select(_ahead(of), _open_counters(of.service_id))


def _read_standing(ticket: Ticket) -> tuple[int, int]:
    """(people ahead, counters open now) of a loaded ticket: one statement."""
    row = db.session.execute(_standing_statement(ticket.priority is None), dict(
        site_id=ticket.site_id, day=ticket.day, prefix=ticket.prefix, ticket_id=ticket.id,
        sequence=ticket.sequence, service_id=ticket.service_id)).one()
    return row[0] or 0, row[1] or 0


def people_ahead(ticket: Ticket) -> int:
    """Waiting tickets of the same queue (prefix, day) that will be called before this one:
    lower numbers, plus priority tickets when this one is not a priority ticket."""
    if ticket.status != "waiting":
        return 0
    return _read_standing(ticket)[0]


@functools.cache
def _recent_services(sample: int) -> sa.Select[tuple[dt.datetime, dt.datetime]]:
    return (sa.select(TICKET.c.served_at, TICKET.c.finished_at)
            .where(TICKET.c.service_id == sa.bindparam("service_id"),
                   TICKET.c.status == DONE, TICKET.c.served_at.is_not(None),
                   TICKET.c.finished_at.is_not(None))
            .order_by(TICKET.c.finished_at.desc()).limit(sample))


def average_service_minutes(service_id: int, default: float, sample: int = 50) -> float:
    """Mean of (finished − started) over the service's recent finished tickets."""
    rows = db.session.execute(_recent_services(sample), {"service_id": service_id}).all()
    durations = [(f - s).total_seconds() / 60 for s, f in rows if f > s]
    return sum(durations) / len(durations) if durations else default


AVERAGES = "mpp_lite.service_averages"
AVERAGE_ENTRIES = 4096  # services whose recent average each worker keeps


def average_for(service_id: int, last_finished: dt.datetime | None, default: float) -> float:
    """The service's recent average (average_service_minutes) when its last finished ticket
    finished at `last_finished` (read with the ticket: queue/state.py). The 50 service times
    change only when a ticket finishes, so the average is kept per worker under that instant
    and read again (one statement) only when another ticket has finished since."""
    if last_finished is None:
        return default  # no finished ticket yet
    memo = app_recent(AVERAGES, AVERAGE_ENTRIES)
    if memo is None:
        return average_service_minutes(service_id, default)
    key = (service_id, last_finished, default)
    found = memo.get(key)
    if found is None:
        found = average_service_minutes(service_id, default)
        memo.put(key, found)
    return found


def standing(ticket: Ticket, default_minutes: float, ahead: int | None = None,
             open_counters: int | None = None) -> Standing:
    """The ticket's standing now. `ahead` and `open_counters` when already read with the
    ticket (standing_columns()); otherwise one statement reads both. The average is one more
    statement."""
    if ahead is None or open_counters is None:
        ahead, open_counters = _read_standing(ticket)
    return Standing(ahead=(ahead or 0) if ticket.status == "waiting" else 0,
                    open_counters=open_counters or 0,
                    average_minutes=average_service_minutes(ticket.service_id, default_minutes))


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


def estimate(ticket: Ticket, default_minutes: float, now: dt.datetime | None = None,
             live: Standing | None = None) -> WaitEstimate:
    """Where the ticket stands now (see the module docstring for the states). `live`: its
    standing when already read (else read here: two statements)."""
    site, service = ticket.site, ticket.service
    here = dates.site_now(site, now)
    if live is None:
        live = standing(ticket, default_minutes)
    average, open_now = live.average_minutes, live.open_counters

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
    ahead = live.ahead
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
