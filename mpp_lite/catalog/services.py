"""Catalogue queries: the rules behind the citizen pages and the API (no request access)."""
from __future__ import annotations

import datetime as dt
import threading
import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from ..i18n import in_language
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..formatting import clean_text
from ..models import Agency, Service, Site
from .hours import HoursNow, hours_now
from .vocab import LIFE_EVENTS

if TYPE_CHECKING:
    from .search import SearchDoc, SearchIndex


def list_sites() -> list[Site]:
    return list(db.session.scalars(sa.select(Site).order_by(Site.name)))


def get_site(slug: str) -> Site:
    return db.one_or_404(sa.select(Site).filter_by(slug=slug))


def site_hours(site: Site, now: dt.datetime | None = None) -> HoursNow:
    return hours_now(site.timezone, site.hours, site.holidays(), now)


def catalogue_entries(site: Site) -> sa.Select[tuple[Service]]:
    """Every active entry: services offered at the MPP and needs handled outside it."""
    return (sa.select(Service)
            .where(Service.site_id == site.id, Service.active.is_(True))
            .options(selectinload(Service.agency))
            .order_by(Service.name))


def active_services(site: Site) -> sa.Select[tuple[Service]]:
    """The services offered at the MPP (A–Z, counts, API list): not the outside entries."""
    return catalogue_entries(site).where(Service.availability != "outside")


def outside_entries(site: Site) -> sa.Select[tuple[Service]]:
    """Needs the MPP does not handle, each saying where to go instead."""
    return catalogue_entries(site).where(Service.availability == "outside")


def get_service(site: Site, slug: str) -> Service:
    return db.one_or_404(
        sa.select(Service).where(Service.site_id == site.id, Service.slug == slug,
                                 Service.active.is_(True))
        .options(selectinload(Service.requirements), selectinload(Service.steps),
                 selectinload(Service.counters), selectinload(Service.agency)))


def get_agency(site: Site, slug: str) -> Agency:
    return db.one_or_404(sa.select(Agency).filter_by(site_id=site.id, slug=slug))


@dataclass(frozen=True)
class AgencyEntry:
    agency: Agency
    service_count: int


def agencies_with_counts(site: Site) -> list[AgencyEntry]:
    counts = dict(db.session.execute(
        sa.select(Service.agency_id, sa.func.count())
        .where(Service.site_id == site.id, Service.active.is_(True),
               Service.availability != "outside")
        .group_by(Service.agency_id)).all())
    agencies = db.session.scalars(sa.select(Agency).filter_by(site_id=site.id))
    entries = [AgencyEntry(a, counts.get(a.id, 0)) for a in agencies]
    return sorted(entries, key=lambda e: e.agency.display_name().lower())


def life_events_with_counts(site: Site) -> list[tuple[str, str, int]]:
    counts = dict.fromkeys(LIFE_EVENTS, 0)
    for events in db.session.scalars(
            sa.select(Service.life_events).where(Service.site_id == site.id,
                                                 Service.active.is_(True),
                                                 Service.availability != "outside")):
        for event in events or []:
            if event in counts:
                counts[event] += 1
    return [(slug, str(label), counts[slug]) for slug, label in LIFE_EVENTS.items()
            if counts[slug]]


def services_for_event(site: Site, event: str) -> list[Service]:
    return [s for s in db.session.scalars(active_services(site)) if event in (s.life_events or [])]


def outside_for_event(site: Site, event: str) -> list[Service]:
    """What a life event also needs from offices outside the MPP (shown apart)."""
    return [s for s in db.session.scalars(outside_entries(site))
            if event in (s.life_events or [])]


# --- search -----------------------------------------------------------------------------------

_index_cache: dict[int, tuple[tuple[object, ...], SearchIndex]] = {}
_index_lock = threading.Lock()


def catalogue_version(site: Site) -> tuple[object, ...]:
    """Changes whenever the site's catalogue is written (site.catalog_version, moved on by
    catalog/versions.py). Read with a query, so a change committed by another worker is seen;
    the site's creation time tells apart a site re-created with the same id (a new database)."""
    row = db.session.execute(sa.select(Site.catalog_version, Site.created_at)
                             .where(Site.id == site.id)).one()
    return (row[0], str(row[1]))


def _translated(record: object, field: str) -> list[str]:
    """The Indonesian text of a field followed by its text in every translated language."""
    texts = [getattr(record, field) or ""]
    for fields in (getattr(record, "translations", None) or {}).values():
        if isinstance(fields.get(field), str):
            texts.append(fields[field])
    return [t for t in texts if t]


def _document(service: Service) -> SearchDoc:
    """What the index knows of a service: the same whatever language built the index."""
    from .search import SearchDoc

    requirement_texts = " ".join(r.text for r in service.requirements)
    with in_language("id"):
        events = " ".join(str(LIFE_EVENTS[e]) for e in service.life_events or []
                          if e in LIFE_EVENTS)
    return SearchDoc(
        key=service.id,
        name=" ".join(_translated(service, "name")),
        keywords=tuple(service.keywords or ()),
        agency=" ".join(_translated(service.agency, "name") + [service.agency.short_name]),
        summary=" ".join(_translated(service, "summary")),
        extra=" ".join(filter(None, (service.product, requirement_texts, events))),
    )


def search_index(site: Site) -> SearchIndex:
    """The site's index, rebuilt only when its catalogue changed."""
    version = catalogue_version(site)
    with _index_lock:
        cached = _index_cache.get(site.id)
        if cached and cached[0] == version:
            return cached[1]
    from .search import SearchIndex

    services = db.session.scalars(
        catalogue_entries(site).options(selectinload(Service.requirements)))
    index = SearchIndex(_document(s) for s in services)
    with _index_lock:
        _index_cache[site.id] = (version, index)
    return index


@dataclass(frozen=True)
class SearchResults:
    query: str
    services: list[Service]     # found: relevant, best first (what "N layanan ditemukan" counts)
    total: int                  # len(services) before any limit
    suggestion: str | None
    others: list[Service] = dataclasses.field(default_factory=list)    # weaker: "might also fit"


def search_services(site: Site, query: str, limit: int | None = None) -> SearchResults:
    """What the catalogue has for `query`: the services found and, apart, a few that might fit.

    Only relevant matches are "found" (see catalog/search.py, `SearchIndex.find`); a weak match
    never inflates the count.
    """
    query = clean_text(query, 200)
    if not query:
        return SearchResults(query, [], 0, None)
    index = search_index(site)
    findings = index.find(query)
    found = [hit.key for hit in findings.found]
    shown = found[:limit] if limit else found
    maybe = [hit.key for hit in findings.maybe]
    by_id = {s.id: s for s in db.session.scalars(
        sa.select(Service).where(Service.id.in_(shown + maybe))
        .options(selectinload(Service.agency)))}
    services = [by_id[i] for i in shown if i in by_id]
    others = [by_id[i] for i in maybe if i in by_id]
    # Typos usually still find results; offer the corrected spelling all the same.
    suggestion = index.suggest(query)
    return SearchResults(query, services, len(found), suggestion, others)
