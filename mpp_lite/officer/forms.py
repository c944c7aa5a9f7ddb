from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from ..models import COUNTER_STATUSES
from ..queue.forms import priority_choices

# Common reasons for pausing or closing a counter; "other" means: the officer writes it.
STATUS_REASONS = {
    "istirahat": _l("Istirahat"),
    "ibadah": _l("Ibadah"),
    "jaringan": _l("Gangguan jaringan"),
    "aplikasi": _l("Aplikasi instansi sedang gangguan atau pemeliharaan"),
    "petugas": _l("Petugas sedang tidak di tempat (rapat atau dinas luar)"),
    "kuota": _l("Kuota hari ini sudah habis"),
    "selesai": _l("Jam layanan selesai"),
}


class CounterStatusForm(FlaskForm):
    # Set by the pressed button (name="status"), so not rendered as a field of its own.
    status = StringField(validators=[AnyOf(COUNTER_STATUSES)])
    reason_choice = SelectField(_l("Alasan"), validators=[Optional()], choices=[],
                                validate_choice=False)
    reason_text = StringField(_l("Keterangan (wajib bila tidak memilih alasan di atas)"),
                              validators=[Optional(), Length(max=150)])

    def set_choices(self) -> None:
        self.reason_choice.choices = [("", _l("Pilih alasan"))] + list(STATUS_REASONS.items())

    def reason_label(self):
        return STATUS_REASONS.get(self.reason_choice.data or "")


class TransferForm(FlaskForm):
    service = SelectField(_l("Layanan tujuan"), choices=[], validate_choice=False)
    counter = SelectField(_l("Gerai tujuan"), choices=[], validate_choice=False)
    confirm = HiddenField()


class WalkinForm(FlaskForm):
    service = SelectField(_l("Layanan"), choices=[], validate_choice=False,
                          validators=[DataRequired(_l("Pilih layanan."))])
    priority = SelectField(_l("Layanan prioritas"), validators=[Optional()], choices=[])
    name = StringField(_l("Nama atau inisial"), validators=[
        DataRequired(_l("Isi nama atau inisial pengunjung.")),
        Length(max=80, message=_l("Nama terlalu panjang (maksimal 80 karakter)."))])
    phone = StringField(_l("Nomor HP (tidak wajib)"), validators=[Optional(), Length(max=20)])
    nik = StringField(_l("NIK (hanya untuk layanan yang mewajibkannya)"),
                      validators=[Optional(), Length(max=24)])
    idempotency_key = HiddenField()

    def set_priority_choices(self) -> None:
        self.priority.choices = priority_choices()
