"""Validation of a catalogue file (docs/catalog-format.md), with no database and no Flask app.

Messages are lazy gettext strings: translated when turned into text (Indonesian outside a
request, e.g. in the CLI; the reader's language in the catalogue editing forms).

`validate_catalog(data)` returns a list of `CatalogError`s: every problem at once, each with the
record it is in and the field, so an operator can fix a whole file in one pass. `FileChecker`
gives the same errors for a file read one site at a time (the national catalogue is too big to
hold whole, catalog/transfer.py).

The record validators (`validate_site`, `validate_agency`, `validate_counter`,
`validate_service`, `validate_closed_date`, `validate_requirement`, `validate_step`: each
`(errors, path, record)`) are public: the managers' editing forms run the same rules on a
record built from the form (catalog/editing.py), so a form and a file cannot disagree.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import lazy_gettext as _l

from ..dates import MAX_YEAR, MIN_YEAR, in_range
from ..models.catalog import AGENCY_KINDS, AVAILABILITIES, MAX_PROCESSING_DAYS, REQUIREMENT_FORMS
from .vocab import LIFE_EVENT_SLUGS

FORMAT_NAME = "mpp-lite-catalog"
FORMAT_VERSION = 1
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PREFIX = re.compile(r"^[A-Z]{1,2}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
URL = re.compile(r"^https?://[^\s/$.?#].[^\s]*$", re.I)
LOCALE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?$")

# Site slugs are the first path segment of citizen URLs; these are taken by the app itself.
RESERVED_SITE_SLUGS = frozenset({
    "api", "static", "healthz", "bahasa", "sw.js", "manifest.webmanifest", "offline",
    "staff", "admin", "petugas", "login", "logout", "favicon.ico", "robots.txt", "tiket",
    "desa", "pendamping", "layar",
})

SITE_TEXT = ("name", "address", "regency", "facilities")
AGENCY_TEXT = ("name", "short_name", "head_office_hours")
COUNTER_TEXT = ("floor", "location")
SERVICE_TEXT = ("name", "summary", "processing_time", "product", "complaint_channel",
                "fee_note", "elsewhere_note", "elsewhere_place", "online_note")
REQUIREMENT_TEXT = ("text", "detail", "condition", "source")
STEP_TEXT = ("title", "detail", "location", "actor", "duration", "cost")


@dataclass(frozen=True)
class CatalogError:
    record: str   # "sites[0].services[3] (ktp-el-baru)"
    field: str    # "fee.amount"
    message: Any  # Indonesian, for the operator (a lazy string: translated when shown)

    def __str__(self) -> str:
        where = f"{self.record} · {self.field}" if self.field else self.record
        return f"{where}: {self.message}"


class Checker:
    """Collects errors for one record while its fields are checked."""

    def __init__(self, errors: list[CatalogError], record: str, data: Any):
        self.errors, self.record = errors, record
        self.data = data if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            self.fail("", _l("harus berupa objek JSON"))

    def fail(self, field: str, message: Any) -> None:
        self.errors.append(CatalogError(self.record, field, message))

    def text(self, field: str, *, required: bool = False, max_len: int = 2000,
             pattern: re.Pattern[str] | None = None, hint: str = "") -> str | None:
        value = self.data.get(field)
        if value is None or value == "":
            if required:
                self.fail(field, _l("wajib diisi"))
            return None
        if not isinstance(value, str):
            self.fail(field, _l("harus berupa teks"))
            return None
        if required and not value.strip():
            self.fail(field, _l("wajib diisi"))
            return None
        if len(value) > max_len:
            self.fail(field, _l("terlalu panjang (maksimal %(max)s karakter)", max=max_len))
        if pattern is not None and not pattern.match(value):
            self.fail(field, hint or _l("formatnya tidak sah"))
        return value

    def choice(self, field: str, choices: tuple[str, ...], *, required: bool = True,
               default: str | None = None) -> str | None:
        value = self.data.get(field, default)
        if value is None:
            if required:
                self.fail(field, _l("wajib diisi"))
            return None
        if value not in choices:
            self.fail(field, _l("harus salah satu dari: %(choices)s", choices=", ".join(choices)))
        return value

    def integer(self, field: str, *, minimum: int | None = None, required: bool = False,
                data: dict[str, Any] | None = None, name: str | None = None) -> int | None:
        source = self.data if data is None else data
        value = source.get(field)
        name = name or field
        if value is None:
            if required:
                self.fail(name, _l("wajib diisi"))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, _l("harus bilangan bulat"))
            return None
        if minimum is not None and value < minimum:
            self.fail(name, _l("harus bilangan bulat ≥ %(min)s", min=minimum))
        return value

    def boolean(self, field: str, *, required: bool = False, data: dict[str, Any] | None = None,
                name: str | None = None) -> bool | None:
        source = self.data if data is None else data
        value = source.get(field)
        if value is None:
            if required:
                self.fail(name or field, _l("wajib diisi (true atau false)"))
            return None
        if not isinstance(value, bool):
            self.fail(name or field, _l("harus true atau false"))
        return value

    def date(self, field: str, *, required: bool = False, data: dict[str, Any] | None = None,
             name: str | None = None) -> None:
        source = self.data if data is None else data
        value = source.get(field)
        name = name or field
        if value is None:
            if required:
                self.fail(name, _l("wajib diisi"))
            return
        if not isinstance(value, str) or not DATE.match(value):
            self.fail(name, _l("tanggal tidak sah (format YYYY-MM-DD)"))
            return
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            self.fail(name, _l("tanggal tidak sah (format YYYY-MM-DD)"))
            return
        if not in_range(day):  # the one date rule (dates.parse_day): years 2000–2100
            self.fail(name, _l("tahun harus antara %(first)s dan %(last)s", first=MIN_YEAR,
                               last=MAX_YEAR))

    def string_list(self, field: str, *, max_len: int = 200, max_items: int = 100,
                    required: bool = False) -> list[str]:
        value = self.data.get(field)
        if value is None:
            if required:
                self.fail(field, _l("wajib diisi"))
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(field, _l("harus berupa daftar teks"))
            return []
        if len(value) > max_items:
            self.fail(field, _l("terlalu banyak (maksimal %(max)s)", max=max_items))
        for index, item in enumerate(value):
            if not item.strip():
                self.fail(f"{field}[{index}]", _l("tidak boleh kosong"))
            elif len(item) > max_len:
                self.fail(f"{field}[{index}]",
                          _l("terlalu panjang (maksimal %(max)s karakter)", max=max_len))
        return value

    def object(self, field: str, *, required: bool = False) -> dict[str, Any]:
        value = self.data.get(field)
        if value is None:
            if required:
                self.fail(field, _l("wajib diisi"))
            return {}
        if not isinstance(value, dict):
            self.fail(field, _l("harus berupa objek JSON"))
            return {}
        return value

    def records(self, field: str) -> list[Any]:
        value = self.data.get(field)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(field, _l("harus berupa daftar"))
            return []
        return value

    def translations(self, allowed: tuple[str, ...]) -> None:
        value = self.data.get("translations")
        if value is None:
            return
        if not isinstance(value, dict):
            self.fail("translations", _l("harus berupa objek {kode bahasa: {kolom: teks}}"))
            return
        for locale, fields in value.items():
            name = f"translations.{locale}"
            if not isinstance(locale, str) or not LOCALE.match(locale):
                self.fail(name, _l("kode bahasa tidak sah (contoh: en, jv)"))
                continue
            if not isinstance(fields, dict):
                self.fail(name, _l("harus berupa objek {kolom: teks}"))
                continue
            for key, text in fields.items():
                if key not in allowed:
                    self.fail(f"{name}.{key}", _l("kolom ini tidak dapat diterjemahkan"))
                elif key == "facilities":
                    if not isinstance(text, list) or not all(isinstance(t, str) for t in text):
                        self.fail(f"{name}.{key}", _l("harus berupa daftar teks"))
                elif not isinstance(text, str):
                    self.fail(f"{name}.{key}", _l("harus berupa teks"))

    def time_range(self, item: dict[str, Any], name: str, keys: tuple[str, str],
                   order_message: Any) -> list[str]:
        """Two HH:MM fields of `item`, the second after the first; returns the valid ones."""
        times = []
        for key in keys:
            value = item.get(key)
            if not isinstance(value, str) or not TIME.match(value):
                self.fail(f"{name}.{key}", _l("jam tidak sah (format HH:MM, 24 jam)"))
            else:
                times.append(value)
        if len(times) == 2 and times[0] >= times[1]:
            self.fail(f"{name}.{keys[1]}", order_message)
        return times

    def weekly_hours(self, field: str) -> None:
        """Opening intervals {weekday, opens, closes}; a day's intervals must not overlap."""
        spans: dict[int, list[tuple[str, str, str]]] = {}
        for index, item in enumerate(self.records(field)):
            name = f"{field}[{index}]"
            if not isinstance(item, dict):
                self.fail(name, _l("harus berupa objek {weekday, opens, closes}"))
                continue
            self.integer("weekday", required=True, data=item, name=f"{name}.weekday")
            weekday = item.get("weekday")
            if isinstance(weekday, int) and not isinstance(weekday, bool) and not 1 <= weekday <= 7:
                self.fail(f"{name}.weekday", _l("harus 1 (Senin) sampai 7 (Minggu)"))
            times = self.time_range(item, name, ("opens", "closes"),
                                    _l("jam tutup harus setelah jam buka"))
            if len(times) == 2 and times[0] < times[1] and isinstance(weekday, int):
                spans.setdefault(weekday, []).append((times[0], times[1], name))
        for day_spans in spans.values():
            day_spans.sort()
            for (_opens, closes, _name), (opens, _closes, name) in zip(day_spans, day_spans[1:]):
                if opens < closes:
                    self.fail(name, _l("rentang jam tidak boleh bertumpuk"))


