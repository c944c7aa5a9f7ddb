"""Read-side rules of a visit: the services its form offers, the days they share, each
ticket's standing and "where to go next"; and cancelling what still waits. No request access."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa

from ..catalog import services as catalog
from ..extensions import db
from ..models import MAX_VISIT_SERVICES, Service, Site, Ticket, TicketMove, Visit
from ..queue.presenters import day_choices
from ..queue.status import DONE, Standing, average_for, standing_columns
from ..queue.tickets import cancel_ticket, can_cancel, plausible_code
from .booking import visit_with_tickets
from .checklist import Checklist, checklist_for_tickets
from .planning import prerequisites

SEARCH_RESULTS = 6    # services a search on the visit form offers (the page stays small)
HELD = ("called", "serving")   # a ticket at a counter holds the visit's other tickets back


# --- the form -------------------------------------------------------------------------------

@dataclass
class Offer:
    """What the visit form shows: the chosen services (ticked) and others to tick (the life
    event's, a search's); `searched`: a search was made (its results may be none)."""

    chosen: list[Service]
    others: list[Service]
    searched: bool = False


def bookable_by_slug(site: Site, slugs: list[str]) -> list[Service]:
    """The site's active, bookable services of these slugs, in the order given, once each."""
    wanted = list(dict.fromkeys(s for s in slugs if s))[:20]
    if not wanted:
        return []
    found = {s.slug: s for s in db.session.scalars(sa.select(Service).where(
        Service.site_id == site.id, Service.slug.in_(wanted), Service.active.is_(True)))}
    return [found[s] for s in wanted if s in found and found[s].bookable]


def event_services(site: Site, event: str) -> list[Service]:
    """The bookable services of a life event (A–Z), for its bundle."""
    return [s for s in catalog.services_for_event(site, event) if s.bookable]


def bundle_of(event_list: list[Service]) -> list[Service]:
    """The services a life event's "one visit" link ticks (from the event's list): its
    bookable ones when there are two to MAX_VISIT_SERVICES; when there are more, those linked
    by a document one makes and another needs (the birth certificate, the family card, the
    child ID card), which belong in one visit; none when fewer than two remain (the citizen
    then ticks what they need)."""
    bookable = [s for s in event_list if s.bookable]
    if len(bookable) > MAX_VISIT_SERVICES:
        needs = prerequisites(bookable)
        linked = {maker for needed in needs.values() for maker in needed}
        linked |= {sid for sid, needed in needs.items() if needed}
        bookable = [s for s in bookable if s.id in linked][:MAX_VISIT_SERVICES]
    return bookable if len(bookable) >= 2 else []


def offer(site: Site, slugs: list[str], event: str = "", query: str = "") -> Offer:
    """The services of the visit form: those in the address (`?layanan=`) ticked; the life
    event's other bookable services and a search's bookable results to tick."""
    chosen = bookable_by_slug(site, slugs)
    others: list[Service] = []
    if event:
        others += event_services(site, event)
    if query:
        others += [s for s in catalog.search_services(site, query, limit=SEARCH_RESULTS).services
                   if s.bookable and s.site_id == site.id][:SEARCH_RESULTS]
    taken = {s.id for s in chosen}
    unique: list[Service] = []
    for service in others:
        if service.id not in taken:
            taken.add(service.id)
            unique.append(service)
    return Offer(chosen, unique, searched=bool(query))


def common_days(site: Site, services: list[Service]) -> list[tuple[str, str]]:
    """(ISO date, label) of the days every one of `services` can be booked (the single
    booking form's days, queue/presenters.py day_choices), in order."""
    if not services:
        return []
    days = day_choices(site, services[0])
    for service in services[1:]:
        open_days = {iso for iso, _label in day_choices(site, service)}
        days = [(iso, label) for iso, label in days if iso in open_days]
    return days


# --- the visit page -------------------------------------------------------------------------

def visit_by_code(code: str) -> Visit | None:
    """The visit of `code` with its tickets in order (each with service, window, counter)."""
    if not plausible_code(code):
        return None
    visit_id = db.session.scalar(sa.select(Visit.id).where(Visit.code == code))
    return visit_with_tickets(visit_id) if visit_id is not None else None


