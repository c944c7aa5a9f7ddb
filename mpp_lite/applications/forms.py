"""Forms of the counter desk: receive an application, change its status, hand over the product.
Every field is plain text or a choice read with ParsingForm's `val_*()` so that a typing
mistake gets an Indonesian message; the rules themselves live in lifecycle.py."""
from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField

from ..catalog.forms import MultiCheckboxField
from ..staff.forms import ParsingForm


def lines(text: str | None) -> list[str]:
    """One document per line (a comma also separates): the "missing documents" box."""
    return [part.strip() for part in re.split(r"[\n,;]", text or "") if part.strip()]


class ServicePickForm(ParsingForm):
    """Step one without a ticket: which service (sent by GET, so no CSRF token)."""

    class Meta:
        csrf = False

    layanan = SelectField(_l("Layanan"), choices=[], validate_choice=False)


class ReceiveForm(ParsingForm):
    service = HiddenField()
    ticket = HiddenField()
    idempotency_key = HiddenField()
    applicant_name = StringField(_l("Nama pemohon"))
    phone = StringField(_l("Nomor HP (tidak wajib)"))
    documents = MultiCheckboxField(_l("Dokumen yang diterima"), choices=[],
                                   validate_choice=False)
    documents_note = TextAreaField(_l("Dokumen lain (tidak wajib)"))
    note = TextAreaField(_l("Catatan petugas (tidak terlihat oleh pemohon)"))

    def values(self) -> dict[str, Any]:
        allowed = {str(choice.value) for choice in self.documents.choices}
        documents = [d for d in (self.documents.data or []) if isinstance(d, str)]
        if any(d not in allowed for d in documents):
            self.add_error("documents", _l(
                "Daftar persyaratan layanan ini baru saja berubah. Periksa lagi centangnya."))
        return {"applicant_name": self.applicant_name.data or "",
                "phone": self.val_text("phone"), "documents": documents,
                "documents_note": self.documents_note.data or "", "note": self.note.data or "",
                "idempotency_key": self.val_text("idempotency_key") or None}


# Statuses whose change cannot be undone and so are confirmed with a tick.
CONFIRMED_STATUSES = ("rejected", "withdrawn")


class ChangeForm(ParsingForm):
    status = RadioField(_l("Status baru"), choices=[], validate_choice=False)
    version = HiddenField()
    idempotency_key = HiddenField()
    note = TextAreaField(_l("Catatan"))
    public = BooleanField(_l("Tampilkan catatan ini ke pemohon"), default=True)
    missing = TextAreaField(_l("Dokumen yang masih kurang (satu per baris)"))
    missing_by = StringField(_l("Diserahkan paling lambat (TTTT-BB-HH, tidak wajib)"))
    pickup_place = StringField(_l("Tempat pengambilan"))
    pickup_from = StringField(_l("Bisa diambil mulai (TTTT-BB-HH, kosong: hari ini)"))
    pickup_until = StringField(_l("Diambil paling lambat (TTTT-BB-HH, kosong: 30 hari)"))
    collected_by = RadioField(_l("Yang mengambil"), choices=[], validate_choice=False)
    collector_name = StringField(_l("Nama yang mengambil (bila diwakilkan)"))
    collector_relation = StringField(_l("Hubungan dengan pemohon (bila diwakilkan)"))
    reason = TextAreaField(_l("Alasan penolakan"))
    confirm = BooleanField(_l("Saya yakin. Penolakan atau pembatalan tidak bisa diurungkan."))

    def values(self) -> dict[str, Any]:
        status = self.status.data or ""
        allowed = {str(choice.value) for choice in self.status.choices}
        if status not in allowed:
            self.add_error("status", _l("Pilih salah satu status yang tersedia."))
        if status in CONFIRMED_STATUSES and not self.confirm.data:
            self.add_error("confirm", _l("Centang kotak ini untuk memastikan."))
        return {"status": status, "note": self.note.data or "", "public": bool(self.public.data),
                "missing": lines(self.missing.data), "missing_by": self.val_date("missing_by"),
                "pickup_place": self.pickup_place.data or "",
                "pickup_from": self.val_date("pickup_from"),
                "pickup_until": self.val_date("pickup_until"),
                "collected_by": self.collected_by.data or "",
                "collector_name": self.collector_name.data or "",
                "collector_relation": self.collector_relation.data or "",
                "reason": self.reason.data or "",
                "idempotency_key": self.val_text("idempotency_key") or None}


class LookupForm(ParsingForm):
    """The pickup box: a typed code or a scanned receipt address (sent by GET)."""

    class Meta:
        csrf = False

    kode = StringField(_l("Kode berkas atau pindai kode QR tanda terima"))


class HandoverForm(ParsingForm):
    application = HiddenField()
    version = HiddenField()
    idempotency_key = HiddenField()
    collected_by = RadioField(_l("Siapa yang mengambil?"), choices=[], validate_choice=False)
    collector_name = StringField(_l("Nama yang mengambil (bila diwakilkan)"))
    collector_relation = StringField(_l("Hubungan dengan pemohon (bila diwakilkan)"))
    # Staff only: at the desk this is where "taken by his wife, Mrs X" gets written.
    note = TextAreaField(_l("Catatan untuk petugas (tidak wajib, tidak terlihat oleh pemohon)"))

    def values(self) -> dict[str, Any]:
        return {"public": False,
                "collected_by": self.collected_by.data or "",
                "collector_name": self.collector_name.data or "",
                "collector_relation": self.collector_relation.data or "",
                "note": self.note.data or "",
                "idempotency_key": self.val_text("idempotency_key") or None}
