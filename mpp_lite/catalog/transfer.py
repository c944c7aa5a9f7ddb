"""Catalogue import and export in the JSON format of docs/catalog-format.md.

Import is all or nothing: the file is validated, references are resolved against the file and
the database, and only when nothing is wrong are the records written, in the caller's
transaction (the caller commits once). Every write moves the catalogue version on through the
session hook of catalog/versions.py (no manual bump here).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from ..dates import now
from ..extensions import db
from ..models import (
    Agency, ClosedDate, Counter, CounterHours, Requirement, Service, ServiceWindow, Site,
    SiteHours, Step,
)
from .validation import FORMAT_NAME, FORMAT_VERSION, CatalogError, validate_catalog


class CatalogImportError(Exception):
    def __init__(self, errors: list[CatalogError]):
        super().__init__(f"{len(errors)} error(s) in the catalogue")
        self.errors = errors


@dataclass
class ImportResult:
    created: dict[str, int] = field(default_factory=lambda: {
        "sites": 0, "agencies": 0, "counters": 0, "services": 0})
    updated: dict[str, int] = field(default_factory=lambda: {
        "sites": 0, "agencies": 0, "counters": 0, "services": 0})


def import_catalog(data: Any) -> ImportResult:
    """Validate, then upsert everything in `data`. Raises CatalogImportError, writing nothing."""
    errors = validate_catalog(data)
    if errors:
        raise CatalogImportError(errors)
    errors = _check_references(data)
    if errors:
        raise CatalogImportError(errors)
    result = ImportResult()
    # Lookups must not flush half-filled new rows; flushes happen at chosen points below.
    with db.session.no_autoflush:
        for site_data in data["sites"]:
            _apply_site(site_data, result)
    db.session.flush()
    return result


def _check_references(data: dict[str, Any]) -> list[CatalogError]:
    errors: list[CatalogError] = []
    for s_index, site_data in enumerate(data["sites"]):
        site = db.session.scalar(sa.select(Site).filter_by(slug=site_data["slug"]))
        agencies = {a["slug"] for a in site_data.get("agencies", [])}
        counters = {c["label"] for c in site_data.get("counters", [])}
        if site is not None:
            agencies |= set(db.session.scalars(sa.select(Agency.slug).filter_by(site_id=site.id)))
            counters |= set(db.session.scalars(
                sa.select(Counter.label).filter_by(site_id=site.id)))
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


def _time(value: str) -> dt.time:
    return dt.time.fromisoformat(value)


def _upsert(model: type, result: ImportResult, kind: str, **key: Any) -> Any:
    obj = db.session.scalar(sa.select(model).filter_by(**key))
    if obj is None:
        obj = model(**key)
        db.session.add(obj)
        result.created[kind] += 1
    else:
        result.updated[kind] += 1
    return obj


def _translations(data: dict[str, Any]) -> dict[str, Any]:
    return {locale: dict(fields) for locale, fields in (data.get("translations") or {}).items()}


def _apply_site(data: dict[str, Any], result: ImportResult) -> None:
    site = _upsert(Site, result, "sites", slug=data["slug"])
    site.name, site.regency, site.address = data["name"], data["regency"], data["address"]
    site.timezone = data["timezone"]
    site.province = data.get("province") or ""
    site.phone = data.get("phone") or ""
    site.email = data.get("email") or ""
    site.website = data.get("website") or ""
    site.facilities = list(data.get("facilities") or [])
    site.translations = _translations(data)
    if "hours" in data:
        site.hours = [SiteHours(weekday=h["weekday"], opens=_time(h["opens"]),
                                closes=_time(h["closes"])) for h in data["hours"]]
    if "closed_dates" in data:
        existing = {c.date: c for c in site.closed_dates}
        closed = []
        for item in data["closed_dates"]:
            day = dt.date.fromisoformat(item["date"])
            row = existing.get(day) or ClosedDate(date=day)
            row.reason = item.get("reason") or ""
            closed.append(row)
        site.closed_dates = closed
    db.session.flush()

    agencies: dict[str, Agency] = {}
    for item in data.get("agencies", []):
        agency = _upsert(Agency, result, "agencies", site_id=site.id, slug=item["slug"])
        agency.name, agency.kind = item["name"], item["kind"]
        for key in ("short_name", "head_office_address", "head_office_phone",
                    "head_office_hours", "website"):
            setattr(agency, key, item.get(key) or "")
        agency.translations = _translations(item)
        agencies[item["slug"]] = agency
    db.session.flush()

    def agency_id(slug: str) -> int:
        if slug in agencies:
            return agencies[slug].id
        return db.session.scalar(sa.select(Agency.id).filter_by(site_id=site.id, slug=slug))

    counters: dict[str, Counter] = {}
    for position, item in enumerate(data.get("counters", []), start=1):
        counter = _upsert(Counter, result, "counters", site_id=site.id, label=item["label"])
        counter.agency_id = agency_id(item["agency"])
        counter.position = position
        counter.floor = item.get("floor") or ""
        counter.location = item.get("location") or ""
        counter.translations = _translations(item)
        if "schedule" in item:
            counter.schedule = [CounterHours(weekday=h["weekday"], opens=_time(h["opens"]),
                                             closes=_time(h["closes"])) for h in item["schedule"]]
        counters[item["label"]] = counter
    db.session.flush()

    for item in data.get("services", []):
        service = _upsert(Service, result, "services", site_id=site.id, slug=item["slug"])
        _apply_service(service, item, agency_id(item["agency"]), site.id, counters)
    db.session.flush()


def _apply_service(service: Service, data: dict[str, Any], agency_id: int, site_id: int,
                   counters: dict[str, Counter]) -> None:
    service.agency_id = agency_id
    service.name = data["name"]
    service.summary = data.get("summary") or ""
    service.processing_time = data["processing_time"]
    service.processing_days = data.get("processing_days")
    fee = data["fee"]
    service.fee_free = fee["free"]
    service.fee_amount = None if fee["free"] else fee.get("amount")
    service.fee_note = fee.get("note") or ""
    service.fee_legal_basis = fee.get("legal_basis") or ""
    service.product = data["product"]
    service.complaint_channel = data["complaint_channel"]
    service.legal_basis = data.get("legal_basis") or ""
    service.availability = data["availability"]
    elsewhere = data.get("elsewhere") or {}
    service.elsewhere_note = elsewhere.get("note") or ""
    service.elsewhere_address = elsewhere.get("address") or ""
    service.elsewhere_place = elsewhere.get("place") or ""
    online = data.get("online") or {}
    service.online_url = online.get("url") or ""
    service.online_note = online.get("note") or ""
    service.keywords = list(data.get("keywords") or [])
    service.life_events = list(data.get("life_events") or [])
    reviewed = data.get("last_reviewed")
    service.last_reviewed = dt.date.fromisoformat(reviewed) if reviewed else None
    service.daily_quota = data.get("daily_quota")
    service.queue_prefix = data.get("queue_prefix") or "A"
    service.active = data.get("active", True)
    service.nik_required = bool(data.get("nik_required", False))
    service.one_per_person = bool(data.get("one_per_person", False))
    if "windows" in data:
        _apply_windows(service, data["windows"])
    service.translations = _translations(data)
    service.updated_at = now()  # also when only requirements or steps changed

    labels = data.get("counters") or []
    service.counters = [counters.get(label) or db.session.scalar(
        sa.select(Counter).filter_by(site_id=site_id, label=label)) for label in labels]

    # Requirements and steps are replaced whole; flush the deletes before the inserts so the
    # (service_id, position) unique constraints never see two rows at once.
    service.requirements = []
    service.steps = []
    db.session.flush()
    service.requirements = [
        Requirement(
            position=position, text=item["text"], detail=item.get("detail") or "",
            form=item.get("form") or "none", quantity=item.get("quantity") or 1,
            condition=item.get("condition") or "", optional=bool(item.get("optional")),
            alt_group=item.get("group"), source=item.get("source") or "",
            translations=_translations(item),
        )
        for position, item in enumerate(data.get("requirements") or [], start=1)
    ]
    service.steps = [
        Step(
            position=position, title=item["title"], detail=item.get("detail") or "",
            location=item.get("location") or "", actor=item.get("actor") or "",
            duration=item.get("duration") or "", cost=item.get("cost") or "",
            alt_group=item.get("group"), translations=_translations(item),
        )
        for position, item in enumerate(data.get("steps") or [], start=1)
    ]


def _apply_windows(service: Service, windows: list[dict[str, Any]]) -> None:
    """Upsert arrival windows by start time; tickets keep pointing at a window that stays."""
    db.session.flush()
    existing = {w.starts: w for w in db.session.scalars(
        sa.select(ServiceWindow).filter_by(service_id=service.id))}
    wanted = set()
    for item in windows:
        starts = _time(item["starts"])
        wanted.add(starts)
        window = existing.get(starts) or ServiceWindow(service_id=service.id, starts=starts)
        window.ends, window.capacity = _time(item["ends"]), item["capacity"]
        db.session.add(window)
    for starts, window in existing.items():
        if starts not in wanted:
            db.session.delete(window)


# --- export -----------------------------------------------------------------------------------

def _drop_empty(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in ("", None, [], {})}


def _hours(rows: list[Any]) -> list[dict[str, Any]]:
    return [{"weekday": h.weekday, "opens": f"{h.opens:%H:%M}", "closes": f"{h.closes:%H:%M}"}
            for h in rows]


def export_catalog(site_slugs: list[str] | None = None) -> dict[str, Any]:
    """The catalogue as a dict that `import_catalog` accepts and that round-trips exactly."""
    query = sa.select(Site).order_by(Site.slug)
    if site_slugs:
        query = query.where(Site.slug.in_(site_slugs))
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION,
            "sites": [_export_site(site) for site in db.session.scalars(query)]}


def _export_site(site: Site) -> dict[str, Any]:
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
    record["services"] = [_export_service(s) for s in sorted(site.services, key=lambda s: s.slug)]
    return record


def _export_service(s: Service) -> dict[str, Any]:
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
    windows = db.session.scalars(sa.select(ServiceWindow).filter_by(service_id=s.id)
                                 .order_by(ServiceWindow.starts)).all()
    if windows:
        record["windows"] = [{"starts": f"{w.starts:%H:%M}", "ends": f"{w.ends:%H:%M}",
                              "capacity": w.capacity} for w in windows]
    record["requirements"] = [_drop_empty({
        "text": r.text, "detail": r.detail, "form": None if r.form == "none" else r.form,
        "quantity": None if r.quantity == 1 else r.quantity, "condition": r.condition,
        "optional": r.optional or None, "group": r.alt_group, "source": r.source,
        "translations": r.translations,
    }) for r in s.requirements]
    record["steps"] = [_drop_empty({
        "title": t.title, "detail": t.detail, "location": t.location, "actor": t.actor,
        "duration": t.duration, "cost": t.cost, "group": t.alt_group,
        "translations": t.translations,
    }) for t in s.steps]
    return record
