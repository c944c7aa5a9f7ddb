"""No-show grace: after how many calls a ticket may be marked absent, and whether an absent
visitor who arrives late may return once, at the back of the line.

The rule of a ticket is its service's NoShowRule, else its site's (service_id NULL), else the
app's settings QUEUE_NO_SHOW_AFTER_CALLS and QUEUE_NO_SHOW_GRACE_MINUTES (0: no return).
A return takes a new number of the day under booking's lock (queue/moving.py), so the ticket
goes behind everyone already waiting, and is recorded as a TicketMove of kind "return" (which
also makes "once" checkable). Functions flush only; the caller commits.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from .. import dates
from ..extensions import db
from ..models import Service, Site, StaffUser, Ticket, TicketEvent
from ..models.moving import NoShowRule, TicketMove
from .booking import _increment_sequence
from .calling import CallError, may_act_on_ticket
from .moving import _hand_back

DEFAULT_GRACE_MINUTES = 30  # QUEUE_NO_SHOW_GRACE_MINUTES when not configured
MAX_CALLS, MAX_GRACE_MINUTES = 20, 480


@dataclass(frozen=True)
class Rule:
    after_calls: int
    grace_minutes: int
    source: str  # "service", "site" or "default"


def site_rule(site_id: int, config: Mapping[str, object]) -> Rule:
    """The site's own rule (what a service without one follows)."""
    return _rule(site_id, None, config)


def rule_for(service: Service, config: Mapping[str, object]) -> Rule:
    return _rule(service.site_id, service.id, config)


def _rule(site_id: int, service_id: int | None, config: Mapping[str, object]) -> Rule:
    rows = {r.service_id: r for r in db.session.scalars(sa.select(NoShowRule).where(
        NoShowRule.site_id == site_id,
        sa.or_(NoShowRule.service_id == service_id, NoShowRule.service_id.is_(None))))}
    if service_id is not None and service_id in rows:
        row = rows[service_id]
        return Rule(row.after_calls, row.grace_minutes, "service")
    if None in rows:
        row = rows[None]
        return Rule(row.after_calls, row.grace_minutes, "site")
    return Rule(int(config.get("QUEUE_NO_SHOW_AFTER_CALLS", 3)),  # type: ignore[arg-type]
                int(config.get("QUEUE_NO_SHOW_GRACE_MINUTES",  # type: ignore[arg-type]
                               DEFAULT_GRACE_MINUTES)), "default")


def calls_needed(ticket: Ticket | None, config: Mapping[str, object]) -> int:
    """How many calls before "Tidak hadir" is offered for this ticket."""
    if ticket is None:
        return int(config.get("QUEUE_NO_SHOW_AFTER_CALLS", 3))  # type: ignore[arg-type]
    return rule_for(ticket.service, config).after_calls


def returned_before(ticket: Ticket) -> bool:
    return db.session.scalar(sa.select(sa.func.count()).select_from(TicketMove).where(
        TicketMove.ticket_id == ticket.id, TicketMove.kind == "return")) > 0


def return_deadline(ticket: Ticket, config: Mapping[str, object]) -> dt.datetime | None:
    """Until when an absent ticket may come back; None when it may not (not absent, absent on
    another day, returned once already, or no grace at this service)."""
    if ticket.status != "no_show" or ticket.finished_at is None:
        return None
    if ticket.day != dates.site_today(ticket.site):
        return None
    grace = rule_for(ticket.service, config).grace_minutes
    if grace <= 0 or returned_before(ticket):
        return None
    return dates.as_utc(ticket.finished_at) + dt.timedelta(minutes=grace)


