"""Forms of the managers' announcement pages (times are typed in the site's local time)."""
from __future__ import annotations

import datetime as dt
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField

from ..dates import MAX_YEAR, MIN_YEAR, parse_day, read_day
from .services import MAX_MESSAGE, SEVERITY_LABELS

_TIME = re.compile(r"^\s*(\d{1,2})[.:](\d{2})\s*$")                 # 08.30 or 08:30


def parse_time(text: str | None) -> dt.time | None:
    match = _TIME.match(text or "")
    if not match:
        return None
    try:
        return dt.time(int(match[1]), int(match[2]))
    except ValueError:
        return None


class AnnouncementForm(FlaskForm):
    scope = SelectField(_l("Untuk"), choices=[], validate_choice=False)
    severity = RadioField(_l("Jenis"), choices=[], validate_choice=False)
    message = TextAreaField(_l("Isi pengumuman (bahasa Indonesia)"),
                            render_kw={"rows": 3, "maxlength": MAX_MESSAGE})
    message_en = TextAreaField(_l("Terjemahan bahasa Inggris (tidak wajib)"),
                               render_kw={"rows": 3, "maxlength": MAX_MESSAGE, "lang": "en"})
    starts_date = StringField(_l("Tanggal mulai"), render_kw={"type": "date"})
    starts_time = StringField(_l("Jam mulai"), render_kw={"type": "time"})
    ends_date = StringField(_l("Tanggal selesai"), render_kw={"type": "date"})
    ends_time = StringField(_l("Jam selesai"), render_kw={"type": "time"})

    def set_choices(self, scopes: list[tuple[str, str]]) -> None:
        self.scope.choices = scopes
        self.severity.choices = list(SEVERITY_LABELS.items())

    def moment(self, prefix: str) -> dt.datetime | None:
        """The typed date and time (site-local, naive); field errors when unreadable."""
        date_field = getattr(self, f"{prefix}_date")
        time_field = getattr(self, f"{prefix}_time")
        day = parse_day(date_field.data)
        clock = parse_time(time_field.data)
        if day is None and read_day(date_field.data) is not None:
            date_field.errors = [*date_field.errors,
                                 _l("Tahun harus antara %(first)s dan %(last)s.",
                                    first=MIN_YEAR, last=MAX_YEAR)]
        elif day is None:
            date_field.errors = [*date_field.errors,
                                 _l("Isi tanggal seperti 31/12/2026.")]
        if clock is None:
            time_field.errors = [*time_field.errors, _l("Isi jam seperti 08.30.")]
        if day is None or clock is None:
            return None
        return dt.datetime.combine(day, clock)
