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
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..catalog.hours import local_now
from ..dates import as_utc
from ..extensions import db
from ..models import Counter, Site, Ticket
from ..models.base import utcnow
from ..notices.services import announcements_in_force, notice_document

RECENT_CALLS = 8
REASON_LENGTH = 60
ON_COUNTER = ("called", "serving")                     # the number on a counter's tile
WAS_CALLED = ("called", "serving", "done", "no_show")  # a call stays in the history


def current_time() -> dt.datetime:
    """The clock the board reads (tests replace it to stand just after local midnight)."""
    return utcnow()


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


def board_state(site: Site, now: dt.datetime | None = None,
                recent: int = RECENT_CALLS) -> dict[str, Any]:
    """The board's document (the JSON API's body; the page renders the same data)."""
    now = now or current_time()
    here = local_now(site.timezone, now)
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
    }
    document["version"] = board_version(document)
    return document