def return_to_line(ticket: Ticket, staff: StaffUser, config: Mapping[str, object]) -> TicketMove:
    """The absent visitor is here within the grace time: the ticket waits again, once, with a
    new number at the end of today's line (checked in now). Raises CallError. Flushes only."""
    if not may_act_on_ticket(ticket, staff):
        raise CallError("forbidden", _l("Anda tidak berwenang untuk gerai atau tiket ini."))
    if ticket.status != "no_show":
        raise CallError("not_absent", _l("Hanya tiket yang ditandai tidak hadir yang bisa "
                                         "kembali ke antrean."))
    if ticket.day != dates.site_today(ticket.site):
        raise CallError("not_today", _l("Tiket ini untuk tanggal lain, bukan hari ini."))
    rule = rule_for(ticket.service, config)
    if rule.grace_minutes <= 0:
        raise CallError("no_grace", _l("Layanan ini tidak memberi kesempatan kembali ke "
                                       "antrean setelah tidak hadir."))
    if returned_before(ticket):
        raise CallError("returned_once", _l("Tiket ini sudah pernah kembali ke antrean. "
                                            "Ambil tiket baru."))
    now = dates.now()
    deadline = dates.as_utc(ticket.finished_at) + dt.timedelta(minutes=rule.grace_minutes) \
        if ticket.finished_at else now
    if now > deadline:
        raise CallError("too_late", _l("Batas waktu kembali ke antrean (%(minutes)s menit "
                                       "setelah ditandai tidak hadir) sudah lewat. Ambil "
                                       "tiket baru.", minutes=rule.grace_minutes))
    site_id, day, prefix, old_sequence = ticket.site_id, ticket.day, ticket.prefix, \
        ticket.sequence
    ticket_id = ticket.id
    sequence = _increment_sequence(site_id, day, prefix)  # the lock; a number at the back
    try:
        result = db.session.execute(
            sa.update(Ticket).where(Ticket.id == ticket_id, Ticket.status == "no_show")
            .values(status="waiting", sequence=sequence, counter_id=None, call_count=0,
                    called_at=None, served_at=None, finished_at=None, checked_in_at=now)
            .execution_options(synchronize_session=False))
    except IntegrityError:  # the same person has another active ticket for this service today
        db.session.rollback()
        raise CallError("duplicate_person", _l("Pengunjung ini sudah punya tiket aktif lain "
                                               "untuk layanan ini hari ini.")) from None
    if result.rowcount != 1:
        _hand_back(site_id, day, prefix, sequence)
        db.session.expire(ticket)
        raise CallError("not_absent", _l("Hanya tiket yang ditandai tidak hadir yang bisa "
                                         "kembali ke antrean."))
    move = TicketMove(ticket_id=ticket_id, at=now, kind="return", from_day=day,
                      from_prefix=prefix, from_sequence=old_sequence, to_day=day,
                      to_prefix=prefix, to_sequence=sequence, staff_id=staff.id)
    db.session.add(move)
    db.session.add(TicketEvent(ticket_id=ticket_id, at=now, from_status="no_show",
                               to_status="waiting", staff_id=staff.id, counter_id=None,
                               note=f"kembali: {move.from_number} → {move.to_number}"))
    db.session.flush()
    db.session.expire(ticket)
    return move


def returnable_today(site: Site, service_ids: list[int], config: Mapping[str, object],
                     *, limit: int = 50) -> list[tuple[Ticket, dt.datetime]]:
    """Today's absent tickets of these services that may still return, with their deadline,
    the latest absent first."""
    today = dates.site_today(site)
    rows = db.session.scalars(sa.select(Ticket).where(
        Ticket.site_id == site.id, Ticket.day == today, Ticket.status == "no_show",
        Ticket.service_id.in_(service_ids)).order_by(Ticket.finished_at.desc()).limit(limit))
    now = dates.now()
    found = []
    for ticket in rows:
        deadline = return_deadline(ticket, config)
        if deadline is not None and deadline >= now:
            found.append((ticket, deadline))
    return found


def save_rule(site: Site, service: Service | None, after_calls: int | None,
              grace_minutes: int | None) -> NoShowRule | None:
    """Set (or with both None, remove) the site's or a service's rule. Raises ValueError with
    an Indonesian message for values out of range. Flushes only."""
    row = db.session.scalar(sa.select(NoShowRule).where(
        NoShowRule.site_id == site.id,
        NoShowRule.service_id == service.id if service else NoShowRule.service_id.is_(None)))
    if after_calls is None and grace_minutes is None:
        if row is not None:
            db.session.delete(row)
            db.session.flush()
        return None
    if after_calls is None or not 1 <= after_calls <= MAX_CALLS:
        raise ValueError(str(_l("Jumlah panggilan harus 1 sampai %(max)s.", max=MAX_CALLS)))
    if grace_minutes is None or not 0 <= grace_minutes <= MAX_GRACE_MINUTES:
        raise ValueError(str(_l("Batas waktu kembali harus 0 sampai %(max)s menit.",
                                max=MAX_GRACE_MINUTES)))
    if row is None:
        row = NoShowRule(site_id=site.id, service_id=service.id if service else None,
                         after_calls=after_calls, grace_minutes=grace_minutes)
        db.session.add(row)
    else:
        row.after_calls, row.grace_minutes = after_calls, grace_minutes
    db.session.flush()
    return row
