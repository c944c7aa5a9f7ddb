from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from ..catalog.forms import MultiCheckboxField
from ..models import PRIORITIES
from .services import REGULAR

CATEGORIES = (*PRIORITIES, REGULAR)


class AssistTicketForm(FlaskForm):
    """Tap 2: the pressed category button submits the form (name="category")."""

    category = StringField(validators=[
        DataRequired(_l("Pilih kategori pengunjung.")),
        AnyOf(CATEGORIES, message=_l("Pilih kategori pengunjung dari daftar."))])
    name = StringField(_l("Nama pengunjung (tidak wajib)"), validators=[
        Optional(), Length(max=80, message=_l("Nama terlalu panjang (maksimal 80 karakter)."))])
    nik = StringField(_l("NIK pengunjung (16 angka)"), validators=[Optional(), Length(max=24)])
    idempotency_key = HiddenField()


class AssistVisitForm(AssistTicketForm):
    """Several services for one visitor today: tick them, then press the visitor's category."""

    services = MultiCheckboxField(_l("Layanan yang diperlukan"), choices=[],
                                  validate_choice=False)
