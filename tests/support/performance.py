"""A hand-made set of applications (berkas) with known on-time figures, for the performance
report's tests: received across the cuti bersama and Christmas of December 2026, a paused
clock, late and on-time ones, a service without a promise, open, overdue, rejected and
withdrawn ones, one received before the period and one at another site.

Maros (WITA) is closed on Thursday 24 (cuti bersama) and Friday 25 December 2026 (Christmas).
"Today" for the expectations is Monday 4 January 2027 (TODAY).

Expected figures for 1–31 December 2026 (EXPECTED), computed by hand:

paspor-baru (Imigrasi, 3 working days)
  P1 Mon 14 Dec, due Thu 17, ready Thu 17: on time, 3 days
  P2 Mon 21 Dec, due Mon 28 (22, 23, then 24–27 closed), ready Tue 29: late, 4 days
  P3 Tue 1 Dec, due Fri 4; documents asked Wed 2, back Mon 7 (3 days paused) → due Wed 9;
     ready Wed 9: on time, 6 − 3 = 3 days
  P4 Wed 2 Dec, ready Thu 3, collected Fri 4: on time, 1 day (completed when ready)
  P5 Fri 18 Dec, collected Wed 23 without a ready step, due Wed 23: on time, 3 days
  P6 Mon 28 Dec, in progress, due Thu 31: overdue on 4 January
  P7 Tue 29 Dec, documents asked Wed 30: open, paused, not overdue
  P8 Wed 9 Dec, rejected Thu 10: stopped
  P10 Thu 31 Dec, in progress, due Tue 5 Jan: open, not overdue yet
  (P9 Mon 30 Nov, ready 2 Dec: before the period, not counted)
  → received 9, completed 5, on time 4 of 5 (80 %), median of 1 3 3 3 4 = 3, stopped 1,
    open 3, overdue 1
ktp-el-baru (Disdukcapil, 5 working days)
  K1 Mon 7 Dec, due Mon 14, ready Fri 11: on time, 4 days
  K2 Tue 22 Dec, due Thu 31, ready Mon 4 Jan: late, 7 days (23, 28–31, 1 and 4 Jan)
  K3 Mon 14 Dec, withdrawn Tue 15: stopped
  → received 3, completed 2, on time "1 dari 2" (too few for a percentage), median of
    4 and 7 = 5.5, stopped 1
kk-perubahan (Disdukcapil, no promise)
  C1 Mon 7 Dec, ready Wed 9: completed without a promise, 2 days
  C2 Tue 8 Dec, in progress: open, never overdue
  → received 2, completed 1, no promise 1, median 2, open 1
Ngawi: one application (must not appear at Maros).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from mpp_lite.applications.lifecycle import Change, Receipt, change, receive
from mpp_lite.extensions import db
from mpp_lite.models import Application, Service, Site

from .catalogs import queue_site

WITA = dt.timezone(dt.timedelta(hours=8))
TODAY = dt.date(2027, 1, 4)
FIRST, LAST = dt.date(2026, 12, 1), dt.date(2026, 12, 31)
NAMES = ("Siti Aminah", "Andi Baso", "Nurhayati Daeng", "Muhammad Rizal")
PHONE = "081234567890"


def performance_sites() -> tuple[dict, dict]:
    """Maros with its December closed days, and Ngawi."""
    closed = [{"date": "2026-12-24", "reason": "Cuti bersama Natal"},
              {"date": "2026-12-25", "reason": "Hari Raya Natal"}]
    return (queue_site(closed_dates=closed),
            queue_site("ngawi", name="MPP Ngawi", timezone="Asia/Jakarta"))


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), WITA)


def d(month: int, day: int) -> dt.date:
    return dt.date(2027 if month == 1 else 2026, month, day)


EXTRA = {"needs_documents": {"missing": ["Akta kelahiran"]},
         "collected": {"collected_by": "applicant"},
         "rejected": {"reason": "Data tidak sesuai."}}

# code-less label → (service slug, received, [(status, day), ...])
PLAN: dict[str, tuple[str, dt.date, list[tuple[str, dt.date]]]] = {
    "P1": ("paspor-baru", d(12, 14), [("ready", d(12, 17))]),
    "P2": ("paspor-baru", d(12, 21), [("ready", d(12, 29))]),
    "P3": ("paspor-baru", d(12, 1), [("needs_documents", d(12, 2)), ("in_progress", d(12, 7)),
                                     ("ready", d(12, 9))]),
    "P4": ("paspor-baru", d(12, 2), [("ready", d(12, 3)), ("collected", d(12, 4))]),
    "P5": ("paspor-baru", d(12, 18), [("collected", d(12, 23))]),
    "P6": ("paspor-baru", d(12, 28), [("in_progress", d(12, 29))]),
    "P7": ("paspor-baru", d(12, 29), [("needs_documents", d(12, 30))]),
    "P8": ("paspor-baru", d(12, 9), [("rejected", d(12, 10))]),
    "P9": ("paspor-baru", d(11, 30), [("ready", d(12, 2))]),
    "P10": ("paspor-baru", d(12, 31), [("in_progress", d(12, 31))]),
    "K1": ("ktp-el-baru", d(12, 7), [("ready", d(12, 11))]),
    "K2": ("ktp-el-baru", d(12, 22), [("in_progress", d(12, 23)), ("ready", d(1, 4))]),
    "K3": ("ktp-el-baru", d(12, 14), [("withdrawn", d(12, 15))]),
    "C1": ("kk-perubahan", d(12, 7), [("ready", d(12, 9))]),
    "C2": ("kk-perubahan", d(12, 8), [("in_progress", d(12, 9))]),
}
PROMISES = {"paspor-baru": 3, "ktp-el-baru": 5, "kk-perubahan": None}
PUBLISHED = {"paspor-baru": "3–4 hari kerja", "ktp-el-baru": "5 hari kerja sejak berkas lengkap",
             "kk-perubahan": "Tergantung verifikasi data"}

# Per service: the figures for FIRST..LAST on TODAY.
EXPECTED: dict[str, dict[str, Any]] = {
    "paspor-baru": dict(received=9, completed=5, stopped=1, open_now=3, overdue_now=1,
                        on_time=4, late=1, no_promise=0, median_days=3),
    "ktp-el-baru": dict(received=3, completed=2, stopped=1, open_now=0, overdue_now=0,
                        on_time=1, late=1, no_promise=0, median_days=5.5),
    "kk-perubahan": dict(received=2, completed=1, stopped=0, open_now=1, overdue_now=0,
                         on_time=0, late=0, no_promise=1, median_days=2),
}
EXPECTED_AGENCIES = {
    "imigrasi": EXPECTED["paspor-baru"],
    "disdukcapil": dict(received=5, completed=3, stopped=1, open_now=1, overdue_now=0,
                        on_time=1, late=1, no_promise=1, median_days=4),
}
EXPECTED_TOTAL = dict(received=14, completed=8, stopped=2, open_now=4, overdue_now=1,
                      on_time=5, late=2, no_promise=1, median_days=3)


def service(slug: str, site: str = "maros") -> Service:
    return db.session.scalar(sa.select(Service).join(Site).where(
        Site.slug == site, Service.slug == slug))


def make_application(slug: str, received: dt.date, steps: list[tuple[str, dt.date]],
                     site: str = "maros", name: str = NAMES[0]) -> Application:
    """One application received on `received` and walked through `steps` (on their days)."""
    svc = service(slug, site)
    application, created = receive(Receipt(site=svc.site, service=svc, applicant_name=name,
                                           phone=PHONE, now=at(received)))
    assert created
    for status, day in steps:
        change(application, Change(status=status, now=at(day), **EXTRA.get(status, {})))
    return application


def build(app) -> dict[str, str]:
    """Set the promises and add the applications of PLAN (and one at Ngawi); commits.
    Returns {label: tracking code}."""
    codes: dict[str, str] = {}
    with app.app_context():
        for slug, days in PROMISES.items():
            for site in ("maros", "ngawi"):
                service(slug, site).processing_days = days
                service(slug, site).processing_time = PUBLISHED[slug]
        db.session.flush()
        for index, (label, (slug, received, steps)) in enumerate(PLAN.items()):
            application = make_application(slug, received, steps,
                                            name=NAMES[index % len(NAMES)])
            codes[label] = application.code
        other = make_application("paspor-baru", d(12, 14), [("ready", d(12, 29))],
                                 site="ngawi", name="Warga Ngawi")
        codes["NGAWI"] = other.code
        db.session.commit()
    return codes


def table_rows(html: str, caption: str) -> list[list[str]]:
    """The cell texts of each row of the table with this caption (parsed strictly)."""
    from .html import parse, text_of

    for table in parse(html).iter("table"):
        found = table.find("caption")
        if found is not None and text_of(found) == caption:
            return [[text_of(cell) for cell in row if cell.tag in ("th", "td")]
                    for row in table.iter("tr")]
    raise AssertionError(f"no table {caption!r}")


def figures_dict(figures) -> dict[str, Any]:
    return {name: getattr(figures, name) for name in EXPECTED_TOTAL}