def _label(path: str, data: Any, key: str) -> str:
    if isinstance(data, dict) and isinstance(data.get(key), str) and data.get(key):
        return f"{path} ({data[key]})"
    return path


def _unique(errors: list[CatalogError], parent: str, items: list[Any], key: str,
            what: str) -> None:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        _repeated(errors, parent, index, item, key, what, seen)


def _repeated(errors: list[CatalogError], parent: str, index: int, item: Any, key: str,
              what: str, seen: dict[str, int]) -> None:
    """Report `item` when its `key` was already used by an earlier item (`seen`: value → index)."""
    if isinstance(item, dict) and isinstance(item.get(key), str):
        value = item[key]
        if value in seen:
            errors.append(CatalogError(
                f"{parent}[{index}] ({value})", key,
                _l("%(what)s '%(value)s' sudah dipakai oleh %(other)s", what=what,
                   value=value, other=f"{parent}[{seen[value]}]")))
        else:
            seen[value] = index


class FileChecker:
    """`validate_catalog` fed one site at a time, in file order: the same errors in the same
    order (the file's, then repeated site slugs, then each site's), for a file too big to
    hold whole."""

    def __init__(self) -> None:
        self.file: list[CatalogError] = []
        self.repeats: list[CatalogError] = []
        self.sites: list[CatalogError] = []
        self._slugs: dict[str, int] = {}
        self._count = 0

    def header(self, data: Any) -> bool:
        """Check the top level; `data["sites"]` is the list or, when the sites come one at a
        time, any list. Whether there are sites to feed to `site`."""
        top = Checker(self.file, "file", data)
        if not isinstance(data, dict):
            return False
        if data.get("format") != FORMAT_NAME:
            top.fail("format", _l("harus \"%(name)s\"", name=FORMAT_NAME))
        if data.get("version") != FORMAT_VERSION:
            top.fail("version", _l("versi %(version)s tidak dikenal (harus %(expected)s)",
                                   version=repr(data.get("version")), expected=FORMAT_VERSION))
        top.records("sites")
        if "sites" not in data:
            top.fail("sites", _l("wajib diisi"))
        return isinstance(data.get("sites"), list)

    def site(self, site: Any) -> bool:
        """Check the next site of the file; whether it is valid on its own."""
        index, self._count = self._count, self._count + 1
        _repeated(self.repeats, "sites", index, site, "slug", "slug", self._slugs)
        before = len(self.sites)
        validate_site(self.sites, f"sites[{index}]", site)
        return len(self.sites) == before

    @property
    def errors(self) -> list[CatalogError]:
        return self.file + self.repeats + self.sites


