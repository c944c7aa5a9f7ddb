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

No Flask imports: usable from services, CLI and API alike. The caller shows its own message.
"""
from __future__ import annotations

import datetime as dt
import re

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
    """A stored instant as an aware datetime. Every instant is stored in UTC, but SQLite hands
    DateTime(timezone=True) columns back naive; PostgreSQL's come back aware already."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.timezone.utc)
    return value
