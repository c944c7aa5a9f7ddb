"""Version numbers on the `site` row that move on by themselves whenever their tables are
written, so caches keyed by them (the search index, the offline pack) never serve stale data.

One SQLAlchemy session hook (after every flush) looks at what the flush wrote, finds the site
of each written row and adds 1 to the watched column of those sites, in the same transaction.
Editing pages, the JSON/CLI import and anything else writing through the ORM are covered
without remembering to "touch" anything. Bulk `insert()`/`update()`/`delete()` statements
bypass the ORM's unit of work and are not seen: code using them on watched tables moves the
versions on itself (`moved_by`, `move_on`; the catalogue import does).

A new (tables -> column) pair is one `watch(...)` line at the bottom of this module, plus the
integer column on `site` and its migration. `on_commit` tells a listener which sites' versions a
committed transaction moved on.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session, object_mapper

BOOKKEEPING = frozenset({"created_at", "updated_at"})  # written by every change: never counts


@dataclass(frozen=True)
class Watch:
    column: str                               # the integer column of `site` that moves on
    tables: frozenset[str]                    # tables whose writes move it
    ignore: dict[str, frozenset[str]] = field(default_factory=dict)  # table → attrs that don't
    only: dict[str, frozenset[str]] = field(default_factory=dict)    # table → the attrs that do

    def counts(self, table: str, changed: set[str]) -> bool:
        """Whether an update of these attributes of a `table` row moves the version."""
        changed = changed - BOOKKEEPING - self.ignore.get(table, frozenset())
        if table in self.only:
            changed &= self.only[table]
        return bool(changed)


WATCHES: list[Watch] = []
# session.info key: the ids of the sites whose versions this transaction moved on.
MOVED = "mpp_lite.versions_moved"


def watch(column: str, tables: Iterable[str], *, ignore: dict[str, Iterable[str]] | None = None,
          only: dict[str, Iterable[str]] | None = None) -> None:
    """Move `site.<column>` on whenever a row of one of `tables` is inserted, deleted or
    updated (for an update: in an attribute that counts, see Watch.counts)."""
    WATCHES.append(Watch(column, frozenset(tables),
                         {t: frozenset(a) for t, a in (ignore or {}).items()},
                         {t: frozenset(a) for t, a in (only or {}).items()}))


def _value(obj: Any, key: str) -> Any:
    """An attribute's value as the flush saw it: current, else the one it replaced."""
    state = sa.inspect(obj)
    value = state.dict.get(key)
    if value is None:
        value = state.committed_state.get(key)
    return value if value is not sa.orm.attributes.NO_VALUE else None


def _changed_attributes(obj: Any) -> set[str]:
    state = sa.inspect(obj)
    return {attr.key for attr in state.attrs if attr.history.has_changes()}


# The tables whose rows belong to a site through a parent rather than a site_id column.
PARENTS = {"service_id": "service", "counter_id": "counter"}


def _sites_of(session: Session, rows: list[Any]) -> set[int]:
    """The ids of the sites the rows belong to."""
    sites: set[int] = set()
    if not rows:
        return sites
    wanted: dict[str, set[int]] = {}
    for obj in rows:
        table = object_mapper(obj).local_table
        if table.name == "site":
            sites.add(_value(obj, "id"))
            continue
        if "site_id" in table.c:
            sites.add(_value(obj, "site_id"))
            continue
        for key, parent in PARENTS.items():
            if key in table.c and _value(obj, key) is not None:
                wanted.setdefault(parent, set()).add(_value(obj, key))
                break
    connection = session.connection()
    for parent, ids in wanted.items():
        parent_table = sa.table(parent, sa.column("id"), sa.column("site_id"))
        sites.update(connection.execute(sa.select(parent_table.c.site_id)
                                        .where(parent_table.c.id.in_(ids))).scalars())
    sites.discard(None)  # type: ignore[arg-type]
    return sites


def _after_flush(session: Session, _context: Any) -> None:
    """Move on the watched versions of every site whose watched rows this flush wrote."""
    watched = frozenset().union(*(spec.tables for spec in WATCHES))
    written: list[tuple[Any, str, set[str] | None]] = []  # (row, table, changed attributes)
    for rows, dirty in ((session.new, False), (session.deleted, False), (session.dirty, True)):
        for obj in rows:
            table = object_mapper(obj).local_table.name
            if table in watched:
                written.append((obj, table, _changed_attributes(obj) if dirty else None))
    if not written:
        return
    for spec in WATCHES:
        sites = _sites_of(session, [obj for obj, table, changed in written
                                    if table in spec.tables
                                    and (changed is None or spec.counts(table, changed))])
        move_on(session, spec.column, sites)


def moved_by(table: str, changed: set[str] | None = None) -> list[str]:
    """The version columns a write of `table` rows moves on (`changed`: the attributes an
    update changed; None for an insert or a delete), for writes the flush hook does not see."""
    return [spec.column for spec in WATCHES
            if table in spec.tables and (changed is None or spec.counts(table, changed))]


def move_on(session: Session, column: str, site_ids: Iterable[int]) -> None:
    """Add 1 to `site.<column>` of these sites in the session's transaction, as the flush hook
    does: for Core bulk statements, which it does not see (the catalogue import)."""
    ids = sorted(set(site_ids))
    if not ids:
        return
    session.info.setdefault(MOVED, set()).update(ids)
    site = sa.table("site", sa.column("id"), sa.column(column))
    session.connection().execute(sa.update(site).where(site.c.id.in_(ids))
                                 .values({column: site.c[column] + 1}))


_commit_listeners: list[Callable[[set[int]], None]] = []


def on_commit(listener: Callable[[set[int]], None]) -> None:
    """Call `listener(site_ids)` after each commit that moved a version on (once per listener):
    a per-worker memo of the versions (web/pagecache.py) forgets them at once in the worker
    that made the change, instead of at its next refresh."""
    if listener not in _commit_listeners:
        _commit_listeners.append(listener)


def _after_commit(session: Session) -> None:
    moved = session.info.pop(MOVED, None)
    if moved:
        for listener in _commit_listeners:
            listener(moved)


def _after_rollback(session: Session) -> None:
    session.info.pop(MOVED, None)


def install() -> None:
    """Listen on every session (once, however often the app is created)."""
    for name, listener in (("after_flush", _after_flush), ("after_commit", _after_commit),
                           ("after_rollback", _after_rollback)):
        if not sa.event.contains(Session, name, listener):
            sa.event.listen(Session, name, listener)


# A written service_counter link shows as a change of Service.counters (the "service" row).
watch("catalog_version",
      ("site", "site_hours", "closed_date", "agency", "counter", "counter_hours", "service",
       "requirement", "step", "service_window"),
      ignore={"site": {"catalog_version", "counters_version", "notices_version"},
              # an officer opening or closing a counter is its status, not the catalogue
              "counter": {"status", "status_since", "status_reason"}})
# An officer opening, pausing or closing a counter (calling.set_counter_status writes the
# counter through the ORM; a new or deleted counter also moves the catalogue version).
watch("counters_version", ("counter",),
      only={"counter": {"status", "status_since", "status_reason"}})
# Announcements created, edited or ended early (their start and end by the clock are not
# writes: pages cached with them expire at the next start or end, web/pagecache.py).
watch("notices_version", ("announcement",))
# A counter declared closed for a day (queue/closures.py) closes its services that day in the
# booking calendar, which is memoised per catalogue version.
watch("catalog_version", ("counter_closure",))
