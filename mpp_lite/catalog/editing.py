"""Catalogue editing rules: who may edit what, validation shared with the catalogue import,
and the writes (each with its audit entry, in the caller's transaction; nothing commits here).

Values arrive as plain dicts shaped like a record of the catalogue file
(docs/catalog-format.md), so `catalog.validation` checks a form exactly as it checks an
imported file: the two cannot disagree. The catalogue version moves on by itself when any
catalogue row is written (catalog/versions.py).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable

import sqlalchemy as sa
from flask_babel import gettext as _

from ..admin import audit
from ..dates import site_today
from ..extensions import db
from ..models import (
    Agency, Application, ClosedDate, Counter, CounterHours, Requirement, Service, Site,
    SiteHours, StaffUser, Step, Ticket,
)
from ..staff.services import FORM_ERRORS, EditError, Errors
from . import validation as rules


# --- who may edit what -----------------------------------------------------------------------

def may_edit_catalog(staff: StaffUser) -> bool:
    """Managers edit their site; officers only when allowed, and only their agency's services."""
    return staff.role == "admin" or (staff.role == "officer" and staff.can_edit_catalog
                                     and staff.agency_id is not None)


def may_edit_service(staff: StaffUser, service: Service) -> bool:
    if service.site_id != staff.site_id:
        return False
    if staff.role == "admin":
        return True
    return may_edit_catalog(staff) and service.agency_id == staff.agency_id


def editable_services(staff: StaffUser) -> sa.Select[tuple[Service]]:
    query = sa.select(Service).where(Service.site_id == staff.site_id).order_by(Service.name)
    if staff.role != "admin":
        query = query.where(Service.agency_id == (staff.agency_id if may_edit_catalog(staff)
                                                  else -1))
    return query


def _record_change(staff: StaffUser, site_id: int, entity: str, record: Any, action: str,
                   summary: str, before: dict[str, Any] | None) -> None:
    """Every catalogue change ends the same way: written (the flush moves the catalogue
    version on, so citizen pages show it at once), and an audit entry with the record before
    and after."""
    db.session.flush()
    audit.record(staff, site_id, entity, record.id, action, summary, before,
                 None if action == "delete" else audit.snapshot(record))


# --- validation shared with the import -------------------------------------------------------

_INDEX = re.compile(r"\[\d+\]")


def form_field(name: str) -> str:
    """An import error's field ("fee.amount", "keywords[2]") as a form field name."""
    return _INDEX.sub("", name).split(".translations")[0].replace(".", "_") or FORM_ERRORS


def check(validator: Callable[[list[rules.CatalogError], str, Any], None],
          record: dict[str, Any], fields: set[str] | None = None,
          rename: dict[str, str] | None = None) -> Errors:
    """Run one of the import's record validators; errors keyed by form field."""
    found: list[rules.CatalogError] = []
    validator(found, "form", record)
    errors: Errors = {}
    for error in found:
        name = (rename or {}).get(error.field) or form_field(error.field)
        if fields is not None and name not in fields:
            name = FORM_ERRORS
        errors.setdefault(name, []).append(_sentence(error.message))
    return errors


def _sentence(message: Any) -> str:
    """An import message ("wajib diisi", translated now) as a form message ("Wajib diisi.")."""
    text = str(message)
    return text[:1].upper() + text[1:] + "."


def parse_hours(texts: dict[int, str]) -> tuple[list[dict[str, Any]], Errors]:
    """{weekday: "08:00-12:00, 13:00-15:00"} → import-style hours; errors by "hours_<day>".
    Each day is checked by the import's rule (catalog/validation.py: Checker.weekly_hours)."""
    hours: list[dict[str, Any]] = []
    errors: Errors = {}
    for weekday, text in sorted(texts.items()):
        intervals = [p.strip() for p in re.split(r"[,;]", text or "") if p.strip()]
        records: list[dict[str, Any]] = []
        for part in intervals:
            bits = [b.strip().replace(".", ":") for b in re.split(r"[-–]", part)]
            if len(bits) != 2:
                errors.setdefault(f"hours_{weekday}", []).append(
                    _("Tulis jam seperti 08:00-15:00; beberapa rentang dipisah koma."))
                continue
            bits = [("0" + b) if re.fullmatch(r"\d:\d\d", b) else b for b in bits]
            records.append({"weekday": weekday, "opens": bits[0], "closes": bits[1]})
        found: list[rules.CatalogError] = []
        rules.Checker(found, "form", {"hours": records}).weekly_hours("hours")
        for error in found:
            errors.setdefault(f"hours_{weekday}", []).append(_sentence(error.message))
        if not found:
            hours.extend(records)
    return hours, errors


