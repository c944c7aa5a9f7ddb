"""National holidays and collective leave days ("cuti bersama") used by the demo sites.

Dates from December 2026 through 2027 are plausible estimates for demo data (the Islamic dates
follow the lunar calendar and are fixed each year by a joint ministerial decree, SKB 3 Menteri). An
operator replaces them with the decree's dates.
"""
from __future__ import annotations

from typing import Any

NATIONAL_CLOSED_DATES: tuple[tuple[str, str], ...] = (
    ("2026-12-24", "Cuti bersama Hari Raya Natal"),
    ("2026-12-25", "Hari Raya Natal"),
    ("2027-01-01", "Tahun Baru 2027 Masehi"),
    ("2027-01-05", "Isra Mikraj Nabi Muhammad SAW"),
    ("2027-02-05", "Cuti bersama Tahun Baru Imlek"),
    ("2027-02-06", "Tahun Baru Imlek 2578 Kongzili"),
    ("2027-03-08", "Cuti bersama Hari Suci Nyepi dan Idul Fitri"),
    ("2027-03-09", "Hari Suci Nyepi Tahun Baru Saka 1949"),
    ("2027-03-10", "Hari Raya Idul Fitri 1448 Hijriah"),
    ("2027-03-11", "Hari Raya Idul Fitri 1448 Hijriah (hari kedua)"),
    ("2027-03-12", "Cuti bersama Idul Fitri 1448 Hijriah"),
    ("2027-03-15", "Cuti bersama Idul Fitri 1448 Hijriah"),
    ("2027-03-26", "Wafat Yesus Kristus"),
    ("2027-03-28", "Kebangkitan Yesus Kristus (Paskah)"),
    ("2027-05-01", "Hari Buruh Internasional"),
    ("2027-05-06", "Kenaikan Yesus Kristus"),
    ("2027-05-07", "Cuti bersama Kenaikan Yesus Kristus"),
    ("2027-05-17", "Hari Raya Idul Adha 1448 Hijriah"),
    ("2027-05-20", "Hari Raya Waisak 2571 BE"),
    ("2027-05-21", "Cuti bersama Hari Raya Waisak"),
    ("2027-06-01", "Hari Lahir Pancasila"),
    ("2027-06-07", "Tahun Baru Islam 1449 Hijriah"),
    ("2027-08-16", "Maulid Nabi Muhammad SAW"),
    ("2027-08-17", "Hari Kemerdekaan Republik Indonesia"),
    ("2027-12-24", "Cuti bersama Hari Raya Natal"),
    ("2027-12-25", "Hari Raya Natal"),
)


def closed_dates(*extra: tuple[str, str]) -> list[dict[str, Any]]:
    """National dates plus a site's own (e.g. the regency's anniversary), in date order."""
    dates = sorted(NATIONAL_CLOSED_DATES + tuple(extra))
    return [{"date": date, "reason": reason} for date, reason in dates]
