"""IKM (Indeks Kepuasan Masyarakat) arithmetic of the SKM, Permenpan RB 14/2017.

Per element (U1 … U9): NRR = sum of the 1–4 scores / number of respondents.
IKM = Σ (NRR × 1/9) × 25, between 25 and 100.

The weight is exactly 1/9: the arithmetic runs on Fractions, so nine perfect scores give
exactly 100.00 (the common shortcut 0.11 caps the index at 99). Values are rounded half-up to
two decimals only at the end.

The grade is taken from the two-decimal value that is published, so a shown IKM and its grade
never disagree: 76.605 is shown as 76.61 and graded B, as a reader of the report would grade
it. The boundaries (two decimals, inclusive): 25.00–64.99 D, 65.00–76.60 C, 76.61–88.30 B,
88.31–100.00 A.

`ikm_from_answers` is pure; `site_ikm` and `ikm_by` read SurveyResponse rows and let the
database add the scores up.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Iterable, Sequence

from flask_babel import lazy_gettext as _l

ELEMENTS = 9
WEIGHT = Fraction(1, ELEMENTS)

# The nine elements in order U1 … U9 (short names for tables and reports).
ELEMENT_NAMES = (
    _l("Persyaratan"),
    _l("Prosedur"),
    _l("Waktu pelayanan"),
    _l("Biaya/tarif"),
    _l("Produk layanan"),
    _l("Kompetensi petugas"),
    _l("Perilaku petugas"),
    _l("Sarana dan prasarana"),
    _l("Penanganan pengaduan"),
)

# (lowest two-decimal IKM of the grade, grade, label), best first.
GRADES = (
    (Decimal("88.31"), "A", _l("Sangat Baik")),
    (Decimal("76.61"), "B", _l("Baik")),
    (Decimal("65.00"), "C", _l("Kurang Baik")),
    (Decimal("25.00"), "D", _l("Tidak Baik")),
)


@dataclass(frozen=True)
class IkmResult:
    ikm: Decimal | None          # rounded to 2 decimals; None when nobody answered
    grade: str | None            # "A" … "D"
    grade_label: str             # lazily translated "Sangat Baik" … "Tidak Baik", or ""
    respondents: int
    elements: list[Decimal] = field(default_factory=list)  # the nine NRR (2 dp); [] if none


def round2(value: Fraction) -> Decimal:
    """Exact half-up rounding of a non-negative fraction to two decimals."""
    cents = (value * 100 + Fraction(1, 2)).__floor__()
    return Decimal(cents).scaleb(-2)


def grade_for(ikm: Decimal) -> tuple[str, object]:
    """The grade and its label for a two-decimal IKM (below 25.00 cannot happen: D)."""
    for lowest, grade, label in GRADES:
        if ikm >= lowest:
            return grade, label
    return "D", GRADES[-1][2]


def ikm_from_sums(respondents: int, sums: Sequence[int]) -> IkmResult:
    """The result from the number of respondents and the nine score totals."""
    if respondents <= 0:
        return IkmResult(ikm=None, grade=None, grade_label="", respondents=0, elements=[])
    if len(sums) != ELEMENTS:
        raise ValueError(f"expected {ELEMENTS} element totals, got {len(sums)}")
    nrr = [Fraction(int(total), respondents) for total in sums]
    exact = sum((value * WEIGHT for value in nrr), Fraction(0)) * 25
    ikm = round2(exact)
    grade, label = grade_for(ikm)
    return IkmResult(ikm=ikm, grade=grade, grade_label=label, respondents=respondents,
                     elements=[round2(value) for value in nrr])


def ikm_from_answers(rows: Iterable[Sequence[int]]) -> IkmResult:
    """IKM of respondents' answers: each row nine integers 1–4 (ValueError otherwise)."""
    count = 0
    sums = [0] * ELEMENTS
    for row in rows:
        values = list(row)
        if len(values) != ELEMENTS:
            raise ValueError(f"each response needs {ELEMENTS} answers, got {len(values)}")
        for index, value in enumerate(values):
            if isinstance(value, bool) or int(value) != value or not 1 <= value <= 4:
                raise ValueError(f"answer {index + 1} must be an integer 1–4, got {value!r}")
            sums[index] += int(value)
        count += 1
    return ikm_from_sums(count, sums)


def _aggregates():
    import sqlalchemy as sa

    from ..models import SurveyResponse

    columns = [getattr(SurveyResponse, f"u{i}") for i in range(1, ELEMENTS + 1)]
    return [sa.func.count(SurveyResponse.id)] + [sa.func.sum(c) for c in columns]


def _filtered(query, site_id: int, start: dt.date, end: dt.date, agency_id: int | None,
              service_id: int | None):
    from ..models import SurveyResponse

    query = query.where(SurveyResponse.site_id == site_id, SurveyResponse.day >= start,
                        SurveyResponse.day <= end)
    if agency_id is not None:
        query = query.where(SurveyResponse.agency_id == agency_id)
    if service_id is not None:
        query = query.where(SurveyResponse.service_id == service_id)
    return query


def site_ikm(site_id: int, start: dt.date, end: dt.date, agency_id: int | None = None,
             service_id: int | None = None) -> IkmResult:
    """IKM of a site's responses answered on local days start … end (both inclusive),
    optionally of one agency or one service."""
    import sqlalchemy as sa

    from ..extensions import db

    row = db.session.execute(_filtered(sa.select(*_aggregates()), site_id, start, end,
                                       agency_id, service_id)).one()
    return ikm_from_sums(int(row[0] or 0), [int(v or 0) for v in row[1:]])


def ikm_by(site_id: int, start: dt.date, end: dt.date, by: str = "service",
           agency_id: int | None = None) -> dict[int, IkmResult]:
    """IKM per agency or per service ("agency" / "service") id, only those with respondents."""
    import sqlalchemy as sa

    from ..extensions import db
    from ..models import SurveyResponse

    key = {"agency": SurveyResponse.agency_id, "service": SurveyResponse.service_id}[by]
    query = _filtered(sa.select(key, *_aggregates()), site_id, start, end, agency_id, None)
    return {row[0]: ikm_from_sums(int(row[1]), [int(v or 0) for v in row[2:]])
            for row in db.session.execute(query.group_by(key))}
