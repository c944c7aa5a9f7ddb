"""Fixed days and zones the time-dependent tests share (no test reads the real clock)."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

WITA = ZoneInfo("Asia/Makassar")
WIB = ZoneInfo("Asia/Jakarta")
UTC = dt.timezone.utc
MONDAY = dt.date(2026, 11, 23)
TUESDAY = dt.date(2026, 11, 24)


def wita(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """That wall-clock time in Maros (WITA), aware."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=WITA)
