"""Calling tickets at a counter (gerai): the officer console's rules, without Flask requests.

Who may act: an officer of the counter's agency at the counter's site, or that site's admin.
Every function checks it itself (CallError "forbidden"), so no route can forget it.

Who is called next (`call_next`), among today's waiting tickets of the services the counter
serves:
1. tickets transferred to this very counter, priority tickets (UU 25/2009 art. 29) and booked
   tickets whose time window has started, by number;
2. regular tickets, by number;
3. booked tickets whose window has not started yet (called early only when nobody else waits,
   so a citizen who booked 14.00 is not marked absent at 09.00).
"By number" is by daily sequence: when one counter serves several services (prefixes), their
queues take turns, A-001, B-001, A-002 … , as people_ahead() in status.py assumes.
A ticket of a visit (models/visit.py) is callable only while no other ticket of its visit is
called or being served (one person, one counter at a time) and every earlier step it needs
is over; it then keeps its place: its number, as if it had waited in this queue all along
(it had), so it neither jumps the line nor loses it. Two counters calling two tickets of the
same visit at once: the visit's row is locked first (PostgreSQL, skipping a visit another
counter holds at that instant; SQLite's write lock does the same), and the UPDATE checks the
rule again.
After `streak` calls of group 1 in a row at this counter, the next call goes to the
longest-waiting regular ticket if one waits: priority never starves the others (DOMAIN.md).
A streak of 0 turns interleaving off (strict priority).

Two officers pressing "call next" at once never get the same ticket: the call is a conditional
UPDATE (`tickets.transition`, status still "waiting"); the loser simply tries the next
candidate. `call_next` commits, so the winner's lock is held for as short a time as possible.
Every other function only flushes; the caller commits.
"""
from __future__ import annotations

import datetime as dt
import functools

import sqlalchemy as sa
from ..i18n import in_language
from flask_babel import lazy_gettext as _l

from .. import dates
from ..notify.events import ticket_event
from ..extensions import db
from ..models import (
    OFFICER_ROLES,
    ACTIVE_STATUSES, COUNTER_STATUSES, Counter, CounterStatusChange, Service, ServiceWindow,
    StaffUser, Ticket, TicketEvent, Visit, service_counter,
)
from ..models.catalog import BOOKABLE_AVAILABILITIES
from .booking import BookingRequest, issue_at_the_mpp
from .tickets import transition

CONSOLE_ROLES = OFFICER_ROLES
WALKIN_ROLES = ("officer", "admin", "assistant")
# The note of a first call's event says why the ticket was chosen; the streak is read back
# from these notes. "transfer", "priority" and "booked" are the non-regular kinds.
NON_REGULAR_CALLS = ("transfer", "priority", "booked")
CANDIDATES_PER_ROUND = 10
MAX_REASON = 200


class CallError(Exception):
    """A refusal the officer can act on. `code` is stable; `message` is lazy Indonesian."""

    def __init__(self, code: str, message: object | None = None):
        self.code = code
        self.message = message if message is not None else _l(
            "Tindakan ini tidak bisa dilakukan.")
        super().__init__(code)


def _forbidden() -> CallError:
    return CallError("forbidden", _l("Anda tidak berwenang untuk gerai atau tiket ini."))


# --- who may act ------------------------------------------------------------------------------

def may_act_on_counter(counter: Counter, staff: StaffUser | None) -> bool:
    if staff is None or not staff.active or staff.site_id != counter.site_id:
        return False
    if staff.role == "admin":
        return True
    return staff.role == "officer" and staff.agency_id == counter.agency_id


def may_act_on_ticket(ticket: Ticket, staff: StaffUser | None) -> bool:
    """The site's admin, or an officer of the agency whose service the ticket is for, or of
    the agency whose counter holds it now."""
    if staff is None or not staff.active or staff.site_id != ticket.site_id:
        return False
    if staff.role == "admin":
        return True
    if staff.role != "officer":
        return False
    if ticket.counter is not None and ticket.counter.agency_id == staff.agency_id:
        return True
    return ticket.service.agency_id == staff.agency_id


def _authorize_counter(counter: Counter, staff: StaffUser | None) -> None:
    if not may_act_on_counter(counter, staff):
        raise _forbidden()


def _ticket_at_counter(ticket: Ticket, counter: Counter, staff: StaffUser | None) -> None:
    _authorize_counter(counter, staff)
    if ticket.site_id != counter.site_id or ticket.counter_id != counter.id:
        raise CallError("not_at_counter", _l("Tiket %(number)s tidak sedang di gerai ini.",
                                             number=ticket.number))