def validate_catalog(data: Any) -> list[CatalogError]:
    """Every error in the file; an empty list means the file can be imported."""
    checker = FileChecker()
    if checker.header(data):
        for site in data["sites"]:
            checker.site(site)
    return checker.errors


def validate_site(errors: list[CatalogError], path: str, site: Any) -> None:
    c = Checker(errors, _label(path, site, "slug"), site)
    if not c.data:
        return
    slug = c.text("slug", required=True, max_len=60, pattern=SLUG,
                  hint=_l("hanya huruf kecil a-z, angka dan tanda hubung"))
    if slug in RESERVED_SITE_SLUGS:
        c.fail("slug", _l("'%(slug)s' dipakai oleh aplikasi; pilih slug lain (contoh: nama "
                          "kabupaten)", slug=slug))
    c.text("name", required=True, max_len=200)
    c.text("regency", required=True, max_len=120)
    c.text("province", max_len=120)
    c.text("address", required=True, max_len=500)
    timezone = c.text("timezone", required=True, max_len=64)
    if timezone:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            c.fail("timezone", _l("zona waktu tidak dikenal (contoh: Asia/Jakarta, Asia/Makassar, "
                                  "Asia/Jayapura)"))
    c.text("phone", max_len=60)
    c.text("email", max_len=120)
    c.text("website", max_len=300, pattern=URL, hint=_l("harus alamat web http(s)://"))
    c.string_list("facilities")
    c.weekly_hours("hours")
    for index, item in enumerate(c.records("closed_dates")):
        found: list[CatalogError] = []  # reported on the site, as "closed_dates[i].date"
        validate_closed_date(found, c.record, item)
        errors.extend(CatalogError(c.record, f"closed_dates[{index}]"
                                   + (f".{e.field}" if e.field else ""), e.message)
                      for e in found)
    c.translations(SITE_TEXT)

    agencies, counters, services = (c.records(k) for k in ("agencies", "counters", "services"))
    _unique(errors, f"{path}.agencies", agencies, "slug", "slug")
    _unique(errors, f"{path}.counters", counters, "label", "label")
    _unique(errors, f"{path}.services", services, "slug", "slug")
    for index, agency in enumerate(agencies):
        validate_agency(errors, f"{path}.agencies[{index}]", agency)
    for index, counter in enumerate(counters):
        validate_counter(errors, f"{path}.counters[{index}]", counter)
    for index, service in enumerate(services):
        validate_service(errors, f"{path}.services[{index}]", service)
    _check_makers(errors, f"{path}.services", services)


