"""The order of a visit's services: a document one service makes and another needs (the birth
certificate before the family card before the child ID card) decides; otherwise the service
whose queue has the fewest people waiting goes first (its counter is likely free). A queue is
a prefix (services may share one), as people_ahead() counts it.

Pure rules on plain values, with one query for today's waiting counts (`waiting_counts`).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from ..extensions import db
from ..models import Requirement, Service, Ticket


@dataclass(frozen=True)
class PlannedStep:
    service: Service
    step: int                   # 1 … n, the suggested order
    needs: frozenset[int]       # the steps whose product this one needs

    @property
    def needs_mask(self) -> int:
        """Ticket.visit_needs: bit k-1 set for each step k needed."""
        return sum(1 << (k - 1) for k in self.needs)


def prerequisites(services: Sequence[Service]) -> dict[int, set[int]]:
    """Service id → the ids of the services in `services` whose product it needs, from its
    requirements' `product_of` (the slug of the service that makes the document)."""
    by_slug = {s.slug: s.id for s in services}
    ids = [s.id for s in services]
    needs: dict[int, set[int]] = {s.id: set() for s in services}
    rows = db.session.execute(
        sa.select(Requirement.service_id, Requirement.product_of)
        .where(Requirement.service_id.in_(ids), Requirement.product_of != "")).all()
    for service_id, product_of in rows:
        maker = by_slug.get(product_of)
        if maker is not None and maker != service_id:
            needs[service_id].add(maker)
    return needs


def waiting_counts(site_id: int, day: dt.date, services: Sequence[Service]) -> dict[int, int]:
    """Service id → tickets waiting on `day` in its queue (its prefix), one grouped count."""
    prefixes = {s.queue_prefix for s in services}
    rows = db.session.execute(
        sa.select(Ticket.prefix, sa.func.count())
        .where(Ticket.site_id == site_id, Ticket.day == day, Ticket.status == "waiting",
               Ticket.prefix.in_(sorted(prefixes)))
        .group_by(Ticket.prefix)).all()
    waiting = {prefix: count for prefix, count in rows}
    return {s.id: waiting.get(s.queue_prefix, 0) for s in services}


def order_steps(services: Sequence[Service], needs: dict[int, set[int]],
                rank: dict[int, int] | None = None) -> list[PlannedStep]:
    """A topological order of `services` by `needs`; among those ready at once, the lowest
    `rank` (people waiting) first, then the order given. A cycle in the catalogue's links
    (a data mistake) is broken at the best-ranked service rather than refused."""
    rank = rank or {}
    given = {s.id: index for index, s in enumerate(services)}
    pending = {s.id: s for s in services}
    unmet = {sid: set(needs.get(sid, ())) & set(pending) for sid in pending}
    placed: dict[int, int] = {}   # service id → step
    steps: list[PlannedStep] = []

    def key(sid: int) -> tuple[int, int]:
        return (rank.get(sid, 0), given[sid])

    while pending:
        ready = [sid for sid in pending if not (unmet[sid] - set(placed))]
        chosen = min(ready or pending, key=key)
        step = len(steps) + 1
        wanted = {placed[m] for m in needs.get(chosen, ()) if m in placed}
        steps.append(PlannedStep(pending.pop(chosen), step, frozenset(wanted)))
        placed[chosen] = step
    return steps


def plan_visit(site_id: int, day: dt.date, services: Sequence[Service], *,
               today: bool) -> list[PlannedStep]:
    """The visit's steps: today ordered by who waits least where nothing else decides;
    another day in the order chosen."""
    rank = waiting_counts(site_id, day, services) if today else {}
    return order_steps(services, prerequisites(services), rank)