def my_counters(staff: StaffUser) -> list[Counter]:
    """Officer: the counters of their agency at their site. Admin: every counter of the site."""
    query = sa.select(Counter).where(Counter.site_id == staff.site_id)
    if staff.role == "officer":
        query = query.where(Counter.agency_id == staff.agency_id)
    elif staff.role != "admin":
        return []
    return list(db.session.scalars(query.order_by(Counter.position, Counter.id)))


# --- counter status ---------------------------------------------------------------------------

def set_counter_status(counter: Counter, staff: StaffUser, status: str, reason: str) -> None:
    """Open, pause or close a counter; pausing and closing need a reason (accountability).
    Records a CounterStatusChange. Flushes only."""
    _authorize_counter(counter, staff)
    if status not in COUNTER_STATUSES:
        raise CallError("invalid_status", _l("Status gerai tidak dikenal."))
    reason = " ".join((reason or "").split())
    if status != "open" and not reason:
        raise CallError("reason_required",
                        _l("Tulis alasan untuk mengistirahatkan atau menutup gerai."))
    if len(reason) > MAX_REASON:
        raise CallError("reason_too_long", _l("Alasan terlalu panjang (maksimal %(max)s "
                                              "karakter).", max=MAX_REASON))
    if counter.status == status and (counter.status_reason or "") == reason:
        return  # a double tap: nothing changed, nothing to record
    now = dates.now()
    counter.status, counter.status_since, counter.status_reason = status, now, reason
    db.session.add(CounterStatusChange(counter_id=counter.id, at=now, status=status,
                                       reason=reason, staff_id=staff.id))
    db.session.flush()


# --- the queue at a counter -------------------------------------------------------------------

def _tier(counter: Counter, clock: dt.time) -> sa.ColumnElement[int]:
    """0: transferred here, priority, or booked and due; 1: regular; 2: booked, not yet due."""
    return sa.case(
        (Ticket.counter_id == counter.id, 0),
        (sa.and_(Ticket.window_id.is_not(None), ServiceWindow.starts <= clock), 0),
        (sa.and_(Ticket.priority.is_not(None), Ticket.window_id.is_(None)), 0),
        (Ticket.window_id.is_(None), 1),
        else_=2,
    )


@functools.cache
def visit_allows() -> sa.ColumnElement[bool]:
    """SQL, true when Ticket is not held back by its visit: no other ticket of the visit is
    called or being served, and none of the earlier steps it needs (Ticket.visit_needs, a bit
    per step) still waits. Built once: a plain expression, reused by every call."""
    other = sa.orm.aliased(Ticket, name="visit_other")
    bit = sa.literal_column("1").op("<<")(other.visit_step - 1)
    return sa.or_(Ticket.visit_id.is_(None), ~sa.exists().where(
        other.visit_id == Ticket.visit_id, other.id != Ticket.id,
        sa.or_(other.status.in_(("called", "serving")),
               sa.and_(other.status == "waiting", Ticket.visit_needs.op("&")(bit) != 0))))


def _waiting_here(counter: Counter, today: dt.date, *columns) -> sa.Select:
    """Today's waiting tickets this counter may call: its services' tickets, except those
    transferred to another counter that is open and those their visit holds back."""
    served = sa.select(service_counter.c.service_id).where(
        service_counter.c.counter_id == counter.id)
    open_elsewhere = sa.select(Counter.id).where(Counter.status == "open",
                                                 Counter.id != counter.id)
    return (sa.select(Ticket, *columns)
            .outerjoin(ServiceWindow, ServiceWindow.id == Ticket.window_id)
            .where(Ticket.site_id == counter.site_id, Ticket.day == today,
                   Ticket.status == "waiting", Ticket.service_id.in_(served), visit_allows(),
                   sa.or_(Ticket.counter_id.is_(None), Ticket.counter_id == counter.id,
                          Ticket.counter_id.not_in(open_elsewhere))))


def waiting_tickets(counter: Counter, *, now: dt.datetime | None = None) -> sa.Select:
    """A select of the tickets waiting for this counter, in calling order (without the
    interleaving turn): for `db.paginate` on the console."""
    here = dates.site_now(counter.site, now)
    today, clock = here.date(), dates.wall_clock(here)
    return _waiting_here(counter, today).order_by(_tier(counter, clock), Ticket.sequence,
                                                  Ticket.id)