def validate_closed_date(errors: list[CatalogError], path: str, item: Any) -> None:
    """A day the whole site is closed: {date, reason}."""
    if not isinstance(item, dict):
        errors.append(CatalogError(path, "", _l("harus berupa objek {date, reason}")))
        return
    c = Checker(errors, path, item)
    c.date("date", required=True)
    c.text("reason", max_len=200)


def validate_agency(errors: list[CatalogError], path: str, agency: Any) -> None:
    c = Checker(errors, _label(path, agency, "slug"), agency)
    if not c.data:
        return
    c.text("slug", required=True, max_len=60, pattern=SLUG,
           hint=_l("hanya huruf kecil a-z, angka dan tanda hubung"))
    c.text("name", required=True, max_len=200)
    c.text("short_name", max_len=60)
    c.choice("kind", AGENCY_KINDS)
    c.text("head_office_address", max_len=500)
    c.text("head_office_phone", max_len=60)
    c.text("head_office_hours", max_len=200)
    c.text("website", max_len=300, pattern=URL, hint=_l("harus alamat web http(s)://"))
    c.translations(AGENCY_TEXT)


def validate_counter(errors: list[CatalogError], path: str, counter: Any) -> None:
    c = Checker(errors, _label(path, counter, "label"), counter)
    if not c.data:
        return
    c.text("label", required=True, max_len=60)
    c.text("agency", required=True, max_len=60)
    c.text("floor", max_len=60)
    c.text("location", max_len=200)
    c.weekly_hours("schedule")
    c.translations(COUNTER_TEXT)


