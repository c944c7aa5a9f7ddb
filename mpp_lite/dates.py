"""Reading dates typed by people or sent in query strings, safely.

One shared helper so every form, report filter and API parameter refuses the same things.
Dates outside MIN_YEAR..MAX_YEAR are refused: they mean nothing for an MPP and the
arithmetic done on them later (the day after, local midnight converted to UTC) overflows
Python's date range at year 1 and 9999, which used to turn a typo into a 500.

    parse_day("2026-12-31")  -> dt.date(2026, 12, 31)
    parse_day("31/12/2026")  -> dt.date(2026, 12, 31)   (also 31.12.2026, 31-12-2026)
    parse_day("20261231")    -> dt.date(2026, 12, 31)   (other ISO 8601 forms, as before)
    parse_day("9999-12-31")  -> None
    parse_day("") / None     -> None

It is also the one home of the clock and of local time:

    now()                     the current instant (aware, UTC); the only clock the app reads
    local_now(timezone, at)   an instant in a time zone (at: aware, default now())
    site_now(site, at)        ... in the site's zone;  site_today(site, at): its local date
    parse_period(dari, sampai, ...)  the dari/sampai filters of every report and list

Tests move the clock with `freeze(monkeypatch, moment)`; code calls `now()` (never
`datetime.now()`), so one patch moves every rule at once.

Only lazy translatable messages come from Flask-Babel: usable from services, CLI and API alike.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

MIN_YEAR = 2000
MAX_YEAR = 2100

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")              # 2026-12-31 (date input)
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")      # 31/12/2026 (typed)


FIRST_DAY = dt.date(MIN_YEAR, 1, 1)
LAST_DAY = dt.date(MAX_YEAR, 12, 31)


def in_range(day: dt.date | None) -> bool:
    """Whether the date's year is within MIN_YEAR..MAX_YEAR."""
    return day is not None and MIN_YEAR <= day.year <= MAX_YEAR


def clamp(day: dt.date) -> dt.date:
    """The date moved into FIRST_DAY..LAST_DAY (for services handed a date directly)."""
    return min(max(day, FIRST_DAY), LAST_DAY)


def read_day(text: str | None) -> dt.date | None:
    """The date in text whatever its year (None when empty or unreadable).

    Only to tell "unreadable" from "year out of range" in a message; use parse_day.
    """
    text = (text or "").strip()
    if not text or len(text) > 40:
        return None
    try:
        if match := _ISO.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DMY.match(text):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_day(text: str | None) -> dt.date | None:
    """The date in text, or None when empty, unreadable or outside MIN_YEAR..MAX_YEAR."""
    day = read_day(text)
    return day if in_range(day) else None


def as_utc(value: dt.datetime | None) -> dt.datetime | None:
    """An instant as an aware datetime in UTC. Every instant is stored in UTC, but SQLite hands
    DateTime(timezone=True) columns back naive (and would drop the offset of an aware value
    written in another zone); PostgreSQL's come back aware already."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone(dt.timezone.utc)


# --- the clock --------------------------------------------------------------------------------

def _system_clock() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


_source: Callable[[], dt.datetime] = _system_clock


def now() -> dt.datetime:
    """The current instant, aware, in UTC. Every rule that needs "now" reads this."""
    return _source()


def freeze(monkeypatch: Any, moment: dt.datetime) -> None:
    """For tests: make now() return `moment` (aware) until the test ends."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    monkeypatch.setattr(__name__ + "._source", lambda: moment)


def local_now(timezone: str, at: dt.datetime | None = None) -> dt.datetime:
    """`at` (default: now()) in the given IANA time zone."""
    at = at or now()
    if at.tzinfo is None:
        raise ValueError("at must be timezone-aware")
    return at.astimezone(ZoneInfo(timezone))


def site_now(site: Any, at: dt.datetime | None = None) -> dt.datetime:
    """`at` (default: now()) on the site's wall clock."""
    return local_now(site.timezone, at)


def site_today(site: Any, at: dt.datetime | None = None) -> dt.date:
    """The site's local date: a ticket taken at 00.30 WITA belongs to that day, not to UTC's."""
    return site_now(site, at).date()


def stored_local(site: Any, value: dt.datetime | None) -> dt.datetime | None:
    """A stored instant (or None) on the site's wall clock, for pages that show it."""
    value = as_utc(value)
    return site_now(site, value) if value is not None else None


def iso(value: dt.date | dt.datetime | None) -> str | None:
    """A day or an instant as ISO 8601 text for JSON: 2026-12-03, or a site-local time to the
    second with its UTC offset, 2026-12-03T08:40:00+08:00 (None stays None)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def wall_clock(local: dt.datetime) -> dt.time:
    """The naive time of day of a local datetime (to compare with stored opening hours)."""
    return local.time().replace(tzinfo=None)


# --- periods (the dari/sampai filters) ---------------------------------------------------------

MAX_PERIOD_DAYS = 3 * 366


@dataclass
class PeriodError(ValueError):
    """Why a typed period was refused: messages by query parameter ("dari", "sampai")."""
    errors: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return " ".join(str(message) for message in self.errors.values())


def parse_period(first_text: str | None, last_text: str | None, *,
                 default_first: dt.date | None, default_last: dt.date | None,
                 max_days: int | None = MAX_PERIOD_DAYS) -> tuple[dt.date | None, dt.date | None]:
    """The period typed in the `dari` and `sampai` boxes of a report or list.

    An empty box takes its default (None: no bound on that side). Refused, with a message per
    box: an unreadable date, a year outside MIN_YEAR..MAX_YEAR, an end before the start, or a
    period longer than max_days days (first and last day counted; None: any length).
    """
    errors: dict[str, Any] = {}
    days: list[dt.date | None] = []
    for name, text, default, label in (
            ("dari", first_text, default_first, _l("Tanggal awal")),
            ("sampai", last_text, default_last, _l("Tanggal akhir"))):
        text = (text or "").strip()
        day = parse_day(text) if text else default
        if text and day is None:
            errors[name] = _l("%(label)s tidak sah. Isi dengan format TTTT-BB-HH antara tahun "
                              "%(first)s dan %(last)s, misalnya 2026-10-01.",
                              label=label, first=MIN_YEAR, last=MAX_YEAR)
        days.append(day)
    first, last = days
    if not errors and first and last:
        if last < first:
            errors["sampai"] = _l("Tanggal akhir harus sama dengan atau sesudah tanggal awal.")
        elif max_days is not None and (last - first).days + 1 > max_days:
            errors["sampai"] = _l("Periode paling panjang %(days)s hari.", days=max_days)
    if errors:
        raise PeriodError(errors)
    return first, last
