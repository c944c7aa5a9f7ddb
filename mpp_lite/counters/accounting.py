"""Counter-hour accounting (pure: no Flask, no database): scheduled hours against hours a
counter was actually open, from its status changes, in the SITE's time zone.

A period is whole site-local days, `first` to `last` inclusive: from local midnight of `first`
to local midnight after `last`, and never beyond `now` (hours that have not happened yet are
neither scheduled-and-missed nor open). A status holds from its change until the next change,
so a counter left open overnight is open across midnight; every interval is clipped to the
period. The status in force when the period starts is the last change before it (closed when
there is none).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Sequence
from zoneinfo import ZoneInfo

from ..dates import as_utc, clamp

Span = tuple[dt.datetime, dt.datetime]  # aware, start < end


@dataclass(frozen=True)
class Change:
    at: dt.datetime  # timezone-aware
    status: str      # open / break / closed
    reason: str = ""


@dataclass
class CounterFigures:
    scheduled_seconds: float = 0.0
    open_seconds: float = 0.0            # open at all, within the period
    open_in_schedule_seconds: float = 0.0  # open during scheduled hours
    stops: int = 0                       # changes to break or closed within the period
    stops_without_reason: int = 0
    days_scheduled: int = 0              # days of the period with scheduled hours (so far)
    days_not_opened: list[dt.date] = field(default_factory=list)

    @property
    def scheduled_hours(self) -> float:
        return self.scheduled_seconds / 3600

    @property
    def open_hours(self) -> float:
        return self.open_seconds / 3600

    @property
    def open_in_schedule_hours(self) -> float:
        return self.open_in_schedule_seconds / 3600

    @property
    def coverage(self) -> float | None:
        """Share of the scheduled hours the counter was open (None with nothing scheduled)."""
        if not self.scheduled_seconds:
            return None
        return self.open_in_schedule_seconds / self.scheduled_seconds

    def add(self, other: CounterFigures) -> None:
        self.scheduled_seconds += other.scheduled_seconds
        self.open_seconds += other.open_seconds
        self.open_in_schedule_seconds += other.open_in_schedule_seconds
        self.stops += other.stops
        self.stops_without_reason += other.stops_without_reason
        self.days_scheduled += other.days_scheduled
        self.days_not_opened.extend(other.days_not_opened)


def local_midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)


def _clip(span: Span, lo: dt.datetime, hi: dt.datetime) -> Span | None:
    start, end = max(span[0], lo), min(span[1], hi)
    return (start, end) if start < end else None


def _overlap(a: Sequence[Span], b: Sequence[Span]) -> float:
    total = 0.0
    for a0, a1 in a:
        for b0, b1 in b:
            start, end = max(a0, b0), min(a1, b1)
            if start < end:
                total += (end - start).total_seconds()
    return total


def _seconds(spans: Iterable[Span]) -> float:
    return sum((end - start).total_seconds() for start, end in spans)


def scheduled_spans(first: dt.date, last: dt.date, timezone: str,
                    weekly: Iterable[tuple[int, dt.time, dt.time]],
                    closed_dates: Iterable[dt.date] = ()) -> dict[dt.date, list[Span]]:
    """Each local day's scheduled intervals as aware datetimes (empty on closed dates)."""
    zone = ZoneInfo(timezone)
    weekly = list(weekly)
    closed = set(closed_dates)
    days: dict[dt.date, list[Span]] = {}
    day = first
    while day <= last:
        spans: list[Span] = []
        if day not in closed:
            for weekday, opens, closes in sorted(weekly, key=lambda w: (w[0], w[1])):
                if weekday == day.isoweekday():
                    spans.append((dt.datetime.combine(day, opens, tzinfo=zone),
                                  dt.datetime.combine(day, closes, tzinfo=zone)))
        days[day] = spans
        day += dt.timedelta(days=1)
    return days


def open_spans(changes: Sequence[Change], start: dt.datetime, end: dt.datetime) -> list[Span]:
    """The intervals the counter was open, clipped to [start, end)."""
    ordered = sorted((Change(as_utc(c.at), c.status, c.reason) for c in changes),
                     key=lambda c: c.at)
    spans: list[Span] = []
    opened: dt.datetime | None = None
    for change in ordered:
        if change.status == "open":
            if opened is None:
                opened = change.at
        elif opened is not None:
            spans.append((opened, change.at))
            opened = None
    if opened is not None:
        spans.append((opened, end))
    clipped = [_clip(span, start, end) for span in spans]
    return [span for span in clipped if span]


def counter_figures(first: dt.date, last: dt.date, timezone: str,
                    weekly: Iterable[tuple[int, dt.time, dt.time]],
                    changes: Sequence[Change], now: dt.datetime,
                    closed_dates: Iterable[dt.date] = ()) -> CounterFigures:
    """The figures of one counter for the local days `first`…`last`, up to `now`.

    `changes` may include changes before the period (the last one gives the starting status);
    `weekly` holds (ISO weekday, opens, closes) in site-local time.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    zone = ZoneInfo(timezone)
    first, last = clamp(first), clamp(last)  # years 1 and 9999 would overflow below
    start = local_midnight(first, zone)
    end = min(local_midnight(last + dt.timedelta(days=1), zone), now)
    figures = CounterFigures()
    if end <= start:
        return figures
    opened = open_spans(changes, start, end)
    figures.open_seconds = _seconds(opened)
    for change in changes:
        at = as_utc(change.at)
        if change.status in ("break", "closed") and start <= at < end:
            figures.stops += 1
            if not (change.reason or "").strip():
                figures.stops_without_reason += 1
    for day, whole in scheduled_spans(first, last, timezone, weekly, closed_dates).items():
        spans = [s for s in (_clip(span, start, end) for span in whole) if s]
        if not spans:
            continue
        figures.days_scheduled += 1
        figures.scheduled_seconds += _seconds(spans)
        figures.open_in_schedule_seconds += _overlap(spans, opened)
        # "Not opened at all" only once the day's scheduled hours are over: at 09.00 a counter
        # scheduled 08.00–15.00 may still open today.
        if max(span_end for _s, span_end in whole) > end:
            continue
        day_start = local_midnight(day, zone)
        day_end = min(local_midnight(day + dt.timedelta(days=1), zone), end)
        if not _overlap([(day_start, day_end)], opened):
            figures.days_not_opened.append(day)
    return figures
