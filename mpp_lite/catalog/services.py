"""Catalogue queries: the rules behind the citizen pages and the API (no request access)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload, selectinload

from ..cache import Recent, store
from ..extensions import db
from ..formatting import clean_text
from ..i18n import in_language
from ..models import Agency, Counter, Requirement, Service, Site
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
                 # each counter's hours: its warnings (closed now, not scheduled today)
                 selectinload(Service.counters).selectinload(Counter.schedule),
                 selectinload(Service.agency)))


def get_agency(site: Site, slug: str) -> Agency:
    """An agency with what its page shows: its services and its counters with their hours."""
    return db.one_or_404(
        sa.select(Agency).filter_by(site_id=site.id, slug=slug)
        .options(selectinload(Agency.services),
                 selectinload(Agency.counters).selectinload(Counter.schedule)))


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
# Each worker keeps the indexes of the sites searched last (an LRU of SEARCH_INDEX_CACHE_SITES
# entries, about 3.2 MB each for 150 services once searched: README "Performance"), each under
# the catalogue version it was built from. A missing index is built from two Core queries of just
# the columns it reads (no ORM objects); with a shared cache (Redis) the first worker to build it
# leaves a copy there, under the site, its catalogue version and the analyser, and the other
# workers and servers load that instead of analysing the texts again.

# How long an unused shared copy stays: a copy is never stale (its key names the catalogue
# version), this only lets the copies of past versions go.
SHARED_INDEX_SECONDS = 24 * 3600

# site id → (catalogue version, index); bounded by SEARCH_INDEX_CACHE_SITES (read per put).
_index_cache = Recent(1)


def catalogue_version(site: Site) -> tuple[object, ...]:
    """Changes whenever the site's catalogue is written (site.catalog_version, moved on by
    catalog/versions.py). Read with a query, so a change committed by another worker is seen;
    the site's creation time tells apart a site re-created with the same id (a new database)."""
    row = db.session.execute(sa.select(Site.catalog_version, Site.created_at)
                             .where(Site.id == site.id)).one()
    return (row[0], str(row[1]))


def _translated(text: str | None, translations: dict | None, field: str) -> list[str]:
    """The Indonesian text of a field followed by its text in every translated language."""
    texts = [text or ""]
    for fields in (translations or {}).values():
        if isinstance(fields, dict) and isinstance(fields.get(field), str):
            texts.append(fields[field])
    return [t for t in texts if t]


def _document(row: sa.Row, requirement_texts: list[str], event_labels: dict[str, str]
              ) -> SearchDoc:
    """What the index knows of a service (a row of `_document_rows`): the same whatever
    language built the index."""
    from .search import SearchDoc

    events = " ".join(event_labels[e] for e in row.life_events or [] if e in event_labels)
    return SearchDoc(
        key=row.id,
        name=" ".join(_translated(row.name, row.translations, "name")),
        keywords=tuple(row.keywords or ()),
        agency=" ".join(_translated(row.agency_name, row.agency_translations, "name")
                        + [row.agency_short_name or ""]),
        summary=" ".join(_translated(row.summary, row.translations, "summary")),
        extra=" ".join(filter(None, (row.product, " ".join(requirement_texts), events))),
    )


def _document_rows(site: Site) -> sa.Select:
    """The columns the index reads of every catalogue entry (see catalogue_entries), by name."""
    return (sa.select(Service.id, Service.name, Service.translations, Service.keywords,
                      Service.summary, Service.product, Service.life_events,
                      Agency.name.label("agency_name"),
                      Agency.translations.label("agency_translations"),
                      Agency.short_name.label("agency_short_name"))
            .join(Agency, Agency.id == Service.agency_id)
            .where(Service.site_id == site.id, Service.active.is_(True))
            .order_by(Service.name, Service.id))


def _requirement_texts(site: Site) -> dict[int, list[str]]:
    """Each active service's requirement texts, in their order."""
    texts: dict[int, list[str]] = {}
    for service_id, text in db.session.execute(
            sa.select(Requirement.service_id, Requirement.text)
            .join(Service, Service.id == Requirement.service_id)
            .where(Service.site_id == site.id, Service.active.is_(True))
            .order_by(Requirement.service_id, Requirement.position)):
        texts.setdefault(service_id, []).append(text)
    return texts


