"""Forms of the staff pages: sign-in, confirmation, and the managers' editing forms' base
(`ParsingForm`) with the staff account forms. Fields are plain text where a typing mistake
must get an Indonesian message rather than WTForms' English one; the rules live in services."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from ..dates import MAX_YEAR, MIN_YEAR, parse_day
from ..web.edge import parse_id
from .services import EditError


class LoginForm(FlaskForm):
    username = StringField(_l("Nama pengguna"), validators=[
        DataRequired(_l("Isi nama pengguna.")), Length(max=60)])
    password = PasswordField(_l("Kata sandi"), validators=[
        DataRequired(_l("Isi kata sandi.")), Length(max=200)])


class ConfirmForm(FlaskForm):
    """A destructive action's confirmation page: only the CSRF token."""


def opts(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(str(value), label) for value, label in pairs]


class ParsingForm(FlaskForm):
    """A form whose values are read with `val_*()`, which record Indonesian errors."""

    _validated: bool | None = None

    def validate_on_submit(self, extra_validators=None) -> bool:
        """Validated once: a second call neither re-runs the validators nor drops errors
        added since (the shared save helper asks again)."""
        if self._validated is None:
            self._validated = super().validate_on_submit(extra_validators)
        return self._validated

    def add_error(self, name: str, message: object) -> None:
        field = getattr(self, name, None)
        if field is None:
            self.form_errors.append(message)  # type: ignore[arg-type]
            return
        field.errors = list(field.errors or []) + [message]

    def add_errors(self, errors: dict[str, list[str]]) -> None:
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name, message)

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def valid_values(self) -> dict[str, Any]:
        """`values()`, or EditError when reading them found a mistake (shown by its field)."""
        data = self.values()
        if self.has_errors:
            raise EditError({})
        return data

    def val_text(self, name: str) -> str:
        return (getattr(self, name).data or "").strip()

    def val_int(self, name: str, *, minimum: int | None = None) -> int | None:
        raw = self.val_text(name).replace(".", "").replace(" ", "")
        if not raw:
            return None
        if not re.fullmatch(r"-?\d{1,15}", raw):
            self.add_error(name, _l("Isi dengan angka bulat, contoh: 30000."))
            return None
        value = int(raw)
        if minimum is not None and value < minimum:
            self.add_error(name, _l("Angka paling kecil %(num)s.", num=minimum))
        return value

    def val_id(self, name: str) -> int | None:
        raw = self.val_text(name)
        return parse_id(raw)  # None beyond the database's integer (no overflow)

    def val_date(self, name: str) -> dt.date | None:
        """The date typed in the field (the rule of dates.parse_day: years 2000–2100)."""
        raw = self.val_text(name)
        day = parse_day(raw)
        if raw and day is None:
            self.add_error(name, _l("%(label)s tidak sah. Isi dengan format TTTT-BB-HH antara "
                                    "tahun %(first)s dan %(last)s, misalnya 2026-10-01.",
                                    label=_l("Tanggal"), first=MIN_YEAR, last=MAX_YEAR))
        return day

    @property
    def has_errors(self) -> bool:
        return bool(self.form_errors) or any(f.errors for f in self)


def role_choices() -> list[SelectChoice]:
    """The roles as choices (read when a form is built: catalog.vocab imports the catalogue
    package, whose pages import these forms)."""
    from ..catalog.vocab import STAFF_ROLE_LABELS

    return opts(STAFF_ROLE_LABELS.items())


class AccountForm(ParsingForm):
    username = StringField(_l("Nama pengguna (huruf kecil, angka, titik, garis bawah)"))
    display_name = StringField(_l("Nama tampilan"))
    role = SelectField(_l("Peran"), choices=role_choices, validate_choice=False)
    agency = SelectField(_l("Instansi (untuk petugas gerai)"), choices=[],
                         validate_choice=False)
    village_name = StringField(_l("Nama desa/kelurahan (untuk kantor desa)"))
    can_edit_catalog = BooleanField(_l("Boleh mengubah layanan instansinya (petugas gerai)"))
    password = PasswordField(_l("Kata sandi awal"))

    def values(self) -> dict[str, Any]:
        return {"username": self.val_text("username"), "display_name": self.val_text("display_name"),
                "role": self.role.data, "agency_id": self.val_id("agency"),
                "village_name": self.val_text("village_name"),
                "can_edit_catalog": bool(self.can_edit_catalog.data),
                "password": self.password.data or ""}


class AccountEditForm(AccountForm):
    username = None  # type: ignore[assignment]
    password = None  # type: ignore[assignment]

    def values(self) -> dict[str, Any]:
        return {"display_name": self.val_text("display_name"), "role": self.role.data,
                "agency_id": self.val_id("agency"), "village_name": self.val_text("village_name"),
                "can_edit_catalog": bool(self.can_edit_catalog.data)}


class PasswordForm(ParsingForm):
    password = PasswordField(_l("Kata sandi baru"))
    password2 = PasswordField(_l("Ulangi kata sandi baru"))

    def values(self) -> dict[str, Any]:
        return {"password": self.password.data or "", "password2": self.password2.data or ""}
