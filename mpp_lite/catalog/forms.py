"""Forms of the managers' catalogue pages (site, holidays, agencies, counters, services,
requirements, steps). Values come out as plain dicts shaped like a record of the catalogue
file; the rules live in editing.py and validation.py (shared with the import)."""
from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from ..extensions import db
from ..models import Agency, Service
from ..staff.forms import ParsingForm, opts
from ..web.edge import parse_id
from .editing import maker_choices
from .validation import PROCESSING_DAYS_RANGE
from .vocab import AGENCY_KIND_LABELS, LIFE_EVENTS, REQUIREMENT_FORM_LABELS, WEEKDAYS


def agency_choices(site_id: int, blank: bool = True) -> list[SelectChoice]:
    """The site's agencies as select choices (first, unless not `blank`: "Pilih instansi")."""
    rows = db.session.scalars(sa.select(Agency).filter_by(site_id=site_id).order_by(Agency.name))
    return opts(([("", _("Pilih instansi"))] if blank else []) + [(a.id, a.name) for a in rows])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _lines(text: str, separators: str = r"[\n,]") -> list[str]:
    return [part.strip() for part in re.split(separators, text or "") if part.strip()]


class WeeklyHoursMixin:
    def hours_texts(self) -> dict[int, str]:
        return {d: getattr(self, f"hours_{d}").data or "" for d in range(1, 8)}

    def fill_hours(self, texts: dict[int, str]) -> None:
        for d, text in texts.items():
            getattr(self, f"hours_{d}").data = text


for _day, _label in WEEKDAYS.items():
    setattr(WeeklyHoursMixin, f"hours_{_day}", StringField(_label))


class SiteForm(WeeklyHoursMixin, ParsingForm):
    name = StringField(_l("Nama MPP"))
    regency = StringField(_l("Kabupaten/kota"))
    province = StringField(_l("Provinsi"))
    address = TextAreaField(_l("Alamat"))
    phone = StringField(_l("Telepon"))
    email = StringField(_l("Surel"))
    website = StringField(_l("Situs web (http:// atau https://)"))
    facilities = TextAreaField(_l("Fasilitas (satu per baris)"))

    def values(self) -> dict[str, Any]:
        data = {k: self.val_text(k) for k in ("name", "regency", "province", "address", "phone",
                                          "email", "website")}
        data["facilities"] = _lines(self.facilities.data or "", r"\n")
        return data


class ClosedDateForm(ParsingForm):
    day = StringField(_l("Tanggal (YYYY-MM-DD)"))
    reason = StringField(_l("Keterangan, contoh: Hari Raya Idulfitri"))

    def values(self) -> dict[str, Any]:
        return {"day": self.val_date("day"), "reason": self.val_text("reason")}


class AgencyForm(ParsingForm):
    slug = StringField(_l("Slug (bagian alamat web: huruf kecil, angka, tanda hubung)"))
    name = StringField(_l("Nama instansi"))
    short_name = StringField(_l("Nama singkat"))
    kind = SelectField(_l("Jenis"), choices=opts(AGENCY_KIND_LABELS.items()),
                       validate_choice=False)
    head_office_address = TextAreaField(_l("Alamat kantor induk"))
    head_office_phone = StringField(_l("Telepon kantor induk"))
    head_office_hours = StringField(_l("Jam buka kantor induk"))
    website = StringField(_l("Situs web (http:// atau https://)"))

    def values(self) -> dict[str, Any]:
        return {k: self.val_text(k) for k in ("slug", "name", "short_name", "kind",
                                          "head_office_address", "head_office_phone",
                                          "head_office_hours", "website")}


class CounterForm(WeeklyHoursMixin, ParsingForm):
    label = StringField(_l("Nama gerai, contoh: Gerai 3"))
    agency = SelectField(_l("Instansi"), choices=[], validate_choice=False)
    floor = StringField(_l("Lantai"))
    location = StringField(_l("Letak"))

    def values(self) -> dict[str, Any]:
        return {"label": self.val_text("label"), "agency": self.val_id("agency"),
                "floor": self.val_text("floor"), "location": self.val_text("location")}


AVAILABILITY_LABELS = {
    "full": _l("Selesai di MPP"),
    "partial": _l("Sebagian harus diurus di luar MPP"),
    "info": _l("Di MPP hanya informasi"),
    "outside": _l("Tidak dilayani di MPP (warga diarahkan ke tempat lain)"),
}