def current_tickets(counter: Counter, *, now: dt.datetime | None = None) -> list[Ticket]:
    """Today's tickets called to or being served at this counter (normally at most one)."""
    today = dates.site_today(counter.site, now)
    return list(db.session.scalars(
        sa.select(Ticket).where(Ticket.counter_id == counter.id, Ticket.day == today,
                                Ticket.status.in_(("called", "serving")))
        .order_by(Ticket.called_at, Ticket.id)))


def _regular_turn(counter: Counter, today: dt.date, streak: int) -> bool:
    """Whether the last `streak` first calls at this counter today were all non-regular."""
    if streak <= 0:
        return False
    notes = list(db.session.scalars(
        sa.select(TicketEvent.note).join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(TicketEvent.counter_id == counter.id, TicketEvent.from_status == "waiting",
               TicketEvent.to_status == "called", Ticket.day == today)
        .order_by(TicketEvent.id.desc()).limit(streak)))
    return len(notes) == streak and all(note in NON_REGULAR_CALLS for note in notes)


def _call_kind(ticket: Ticket, starts: dt.time | None, counter: Counter,
               clock: dt.time) -> str:
    if ticket.counter_id == counter.id:
        return "transfer"
    if ticket.window_id is not None and starts is not None and starts > clock:
        return "early"
    if ticket.priority:
        return "priority"
    return "booked" if ticket.window_id is not None else "regular"


def call_next(counter: Counter, staff: StaffUser, *, now: dt.datetime | None = None,
              streak: int) -> Ticket | None:
    """Call the next ticket to this counter; None when nobody waits. COMMITS on success.

    Refuses when the counter is not open, or still has a called or served ticket today (the
    officer finishes it, marks it absent or returns it to the queue first)."""
    _authorize_counter(counter, staff)
    status = db.session.scalar(sa.select(Counter.status).where(Counter.id == counter.id))
    if status != "open":
        raise CallError("counter_not_open", _l("Buka gerai dulu sebelum memanggil antrean."))
    here = dates.site_now(counter.site, now)
    today, clock = here.date(), dates.wall_clock(here)
    busy = current_tickets(counter, now=now)
    if busy:
        raise CallError("busy", _l("Tiket %(number)s masih aktif di gerai ini. Selesaikan, "
                                   "tandai tidak hadir, atau kembalikan ke antrean dulu.",
                                   number=busy[0].number))
    tier = _tier(counter, clock)
    if _regular_turn(counter, today, streak):
        order = sa.case((tier == 1, 0), (tier == 0, 1), else_=2)
    else:
        order = tier
    query = (_waiting_here(counter, today, ServiceWindow.starts)
             .order_by(order, Ticket.sequence, Ticket.id)
             .limit(CANDIDATES_PER_ROUND)
             .execution_options(populate_existing=True))
    while True:
        candidates = db.session.execute(query).all()
        if not candidates:
            db.session.commit()  # ends the transaction a lost race opened (SQLite's lock)
            return None
        for ticket, starts in candidates:
            kind = _call_kind(ticket, starts, counter, clock)
            rule = None
            if ticket.visit_id is not None:  # one counter at a time for the visitor
                # SKIP LOCKED: another counter is calling a ticket of this visit right now;
                # waiting for it while holding another visit's lock could close a circle.
                locked = db.session.scalar(sa.select(Visit.id).where(
                    Visit.id == ticket.visit_id).with_for_update(skip_locked=True))
                if locked is None:
                    continue
                rule = visit_allows()
            at = dates.now()
            won = transition(ticket, ("waiting",), "called", staff, counter_id=counter.id,
                             note=kind, call_count=Ticket.call_count + 1, called_at=at,
                             assigned_counter_id=counter.id, condition=rule)
            if won:
                _called_event(ticket, counter, at)
                db.session.commit()
                return ticket
        # Every candidate of this round went to someone else: look again.


# --- acting on the current ticket -------------------------------------------------------------

_KEEP = object()


def _move(ticket: Ticket, from_statuses: tuple[str, ...], to_status: str, staff: StaffUser,
          counter: Counter | None, refusal: object, note: str = "",
          assign_counter: object = _KEEP, **values: object) -> None:
    """A conditional status change recorded at `counter`; `assign_counter` (a counter id or
    None) also moves the ticket to another counter or frees it."""
    if assign_counter is not _KEEP:
        values["assigned_counter_id"] = assign_counter
    if ticket.status not in from_statuses or not transition(
            ticket, from_statuses, to_status, staff,
            counter_id=counter.id if counter else None, note=note, **values):
        raise CallError("wrong_status", refusal)
    db.session.flush()


