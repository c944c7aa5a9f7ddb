"""What the hall's display board shows: the number at each counter and the last calls.

Public by design, so it holds ticket numbers, counter labels, floors and agency short names,
and nothing about the people holding the tickets. "Today" is the site's local business day
(`Ticket.day`), so a WITA site just after local midnight starts with an empty board even though
it is still yesterday in UTC and in Jakarta.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from .. import dates
from ..dates import as_utc
from ..extensions import db
from ..models import Counter, Site, Ticket
from ..notices.services import announcements_in_force, notice_document

RECENT_CALLS = 8
REASON_LENGTH = 60
ON_COUNTER = ("called", "serving")                     # the number on a counter's tile
WAS_CALLED = ("called", "serving", "done", "no_show")  # a call stays in the history


# The tiles' grid (board.css sizes every tile's text from its share of the area, so any split
# fits; this picks the split that gives the largest text). A tile's height is TILE_HEIGHT_EMS
# of its text unit (label, agency and floor on up to two lines, the number), its width
# TILE_WIDTH_EMS (the widest number, "AB-123", with padding). Up to ROOMY_TILES tiles also
# show the ticket's state in words (one line more). board.js repeats this rule.
TILES_AREA_ASPECT = 1.45   # width / height of the tiles' area on a 16:9 screen
TILE_GAP = 0.015           # the gap between tiles, as a share of the area's height
TILE_HEIGHT_EMS, ROOMY_HEIGHT_EMS, TILE_WIDTH_EMS = 8.2, 9.4, 14.2
ROOMY_TILES = 8
MAX_COLUMNS, MAX_ROWS = 8, 16


def tile_grid(count: int) -> tuple[int, int]:
    """(columns, rows) for `count` open counters' tiles: the split with the largest text."""
    if count <= 0:
        return 1, 1
    height_ems = ROOMY_HEIGHT_EMS if count <= ROOMY_TILES else TILE_HEIGHT_EMS
    best: tuple[float, int, int] | None = None
    for columns in range(1, min(count, MAX_COLUMNS) + 1):
        rows = math.ceil(count / columns)
        if rows > MAX_ROWS:
            continue
        width = (TILES_AREA_ASPECT - (columns - 1) * TILE_GAP) / columns
        height = (1 - (rows - 1) * TILE_GAP) / rows
        unit = min(height / height_ems, width / TILE_WIDTH_EMS)
        if best is None or unit > best[0] + 1e-9:
            best = (unit, columns, rows)
    if best is None:  # more than MAX_COLUMNS × MAX_ROWS counters: as many columns as allowed
        return MAX_COLUMNS, min(MAX_ROWS, math.ceil(count / MAX_COLUMNS))
    return best[1], best[2]


def paused_groups(counters: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Counters not open, grouped by status and reason in board order: "Tutup: rapat" is
    said once for every counter it applies to, so a long list still leaves the tiles room.
    board.js repeats this rule."""
    groups: dict[str, dict[str, Any]] = {}
    for counter in counters:
        if counter["status"] == "open":
            continue
        key = f"{counter['status']}|{counter['reason']}"
        group = groups.setdefault(key, {"key": key, "status": counter["status"],
                                        "reason": counter["reason"], "counters": []})
        group["counters"].append(counter)
    return list(groups.values())


def short_reason(text: str, limit: int = REASON_LENGTH) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _called_order(ticket: Ticket) -> tuple[dt.datetime, int]:
    moment = as_utc(ticket.called_at or ticket.served_at or ticket.created_at)
    return (moment or dt.datetime.min.replace(tzinfo=dt.timezone.utc), ticket.id)


def board_version(document: dict[str, Any]) -> str:
    """A digest of everything shown except the clock: equal versions, nothing to redraw."""
    shown = {k: v for k, v in document.items() if k not in ("now", "version")}
    raw = json.dumps(shown, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def board_ikm(site: Site, today: dt.date, min_respondents: int = 1) -> dict[str, Any] | None:
    """This month's IKM (the SKM index, feedback/ikm.py) for the board, in the current
    language; None when fewer than `min_respondents` have answered this month (no figure
    rather than a figure of nobody)."""
    from flask_babel import format_date, format_decimal

    from ..feedback.ikm import site_ikm

    result = site_ikm(site.id, today.replace(day=1), today)
    if result.ikm is None or result.respondents < max(1, min_respondents):
        return None
    return {
        "ikm": str(result.ikm),
        "text": format_decimal(result.ikm, format="#,##0.00"),
        "grade": result.grade,
        "grade_label": str(result.grade_label),
        "respondents": result.respondents,
        "month": today.strftime("%Y-%m"),
        "month_name": format_date(today, format="MMMM yyyy"),
    }


def board_state(site: Site, now: dt.datetime | None = None,
                recent: int = RECENT_CALLS, ikm_respondents: int | None = 1) -> dict[str, Any]:
    """The board's document (the JSON API's body; the page renders the same data).
    `ikm_respondents`: the fewest respondents this month for the IKM figure to show (None:
    never shown, the setting BOARD_SHOW_IKM off)."""
    now = now or dates.now()
    here = dates.site_now(site, now)
    zone = ZoneInfo(site.timezone)
    counters = list(db.session.scalars(
        sa.select(Counter).where(Counter.site_id == site.id)
        .options(selectinload(Counter.agency)).order_by(Counter.position, Counter.id)))
    labels = {c.id: c.label for c in counters}
    # Today's called tickets of this site, newest call first. Bounded: at most the open
    # counters' current tickets plus the history, whatever the day's volume.
    current = list(db.session.scalars(
        sa.select(Ticket).where(Ticket.site_id == site.id, Ticket.day == here.date(),
                                Ticket.status.in_(ON_COUNTER), Ticket.counter_id.is_not(None))))
    history = list(db.session.scalars(
        sa.select(Ticket).where(Ticket.site_id == site.id, Ticket.day == here.date(),
                                Ticket.status.in_(WAS_CALLED), Ticket.counter_id.is_not(None),
                                Ticket.called_at.is_not(None))
        .order_by(Ticket.called_at.desc(), Ticket.id.desc()).limit(recent)))
    at_counter: dict[int, Ticket] = {}
    for ticket in sorted(current, key=_called_order, reverse=True):
        at_counter.setdefault(ticket.counter_id, ticket)  # the latest call wins
    document: dict[str, Any] = {
        "site": site.slug,
        "now": here.isoformat(timespec="seconds"),
        "counters": [{
            "label": c.label,
            "agency": c.agency.display_name(),
            "floor": c.tr("floor"),
            "status": c.status,
            "reason": short_reason(c.status_reason) if c.status != "open" else "",
            "serving": at_counter[c.id].number if c.id in at_counter else None,
            "ticket_status": at_counter[c.id].status if c.id in at_counter else None,
        } for c in counters],
        "calls": [{
            "number": t.number,
            "counter": labels.get(t.counter_id, ""),
            "called_at": as_utc(t.called_at).astimezone(zone).isoformat(timespec="seconds"),
            "call_count": t.call_count,
        } for t in history],
        # Announcements in force (notices/services.py): every scope, most severe first.
        "notices": [notice_document(n, site.timezone)
                    for n in announcements_in_force(site, now=now, every_scope=True)],
        "ikm": (board_ikm(site, here.date(), ikm_respondents)
                if ikm_respondents is not None else None),
    }
    document["version"] = board_version(document)
    return document
