"""A ticket's state as plain values, read in one Core statement: the fast path of the ticket
page and the status API (issue #14).

`ticket_state(code)` reads the ticket's own columns, its site's versions, the people ahead, the
service's counters open now, when the service last finished a ticket (the key of the recent
average, queue/status.py `average_for`), whether an announcement of the site has not ended
yet and the code of the visit it belongs to, if any. No ORM entity is built.

What the answer shows of the catalogue (the site's slug and time zone, the service's slug and
name in each language, the time window's hours, the counter's label) changes only with the
site's catalogue version, so it is kept per worker as plain values keyed by (site id,
catalog_version, service id): `TicketRef` puts both together with the attribute names of a
`Ticket` (`ticket.site.slug`, `ticket.service.tr("name")`, `ticket.window.label()`…), so
`estimate()` and the API's `ticket_document()` serve either.

The values of a `TicketState` are also the key of the rendered ticket page
(queue/ticket_cache.py): equal states render equal pages.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any, NamedTuple

import sqlalchemy as sa

from .. import dates
from ..cache import app_recent
from ..extensions import db
from ..models import Announcement, Counter, Service, ServiceWindow, Site, Ticket, Visit
from ..models import format_number
from ..models.base import Translatable
from .status import DONE, Standing, average_for, standing_columns
from .tickets import plausible_code

MEMO = "mpp_lite.ticket_names"
MEMO_ENTRIES = 4096  # services (with their site's counters) kept per worker

TICKET = Ticket.__table__
SITE = Site.__table__
VISIT = Visit.__table__


class TicketState(NamedTuple):
    """One row of `ticket_state`'s statement."""
    id: int
    code: str
    site_id: int
    service_id: int
    day: dt.date
    prefix: str
    sequence: int
    window_id: int | None
    priority: str | None
    status: str
    counter_id: int | None
    catalog_version: int
    counters_version: int
    notices_version: int
    site_created_at: dt.datetime | None
    ahead: int | None
    open_counters: int | None
    last_finished: dt.datetime | None
    notices: bool
    visit_code: str | None  # the visit the ticket is part of (its page links to it)

    def live(self, default_minutes: float) -> Standing:
        """People ahead, counters open now and the recent average, as read."""
        return Standing(ahead=(self.ahead or 0) if self.status == "waiting" else 0,
                        open_counters=self.open_counters or 0,
                        average_minutes=average_for(self.service_id, self.last_finished,
                                                    default_minutes))


def ticket_state(code: str) -> TicketState | None:
    """The state of the ticket of `code` (None: no such ticket)."""
    if not plausible_code(code):
        return None
    params = {"code": code, "now": dates.now().astimezone(dt.timezone.utc)}  # SQLite: text
    session = db.session()  # the request's Session (db.session is its scoped proxy)
    if session.in_transaction():
        row = session.connection().execute(_statement(), params).first()
    else:
        # One statement on a pooled connection of its own, the session left untouched (no
        # transaction to begin and end around it). On PostgreSQL in autocommit, a snapshot of
        # its own with no BEGIN and ROLLBACK: 0.2 instead of 1.1 ms of the server's CPU for
        # this read (measured). On SQLite the driver begins nothing for a SELECT anyway, and
        # skipping the session's bookkeeping saves about a tenth of a cached ticket page.
        own = db.engine.connect()
        if own.dialect.name == "postgresql":
            own = own.execution_options(isolation_level="AUTOCOMMIT")
        with own:
            row = own.execute(_statement(), params).first()
    return TicketState(*row) if row is not None else None


