"""The audit log: who changed which record, when, with the record before and after.

`snapshot(obj)` turns a model row into a JSON-safe dict (a service includes its requirements,
steps and counters; a staff account never includes its password hash). `record(...)` adds an
AuditEntry to the session: it is committed in the same transaction as the change itself.
"""
from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from ..dates import now
from ..extensions import db
from ..models import AuditEntry, Counter, Service, Site, StaffUser

# Never written to the audit log, whatever the record.
SECRET_COLUMNS = frozenset({"password_hash"})
# Bookkeeping columns that change on every save and would only add noise to a diff.
NOISE_COLUMNS = frozenset({"updated_at", "created_at", "last_login_at", "catalog_version"})


def _json(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(v) for v in value]
    return value


def columns(obj: Any, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The row's own columns as JSON-safe values (no relationships)."""
    mapper = sa.inspect(obj).mapper
    skip = SECRET_COLUMNS | NOISE_COLUMNS | exclude
    return {attr.key: _json(getattr(obj, attr.key)) for attr in mapper.column_attrs
            if attr.key not in skip}


def _hours(rows: list[Any]) -> list[str]:
    return [f"{h.weekday} {h.opens:%H:%M}-{h.closes:%H:%M}" for h in rows]


def snapshot(obj: Any) -> dict[str, Any]:
    """What the audit log keeps of a record."""
    data = columns(obj)
    if isinstance(obj, Service):
        drop = frozenset({"id", "service_id"})
        data["requirements"] = [columns(r, drop) for r in obj.requirements]
        data["steps"] = [columns(s, drop) for s in obj.steps]
        data["counters"] = [c.label for c in obj.counters]
    elif isinstance(obj, Counter):
        data["schedule"] = _hours(obj.schedule)
    elif isinstance(obj, Site):
        data["hours"] = _hours(obj.hours)
        data["closed_dates"] = [f"{c.date.isoformat()} {c.reason}".strip()
                                for c in obj.closed_dates]
    elif isinstance(obj, StaffUser):
        assert "password_hash" not in data
    return data


def record(staff: StaffUser | None, site_id: int | None, entity: str, entity_id: int | None,
           action: str, summary: str, before: dict[str, Any] | None,
           after: dict[str, Any] | None) -> AuditEntry:
    entry = AuditEntry(at=now(), staff_id=staff.id if staff else None, site_id=site_id,
                       entity=entity, entity_id=entity_id, action=action,
                       summary=summary[:200], before=before, after=after)
    db.session.add(entry)
    return entry


@dataclass(frozen=True)
class Change:
    field: str
    before: Any
    after: Any


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[Change]:
    """The fields that differ, in a stable order (a created record: every field is new)."""
    before, after = before or {}, after or {}
    keys = list(dict.fromkeys([*before, *after]))
    return [Change(k, before.get(k), after.get(k)) for k in keys
            if before.get(k) != after.get(k)]


def entries(site_id: int, *, entity: str = "", action: str = "", staff_id: int | None = None,
            since: dt.date | None = None, until: dt.date | None = None,
            timezone: str = "UTC") -> sa.Select[tuple[AuditEntry]]:
    """The site's audit entries, newest first, filtered; dates are the site's local days."""
    from zoneinfo import ZoneInfo

    query = sa.select(AuditEntry).where(AuditEntry.site_id == site_id)
    if entity:
        query = query.where(AuditEntry.entity == entity)
    if action:
        query = query.where(AuditEntry.action == action)
    if staff_id:
        query = query.where(AuditEntry.staff_id == staff_id)
    zone = ZoneInfo(timezone)
    if since:
        query = query.where(AuditEntry.at >= dt.datetime.combine(since, dt.time(), zone))
    if until:
        query = query.where(AuditEntry.at < dt.datetime.combine(
            until + dt.timedelta(days=1), dt.time(), zone))
    return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
