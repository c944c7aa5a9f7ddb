from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..catalog.vocab import PRIORITY_LABELS
from ..identity import normalize_phone


def priority_choices() -> list[tuple[str, object]]:
    """The "priority service" select of every booking form: none, then each priority group."""
    return [("", _l("Tidak"))] + list(PRIORITY_LABELS.items())


class BookingForm(FlaskForm):
    day = RadioField(_l("Tanggal datang"), validators=[DataRequired(_l("Pilih tanggal."))],
                     choices=[])
    window = RadioField(_l("Jam kedatangan"), validators=[Optional()], choices=[],
                        validate_choice=False)
    priority = SelectField(_l("Layanan prioritas"), validators=[Optional()], choices=[])
    name = StringField(_l("Nama atau inisial"), validators=[
        DataRequired(_l("Isi nama atau inisial Anda.")),
        Length(max=80, message=_l("Nama terlalu panjang (maksimal 80 karakter)."))])
    phone = StringField(_l("Nomor HP (tidak wajib)"), validators=[Optional(), Length(max=20)])
    nik = StringField(_l("NIK (16 angka)"), validators=[Optional(), Length(max=24)])
    # Shown only when WhatsApp or SMS is on for the site (notify.channels.site_order); unticked.
    notify = BooleanField(_l("Kirim kabar antrean ke nomor ini (WhatsApp/SMS)"))
    idempotency_key = HiddenField()
    # "1" when the citizen chose to book for another person after being shown the ticket
    # this device already holds for the same service and day.
    another = HiddenField()

    def validate_notify(self, field: BooleanField) -> None:
        if not field.data:
            return
        try:
            number = normalize_phone(self.phone.data or "")
        except ValueError:
            number = ""
        if not number:
            raise ValidationError(_l("Untuk menerima kabar, isi nomor HP yang benar "
                                     "(misalnya 0812 3456 7890) atau hapus centang ini."))

    def set_priority_choices(self) -> None:
        self.priority.choices = priority_choices()


def show_refusal(form: FlaskForm, refusal: object) -> str:
    """Put a BookingError's field messages on the form's fields; return its main message."""
    for name, message in refusal.fields.items():  # type: ignore[attr-defined]
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + [str(message)]
    return str(refusal.message)  # type: ignore[attr-defined]


class CancelForm(FlaskForm):
    """Only the CSRF token: the confirmation page is the confirmation."""
