"""Forms of the survey (SKM), complaints and staff responses."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from .services import RESPONSE_STATUSES, STATUS_LABELS

# The nine SKM questions in plain words (U1 … U9, Permenpan RB 14/2017), each with its four
# answers from 1 (worst) to 4 (best).
QUESTIONS = (
    (_l("Apakah persyaratan yang diminta sesuai dengan layanan ini?"),
     (_l("Tidak sesuai"), _l("Kurang sesuai"), _l("Sesuai"), _l("Sangat sesuai"))),
    (_l("Apakah langkah-langkah (prosedur) layanan ini mudah diikuti?"),
     (_l("Tidak mudah"), _l("Kurang mudah"), _l("Mudah"), _l("Sangat mudah"))),
    (_l("Apakah layanan selesai dengan cepat?"),
     (_l("Tidak cepat"), _l("Kurang cepat"), _l("Cepat"), _l("Sangat cepat"))),
    (_l("Bagaimana biaya yang Anda bayar untuk layanan ini?"),
     (_l("Sangat mahal"), _l("Cukup mahal"), _l("Murah"), _l("Gratis"))),
    (_l("Apakah hasil layanan yang Anda terima sesuai dengan yang dijanjikan?"),
     (_l("Tidak sesuai"), _l("Kurang sesuai"), _l("Sesuai"), _l("Sangat sesuai"))),
    (_l("Apakah petugas menguasai pekerjaannya?"),
     (_l("Tidak menguasai"), _l("Kurang menguasai"), _l("Menguasai"),
      _l("Sangat menguasai"))),
    (_l("Apakah petugas sopan dan ramah?"),
     (_l("Tidak sopan dan ramah"), _l("Kurang sopan dan ramah"), _l("Sopan dan ramah"),
      _l("Sangat sopan dan ramah"))),
    (_l("Bagaimana ruang tunggu, tempat duduk, toilet dan fasilitas lainnya?"),
     (_l("Buruk"), _l("Cukup"), _l("Baik"), _l("Sangat baik"))),
    (_l("Bagaimana cara MPP menangani keluhan dan pengaduan?"),
     (_l("Tidak ada tempat mengadu"), _l("Ada, tetapi tidak ditanggapi"),
      _l("Ada, tetapi kurang baik"), _l("Ditangani dengan baik"))),
)
ANSWER_REQUIRED = _l("Pilih salah satu jawaban.")


def _question(index: int) -> RadioField:
    # Choices are set per form instance (see __init__): WTForms 3.3 deprecates declared tuples.
    return RadioField(QUESTIONS[index][0], choices=[],
                      validators=[DataRequired(ANSWER_REQUIRED)])


class SurveyForm(FlaskForm):
    u1, u2, u3 = _question(0), _question(1), _question(2)
    u4, u5, u6 = _question(3), _question(4), _question(5)
    u7, u8, u9 = _question(6), _question(7), _question(8)
    comment = TextAreaField(_l("Saran atau komentar (tidak wajib)"), validators=[
        Optional(), Length(max=1000, message=_l("Maksimal 1.000 karakter."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, (_text, options) in zip(self.questions(), QUESTIONS):
            field.choices = [(str(i + 1), label) for i, label in enumerate(options)]

    def questions(self):
        return [getattr(self, f"u{i}") for i in range(1, 10)]

    def answers(self) -> list[int]:
        return [int(field.data) for field in self.questions()]


class ComplaintForm(FlaskForm):
    agency = SelectField(_l("Tentang instansi (tidak wajib)"), choices=[],
                         validate_choice=False)
    service = SelectField(_l("Tentang layanan (tidak wajib)"), choices=[],
                          validate_choice=False)
    body = TextAreaField(_l("Apa yang ingin Anda adukan?"), validators=[
        DataRequired(_l("Tuliskan pengaduan Anda (paling sedikit 10 karakter).")),
        Length(min=10, max=4000, message=_l("Tulis 10 sampai 4.000 karakter."))])
    contact_name = StringField(_l("Nama (tidak wajib)"), validators=[
        Optional(), Length(max=80, message=_l("Nama terlalu panjang (maksimal 80 karakter)."))])
    contact = StringField(_l("Nomor HP atau e-mail (tidak wajib)"), validators=[
        Optional(), Length(max=120, message=_l("Maksimal 120 karakter."))])


class ResponseForm(FlaskForm):
    status = SelectField(_l("Status baru"), choices=[],
                         validators=[DataRequired(_l("Pilih status."))])
    message = TextAreaField(_l("Tanggapan untuk warga (akan terlihat di halaman pelacakan)"),
                            validators=[Optional(), Length(max=4000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [(key, STATUS_LABELS[key]) for key in RESPONSE_STATUSES]


class TrackForm(FlaskForm):
    class Meta:
        csrf = False  # a GET lookup

    kode = StringField(_l("Kode pelacakan"), validators=[DataRequired(_l("Isi kode pelacakan."))])