def hours_or_refuse(texts: dict[int, str]) -> list[dict[str, Any]]:
    """`parse_hours`, raising EditError when a day's hours are not readable."""
    hours, errors = parse_hours(texts)
    if errors:
        raise EditError(errors)
    return hours


def hours_text(rows: list[Any]) -> dict[int, str]:
    texts: dict[int, list[str]] = {d: [] for d in range(1, 8)}
    for h in rows:
        texts[h.weekday].append(f"{h.opens:%H:%M}-{h.closes:%H:%M}")
    return {d: ", ".join(v) for d, v in texts.items()}


def text_values(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The translatable texts of a record as they are now (before an edit)."""
    return {f: getattr(obj, f, None) for f in fields} if obj is not None else {}


def drop_stale_translations(obj: Any, before: dict[str, Any], fields: tuple[str, ...]) -> None:
    """Translations are not edited here: when an Indonesian text changes, its translations
    describe the old text. Drop them, so other languages show the new Indonesian text until
    someone translates it again (a wrong English text is worse than an Indonesian one)."""
    changed = {f for f in fields if f in before and before[f] != getattr(obj, f, None)}
    if not changed or not getattr(obj, "translations", None):
        return
    obj.translations = {locale: {k: v for k, v in (texts or {}).items() if k not in changed}
                        for locale, texts in obj.translations.items()}


def _time(value: str) -> dt.time:
    return dt.time.fromisoformat(value)


# --- site ------------------------------------------------------------------------------------

SITE_FIELDS = ("name", "regency", "province", "address", "phone", "email", "website",
               "facilities")


def update_site(staff: StaffUser, site: Site, data: dict[str, Any],
                hours: list[dict[str, Any]]) -> None:
    """data: the site's text fields (facilities a list); hours from `parse_hours`."""
    record = {"slug": site.slug, "timezone": site.timezone, **data, "hours": hours}
    errors = check(rules.validate_site, record, set(SITE_FIELDS))
    if errors:
        raise EditError(errors)
    before = audit.snapshot(site)
    old_texts = text_values(site, rules.SITE_TEXT)
    for key in SITE_FIELDS:
        setattr(site, key, list(data[key]) if key == "facilities" else (data.get(key) or ""))
    drop_stale_translations(site, old_texts, rules.SITE_TEXT)
    site.hours = [SiteHours(weekday=h["weekday"], opens=_time(h["opens"]),
                            closes=_time(h["closes"])) for h in hours]
    _record_change(staff, site.id, "site", site, "update", f"Situs {site.name} diubah", before)


def add_closed_date(staff: StaffUser, site: Site, day: dt.date | None, reason: str) -> ClosedDate:
    if day is None:
        raise EditError({"day": [_("Isi tanggal (format YYYY-MM-DD).")]})
    errors = check(rules.validate_closed_date, {"date": day.isoformat(), "reason": reason},
                   {"day", "reason"}, rename={"date": "day"})
    if not errors and db.session.scalar(sa.select(ClosedDate.id)
                                        .filter_by(site_id=site.id, date=day)):
        errors["day"] = [_("Tanggal ini sudah ada di daftar hari libur.")]
    if errors:
        raise EditError(errors)
    before = audit.snapshot(site)
    row = ClosedDate(site_id=site.id, date=day, reason=reason)
    db.session.add(row)
    db.session.flush()
    db.session.refresh(site, ["closed_dates"])
    _record_change(staff, site.id, "site", site, "update",
                   f"Hari libur {day.isoformat()} ditambahkan", before)
    return row


def delete_closed_date(staff: StaffUser, site: Site, row: ClosedDate) -> None:
    before = audit.snapshot(site)
    day = row.date
    db.session.delete(row)
    db.session.flush()
    db.session.refresh(site, ["closed_dates"])
    _record_change(staff, site.id, "site", site, "update",
                   f"Hari libur {day.isoformat()} dihapus", before)


# --- agencies --------------------------------------------------------------------------------

AGENCY_FIELDS = ("slug", "name", "short_name", "kind", "head_office_address",
                 "head_office_phone", "head_office_hours", "website")


def save_agency(staff: StaffUser, site: Site, agency: Agency | None,
                data: dict[str, Any]) -> Agency:
    record = {k: data.get(k) or None for k in AGENCY_FIELDS}
    errors = check(rules.validate_agency, record, set(AGENCY_FIELDS))
    taken = db.session.scalar(sa.select(Agency.id).filter_by(site_id=site.id, slug=data["slug"]))
    if taken and (agency is None or taken != agency.id):
        errors.setdefault("slug", []).append(
            _("Slug ini sudah dipakai instansi lain di situs ini."))
    if errors:
        raise EditError(errors)
    before = audit.snapshot(agency) if agency else None
    if agency is None:
        agency = Agency(site_id=site.id, translations={})
        db.session.add(agency)
    old_texts = text_values(agency, rules.AGENCY_TEXT)
    for key in AGENCY_FIELDS:
        setattr(agency, key, data.get(key) or "")
    drop_stale_translations(agency, old_texts, rules.AGENCY_TEXT)
    _record_change(staff, site.id, "agency", agency, "update" if before else "create",
                   f"Instansi {agency.name} " + ("diubah" if before else "ditambahkan"), before)
    return agency


def _count(column: Any, value: int) -> int:
    """How many rows have `column` == value (records that keep another from being deleted)."""
    return db.session.scalar(sa.select(sa.func.count()).where(column == value)) or 0


def _delete_audited(staff: StaffUser, record: Any, entity: str, summary: str,
                    blockers: int, refusal: str) -> None:
    """Delete a catalogue record unless something still depends on it (then EditError with
    `refusal`); audited, and the catalogue version moves on."""
    if blockers:
        raise EditError({FORM_ERRORS: [refusal]})
    before = audit.snapshot(record)
    db.session.delete(record)
    _record_change(staff, record.site_id, entity, record, "delete", summary, before)


def delete_agency(staff: StaffUser, agency: Agency) -> None:
    _delete_audited(
        staff, agency, "agency", f"Instansi {agency.name} dihapus",
        _count(Service.agency_id, agency.id) + _count(Counter.agency_id, agency.id),
        _("Instansi ini masih punya layanan atau gerai. Hapus atau pindahkan dulu."))


# --- counters --------------------------------------------------------------------------------

COUNTER_FIELDS = ("label", "agency", "floor", "location")


def save_counter(staff: StaffUser, site: Site, counter: Counter | None, data: dict[str, Any],
                 schedule: list[dict[str, Any]]) -> Counter:
    """data["agency"] is the agency id (int) chosen from the site's agencies."""
    agency = db.session.get(Agency, data.get("agency") or 0)
    record = {"label": data.get("label") or None, "agency": agency.slug if agency else None,
              "floor": data.get("floor") or None, "location": data.get("location") or None,
              "schedule": schedule}
    errors = check(rules.validate_counter, record, set(COUNTER_FIELDS))
    if agency is None or agency.site_id != site.id:
        errors["agency"] = [_("Pilih instansi dari daftar.")]
    taken = db.session.scalar(sa.select(Counter.id).filter_by(site_id=site.id,
                                                              label=data.get("label")))
    if taken and (counter is None or taken != counter.id):
        errors.setdefault("label", []).append(_("Nama gerai ini sudah dipakai di situs ini."))
    if errors:
        raise EditError(errors)
    before = audit.snapshot(counter) if counter else None
    if counter is None:
        position = db.session.scalar(sa.select(sa.func.max(Counter.position))
                                     .filter_by(site_id=site.id)) or 0
        counter = Counter(site_id=site.id, position=position + 1, translations={})
        db.session.add(counter)
    old_texts = text_values(counter, rules.COUNTER_TEXT)
    counter.label, counter.agency_id = data["label"], agency.id  # type: ignore[union-attr]
    counter.floor, counter.location = data.get("floor") or "", data.get("location") or ""
    drop_stale_translations(counter, old_texts, rules.COUNTER_TEXT)
    counter.schedule = [CounterHours(weekday=h["weekday"], opens=_time(h["opens"]),
                                     closes=_time(h["closes"])) for h in schedule]
    _record_change(staff, site.id, "counter", counter, "update" if before else "create",
                   f"Gerai {counter.label} " + ("diubah" if before else "ditambahkan"), before)
    return counter


def delete_counter(staff: StaffUser, counter: Counter) -> None:
    from ..models import CounterStatusChange

    _delete_audited(
        staff, counter, "counter", f"Gerai {counter.label} dihapus",
        _count(CounterStatusChange.counter_id, counter.id),
        _("Gerai ini punya riwayat status (buka/tutup) yang harus disimpan untuk laporan; "
          "gerai tidak dapat dihapus."))


# --- services --------------------------------------------------------------------------------

SERVICE_FIELDS = {
    "slug", "name", "agency", "summary", "counters", "processing_time", "product",
    "complaint_channel", "legal_basis", "fee_free", "fee_amount", "fee_note",
    "fee_legal_basis", "availability", "elsewhere_note", "elsewhere_place",
    "elsewhere_address", "online_url", "online_note", "life_events", "keywords", "daily_quota",
    "queue_prefix", "active", "nik_required", "one_per_person", "processing_days",
}


def _item_record(item: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    record = {k: getattr(item, k) for k in fields if getattr(item, k) not in ("", None)}
    if item.alt_group is not None:
        record["group"] = item.alt_group
    return record


REQUIREMENT_KEYS = ("text", "detail", "form", "quantity", "condition", "optional", "source",
                    "product_of")
STEP_KEYS = ("title", "detail", "location", "actor", "duration", "cost")


def service_record(data: dict[str, Any], agency: Agency | None, counters: list[Counter],
                   service: Service | None) -> dict[str, Any]:
    """Form values (plain types) as a service record of the catalogue file."""
    return {
        "slug": data.get("slug") or None, "name": data.get("name") or None,
        "agency": agency.slug if agency else None, "summary": data.get("summary") or None,
        "counters": [c.label for c in counters],
        "processing_time": data.get("processing_time") or None,
        "processing_days": data.get("processing_days"),
        "product": data.get("product") or None,
        "complaint_channel": data.get("complaint_channel") or None,
        "legal_basis": data.get("legal_basis") or None,
        "fee": {"free": bool(data.get("fee_free")), "amount": data.get("fee_amount"),
                "note": data.get("fee_note") or "",
                "legal_basis": data.get("fee_legal_basis") or ""},
        "availability": data.get("availability"),
        "elsewhere": {"note": data.get("elsewhere_note") or "",
                      "place": data.get("elsewhere_place") or "",
                      "address": data.get("elsewhere_address") or ""},
        "online": {"url": data.get("online_url") or "", "note": data.get("online_note") or ""},
        "life_events": list(data.get("life_events") or []),
        "keywords": list(data.get("keywords") or []),
        "daily_quota": data.get("daily_quota"),
        "queue_prefix": data.get("queue_prefix") or None,
        "active": bool(data.get("active")),
        "nik_required": bool(data.get("nik_required")),
        "one_per_person": bool(data.get("one_per_person")),
        "requirements": [_item_record(r, REQUIREMENT_KEYS) for r in service.requirements]
        if service else [],
        "steps": [_item_record(s, STEP_KEYS) for s in service.steps] if service else [],
    }


def check_service(site: Site, service: Service | None, data: dict[str, Any],
                     *, new: bool = False) -> tuple[Agency | None, list[Counter], Errors]:
    """data["agency"] is an agency id, data["counters"] a list of counter ids."""
    agency = db.session.get(Agency, data.get("agency") or 0)
    if agency is not None and agency.site_id != site.id:
        agency = None
    wanted = set(data.get("counters") or [])
    counters = [c for c in db.session.scalars(sa.select(Counter).filter_by(site_id=site.id)
                                              .order_by(Counter.position)) if c.id in wanted]
    record = service_record(data, agency, counters, service)
    if new:  # a new service gets its steps next: "at least one step" is checked on publishing
        record["steps"] = [{"title": "-"}]
    errors = check(rules.validate_service, record, SERVICE_FIELDS,
                   rename={"steps": FORM_ERRORS})
    if agency is None:
        errors["agency"] = [_("Pilih instansi dari daftar.")]
    if len(counters) != len(wanted):
        errors.setdefault("counters", []).append(_("Pilih gerai dari daftar."))
    if data.get("slug"):
        taken = db.session.scalar(sa.select(Service.id).filter_by(site_id=site.id,
                                                                  slug=data["slug"]))
        if taken and (service is None or taken != service.id):
            errors.setdefault("slug", []).append(_("Slug ini sudah dipakai layanan lain."))
    return agency, counters, errors


def apply_service_fields(service: Any, data: dict[str, Any], agency: Agency,
                         counters: list[Counter]) -> None:
    """Set the form's values on a service (or on a preview stand-in)."""
    for key in ("slug", "name", "summary", "processing_time", "product", "complaint_channel",
                "legal_basis", "fee_note", "fee_legal_basis", "availability", "elsewhere_note",
                "elsewhere_place", "elsewhere_address", "online_url", "online_note",
                "queue_prefix"):
        setattr(service, key, data.get(key) or "")
    service.queue_prefix = data.get("queue_prefix") or "A"
    service.fee_free = bool(data.get("fee_free"))
    service.fee_amount = None if service.fee_free else data.get("fee_amount")
    service.keywords = list(data.get("keywords") or [])
    service.life_events = list(data.get("life_events") or [])
    service.daily_quota = data.get("daily_quota")
    service.processing_days = data.get("processing_days")
    for flag in ("active", "nik_required", "one_per_person"):
        setattr(service, flag, bool(data.get(flag)))
    service.agency_id = agency.id
    service.counters = counters


def save_service(staff: StaffUser, site: Site, service: Service | None, data: dict[str, Any],
                 *, reviewed: bool = False, now: dt.datetime | None = None) -> Service:
    if staff.role != "admin":
        if service is None:
            raise PermissionError("only managers add services")
        data = {**data, "agency": staff.agency_id}  # an officer cannot move it to another agency
    agency, counters, errors = check_service(site, service, data, new=service is None)
    if errors:
        raise EditError(errors)
    before = audit.snapshot(service) if service else None
    if service is None:
        service = Service(site_id=site.id, translations={})
        db.session.add(service)
    elif data.get("slug") and data["slug"] != service.slug:
        _rename_maker(site.id, service.slug, data["slug"])
    old_texts = text_values(service, rules.SERVICE_TEXT)
    with db.session.no_autoflush:
        apply_service_fields(service, data, agency, counters)  # type: ignore[arg-type]
    drop_stale_translations(service, old_texts, rules.SERVICE_TEXT)
    if reviewed:  # the site's local date: reviewed at 01.00 WITA is reviewed that day
        service.last_reviewed = site_today(site, now)
    db.session.flush()
    audit.record(staff, site.id, "service", service.id, "update" if before else "create",
                 f"Layanan {service.name} " + ("diubah" if before else "ditambahkan"),
                 before, audit.snapshot(service))
    return service


def _rename_maker(site_id: int, old: str, new: str) -> None:
    """A service's new slug, also where the site's requirements name it as their maker."""
    db.session.execute(
        sa.update(Requirement).where(
            Requirement.product_of == old,
            Requirement.service_id.in_(sa.select(Service.id).where(Service.site_id == site_id)))
        .values(product_of=new).execution_options(synchronize_session="fetch"))


def maker_choices(service: Service) -> list[tuple[str, str]]:
    """(slug, name) of the services of the site that may make a requirement of `service`."""
    return [(slug, name) for slug, name in db.session.execute(
        sa.select(Service.slug, Service.name)
        .where(Service.site_id == service.site_id, Service.id != service.id)
        .order_by(Service.name))]


def mark_reviewed(staff: StaffUser, service: Service, now: dt.datetime | None = None) -> None:
    before = audit.snapshot(service)
    service.last_reviewed = site_today(service.site, now)
    db.session.flush()
    audit.record(staff, service.site_id, "service", service.id, "update",
                 f"Layanan {service.name} ditandai sudah ditinjau", before,
                 audit.snapshot(service))


def delete_service(staff: StaffUser, service: Service) -> None:
    blockers = _count(Ticket.service_id, service.id) + _count(Application.service_id, service.id)
    if not blockers:  # its products are no longer made here: the requirements say nothing
        _rename_maker(service.site_id, service.slug, "")
    _delete_audited(
        staff, service, "service", f"Layanan {service.name} dihapus",
        _count(Ticket.service_id, service.id) + _count(Application.service_id, service.id),
        _("Layanan ini sudah punya tiket antrean atau berkas; menghapusnya akan menghapus "
          "riwayat dan halaman lacak berkas warga. Nonaktifkan saja layanan ini (hapus centang "
          "\"Aktif\")."))


# --- requirements and steps ------------------------------------------------------------------

ITEMS: dict[str, tuple[type, Callable[..., None], tuple[str, ...], str]] = {
    "requirement": (Requirement, rules.validate_requirement, REQUIREMENT_KEYS, "requirements"),
    "step": (Step, rules.validate_step, STEP_KEYS, "steps"),
}
ITEM_NAMES = {"requirement": "Persyaratan", "step": "Langkah"}


def _item_label(kind: str, item: Any) -> str:
    return str(item.text if kind == "requirement" else item.title)[:80]


def save_item(staff: StaffUser, service: Service, kind: str, item: Any | None,
              data: dict[str, Any]) -> Any:
    """Add or edit a requirement or a step; data uses the file's keys ("group", not
    "alt_group"). The audit entry is the whole service before and after."""
    model, validator, keys, relation = ITEMS[kind]
    record = {k: v for k, v in data.items() if v not in (None, "", False)}
    errors = check(validator, record, set(keys) | {"group"})
    maker = record.get("product_of") if kind == "requirement" else None
    if maker and "product_of" not in errors:
        if maker == service.slug:
            errors["product_of"] = [_sentence(rules.OWN_PRODUCT)]
        elif maker not in {slug for slug, _name in maker_choices(service)}:
            errors["product_of"] = [_sentence(rules.unknown_maker(maker))]
    if errors:
        raise EditError(errors)
    before = audit.snapshot(service)
    if item is None:
        items = getattr(service, relation)
        item = model(position=max((i.position for i in items), default=0) + 1, translations={})
        items.append(item)
    text_fields = rules.REQUIREMENT_TEXT if kind == "requirement" else rules.STEP_TEXT
    old_texts = text_values(item, text_fields)
    for key in keys:
        value = data.get(key)
        if key == "quantity":
            value = value or 1
        elif key == "form":
            value = value or "none"
        elif key == "optional":
            value = bool(value)
        else:
            value = value or ""
        setattr(item, key, value)
    item.alt_group = data.get("group")
    drop_stale_translations(item, old_texts, text_fields)
    db.session.flush()
    audit.record(staff, service.site_id, "service", service.id, "update",
                 f"{ITEM_NAMES[kind]} \"{_item_label(kind, item)}\" disimpan ({service.name})",
                 before, audit.snapshot(service))
    return item


def delete_item(staff: StaffUser, service: Service, kind: str, item: Any) -> None:
    relation = ITEMS[kind][3]
    if kind == "step" and len(service.steps) == 1 and service.availability != "info":
        raise EditError({FORM_ERRORS: [
            _("Minimal satu langkah prosedur. Tambahkan langkah lain sebelum menghapus yang "
              "ini.")]})
    before = audit.snapshot(service)
    label = _item_label(kind, item)
    getattr(service, relation).remove(item)
    db.session.flush()
    audit.record(staff, service.site_id, "service", service.id, "update",
                 f"{ITEM_NAMES[kind]} \"{label}\" dihapus ({service.name})", before,
                 audit.snapshot(service))


def move_item(staff: StaffUser, service: Service, kind: str, item: Any, offset: int) -> bool:
    """Swap an item with its neighbour above (-1) or below (+1); False at either end."""
    items = list(getattr(service, ITEMS[kind][3]))
    index = items.index(item)
    other_index = index + offset
    if not 0 <= other_index < len(items):
        return False
    other = items[other_index]
    before = audit.snapshot(service)
    # (service_id, position) is unique: park one row on a free position during the swap.
    mine, theirs = item.position, other.position
    item.position = -1
    db.session.flush()
    other.position = mine
    db.session.flush()
    item.position = theirs
    db.session.flush()
    db.session.refresh(service, [ITEMS[kind][3]])
    audit.record(staff, service.site_id, "service", service.id, "update",
                 f"Urutan {ITEM_NAMES[kind].lower()} diubah ({service.name})", before,
                 audit.snapshot(service))
    return True