def recall(ticket: Ticket, counter: Counter, staff: StaffUser) -> None:
    """Call the same ticket again (counts towards the no-show threshold). Flushes only."""
    _ticket_at_counter(ticket, counter, staff)
    if counter.status != "open":
        raise CallError("counter_not_open", _l("Buka gerai dulu sebelum memanggil antrean."))
    at = dates.now()
    _move(ticket, ("called",), "called", staff, counter,
          _l("Hanya tiket yang sedang dipanggil yang bisa dipanggil ulang."), note="recall",
          call_count=Ticket.call_count + 1, called_at=at)
    _called_event(ticket, counter, at)


def _called_event(ticket: Ticket, counter: Counter, at: dt.datetime) -> None:
    """"Called now, go to counter 5" for those who follow the ticket (same transaction)."""
    ticket_event(ticket, "ticket.called", at.isoformat(), counter=counter.label)


def start_service(ticket: Ticket, counter: Counter, staff: StaffUser) -> None:
    """The visitor came to the counter: service starts (served_at). Flushes only."""
    _ticket_at_counter(ticket, counter, staff)
    _move(ticket, ("called",), "serving", staff, counter,
          _l("Hanya tiket yang sudah dipanggil yang bisa mulai dilayani."), served_at=dates.now())


def finish(ticket: Ticket, counter: Counter, staff: StaffUser) -> None:
    """Service done (finished_at). Flushes only."""
    _ticket_at_counter(ticket, counter, staff)
    _move(ticket, ("serving",), "done", staff, counter,
          _l("Mulai layanan dulu sebelum menandai selesai."), finished_at=dates.now())


def mark_no_show(ticket: Ticket, counter: Counter, staff: StaffUser, *, min_calls: int) -> None:
    """The visitor did not come after at least `min_calls` calls. Flushes only."""
    _ticket_at_counter(ticket, counter, staff)
    if ticket.status == "called" and ticket.call_count < min_calls:
        raise CallError("too_few_calls", _l(
            "Tiket baru dipanggil %(count)s kali. Tandai tidak hadir setelah dipanggil "
            "%(min)s kali.", count=ticket.call_count, min=min_calls))
    _move(ticket, ("called",), "no_show", staff, counter,
          _l("Hanya tiket yang sedang dipanggil yang bisa ditandai tidak hadir."),
          finished_at=dates.now())


def return_to_waiting(ticket: Ticket, counter: Counter, staff: StaffUser) -> None:
    """Put a called or served ticket back in the queue, free for any counter. Flushes only."""
    _ticket_at_counter(ticket, counter, staff)
    _move(ticket, ("called", "serving"), "waiting", staff, counter,
          _l("Tiket ini tidak bisa dikembalikan ke antrean."), note="return",
          assign_counter=None, call_count=0, served_at=None)


def transfer(ticket: Ticket, staff: StaffUser, *, service: Service | None = None,
             counter: Counter | None = None) -> None:
    """Send a ticket to another service of the same site and/or to a counter that serves it.
    The ticket keeps its number and goes back to "waiting"; a target counter calls it first.
    The event's note says from where to where. Flushes only."""
    if not may_act_on_ticket(ticket, staff):
        raise _forbidden()
    if ticket.status not in ACTIVE_STATUSES:
        raise CallError("wrong_status", _l("Tiket yang sudah selesai atau dibatalkan tidak "
                                           "bisa dipindahkan."))
    old_service = ticket.service
    target = service or old_service
    if target.site_id != ticket.site_id or not target.active or not target.bookable:
        raise CallError("bad_service", _l("Layanan tujuan tidak ada atau tidak menerima "
                                          "antrean di MPP ini."))
    if not target.counters:
        raise CallError("bad_service", _l("Layanan tujuan belum punya gerai."))
    if counter is not None and (counter.site_id != ticket.site_id
                                or counter.id not in {c.id for c in target.counters}):
        raise CallError("bad_counter", _l("Gerai tujuan tidak melayani layanan ini."))
    if target.id == old_service.id and (counter is None or counter.id == ticket.counter_id):
        raise CallError("nothing_to_transfer", _l("Pilih layanan atau gerai tujuan yang lain."))
    from_counter = ticket.counter
    parts = []
    if target.id != old_service.id:
        parts.append(f"layanan {old_service.slug} → {target.slug}")
    if counter is not None:
        parts.append(f"gerai {from_counter.label if from_counter else '-'} → {counter.label}")
    _move(ticket, ACTIVE_STATUSES, "waiting", staff, from_counter,
          _l("Tiket yang sudah selesai atau dibatalkan tidak bisa dipindahkan."),
          note="transfer: " + "; ".join(parts), service_id=target.id, call_count=0,
          served_at=None,
          assign_counter=counter.id if counter else None)
    db.session.expire(ticket)
    ticket_event(ticket, "ticket.moved", dates.now().isoformat(), service=target.slug,
                 counter=counter.label if counter else None)