class ServiceForm(ParsingForm):
    name = StringField(_l("Nama layanan"))
    slug = StringField(_l("Slug (bagian alamat web: huruf kecil, angka, tanda hubung)"))
    agency = SelectField(_l("Instansi"), choices=[], validate_choice=False)
    summary = TextAreaField(_l("Ringkasan"))
    counters = MultiCheckboxField(_l("Gerai yang melayani"), choices=[], validate_choice=False)
    processing_time = StringField(_l("Waktu penyelesaian"))
    processing_days = StringField(_l("Janji waktu (hari kerja)"))
    fee_free = RadioField(_l("Biaya"), choices=opts([("1", _l("Gratis")), ("0", _l("Berbayar"))]),
                          validate_choice=False, default="1")
    fee_amount = StringField(_l("Tarif dalam rupiah (jika berbayar), contoh: 30000"))
    fee_note = TextAreaField(_l("Keterangan tarif"))
    fee_legal_basis = StringField(_l("Dasar hukum tarif"))
    product = StringField(_l("Hasil layanan (produk)"))
    complaint_channel = TextAreaField(_l("Saluran pengaduan"))
    legal_basis = TextAreaField(_l("Dasar hukum layanan"))
    availability = RadioField(_l("Ketersediaan di MPP"), choices=opts(AVAILABILITY_LABELS.items()),
                              validate_choice=False, default="full")
    elsewhere_note = TextAreaField(_l("Yang harus diurus di tempat lain (wajib bila tidak "
                                      "selesai di MPP)"))
    elsewhere_place = StringField(_l("Tempat mengurusnya (wajib bila tidak dilayani di MPP), "
                                     "contoh: kantor desa/kelurahan"))
    elsewhere_address = TextAreaField(_l("Alamat tempat lain (kosong: alamat kantor induk)"))
    online_url = StringField(_l("Alamat layanan daring (http:// atau https://)"))
    online_note = TextAreaField(_l("Keterangan layanan daring"))
    life_events = MultiCheckboxField(_l("Peristiwa hidup"), choices=opts(LIFE_EVENTS.items()),
                                     validate_choice=False)
    keywords = TextAreaField(_l("Kata kunci pencarian (pisahkan dengan koma)"))
    daily_quota = StringField(_l("Kuota per hari (kosong: tanpa batas)"))
    queue_prefix = StringField(_l("Huruf nomor antrean (1–2 huruf kapital)"), default="A")
    active = BooleanField(_l("Aktif (tampil untuk warga)"), default=True)
    nik_required = BooleanField(_l("Wajib NIK saat mengambil antrean"))
    one_per_person = BooleanField(_l("Satu tiket aktif per orang per hari"))
    reviewed = BooleanField(_l("Tandai sudah ditinjau hari ini"))

    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {k: self.val_text(k) for k in (
            "name", "slug", "summary", "processing_time", "fee_note", "fee_legal_basis",
            "product", "complaint_channel", "legal_basis", "elsewhere_note",
            "elsewhere_place", "elsewhere_address", "online_url", "online_note", "queue_prefix")}
        data["agency"] = self.val_id("agency")
        data["counters"] = [i for i in map(parse_id, self.counters.data or []) if i]
        data["fee_free"] = self.fee_free.data != "0"
        data["fee_amount"] = self.val_int("fee_amount", minimum=0)
        data["availability"] = self.availability.data
        data["life_events"] = list(self.life_events.data or [])
        data["keywords"] = _lines(self.keywords.data or "")
        data["daily_quota"] = self.val_int("daily_quota", minimum=1)
        data["processing_days"] = self.val_processing_days()
        for flag in ("active", "nik_required", "one_per_person"):
            data[flag] = bool(getattr(self, flag).data)
        return data

    def val_processing_days(self) -> int | None:
        """A whole number as typed (no thousands dots: "1.5" is not 15); its range is the
        import's rule (validation.check_processing_days), so form and file agree."""
        raw = self.val_text("processing_days").replace(" ", "")
        if not raw:
            return None
        if not re.fullmatch(r"-?[0-9]+", raw):
            self.add_error("processing_days", _l("Isi dengan angka bulat hari kerja, contoh: 5."))
            return None
        if len(raw.lstrip("-0")) > 9:  # far out of range; int() of a huge string is slow
            rule = str(PROCESSING_DAYS_RANGE)  # the import's words, as a form sentence
            self.add_error("processing_days", rule[:1].upper() + rule[1:] + ".")
            return None
        return int(raw)


class RequirementForm(ParsingForm):
    text = StringField(_l("Dokumen atau syarat"))
    form = SelectField(_l("Bentuk"), validate_choice=False, choices=opts(
        (k, v or _l("(tidak disebut)")) for k, v in REQUIREMENT_FORM_LABELS.items()))
    quantity = StringField(_l("Jumlah lembar"), default="1")
    optional = BooleanField(_l("Tidak wajib"))
    condition = StringField(_l("Hanya jika (kondisi)"))
    detail = TextAreaField(_l("Penjelasan"))
    source = StringField(_l("Didapat dari"))
    group = StringField(_l("Nomor kelompok pilihan (syarat dengan nomor sama: cukup salah "
                           "satu)"))
    product_of = SelectField(_l("Dokumen ini hasil layanan"), choices=[], validate_choice=False,
                             description=_l("Layanan di MPP ini yang menerbitkan dokumen ini. "
                                            "Di halaman layanan tampil tautan ke layanan itu, dan "
                                            "kunjungan dengan beberapa layanan mendahulukannya."))

    def __init__(self, *args: Any, service: Service | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        makers = maker_choices(service) if service is not None else []
        self.product_of.choices = opts([("", _("(bukan hasil layanan di MPP ini)"))] + makers)

    def values(self) -> dict[str, Any]:
        return {"text": self.val_text("text"), "form": self.form.data or "none",
                "quantity": self.val_int("quantity", minimum=1),
                "optional": bool(self.optional.data), "condition": self.val_text("condition"),
                "detail": self.val_text("detail"), "source": self.val_text("source"),
                "group": self.val_int("group", minimum=1),
                "product_of": self.product_of.data or ""}


class StepForm(ParsingForm):
    title = StringField(_l("Langkah"))
    detail = TextAreaField(_l("Penjelasan"))
    location = StringField(_l("Di mana"))
    actor = StringField(_l("Oleh siapa"))
    duration = StringField(_l("Lama"))
    cost = StringField(_l("Biaya langkah ini"))
    group = StringField(_l("Nomor kelompok pilihan (langkah dengan nomor sama: pilih salah "
                           "satu)"))

    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {k: self.val_text(k) for k in ("title", "detail", "location",
                                                          "actor", "duration", "cost")}
        data["group"] = self.val_int("group", minimum=1)
        return data