def search_documents(site: Site) -> list[SearchDoc]:
    """What the index knows of each catalogue entry, in the index's order (two Core queries,
    no ORM objects)."""
    requirements = _requirement_texts(site)
    with in_language("id"):
        event_labels = {slug: str(label) for slug, label in LIFE_EVENTS.items()}
    return [_document(row, requirements.get(row.id, []), event_labels)
            for row in db.session.execute(_document_rows(site))]


def build_search_index(site: Site) -> SearchIndex:
    """The site's index, built afresh."""
    from .search import SearchIndex

    return SearchIndex(search_documents(site))


def search_index(site: Site) -> SearchIndex:
    """The site's index, rebuilt only when its catalogue changed (kept in a per-worker LRU)."""
    version = catalogue_version(site)
    cached = _index_cache.get(site.id)
    if cached and cached[0] == version:
        return cached[1]
    index = _shared_index(site, version)
    _keep_index(site.id, version, index)
    return index


def _shared_index(site: Site, version: tuple[object, ...]) -> SearchIndex:
    """The index from the shared cache, or built (and left there for the other workers).
    Without a shared cache it is simply built: a copy in this worker's own memory store would
    only double what the LRU above holds."""
    from .search import ANALYSER, SearchIndex

    shared = store()
    if not shared.shared:
        return build_search_index(site)
    stamp = hashlib.sha256(repr(version).encode()).hexdigest()[:16]
    key = f"search-index:{ANALYSER}:{site.id}:{stamp}"
    saved = shared.get(key)
    if saved is not None:
        try:
            return SearchIndex.loads(zlib.decompress(saved))
        except (ValueError, zlib.error):
            pass    # damaged or foreign: rebuilt and replaced below
    index = build_search_index(site)
    shared.set(key, zlib.compress(index.dumps(), 1), SHARED_INDEX_SECONDS)
    return index


def _keep_index(site_id: int, version: tuple[object, ...], index: SearchIndex) -> None:
    """Remember `index`, forgetting the least recently searched sites beyond the bound."""
    size = max(1, int(current_app.config.get("SEARCH_INDEX_CACHE_SITES") or 1))
    _index_cache.put(site_id, (version, index), max_entries=size)


@dataclass(frozen=True)
class SearchResults:
    query: str
    services: list[Service]     # found, best first: the page asked for (all when no limit)
    total: int                  # how many were found ("N layanan ditemukan"), on every page
    suggestion: str | None
    others: list[Service] = dataclasses.field(default_factory=list)    # weaker: "might also fit"
    page: int = 1               # the page shown, 1 when not paged
    pages: int = 1              # how many pages the found services fill


def search_services(site: Site, query: str, limit: int | None = None,
                    page: int = 1) -> SearchResults:
    """What the catalogue has for `query`: the services found and, apart, a few that might fit.

    Only relevant matches are "found" (see catalog/search.py, `SearchIndex.find`); a weak match
    never inflates the count. With `limit`, the found services come `limit` to a page and only
    page `page` (past the last: the last) is loaded; the weaker ones come with the last page.
    One statement loads what is shown, with the agencies.
    """
    query = clean_text(query, 200)
    if not query:
        return SearchResults(query, [], 0, None)
    index = search_index(site)
    findings = index.find(query)
    found = [hit.key for hit in findings.found]
    pages = max(1, math.ceil(len(found) / limit)) if limit else 1
    page = min(max(1, page), pages)
    shown = found[(page - 1) * limit: page * limit] if limit else found
    maybe = [hit.key for hit in findings.maybe] if page == pages else []
    by_id = _services_by_id(shown + maybe)
    services = [by_id[i] for i in shown if i in by_id]
    others = [by_id[i] for i in maybe if i in by_id]
    # Typos usually still find results; offer the corrected spelling all the same.
    suggestion = index.suggest(query)
    return SearchResults(query, services, len(found), suggestion, others, page, pages)


def _services_by_id(ids: list[int]) -> dict[int, Service]:
    """The services with these ids and their agencies, in one statement."""
    if not ids:
        return {}
    return {s.id: s for s in db.session.scalars(
        sa.select(Service).where(Service.id.in_(ids)).options(joinedload(Service.agency)))}
