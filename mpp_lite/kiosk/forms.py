"""Forms of the kiosk pages: the admin's kiosk form, the device's pairing form and the
category buttons that issue a ticket."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField

from ..catalog.forms import MultiCheckboxField
from ..staff.forms import ParsingForm
from ..web.edge import coerce_id
from .services import KioskInput

REGULAR = "biasa"


class KioskForm(ParsingForm):
    name = StringField(_l("Nama anjungan"))
    location = StringField(_l("Lokasi (tidak wajib)"))
    agencies = MultiCheckboxField(_l("Instansi yang dilayani"), choices=[],
                                  validate_choice=False)

    def values(self) -> KioskInput:
        ids = [coerce_id(raw) for raw in (self.agencies.data or [])]
        if any(i is None for i in ids):
            self.add_error("agencies", _l("Pilih instansi dari daftar."))
        return KioskInput(self.val_text("name"), self.val_text("location"),
                          [i for i in ids if i is not None])


class PairForm(FlaskForm):
    code = StringField(_l("Kode pemasangan"))


class TicketForm(FlaskForm):
    """The pressed category button submits the form with its name="category" value (read from
    the request: a field here would add an empty "category" of its own)."""

    idempotency_key = HiddenField()
