"""One checklist for a whole visit: what to bring for all its services, each document once.

A document two services need (a KK copy for the birth certificate and for the child ID card)
is listed once, for both: copies are handed in to each service, so their numbers add up; an
original is only shown, so the largest number asked counts. The entry's number is the copies'
when copies are asked for (with the original shown as well where one is), else the originals'
(whatever the order of the services). A document an earlier step of the
visit makes (the birth certificate the family card change needs) is not to be brought: it is
listed apart, with the step that makes it. Alternatives ("one of") stay together as a group.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa

from ..extensions import db
from ..models import Requirement, Service, Ticket

HANDED_IN = ("copy", "original_and_copy")  # each service keeps its own copies


@dataclass
class ChecklistEntry:
    """A document (or a group of alternatives: bring one) and the services that need it."""

    alternatives: list[Requirement]
    for_services: list[Service] = field(default_factory=list)
    form: str = "none"
    originals: int = 0   # the most asked by one service (an original is shown, not kept)
    copies: int = 0      # all services' copies added up (each keeps its own)

    @property
    def quantity(self) -> int:
        return self.copies or self.originals or 1

    @property
    def requirement(self) -> Requirement:
        return self.alternatives[0]

    @property
    def text(self) -> str:
        return self.requirement.tr("text")

    @property
    def detail(self) -> str:
        return self.requirement.tr("detail")

    @property
    def optional(self) -> bool:
        return all(r.optional for r in self.alternatives)

    @property
    def is_choice(self) -> bool:
        return len(self.alternatives) > 1


@dataclass
class MadeHere:
    """A document the visit itself makes at an earlier step: not to be brought."""

    requirement: Requirement
    made_by: Service
    for_services: list[Service] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.requirement.tr("text")


@dataclass
class Checklist:
    entries: list[ChecklistEntry]
    made_here: list[MadeHere]

    def __len__(self) -> int:
        return len(self.entries)


def _norm(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def _merged_form(forms: set[str]) -> str:
    if len(forms) == 1:
        return next(iter(forms))
    if "original_and_copy" in forms or {"original", "copy"} <= forms:
        return "original_and_copy"
    return next(f for f in ("original", "copy", "digital", "none") if f in forms)


def requirements_of(services: Sequence[Service]) -> dict[int, list[Requirement]]:
    """Service id → its requirements in order, in one query."""
    found: dict[int, list[Requirement]] = {s.id: [] for s in services}
    for requirement in db.session.scalars(
            sa.select(Requirement).where(Requirement.service_id.in_(list(found)))
            .order_by(Requirement.service_id, Requirement.position)):
        found[requirement.service_id].append(requirement)
    return found


def _groups(requirements: list[Requirement]) -> list[list[Requirement]]:
    """A service's requirements as single documents and groups of alternatives, in order."""
    groups: list[list[Requirement]] = []
    by_group: dict[int, list[Requirement]] = {}
    for requirement in requirements:
        if requirement.alt_group is None:
            groups.append([requirement])
        elif requirement.alt_group in by_group:
            by_group[requirement.alt_group].append(requirement)
        else:
            by_group[requirement.alt_group] = [requirement]
            groups.append(by_group[requirement.alt_group])
    return groups


# A step whose ticket ended without being served makes nothing, and needs nothing brought.
NOT_SERVED = ("cancelled", "no_show")


def checklist_for_tickets(tickets: Sequence[Ticket]) -> Checklist:
    """The checklist of a visit's tickets in their order, leaving out the steps that ended
    without being served (their documents are neither needed nor made)."""
    return combined_checklist([t.service for t in tickets if t.status not in NOT_SERVED])


def combined_checklist(services: Sequence[Service]) -> Checklist:
    """The visit's checklist; `services` in the visit's order (a document made by a service
    counts as made only for the services after it)."""
    requirements = requirements_of(services)
    position = {s.slug: index for index, s in enumerate(services)}
    by_slug = {s.slug: s for s in services}
    entries: dict[tuple, ChecklistEntry] = {}
    forms: dict[tuple, set[str]] = {}
    made: dict[tuple[str, str], MadeHere] = {}
    for index, service in enumerate(services):
        for group in _groups(requirements[service.id]):
            maker = next((r for r in group if r.product_of in position
                          and position[r.product_of] < index), None)
            if maker is not None:
                key_made = (_norm(maker.text), maker.product_of)
                here = made.setdefault(key_made, MadeHere(maker, by_slug[maker.product_of]))
                here.for_services.append(service)
                continue
            key = tuple(sorted((_norm(r.text), _norm(r.condition)) for r in group))
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = ChecklistEntry(group)
                forms[key] = set()
            entry.for_services.append(service)
            first = group[0]
            forms[key].add(first.form)
            if first.form in HANDED_IN:
                entry.copies += first.quantity
                if first.form == "original_and_copy":
                    entry.originals = max(entry.originals, 1)
            else:
                entry.originals = max(entry.originals, first.quantity)
    for key, entry in entries.items():
        entry.form = _merged_form(forms[key])
    return Checklist(list(entries.values()), list(made.values()))