def validate_service(errors: list[CatalogError], path: str, service: Any) -> None:
    c = Checker(errors, _label(path, service, "slug"), service)
    if not c.data:
        return
    c.text("slug", required=True, max_len=80, pattern=SLUG,
           hint=_l("hanya huruf kecil a-z, angka dan tanda hubung"))
    c.text("name", required=True, max_len=200)
    c.text("agency", required=True, max_len=60)
    c.text("summary", max_len=2000)
    c.string_list("counters", max_len=60)
    c.text("processing_time", required=True, max_len=200)
    check_processing_days(c)
    c.text("product", required=True, max_len=300)
    c.text("complaint_channel", required=True, max_len=2000)
    c.text("legal_basis", max_len=2000)

    fee = c.object("fee", required=True)
    if fee:
        free = c.boolean("free", required=True, data=fee, name="fee.free")
        amount = c.integer("amount", minimum=0, data=fee, name="fee.amount")
        if free is False and fee.get("amount") is None:
            c.fail("fee.amount", _l("wajib diisi jika layanan berbayar (free: false)"))
        if free is True and amount:
            c.fail("fee.amount", _l("layanan gratis tidak boleh memiliki tarif"))
        for key, limit in (("note", 2000), ("legal_basis", 300)):
            if not isinstance(fee.get(key, ""), str):
                c.fail(f"fee.{key}", _l("harus berupa teks"))
            elif len(fee.get(key, "")) > limit:
                c.fail(f"fee.{key}", _l("terlalu panjang (maksimal %(max)s karakter)", max=limit))

    availability = c.choice("availability", AVAILABILITIES)
    elsewhere = c.object("elsewhere")
    if availability in ("partial", "info", "outside"):
        if not isinstance(elsewhere.get("note"), str) or not elsewhere.get("note", "").strip():
            c.fail("elsewhere.note", _l("wajib diisi jika layanan tidak selesai di MPP "
                                        "(availability partial/info/outside): apa yang harus "
                                        "diurus di tempat lain"))
    for key in ("note", "address", "place"):
        if key in elsewhere and not isinstance(elsewhere[key], str):
            c.fail(f"elsewhere.{key}", _l("harus berupa teks"))
    if isinstance(elsewhere.get("place"), str) and len(elsewhere["place"]) > 200:
        c.fail("elsewhere.place", _l("terlalu panjang (maksimal %(max)s karakter)", max=200))
    if availability == "outside":
        _check_outside(c, elsewhere)
    online = c.object("online")
    if online:
        url = online.get("url")
        if url not in (None, "") and (not isinstance(url, str) or not URL.match(url)):
            c.fail("online.url", _l("harus alamat web http(s)://"))
        if not isinstance(online.get("note", ""), str):
            c.fail("online.note", _l("harus berupa teks"))

    for index, event in enumerate(c.string_list("life_events", max_len=40)):
        if event not in LIFE_EVENT_SLUGS:
            c.fail(f"life_events[{index}]", _l("peristiwa '%(event)s' tidak dikenal; pilihan: "
                                               "%(choices)s", event=event,
                                               choices=", ".join(LIFE_EVENT_SLUGS)))
    c.string_list("keywords", max_len=100, max_items=60)
    c.date("last_reviewed")
    c.integer("daily_quota", minimum=1)
    c.text("queue_prefix", max_len=2, pattern=PREFIX, hint=_l("1–2 huruf kapital, contoh: A"))
    for flag in ("active", "nik_required", "one_per_person"):
        if flag in c.data:
            c.boolean(flag)
    windows = c.records("windows")
    starts_seen: set[str] = set()
    for index, window in enumerate(windows):
        name = f"windows[{index}]"
        if not isinstance(window, dict):
            c.fail(name, _l("harus berupa objek {starts, ends, capacity}"))
            continue
        times = c.time_range(window, name, ("starts", "ends"),
                             _l("jam selesai harus setelah jam mulai"))
        if times and times[0] in starts_seen:
            c.fail(f"{name}.starts", _l("dua jam kedatangan mulai pada jam yang sama"))
        if times:
            starts_seen.add(times[0])
        c.integer("capacity", minimum=1, required=True, data=window, name=f"{name}.capacity")
    c.translations(SERVICE_TEXT)

    requirements = c.records("requirements")
    for index, item in enumerate(requirements):
        validate_requirement(errors, f"{c.record}.requirements[{index}]", item)
        if isinstance(item, dict) and item.get("product_of") and \
                item.get("product_of") == c.data.get("slug"):
            errors.append(CatalogError(f"{c.record}.requirements[{index}]", "product_of",
                                       OWN_PRODUCT))
    steps = c.records("steps")
    if not steps and c.data.get("availability") not in ("info", "outside"):
        c.fail("steps", _l("minimal satu langkah prosedur"))
    for index, item in enumerate(steps):
        validate_step(errors, f"{c.record}.steps[{index}]", item)