@functools.cache
def _statement() -> sa.Select:
    """Built once (building costs more than running it)."""
    finished = TICKET.alias("finished")
    last_finished = (
        sa.select(sa.func.max(finished.c.finished_at))
        .where(finished.c.service_id == TICKET.c.service_id, finished.c.status == DONE,
               finished.c.served_at.is_not(None), finished.c.finished_at.is_not(None))
        .scalar_subquery())
    notices = sa.exists().where(Announcement.site_id == TICKET.c.site_id,
                                Announcement.ends_at > sa.bindparam("now"))
    ahead, open_counters = standing_columns()
    columns = [
        TICKET.c.id, TICKET.c.code, TICKET.c.site_id, TICKET.c.service_id, TICKET.c.day,
        TICKET.c.prefix, TICKET.c.sequence, TICKET.c.window_id, TICKET.c.priority,
        TICKET.c.status, TICKET.c.counter_id, SITE.c.catalog_version, SITE.c.counters_version,
        SITE.c.notices_version, SITE.c.created_at, ahead, open_counters, last_finished,
        notices.label("notices"), VISIT.c.code.label("visit_code")]
    return (sa.select(*columns).select_from(
        TICKET.join(SITE, SITE.c.id == TICKET.c.site_id)
        .outerjoin(VISIT, VISIT.c.id == TICKET.c.visit_id))
        .where(TICKET.c.code == sa.bindparam("code")))


# --- the catalogue's part, per worker --------------------------------------------------------

@dataclass(frozen=True)
class SiteRef:
    """What an estimate and the API read of a site (queue/calendar.py takes it for a Site)."""
    id: int
    slug: str
    timezone: str
    catalog_version: int


@dataclass(frozen=True)
class ServiceRef:
    id: int
    slug: str
    name: str
    translations: dict[str, dict[str, Any]]
    site: SiteRef

    tr = Translatable.tr  # the name in the reader's language, as the model gives it


@dataclass(frozen=True)
class WindowRef:
    starts: dt.time
    ends: dt.time

    label = ServiceWindow.label


@dataclass(frozen=True)
class CounterRef:
    label: str


@dataclass(frozen=True)
class _Names:
    service: ServiceRef
    windows: dict[int, WindowRef]
    counters: dict[int, CounterRef]  # every counter of the site


def site_ref(state: TicketState) -> SiteRef:
    """The ticket's site as plain values (memoised with its catalogue)."""
    return _names(state).service.site


def _names(state: TicketState) -> _Names:
    key = (state.site_id, state.catalog_version, state.service_id)
    memo = app_recent(MEMO, MEMO_ENTRIES)
    found = memo.get(key) if memo is not None else None
    if found is None:
        found = _load_names(state)
        if memo is not None and found.service.site.catalog_version == state.catalog_version:
            memo.put(key, found)
    return found


def _load_names(state: TicketState) -> _Names:
    """Read from the database (a memo miss): four small statements."""
    site = db.session.execute(sa.select(SITE.c.slug, SITE.c.timezone, SITE.c.catalog_version)
                              .where(SITE.c.id == state.site_id)).one()
    site_ref = SiteRef(state.site_id, site.slug, site.timezone, site.catalog_version)
    service = db.session.execute(sa.select(Service.slug, Service.name, Service.translations)
                                 .where(Service.id == state.service_id)).one()
    windows = {i: WindowRef(s, e) for i, s, e in db.session.execute(
        sa.select(ServiceWindow.id, ServiceWindow.starts, ServiceWindow.ends)
        .where(ServiceWindow.service_id == state.service_id))}
    counters = {i: CounterRef(label) for i, label in db.session.execute(
        sa.select(Counter.id, Counter.label).where(Counter.site_id == state.site_id))}
    return _Names(ServiceRef(state.service_id, service.slug, service.name,
                             service.translations or {}, site_ref), windows, counters)


class TicketRef:
    """A ticket's state with its catalogue names, read like a `Ticket` by estimate() and the
    API (`ticket.site.slug`, `ticket.service.tr("name")`, `ticket.window.label()`…)."""

    __slots__ = ("state", "site", "service", "window", "counter")

    def __init__(self, state: TicketState) -> None:
        names = _names(state)
        self.state = state
        self.service = names.service
        self.site = names.service.site
        self.window = names.windows.get(state.window_id) if state.window_id else None
        self.counter = names.counters.get(state.counter_id) if state.counter_id else None

    def __getattr__(self, name: str) -> Any:  # the ticket's own columns
        return getattr(self.state, name)

    @property
    def number(self) -> str:
        return format_number(self.state.prefix, self.state.sequence)