def check_in(ticket: Ticket, staff: StaffUser) -> None:
    """The visitor is at the MPP (an officer scanned their QR code): sets checked_in_at once
    and records it as an event. A second check-in changes nothing. Flushes only."""
    if not may_act_on_ticket(ticket, staff):
        raise _forbidden()
    if ticket.status not in ACTIVE_STATUSES:
        raise CallError("inactive", _l("Tiket ini sudah tidak aktif."))
    today = dates.site_today(ticket.site)
    if ticket.day != today:
        raise CallError("not_today", _l("Tiket ini untuk tanggal lain, bukan hari ini."))
    if ticket.checked_in_at is not None:
        return
    result = db.session.execute(
        sa.update(Ticket).where(Ticket.id == ticket.id, Ticket.checked_in_at.is_(None),
                                Ticket.status.in_(ACTIVE_STATUSES))
        .values(checked_in_at=dates.now()).execution_options(synchronize_session=False))
    if result.rowcount == 1:
        db.session.add(TicketEvent(ticket_id=ticket.id, from_status=ticket.status,
                                   to_status=ticket.status, at=dates.now(), staff_id=staff.id,
                                   counter_id=None, note="check-in"))
    db.session.flush()
    db.session.expire(ticket)


# --- walk-in tickets --------------------------------------------------------------------------

def walkin_services(staff: StaffUser) -> list[Service]:
    """Services a staff member may issue walk-in tickets for: an officer their agency's,
    an admin or assistant every queued service of their site."""
    if staff.role not in WALKIN_ROLES:
        return []
    query = sa.select(Service).where(Service.site_id == staff.site_id, Service.active.is_(True),
                                     Service.availability.in_(BOOKABLE_AVAILABILITIES))
    if staff.role == "officer":
        query = query.where(Service.agency_id == staff.agency_id)
    return list(db.session.scalars(query.order_by(Service.name)))


def issue_walkin(staff: StaffUser, service: Service, *, name: str, idempotency_key: str,
                 secret: str, priority: str | None = None, phone: str = "", nik: str = "",
                 now: dt.datetime | None = None) -> tuple[Ticket, bool]:
    """A ticket for today taken at the MPP, with the same numbering as online booking.
    Channel "walkin", or "assisted" when an assistant issues it. Where the service has time
    windows, the current one (or the next with room) is taken. COMMITS (issue_ticket does).
    Raises CallError("forbidden") or BookingError."""
    if service.id not in {s.id for s in walkin_services(staff)}:
        raise _forbidden()
    site = service.site
    here = dates.site_now(site, now)
    today, clock = here.date(), dates.wall_clock(here)
    assisted = staff.role == "assistant"
    request = BookingRequest(
        site=site, service=service, day=today, name=name, idempotency_key=idempotency_key,
        priority=priority or None, phone=phone, nik=nik,
        channel="assisted" if assisted else "walkin",
        booked_by=None if assisted else staff, assisted_by=staff if assisted else None,
        now=now)
    return issue_at_the_mpp(request, secret=secret, clock=clock)


def service_choices(site_id: int) -> list[Service]:
    """Queued services of a site that have a counter: the targets of a transfer."""
    services = db.session.scalars(
        sa.select(Service).where(Service.site_id == site_id, Service.active.is_(True),
                                 Service.availability.in_(BOOKABLE_AVAILABILITIES))
        .order_by(Service.name))
    return [s for s in services if s.counters]


def counter_choices(site_id: int) -> list[Counter]:
    return list(db.session.scalars(sa.select(Counter).where(Counter.site_id == site_id)
                                   .order_by(Counter.position, Counter.id)))


def status_reason_text(choice_label: object | None, free_text: str) -> str:
    """The stored reason: the chosen common reason (always in Indonesian, the record's
    language) and the officer's own words."""
    free_text = " ".join((free_text or "").split())
    if choice_label is None:
        return free_text
    with in_language("id"):
        label = str(choice_label)
    return f"{label}: {free_text}" if free_text else label
