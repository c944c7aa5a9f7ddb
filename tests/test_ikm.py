"""IKM arithmetic (Permenpan RB 14/2017) against hand-computed examples: the exact 1/9 weight,
half-up rounding to two decimals, and the grade boundaries."""
from __future__ import annotations

from decimal import Decimal

import pytest

from mpp_lite.feedback.ikm import grade_for, ikm_from_answers, ikm_from_sums


def rows_with_total(respondents: int, total: int) -> list[list[int]]:
    """`respondents` rows of nine answers 1–4 whose scores add up to `total`."""
    assert 9 * respondents <= total <= 36 * respondents
    rows = [[1] * 9 for _ in range(respondents)]
    extra = total - 9 * respondents
    for row in rows:
        for i in range(9):
            step = min(3, extra)
            row[i] += step
            extra -= step
    assert sum(map(sum, rows)) == total
    return rows


def test_three_respondents_by_hand():
    """NRR per element is sum/respondents; IKM = Σ NRR × 1/9 × 25 = 29/9 × 25 = 80.555… → 80.56."""
    result = ikm_from_answers([
        [4, 4, 4, 4, 4, 4, 4, 4, 4],
        [3, 3, 3, 3, 3, 3, 3, 3, 3],
        [2, 3, 4, 1, 2, 3, 4, 3, 2],
    ])
    assert result.respondents == 3
    assert result.elements == [Decimal(v) for v in (
        "3.00", "3.33", "3.67", "2.67", "3.00", "3.33", "3.67", "3.33", "3.00")]
    assert result.ikm == Decimal("80.56")  # 0.11 as the weight would give 79.75
    assert (result.grade, str(result.grade_label)) == ("B", "Baik")


def test_perfect_scores_give_exactly_100_not_99():
    """The 1/9 vs 0.11 trap: nine 4s weighted 0.11 give 99.00."""
    result = ikm_from_answers([[4] * 9] * 7)
    assert result.ikm == Decimal("100.00") and str(result.ikm) == "100.00"
    assert result.elements == [Decimal("4.00")] * 9
    assert (result.grade, str(result.grade_label)) == ("A", "Sangat Baik")


def test_lowest_scores_give_25():
    result = ikm_from_answers([[1] * 9, [1] * 9])
    assert result.ikm == Decimal("25.00") and result.grade == "D"
    assert str(result.grade_label) == "Tidak Baik"


def test_mixed_element_averages():
    """U1 all 2 and the rest all 3: (2 + 8×3)/9 × 25 = 72.22 (C)."""
    result = ikm_from_answers([[2, 3, 3, 3, 3, 3, 3, 3, 3]] * 4)
    assert result.ikm == Decimal("72.22") and result.grade == "C"
    assert str(result.grade_label) == "Kurang Baik"


def test_nobody_answered():
    result = ikm_from_answers([])
    assert result.ikm is None and result.grade is None and result.grade_label == ""
    assert result.respondents == 0 and result.elements == []
    assert ikm_from_sums(0, [0] * 9) == result


@pytest.mark.parametrize("value, grade", [
    ("25.00", "D"), ("64.99", "D"), ("65.00", "C"), ("76.60", "C"), ("76.61", "B"),
    ("88.30", "B"), ("88.31", "A"), ("100.00", "A"),
])
def test_grade_boundaries(value, grade):
    assert grade_for(Decimal(value))[0] == grade


@pytest.mark.parametrize("respondents, total, shown, grade", [
    (19, 524, "76.61", "B"),   # 76.6081… rounds up to 76.61: graded B, as published
    (26, 717, "76.60", "C"),   # 76.6025… rounds down to 76.60: C
    (43, 1367, "88.31", "A"),  # 88.3074… → 88.31: A
    (113, 2644, "65.00", "C"),  # 64.9950… → 65.00: C
    (5, 117, "65.00", "C"),    # exactly 65
    (125, 3447, "76.60", "C"),  # exactly 76.60
    (250, 7947, "88.30", "B"),  # exactly 88.30
])
def test_grade_follows_the_published_two_decimal_value(respondents, total, shown, grade):
    """Between 76.60 and 76.61 there is no gap: the grade is read from the rounded value."""
    result = ikm_from_answers(rows_with_total(respondents, total))
    assert str(result.ikm) == shown and result.grade == grade


@pytest.mark.parametrize("row", [[4] * 8, [4] * 10, [0] + [4] * 8, [5] + [4] * 8,
                                 [True] + [4] * 8, [2.5] + [4] * 8])
def test_invalid_answers_are_refused(row):
    with pytest.raises(ValueError):
        ikm_from_answers([row])