@dataclass
class Step:
    """A ticket of the visit with what its page says of it."""

    ticket: Ticket
    ahead: int | None = None                 # people ahead, while it waits
    after: list[Ticket] = field(default_factory=list)   # earlier steps it needs, still waiting
    held_by: Ticket | None = None            # the visit's ticket at a counter now
    open_counters: int = 0                   # the service's counters open now
    last_finished: dt.datetime | None = None  # when the service's last ticket finished

    @property
    def callable(self) -> bool:
        return self.ticket.status == "waiting" and not self.after and self.held_by is None

    def live(self, default_minutes: float) -> Standing:
        """The ticket's standing as read with the visit (an estimate reads nothing more; the
        service's average is kept per worker, queue/status.py average_for)."""
        return Standing(ahead=self.ahead or 0, open_counters=self.open_counters,
                        average_minutes=average_for(self.ticket.service_id, self.last_finished,
                                                    default_minutes))


@dataclass
class NextStep:
    """Where to go next: `kind` is "called" (go to the ticket's counter), "serving" (being
    served there), "next" (the waiting ticket to be called first), "waiting" (every waiting
    step waits for another) or "finished" (nothing of the visit waits any more)."""

    kind: str
    step: Step | None = None


def needed_steps(ticket: Ticket) -> set[int]:
    """The steps (1 …) whose product this ticket needs (Ticket.visit_needs, a bit mask)."""
    mask = ticket.visit_needs or 0
    return {k for k in range(1, mask.bit_length() + 1) if mask & (1 << (k - 1))}


def _service_last_finished(table: sa.Table) -> sa.ScalarSelect:
    """When the last ticket of the enclosing query's ticket's service finished (served)."""
    done = table.alias("done")
    return (sa.select(sa.func.max(done.c.finished_at))
            .where(done.c.service_id == table.c.service_id, done.c.status == DONE,
                   done.c.served_at.is_not(None), done.c.finished_at.is_not(None))
            .scalar_subquery())


def steps_of(visit: Visit) -> list[Step]:
    """The visit's tickets in order with their standing, read in one statement for all:
    people ahead, counters open, the service's last finished ticket (Step.live); the needed
    steps still waiting, the ticket at a counter holding them back. The same rule as
    calling's (queue/calling.py visit_allows)."""
    ahead_column, open_column = standing_columns()
    table = Ticket.__table__
    read = {row[0]: row[1:] for row in db.session.execute(
        sa.select(table.c.id, ahead_column, open_column, _service_last_finished(table))
        .where(table.c.visit_id == visit.id)).all()}
    by_step = {t.visit_step: t for t in visit.tickets}
    at_counter = [t for t in visit.tickets if t.status in HELD]
    steps = []
    for ticket in visit.tickets:
        step = Step(ticket)
        ahead, open_counters, last_finished = read.get(ticket.id, (0, 0, None))
        step.open_counters, step.last_finished = open_counters or 0, last_finished
        if ticket.status == "waiting":
            step.ahead = ahead or 0
            step.after = [by_step[k] for k in sorted(needed_steps(ticket))
                          if k in by_step and by_step[k].status == "waiting"]
            step.held_by = next((t for t in at_counter if t.id != ticket.id), None)
        steps.append(step)
    return steps


def moved_away(visit: Visit) -> int:
    """How many of the visit's tickets were moved to another day and so left it
    (queue/moving.py clears their visit): its tickets carry the visit's idempotency key, and a
    move from the visit's day records it. One statement; steps missing from the visit's order
    count too."""
    left = db.session.scalar(
        sa.select(sa.func.count(Ticket.id)).where(
            Ticket.site_id == visit.site_id, Ticket.idempotency_key == visit.idempotency_key,
            Ticket.visit_id.is_(None),
            sa.exists().where(TicketMove.ticket_id == Ticket.id,
                              TicketMove.from_day == visit.day))) or 0
    steps = [t.visit_step or 0 for t in visit.tickets]
    return max(left, max(steps, default=0) - len(steps))


def next_step(steps: list[Step]) -> NextStep:
    """Where the visitor goes next (see NextStep)."""
    for kind in HELD:
        found = next((s for s in steps if s.ticket.status == kind), None)
        if found is not None:
            return NextStep(kind, found)
    ready = [s for s in steps if s.callable]
    if ready:
        return NextStep("next", min(ready, key=lambda s: (s.ahead or 0, s.ticket.visit_step)))
    if any(s.ticket.status == "waiting" for s in steps):
        return NextStep("waiting")
    return NextStep("finished")


def checklist_of(visit: Visit) -> Checklist:
    """One checklist for all the visit's services, in the visit's order."""
    return checklist_for_tickets(visit.tickets)


def cancellable(visit: Visit) -> list[Ticket]:
    return [t for t in visit.tickets if can_cancel(t)]


def cancel_visit(visit: Visit) -> int:
    """Cancel every ticket of the visit that still waits (a citizen's own cancellation);
    how many were. Flushes only."""
    return sum(1 for ticket in cancellable(visit)
               if cancel_ticket(ticket, staff=None, note="citizen"))
