"""Catalogue import and export in the JSON format of docs/catalog-format.md.

Import is all or nothing: every site of the file is validated and its references resolved
against the file and the database before anything is written; only then are the records
written, in the caller's transaction (the caller commits once).

Writing is in bulk (issue #14: 272 MPPs × 150 services). For each site a fixed handful of Core
statements reads what the database holds and writes only what differs: inserts and updates as
executemany, matched by natural keys (slug, label, date, start time); the requirements, steps,
schedule or counters of a record that changed are replaced whole. The statements per site do
not grow with its services, and importing the same file again writes nothing. Core statements
bypass the flush hook of catalog/versions.py, so the versions of each site whose catalogue
changed are moved on here, explicitly, in the same transaction.

A file is read one site at a time, twice (check, then write; `import_catalog_file`): memory is
that of one site, whatever the size of the file.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
from dataclasses import dataclass, field
from typing import IO, Any, Callable, Iterable, Iterator

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from ..dates import now
from ..extensions import db
from ..models import (
    Agency, ClosedDate, Counter, CounterHours, Requirement, Service, ServiceWindow, Site,
    SiteHours, Step,
)
from ..models.catalog import service_counter
from . import versions
from .validation import FORMAT_NAME, FORMAT_VERSION, CatalogError, FileChecker

KINDS = ("sites", "agencies", "counters", "services")


class CatalogImportError(Exception):
    def __init__(self, errors: list[CatalogError]):
        super().__init__(f"{len(errors)} error(s) in the catalogue")
        self.errors = errors


def _per_kind() -> dict[str, int]:
    return dict.fromkeys(KINDS, 0)


@dataclass
class ImportResult:
    """Records of the file by kind: `created`; `updated` (already in the database), of which
    `changed` differed from the file and were written (the rest were left untouched)."""

    created: dict[str, int] = field(default_factory=_per_kind)
    updated: dict[str, int] = field(default_factory=_per_kind)
    changed: dict[str, int] = field(default_factory=_per_kind)

    def unchanged(self, kind: str) -> int:
        return self.updated[kind] - self.changed[kind]

    def lines(self) -> list[str]:
        """The summary the CLI prints, one line per kind."""
        return [f"{kind:9} {self.created[kind]:4} created {self.updated[kind]:4} updated "
                f"({self.changed[kind]} changed, {self.unchanged(kind)} unchanged)"
                for kind in KINDS]


Events = Iterator[tuple[str, Any]]  # ("site", record) for each site in order, then ("header", …)


def import_catalog(data: Any) -> ImportResult:
    """Validate, then upsert everything in `data`. Raises CatalogImportError, writing nothing."""
    return _import(lambda: _parsed_events(data))


def import_catalog_file(stream: IO[bytes]) -> ImportResult:
    """`import_catalog` of a catalogue file (binary, seekable), read one site at a time.
    A file that is not UTF-8 JSON raises UnicodeDecodeError or json.JSONDecodeError (line and
    column in the file), as `json.loads` of its text would, before anything is written."""
    stat = os.fstat(stream.fileno()) if _has_fileno(stream) else None
    try:
        result = _import(lambda: _file_events(stream))
    except _NotStreamable:  # not a catalogue object at the top: parsed whole, as before
        stream.seek(0)
        return import_catalog(json.loads(stream.read().decode("utf-8")))
    if stat is not None and _changed_since(stream, stat):
        raise CatalogImportError([CatalogError(
            "file", "", "berkas berubah selama impor; jalankan impor sekali lagi")])
    return result


def _import(events: Callable[[], Events]) -> ImportResult:
    errors = _check(events())
    if errors:
        raise CatalogImportError(errors)
    db.session.flush()  # the session's own pending writes first, as an ORM import did
    writer = _Writer()
    for kind, item in events():
        if kind == "site":
            writer.site(item)
    return writer.finish()


def _check(events: Events) -> list[CatalogError]:
    """Every error of the file (as validate_catalog), else every unresolved reference."""
    checker, references, index = FileChecker(), [], 0
    for kind, item in events:
        if kind == "header":
            checker.header(item)
            continue
        if checker.site(item):
            references += _check_references(index, item)
        index += 1
    return checker.errors or references


def _check_references(s_index: int, site_data: dict[str, Any]) -> list[CatalogError]:
    errors: list[CatalogError] = []
    site_id = db.session.scalar(sa.select(Site.id).filter_by(slug=site_data["slug"]))
    agencies = {a["slug"] for a in site_data.get("agencies", [])}
    counters = {c["label"] for c in site_data.get("counters", [])}
    if site_id is not None:
        agencies |= set(db.session.scalars(sa.select(Agency.slug).filter_by(site_id=site_id)))
        counters |= set(db.session.scalars(sa.select(Counter.label).filter_by(site_id=site_id)))
    path = f"sites[{s_index}]"
    for c_index, counter in enumerate(site_data.get("counters", [])):
        if counter["agency"] not in agencies:
            errors.append(CatalogError(
                f"{path}.counters[{c_index}] ({counter['label']})", "agency",
                f"instansi '{counter['agency']}' tidak ada di situs ini"))
    for v_index, service in enumerate(site_data.get("services", [])):
        record = f"{path}.services[{v_index}] ({service['slug']})"
        if service["agency"] not in agencies:
            errors.append(CatalogError(record, "agency",
                                       f"instansi '{service['agency']}' tidak ada di situs ini"))
        for index, label in enumerate(service.get("counters", [])):
            if label not in counters:
                errors.append(CatalogError(record, f"counters[{index}]",
                                           f"gerai '{label}' tidak ada di situs ini"))
    return errors


# --- reading a file one site at a time ----------------------------------------------------------

class _NotStreamable(Exception):
    """The top level is not an object with one "sites" list: the file is parsed whole."""


def _has_fileno(stream: IO[bytes]) -> bool:
    try:
        stream.fileno()
    except (OSError, AttributeError, io.UnsupportedOperation):
        return False
    return True


def _changed_since(stream: IO[bytes], before: os.stat_result) -> bool:
    after = os.fstat(stream.fileno())
    return (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns)


def _parsed_events(data: Any) -> Events:
    if isinstance(data, dict) and isinstance(data.get("sites"), list):
        for site in data["sites"]:
            yield "site", site
    yield "header", data


def _file_events(stream: IO[bytes]) -> Events:
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding="utf-8")
    try:
        yield from _Scanner(text).catalogue()
    finally:
        text.detach()  # the caller's stream stays open


_SPACE = re.compile(r"[ \t\n\r]*")


class _Scanner:
    """The top level of a JSON object read piece by piece; each value is parsed by json itself
    from a buffer that grows until it holds the value whole."""

    CHUNK = 1 << 20
    DECODER = json.JSONDecoder()

    def __init__(self, text: IO[str]):
        self.text, self.buffer, self.pos, self.eof = text, "", 0, False
        self.lines, self.column = 0, 0  # newlines before the buffer; characters after the last

    def catalogue(self) -> Events:
        if self.peek() != "{":
            raise _NotStreamable
        self.pos += 1
        header: dict[str, Any] = {}
        if self.peek() == "}":
            self.pos += 1
        else:
            while True:
                if self.peek() != '"':
                    raise self.error("Expecting property name enclosed in double quotes")
                key = self.value()
                self.expect(":", "Expecting ':' delimiter")
                if key == "sites" and "sites" in header:
                    raise _NotStreamable  # json keeps the last one
                if key == "sites" and self.peek() == "[":
                    header["sites"] = []
                    yield from (("site", site) for site in self.array())
                else:
                    header[key] = self.value()
                if self.expect(",}", "Expecting ',' delimiter") == "}":
                    break
        if self.peek():
            raise self.error("Extra data")
        yield "header", header

    def array(self) -> Iterator[Any]:
        self.pos += 1
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.expect(",]", "Expecting ',' delimiter") == "]":
                return

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = self.DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as error:
                if self._more():
                    continue
                raise self.error(error.msg, error.pos) from None
            if end == len(self.buffer) and self._more():
                continue  # a number may go on in the next piece
            self.pos = end
            return value

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            self.pos = _SPACE.match(self.buffer, self.pos).end()
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._more():
                return ""

    def expect(self, chars: str, message: str) -> str:
        char = self.peek()
        if not char or char not in chars:
            raise self.error(message)
        self.pos += 1
        return char

    def _more(self) -> bool:
        """Read the next piece (at least as much as is still unread, so a long value costs
        few re-parses), dropping what was read."""
        if self.eof:
            return False
        piece = self.text.read(max(self.CHUNK, len(self.buffer) - self.pos))
        if not piece:
            self.eof = True
            return False
        done = self.buffer[:self.pos]
        newlines = done.count("\n")
        self.lines += newlines
        self.column = len(done) - done.rindex("\n") - 1 if newlines else self.column + len(done)
        self.buffer, self.pos = self.buffer[self.pos:] + piece, 0
        return True

    def error(self, message: str, pos: int | None = None) -> json.JSONDecodeError:
        """A JSONDecodeError with the line and column in the whole file."""
        pos = self.pos if pos is None else pos
        error = json.JSONDecodeError(message, self.buffer, pos)
        newlines = self.buffer.count("\n", 0, pos)
        error.lineno = self.lines + newlines + 1
        error.colno = pos - self.buffer.rindex("\n", 0, pos) if newlines \
            else self.column + pos + 1
        error.args = (f"{message}: line {error.lineno} column {error.colno}",)
        return error


# --- writing in bulk ------------------------------------------------------------------------

def _time(value: str) -> dt.time:
    return dt.time.fromisoformat(value)


def _translations(data: dict[str, Any]) -> dict[str, Any]:
    return {locale: dict(fields) for locale, fields in (data.get("translations") or {}).items()}


def _site_row(data: dict[str, Any]) -> dict[str, Any]:
    return {"name": data["name"], "regency": data["regency"], "address": data["address"],
            "timezone": data["timezone"], "province": data.get("province") or "",
            "phone": data.get("phone") or "", "email": data.get("email") or "",
            "website": data.get("website") or "",
            "facilities": list(data.get("facilities") or []),
            "translations": _translations(data)}


HOURS_ORDER = ("weekday", "opens", "closes")


def _hours_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"weekday": h["weekday"], "opens": _time(h["opens"]), "closes": _time(h["closes"])}
            for h in items]


def _agency_row(item: dict[str, Any]) -> dict[str, Any]:
    row = {"name": item["name"], "kind": item["kind"], "translations": _translations(item)}
    for key in ("short_name", "head_office_address", "head_office_phone", "head_office_hours",
                "website"):
        row[key] = item.get(key) or ""
    return row


def _counter_row(item: dict[str, Any], position: int, agency_id: int) -> dict[str, Any]:
    return {"agency_id": agency_id, "position": position, "floor": item.get("floor") or "",
            "location": item.get("location") or "", "translations": _translations(item)}


def _service_row(data: dict[str, Any], agency_id: int) -> dict[str, Any]:
    fee = data["fee"]
    elsewhere = data.get("elsewhere") or {}
    online = data.get("online") or {}
    reviewed = data.get("last_reviewed")
    return {
        "agency_id": agency_id, "name": data["name"], "summary": data.get("summary") or "",
        "processing_time": data["processing_time"],
        "processing_days": data.get("processing_days"),
        "fee_free": fee["free"], "fee_amount": None if fee["free"] else fee.get("amount"),
        "fee_note": fee.get("note") or "", "fee_legal_basis": fee.get("legal_basis") or "",
        "product": data["product"], "complaint_channel": data["complaint_channel"],
        "legal_basis": data.get("legal_basis") or "", "availability": data["availability"],
        "elsewhere_note": elsewhere.get("note") or "",
        "elsewhere_address": elsewhere.get("address") or "",
        "elsewhere_place": elsewhere.get("place") or "",
        "online_url": online.get("url") or "", "online_note": online.get("note") or "",
        "keywords": list(data.get("keywords") or []),
        "life_events": list(data.get("life_events") or []),
        "last_reviewed": dt.date.fromisoformat(reviewed) if reviewed else None,
        "daily_quota": data.get("daily_quota"), "queue_prefix": data.get("queue_prefix") or "A",
        "active": data.get("active") is not False,
        "nik_required": bool(data.get("nik_required", False)),
        "one_per_person": bool(data.get("one_per_person", False)),
        "translations": _translations(data),
    }


def _requirement_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"position": position, "text": item["text"], "detail": item.get("detail") or "",
             "form": item.get("form") or "none", "quantity": item.get("quantity") or 1,
             "condition": item.get("condition") or "", "optional": bool(item.get("optional")),
             "alt_group": item.get("group"), "source": item.get("source") or "",
             "product_of": item.get("product_of") or "", "translations": _translations(item)}
            for position, item in enumerate(items, start=1)]


def _step_rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"position": position, "title": item["title"], "detail": item.get("detail") or "",
             "location": item.get("location") or "", "actor": item.get("actor") or "",
             "duration": item.get("duration") or "", "cost": item.get("cost") or "",
             "alt_group": item.get("group"), "translations": _translations(item)}
            for position, item in enumerate(items, start=1)]


@dataclass
class _Synced:
    ids: dict[Any, int]               # natural key → id, of every row in scope and in the file
    created: set[Any]
    changed: dict[Any, set[str]]      # natural key → the columns that differed
    deleted: set[Any] = field(default_factory=set)  # with `prune`: the keys deleted


def _sync(table: sa.Table, scope: Any, key: tuple[str, ...], wanted: dict[Any, dict[str, Any]],
          fixed: dict[str, Any], prune: bool = False) -> _Synced:
    """Make the rows of `table` within `scope` (matched by the `key` columns; keys are tuples)
    hold `wanted`: insert the missing, update the differing, leave the equal, and with `prune`
    delete the ones not wanted. Five statements at most, whatever the number of rows."""
    connection = db.session.connection()
    columns = sorted({column for row in wanted.values() for column in row})
    keys = [table.c[k] for k in key]
    existing = {tuple(row[:len(key)]): row for row in connection.execute(
        sa.select(*keys, table.c.id, *(table.c[c] for c in columns)).where(scope))}
    synced = _Synced({k: row.id for k, row in existing.items()}, set(), {})
    inserts, updates = [], []
    for k, row in wanted.items():
        old = existing.get(k)
        if old is None:
            synced.created.add(k)
            inserts.append({**fixed, **dict(zip(key, k)), **row})
            continue
        differ = {c for c in columns if getattr(old, c) != row[c]}
        if differ:
            synced.changed[k] = differ
            updates.append({"row_id": old.id, **row})
    if prune:
        synced.deleted = {k for k in existing if k not in wanted}
    if synced.deleted:
        connection.execute(sa.delete(table).where(
            table.c.id.in_([existing[k].id for k in synced.deleted])))
    if updates:
        connection.execute(sa.update(table).where(table.c.id == sa.bindparam("row_id")), updates)
    if inserts:
        # executemany, then the new ids by their keys: an INSERT … RETURNING of many rows is
        # one huge statement that psycopg parses anew each time (most of an import's time)
        connection.execute(sa.insert(table), inserts)
        synced.ids = {tuple(row[:len(key)]): row.id for row in connection.execute(
            sa.select(*keys, table.c.id).where(scope))}
    return synced


def _replace(table: sa.Table, parent: str, order: tuple[str, ...],
             wanted: dict[int, list[dict[str, Any]]]) -> set[int]:
    """Make the child rows of each parent in `wanted` (parent id → rows with every column but
    the id and the parent's) equal to its list, compared in `order` (columns that tell the
    rows apart); the parents whose rows differed have theirs deleted and inserted anew.
    Returns those parents. Three statements at most, whatever the number of rows."""
    if not wanted:
        return set()
    connection = db.session.connection()
    columns = [c.name for c in table.c if c.name not in ("id", parent)]
    existing: dict[int, list[tuple[Any, ...]]] = {}
    for row in connection.execute(sa.select(table.c[parent], *(table.c[c] for c in columns))
                                  .where(table.c[parent].in_(wanted))
                                  .order_by(*(table.c[c] for c in order))):
        existing.setdefault(row[0], []).append(tuple(row[1:]))

    def ordered(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        rows = sorted(rows, key=lambda row: tuple(row[c] for c in order))
        return [tuple(row[c] for c in columns) for row in rows]

    changed = {p for p, rows in wanted.items() if ordered(rows) != existing.get(p, [])}
    if changed:
        connection.execute(sa.delete(table).where(table.c[parent].in_(changed)))
        rows = [{parent: p, **row} for p in sorted(changed) for row in wanted[p]]
        if rows:
            connection.execute(sa.insert(table), rows)
    return changed


class _Writer:
    """Writes checked sites, each with a fixed handful of statements; counts what it created,
    found and changed, and moves on the versions of the sites it changed."""

    def __init__(self) -> None:
        self.result = ImportResult()
        self.moved: dict[str, set[int]] = {}  # version column → site ids
        self.now = now()

    def finish(self) -> ImportResult:
        for column, site_ids in self.moved.items():
            versions.move_on(db.session, column, site_ids)
        db.session.expire_all()  # loaded objects show what the statements wrote
        return self.result

    def _wrote(self, site_id: int, table: str, changed: set[str] | None = None) -> None:
        for column in versions.moved_by(table, changed):
            self.moved.setdefault(column, set()).add(site_id)

    def _count(self, kind: str, synced: _Synced, wanted: Iterable[Any],
               also_changed: Iterable[Any] = ()) -> set[Any]:
        """Count the records of the file; returns the keys of those found and changed."""
        changed = (set(synced.changed) | set(also_changed)) - synced.created
        found = [k for k in wanted if k not in synced.created]
        self.result.created[kind] += len(synced.created)
        self.result.updated[kind] += len(found)
        self.result.changed[kind] += len(changed)
        return changed

    def site(self, data: dict[str, Any]) -> None:
        table = Site.__table__
        key = (data["slug"],)
        synced = _sync(table, table.c.slug == data["slug"], ("slug",), {key: _site_row(data)}, {})
        site_id = synced.ids[key]
        self._record_writes(site_id, "site", synced)
        changed = bool(synced.created or synced.changed)
        if "hours" in data and _replace(SiteHours.__table__, "site_id", HOURS_ORDER,
                                        {site_id: _hours_rows(data["hours"])}):
            self._wrote(site_id, "site_hours")
            changed = True
        if "closed_dates" in data and self._closed_dates(site_id, data["closed_dates"]):
            changed = True
        self._count("sites", synced, [key], [key] if changed else [])
        agencies = self._agencies(site_id, data.get("agencies", []))
        counters = self._counters(site_id, data.get("counters", []), agencies)
        self._services(site_id, data.get("services", []), agencies, counters)

    def _closed_dates(self, site_id: int, items: list[dict[str, Any]]) -> bool:
        table = ClosedDate.__table__
        wanted = {(dt.date.fromisoformat(i["date"]),): {"reason": i.get("reason") or ""}
                  for i in items}
        synced = _sync(table, table.c.site_id == site_id, ("date",), wanted,
                       {"site_id": site_id}, prune=True)
        self._record_writes(site_id, "closed_date", synced)
        return bool(synced.created or synced.changed or synced.deleted)

    def _agencies(self, site_id: int, items: list[dict[str, Any]]) -> dict[str, int]:
        table = Agency.__table__
        wanted = {(i["slug"],): _agency_row(i) for i in items}
        synced = _sync(table, table.c.site_id == site_id, ("slug",), wanted, {"site_id": site_id})
        self._record_writes(site_id, "agency", synced)
        self._count("agencies", synced, wanted)
        return {k[0]: id_ for k, id_ in synced.ids.items()}

    def _counters(self, site_id: int, items: list[dict[str, Any]],
                  agencies: dict[str, int]) -> dict[str, int]:
        table = Counter.__table__
        wanted = {(i["label"],): _counter_row(i, position, agencies[i["agency"]])
                  for position, i in enumerate(items, start=1)}
        synced = _sync(table, table.c.site_id == site_id, ("label",), wanted, {"site_id": site_id})
        self._record_writes(site_id, "counter", synced)
        ids = {k[0]: id_ for k, id_ in synced.ids.items()}
        schedules = {ids[i["label"]]: _hours_rows(i["schedule"]) for i in items if "schedule" in i}
        rescheduled = _replace(CounterHours.__table__, "counter_id", HOURS_ORDER, schedules)
        if rescheduled:
            self._wrote(site_id, "counter_hours")
        self._count("counters", synced, wanted,
                    [(label,) for label, id_ in ids.items() if id_ in rescheduled])
        return ids

    def _services(self, site_id: int, items: list[dict[str, Any]], agencies: dict[str, int],
                  counters: dict[str, int]) -> None:
        table = Service.__table__
        wanted = {(i["slug"],): _service_row(i, agencies[i["agency"]]) for i in items}
        synced = _sync(table, table.c.site_id == site_id, ("slug",), wanted,
                       {"site_id": site_id, "created_at": self.now, "updated_at": self.now})
        self._record_writes(site_id, "service", synced)
        ids = {k[0]: id_ for k, id_ in synced.ids.items()}
        mine = {ids[i["slug"]]: i for i in items}
        links = _replace(service_counter, "service_id", ("counter_id",), {
            service: [{"counter_id": c} for c in sorted({counters[label] for label in
                                                         item.get("counters") or []})]
            for service, item in mine.items()})
        if links:
            self._wrote(site_id, "service", {"counters"})
        requirements = _replace(Requirement.__table__, "service_id", ("position",), {
            service: _requirement_rows(item.get("requirements") or [])
            for service, item in mine.items()})
        steps = _replace(Step.__table__, "service_id", ("position",), {
            service: _step_rows(item.get("steps") or []) for service, item in mine.items()})
        for name, written in (("requirement", requirements), ("step", steps)):
            if written:
                self._wrote(site_id, name)
        windows = self._windows(site_id, {service: item["windows"]
                                          for service, item in mine.items() if "windows" in item})
        children = links | requirements | steps | windows
        changed = self._count("services", synced, wanted,
                              [(slug,) for slug, id_ in ids.items() if id_ in children])
        touched = [ids[k[0]] for k in changed]
        if touched:  # also when only its requirements, steps, counters or windows changed
            db.session.connection().execute(sa.update(table).where(table.c.id.in_(touched))
                                            .values(updated_at=self.now))

    def _windows(self, site_id: int, wanted: dict[int, list[dict[str, Any]]]) -> set[int]:
        """Upsert arrival windows by start time (tickets keep pointing at a window that stays);
        returns the services whose windows changed."""
        if not wanted:
            return set()
        table = ServiceWindow.__table__
        rows = {(service, _time(w["starts"])): {"ends": _time(w["ends"]),
                                                "capacity": w["capacity"]}
                for service, items in wanted.items() for w in items}
        synced = _sync(table, table.c.service_id.in_(wanted), ("service_id", "starts"), rows,
                       {}, prune=True)
        self._record_writes(site_id, "service_window", synced)
        return {k[0] for k in synced.created | set(synced.changed) | synced.deleted}

    def _record_writes(self, site_id: int, table: str, synced: _Synced) -> None:
        if synced.created or synced.deleted:
            self._wrote(site_id, table)
        if synced.changed:
            self._wrote(site_id, table, set().union(*synced.changed.values()))


# --- export -----------------------------------------------------------------------------------

def _drop_empty(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in ("", None, [], {})}


def _hours(rows: list[Any]) -> list[dict[str, Any]]:
    return [{"weekday": h.weekday, "opens": f"{h.opens:%H:%M}", "closes": f"{h.closes:%H:%M}"}
            for h in rows]


def export_catalog(site_slugs: list[str] | None = None) -> dict[str, Any]:
    """The catalogue as a dict that `import_catalog` accepts and that round-trips exactly."""
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION,
            "sites": list(export_sites(site_slugs))}


def write_catalog(out: IO[str], site_slugs: list[str] | None = None) -> None:
    """`json.dumps(export_catalog(…), ensure_ascii=False, indent=2)` and a newline, written one
    site at a time (the national catalogue is too big to hold whole)."""
    out.write(f'{{\n  "format": "{FORMAT_NAME}",\n  "version": {FORMAT_VERSION},\n  "sites": [')
    separator = "\n    "
    for site in export_sites(site_slugs):
        out.write(separator + json.dumps(site, ensure_ascii=False, indent=2)
                  .replace("\n", "\n    "))
        separator = ",\n    "
    out.write("]\n}\n" if separator == "\n    " else "\n  ]\n}\n")


def export_sites(site_slugs: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """Each site as `export_catalog` writes it, in slug order, loaded with all its records in
    a few queries and let go before the next."""
    query = sa.select(Site.id).order_by(Site.slug)
    if site_slugs:
        query = query.where(Site.slug.in_(site_slugs))
    for site_id in db.session.scalars(query).all():
        site = db.session.scalars(sa.select(Site).where(Site.id == site_id).options(
            selectinload(Site.hours), selectinload(Site.closed_dates),
            selectinload(Site.agencies),
            selectinload(Site.counters).selectinload(Counter.schedule),
            selectinload(Site.counters).joinedload(Counter.agency),
            selectinload(Site.services).options(
                joinedload(Service.agency), selectinload(Service.counters),
                selectinload(Service.requirements), selectinload(Service.steps)),
        )).one()
        windows: dict[int, list[ServiceWindow]] = {}
        for window in db.session.scalars(
                sa.select(ServiceWindow).join(Service, Service.id == ServiceWindow.service_id)
                .where(Service.site_id == site_id).order_by(ServiceWindow.starts)):
            windows.setdefault(window.service_id, []).append(window)
        yield _export_site(site, windows)


def _export_site(site: Site, windows: dict[int, list[ServiceWindow]]) -> dict[str, Any]:
    record = _drop_empty({
        "slug": site.slug, "name": site.name, "regency": site.regency,
        "province": site.province, "address": site.address, "timezone": site.timezone,
        "phone": site.phone, "email": site.email, "website": site.website,
        "facilities": list(site.facilities or []),
        "translations": site.translations,
    })
    record["hours"] = _hours(site.hours)
    record["closed_dates"] = [_drop_empty({"date": c.date.isoformat(), "reason": c.reason})
                              for c in site.closed_dates]
    record["agencies"] = [_drop_empty({
        "slug": a.slug, "name": a.name, "short_name": a.short_name, "kind": a.kind,
        "head_office_address": a.head_office_address, "head_office_phone": a.head_office_phone,
        "head_office_hours": a.head_office_hours, "website": a.website,
        "translations": a.translations,
    }) for a in sorted(site.agencies, key=lambda a: a.slug)]
    record["counters"] = [{**_drop_empty({
        "label": c.label, "agency": c.agency.slug, "floor": c.floor, "location": c.location,
        "translations": c.translations,
    }), "schedule": _hours(c.schedule)} for c in site.counters]
    record["services"] = [_export_service(s, windows.get(s.id, []))
                         for s in sorted(site.services, key=lambda s: s.slug)]
    return record


def _export_service(s: Service, windows: list[ServiceWindow]) -> dict[str, Any]:
    record = _drop_empty({
        "slug": s.slug, "name": s.name, "agency": s.agency.slug, "summary": s.summary,
        "counters": [c.label for c in s.counters],
        "processing_time": s.processing_time, "processing_days": s.processing_days,
        "product": s.product, "complaint_channel": s.complaint_channel,
        "legal_basis": s.legal_basis, "availability": s.availability,
        "elsewhere": _drop_empty({"place": s.elsewhere_place, "note": s.elsewhere_note,
                                  "address": s.elsewhere_address}),
        "online": _drop_empty({"url": s.online_url, "note": s.online_note}),
        "life_events": list(s.life_events or []), "keywords": list(s.keywords or []),
        "last_reviewed": s.last_reviewed.isoformat() if s.last_reviewed else None,
        "daily_quota": s.daily_quota, "queue_prefix": s.queue_prefix,
        "translations": s.translations,
    })
    record["fee"] = {"free": s.fee_free, **_drop_empty({
        "amount": s.fee_amount, "note": s.fee_note, "legal_basis": s.fee_legal_basis})}
    if not s.active:
        record["active"] = False
    for flag in ("nik_required", "one_per_person"):
        if getattr(s, flag):
            record[flag] = True
    if windows:
        record["windows"] = [{"starts": f"{w.starts:%H:%M}", "ends": f"{w.ends:%H:%M}",
                              "capacity": w.capacity} for w in windows]
    record["requirements"] = [_drop_empty({
        "text": r.text, "detail": r.detail, "form": None if r.form == "none" else r.form,
        "quantity": None if r.quantity == 1 else r.quantity, "condition": r.condition,
        "optional": r.optional or None, "group": r.alt_group, "source": r.source,
        "product_of": r.product_of, "translations": r.translations,
    }) for r in s.requirements]
    record["steps"] = [_drop_empty({
        "title": t.title, "detail": t.detail, "location": t.location, "actor": t.actor,
        "duration": t.duration, "cost": t.cost, "group": t.alt_group,
        "translations": t.translations,
    }) for t in s.steps]
    return record