# The one message for a promise out of range (the editing form says it too, for numbers too
# long to read).
PROCESSING_DAYS_RANGE = _l("harus bilangan bulat 1 sampai %(max)s (hari kerja); kosongkan bila "
                           "selesai di tempat atau belum pasti", max=MAX_PROCESSING_DAYS)


def check_processing_days(c: Checker) -> None:
    """The promise as a number: working days from a complete application to the product
    (1–365), or absent/null for the same day or not known."""
    value = c.data.get("processing_days")
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        c.fail("processing_days", _l("harus bilangan bulat"))
    elif not 1 <= value <= MAX_PROCESSING_DAYS:
        c.fail("processing_days", PROCESSING_DAYS_RANGE)


def _check_outside(c: Checker, elsewhere: dict[str, Any]) -> None:
    """A need handled outside the MPP: says where to go, and has nothing to queue for."""
    if not isinstance(elsewhere.get("place"), str) or not elsewhere.get("place", "").strip():
        c.fail("elsewhere.place", _l("wajib diisi jika tidak dilayani di MPP (availability "
                                     "outside): ke mana warga harus pergi"))
    if c.data.get("counters"):
        c.fail("counters", _l("layanan di luar MPP tidak dilayani di gerai mana pun"))
    if c.data.get("daily_quota") is not None:
        c.fail("daily_quota", _l("layanan di luar MPP tidak punya kuota antrean"))
    if c.data.get("windows"):
        c.fail("windows", _l("layanan di luar MPP tidak punya jam kedatangan"))
    for flag in ("nik_required", "one_per_person"):
        if c.data.get(flag) is True:
            c.fail(flag, _l("layanan di luar MPP tidak bisa dipesan"))


# A requirement's product_of names the service of the same site that makes the document.
OWN_PRODUCT = _l("tidak boleh layanan ini sendiri: isi slug layanan lain yang menghasilkan "
                 "dokumen ini")


def unknown_maker(slug: str) -> Any:
    """The message for a product_of naming no service of the site."""
    return _l("layanan '%(slug)s' tidak ada di situs ini; isi slug layanan yang menghasilkan "
              "dokumen ini, atau kosongkan", slug=slug)


def _check_makers(errors: list[CatalogError], parent: str, services: list[Any]) -> None:
    """Each requirement's product_of is the slug of a service of the same site (in the file)."""
    slugs = {s["slug"] for s in services if isinstance(s, dict) and isinstance(s.get("slug"), str)}
    for s_index, service in enumerate(services):
        if not isinstance(service, dict) or not isinstance(service.get("requirements"), list):
            continue
        record = _label(f"{parent}[{s_index}]", service, "slug")
        for index, item in enumerate(service["requirements"]):
            maker = item.get("product_of") if isinstance(item, dict) else None
            if isinstance(maker, str) and maker and SLUG.match(maker) and maker not in slugs:
                errors.append(CatalogError(f"{record}.requirements[{index}]", "product_of",
                                           unknown_maker(maker)))


def validate_requirement(errors: list[CatalogError], path: str, item: Any) -> None:
    """One requirement of a service."""
    c = Checker(errors, path, item)
    if c.data:
        _requirement_fields(c)


def validate_step(errors: list[CatalogError], path: str, item: Any) -> None:
    """One step of a service's procedure."""
    c = Checker(errors, path, item)
    if c.data:
        _step_fields(c)


def _requirement_fields(c: Checker) -> None:
    c.text("text", required=True, max_len=500)
    for key in ("detail", "condition", "source"):
        c.text(key, max_len=2000)
    c.choice("form", REQUIREMENT_FORMS, required=False, default="none")
    c.integer("quantity", minimum=1)
    c.boolean("optional")
    c.integer("group", minimum=1)
    c.text("product_of", max_len=80, pattern=SLUG,
           hint=_l("slug layanan yang menghasilkan dokumen ini (huruf kecil a-z, angka dan "
                   "tanda hubung)"))
    c.translations(REQUIREMENT_TEXT)


def _step_fields(c: Checker) -> None:
    c.text("title", required=True, max_len=500)
    c.text("detail", max_len=2000)
    for key in ("location", "actor", "cost"):
        c.text(key, max_len=200)
    c.text("duration", max_len=120)
    c.integer("group", minimum=1)
    c.translations(STEP_TEXT)
