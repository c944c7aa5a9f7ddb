"""The forms of the moving pages. No field validators: the rules (queue/moving.py,
closures.py, no_show.py) check the values and say what is wrong, so a failed
`validate_on_submit` only ever means an expired or missing CSRF token."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField


class MoveForm(FlaskForm):
    day = SelectField(_l("Tanggal baru"), choices=[], validate_choice=False)
    window = SelectField(_l("Jam kedatangan"), choices=[], validate_choice=False)
    confirm = HiddenField()


class ClosureForm(FlaskForm):
    day = StringField(_l("Tanggal (YYYY-MM-DD)"))
    counter = SelectField(_l("Yang tutup"), choices=[], validate_choice=False)
    reason = StringField(_l("Alasan (dilihat warga)"))
    confirm = HiddenField()


class NoShowRuleForm(FlaskForm):
    service = SelectField(_l("Berlaku untuk"), choices=[], validate_choice=False)
    after_calls = StringField(_l("Tidak hadir setelah dipanggil (kali)"))
    grace_minutes = StringField(_l("Boleh kembali ke antrean dalam (menit; 0 = tidak boleh)"))


class EmptyForm(FlaskForm):
    """A POST button with its CSRF token."""
