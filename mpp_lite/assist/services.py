"""Rules of assisted mode (petugas pendamping), without Flask requests.

The walk through the requirements keeps its answers in the URL (`?j=yyn`: one letter per
question, y = the visitor has it, n = not). Answering changes nothing on the server, so every
screen is a plain GET link that works without JavaScript, and Back is simply one letter less.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..catalog.hours import local_now
from ..extensions import db
from ..models import Requirement, Service, Site, StaffUser, Ticket
from ..templating import group_alternatives

ANSWERS = ("y", "n")
# "biasa": an assisted visitor who is not in a priority group still gets a (regular) ticket.
REGULAR = "biasa"
# The name stored when the assistant leaves it empty: in Indonesian, the records' language.
DEFAULT_NAMES = {
    "lansia": "Pengunjung lansia",
    "disabilitas": "Pengunjung disabilitas",
    "hamil": "Pengunjung ibu hamil",
    "anak": "Pengunjung anak",
    REGULAR: "Pengunjung",
}
SHORT_LIST_SIZE = 8
POPULAR_DAYS = 30


def questions(service: Service) -> list[list[Requirement]]:
    """One question per requirement; alternatives (same alt_group) make one question."""
    return group_alternatives(service.requirements)


def clean_answers(raw: str | None, count: int) -> str:
    """The valid answers in `raw`: letters y/n only, at most one per question. Whatever
    follows the first invalid letter is dropped (the walk resumes from there)."""
    answers = []
    for letter in (raw or "")[:count]:
        if letter not in ANSWERS:
            break
        answers.append(letter)
    return "".join(answers)


@dataclass(frozen=True)
class Answered:
    group: list[Requirement]
    has_it: bool

    @property
    def required(self) -> bool:
        """Missing it may stop the service: not optional and not only-if-something."""
        return not all(r.optional or r.condition for r in self.group)


@dataclass(frozen=True)
class Summary:
    complete: list[Answered]
    missing: list[Answered]

    @property
    def missing_required(self) -> list[Answered]:
        return [a for a in self.missing if a.required]

    @property
    def missing_other(self) -> list[Answered]:
        return [a for a in self.missing if not a.required]


def summarize(service: Service, answers: str) -> Summary:
    """What the visitor brought and what is missing, in the catalogue's order."""
    answered = [Answered(group, letter == "y")
                for group, letter in zip(questions(service), answers)]
    return Summary([a for a in answered if a.has_it], [a for a in answered if not a.has_it])


def site_service(site_id: int, service_id: int) -> Service | None:
    """An active service of the assistant's own site (None for another site's)."""
    return db.session.scalar(
        sa.select(Service).where(Service.id == service_id, Service.site_id == site_id,
                                 Service.active.is_(True))
        .options(selectinload(Service.requirements), selectinload(Service.counters),
                 selectinload(Service.agency)))


def short_list(site: Site, now: dt.datetime | None = None) -> list[Service]:
    """The services most asked for lately at the site (by tickets), then by name."""
    since = local_now(site.timezone, now).date() - dt.timedelta(days=POPULAR_DAYS)
    counts = (sa.select(Ticket.service_id, sa.func.count().label("n"))
              .where(Ticket.site_id == site.id, Ticket.day >= since)
              .group_by(Ticket.service_id).subquery())
    query = (sa.select(Service).outerjoin(counts, counts.c.service_id == Service.id)
             .where(Service.site_id == site.id, Service.active.is_(True))
             .options(selectinload(Service.agency))
             .order_by(sa.func.coalesce(counts.c.n, 0).desc(), Service.name)
             .limit(SHORT_LIST_SIZE))
    return list(db.session.scalars(query))


def all_services(site: Site) -> sa.Select[tuple[Service]]:
    return (sa.select(Service).where(Service.site_id == site.id, Service.active.is_(True))
            .options(selectinload(Service.agency)).order_by(Service.name))


def todays_assisted(staff: StaffUser, now: dt.datetime | None = None) -> sa.Select[tuple[Ticket]]:
    """Tickets this assistant made today (the site's local day), newest first."""
    today = local_now(staff.site.timezone, now).date()
    return (sa.select(Ticket).where(Ticket.site_id == staff.site_id, Ticket.day == today,
                                    Ticket.assisted_by_id == staff.id)
            .options(selectinload(Ticket.service))
            .order_by(Ticket.created_at.desc(), Ticket.id.desc()))


def default_name(category: str) -> str:
    return DEFAULT_NAMES.get(category, DEFAULT_NAMES[REGULAR])


def assistant_name(ticket: Ticket) -> str:
    if ticket.assisted_by_id is None:
        return ""
    staff = db.session.get(StaffUser, ticket.assisted_by_id)
    return (staff.display_name or staff.username) if staff is not None else ""
