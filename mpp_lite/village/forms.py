"""The village office's batch booking form (cancelling confirms with staff.forms.ConfirmForm)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, HiddenField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..queue.forms import priority_choices
from .services import MAX_RESIDENTS


class ResidentRow(Form):
    """One resident: a plain Form (the CSRF token is the outer form's)."""

    name = StringField(_l("Nama atau inisial"), validators=[
        Optional(), Length(max=80, message=_l("Nama terlalu panjang (maksimal 80 karakter)."))])
    nik = StringField(_l("NIK (16 angka)"), validators=[
        Optional(), Length(max=24, message=_l("NIK harus 16 angka."))])
    priority = SelectField(_l("Layanan prioritas"), validators=[Optional()], choices=[],
                           validate_choice=False)


class FixedRows(FieldList):
    """Always rows 0..max_entries-1, each read from its own posted name.

    WTForms' FieldList renumbers sparse rows (residents-3 becomes row 0) and then fills the
    padding rows from the posted names again, so a post of rows 3 and 4 alone would be read
    as rows 0, 1, 3, 4 with two residents twice. Row numbers are part of each row's
    idempotency key, so they must be the ones on the page.
    """

    def process(self, formdata, data=None, extra_filters=None):
        if extra_filters:
            raise TypeError("FixedRows does not accept any filters.")
        self.last_index = -1
        self.entries = []
        self.object_data = data
        for index in range(self.max_entries or self.min_entries):
            self._add_entry(formdata, index=index)


class VillageBookingForm(FlaskForm):
    day = RadioField(_l("Tanggal datang"), validators=[DataRequired(_l("Pilih tanggal."))],
                     choices=[], validate_choice=False)
    window = RadioField(_l("Jam kedatangan"), validators=[Optional()], choices=[],
                        validate_choice=False)
    residents = FixedRows(FormField(ResidentRow), min_entries=MAX_RESIDENTS,
                          max_entries=MAX_RESIDENTS)
    idempotency_key = HiddenField()

    def set_priority_choices(self) -> None:
        choices = priority_choices()
        for row in self.residents:
            row.form.priority.choices = choices


class VillageVisitForm(FlaskForm):
    """One resident, several services, one day: the services come from the page's address."""

    day = RadioField(_l("Tanggal datang"), validators=[DataRequired(_l("Pilih tanggal."))],
                     choices=[], validate_choice=False)
    resident = FormField(ResidentRow)
    idempotency_key = HiddenField()

    def set_priority_choices(self) -> None:
        self.resident.form.priority.choices = priority_choices()
