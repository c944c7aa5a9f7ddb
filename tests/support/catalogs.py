"""Catalogues for tests, in the import format (docs/catalog-format.md): the small two-service
catalogue (`base_catalog`), the queue catalogue with its staff (`queue_site`,
`load_queue_catalog`), and variants of them."""
from __future__ import annotations

import copy
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from mpp_lite import dates
from mpp_lite.extensions import db
from mpp_lite.models import Agency, Site, StaffUser


def base_service(**overrides: Any) -> dict[str, Any]:
    """KTP-el at Maros' Gerai 1, with requirements, steps and an English name."""
    service = {
        "slug": "ktp-el-baru",
        "name": "KTP-el baru",
        "agency": "disdukcapil",
        "summary": "Perekaman dan pencetakan KTP elektronik pertama kali.",
        "counters": ["Gerai 1"],
        "requirements": [
            {"text": "Kartu Keluarga (KK)", "form": "copy", "quantity": 1,
             "source": "Kantor desa/kelurahan",
             "translations": {"en": {"text": "Family card (KK)"}}},
            {"text": "Surat keterangan lahir", "group": 1},
            {"text": "SPTJM kebenaran data kelahiran", "group": 1,
             "condition": "tidak punya surat keterangan lahir"},
        ],
        "steps": [
            {"title": "Ambil nomor antrean", "location": "Gerai 1", "duration": "±5 menit",
             "translations": {"en": {"title": "Take a queue number"}}},
            {"title": "Perekaman foto, sidik jari dan iris", "actor": "Petugas Disdukcapil"},
        ],
        "processing_time": "Selesai di tempat, ±30 menit",
        "fee": {"free": True, "legal_basis": "UU 24/2013"},
        "product": "KTP-el",
        "complaint_channel": "Meja pengaduan MPP; SP4N-LAPOR! (lapor.go.id, SMS 1708)",
        "availability": "full",
        "life_events": ["dewasa"],
        "keywords": ["ktp", "e-ktp", "bikin ktp"],
        "last_reviewed": "2026-10-01",
        "daily_quota": 100,
        "queue_prefix": "A",
        "translations": {"en": {"name": "New electronic ID card (KTP-el)"}},
    }
    service.update(overrides)
    return service


def base_site(**overrides: Any) -> dict[str, Any]:
    """Maros (WITA) with Disdukcapil and Imigrasi, Gerai 1 and 7, KTP-el and a passport."""
    site = {
        "slug": "maros",
        "name": "Mal Pelayanan Publik Kabupaten Maros",
        "regency": "Kabupaten Maros",
        "province": "Sulawesi Selatan",
        "address": "Jl. Asoka No. 1, Turikale, Maros",
        "timezone": "Asia/Makassar",
        "facilities": ["Ruang laktasi", "Pojok baca"],
        "hours": [{"weekday": d, "opens": "08:00", "closes": "15:00"} for d in range(1, 6)],
        "closed_dates": [{"date": "2026-12-25", "reason": "Hari Raya Natal"}],
        "translations": {"en": {"name": "Maros Public Service Mall"}},
        "agencies": [
            {"slug": "disdukcapil", "name": "Dinas Kependudukan dan Pencatatan Sipil",
             "short_name": "Disdukcapil", "kind": "regional",
             "head_office_address": "Jl. Jend. Sudirman No. 3, Maros"},
            {"slug": "imigrasi", "name": "Kantor Imigrasi Kelas I TPI Makassar",
             "short_name": "Imigrasi", "kind": "central",
             "head_office_address": "Jl. Perintis Kemerdekaan Km. 13, Makassar"},
        ],
        "counters": [
            {"label": "Gerai 1", "agency": "disdukcapil", "floor": "Lantai 1",
             "schedule": [{"weekday": d, "opens": "08:00", "closes": "15:00"}
                          for d in range(1, 6)]},
            {"label": "Gerai 7", "agency": "imigrasi", "floor": "Lantai 2",
             "schedule": [{"weekday": 2, "opens": "08:00", "closes": "14:00"}]},
        ],
        "services": [
            base_service(),
            base_service(
                slug="paspor-baru", name="Paspor baru", agency="imigrasi",
                counters=["Gerai 7"], queue_prefix="C", life_events=["bepergian"],
                keywords=["pasport", "passport"],
                fee={"free": False, "amount": 350000,
                     "note": "Rp350.000 (48 halaman), Rp650.000 (e-paspor)",
                     "legal_basis": "PP 28/2019"},
                availability="partial",
                elsewhere={"note": "Wawancara dan foto di kantor Imigrasi bila gerai MPP penuh.",
                           "address": "Jl. Perintis Kemerdekaan Km. 13, Makassar"},
                processing_time="3–4 hari kerja", product="Paspor RI",
                translations={"en": {"name": "New passport"}},
            ),
        ],
    }
    site.update(overrides)
    return site


def base_catalog(*sites: dict[str, Any]) -> dict[str, Any]:
    """A catalogue of `sites` (copied), default one `base_site()`."""
    return {"format": "mpp-lite-catalog", "version": 1,
            "sites": [copy.deepcopy(s) for s in sites] or [base_site()]}


PASSWORD = "test-password-123"
STAFF = [
    # username, role, site, agency, village
    ("dukcapil.maros", "officer", "maros", "disdukcapil", ""),
    ("dukcapil2.maros", "officer", "maros", "disdukcapil", ""),
    ("imigrasi.maros", "officer", "maros", "imigrasi", ""),
    ("admin.maros", "admin", "maros", None, ""),
    ("pendamping.maros", "assistant", "maros", None, ""),
    ("desa.maros", "village", "maros", None, "Desa Bontoa"),
    ("dukcapil.ngawi", "officer", "ngawi", "disdukcapil", ""),
    ("admin.ngawi", "admin", "ngawi", None, ""),
]


def queue_site(slug: str = "maros", **overrides) -> dict:
    """Two Disdukcapil counters sharing KTP-el, one of them also serving KK changes (whose
    tickets book a time window), and an Imigrasi counter for passports."""
    weekdays = overrides.pop("weekdays", range(1, 6))
    opens, closes = overrides.pop("opens", "08:00"), overrides.pop("closes", "15:00")
    hours = [{"weekday": d, "opens": opens, "closes": closes} for d in weekdays]
    site = base_site(
        slug=slug, hours=hours, closed_dates=[],
        counters=[
            {"label": "Gerai 1", "agency": "disdukcapil"},
            {"label": "Gerai 2", "agency": "disdukcapil"},
            {"label": "Gerai 7", "agency": "imigrasi"},
        ],
        services=[
            base_service(counters=["Gerai 1", "Gerai 2"], daily_quota=None),
            base_service(slug="kk-perubahan", name="Perubahan Kartu Keluarga",
                         counters=["Gerai 1"], queue_prefix="B", daily_quota=None,
                         windows=[{"starts": "10:00", "ends": "12:00", "capacity": 20},
                                  {"starts": "13:00", "ends": "15:00", "capacity": 20}]),
            base_service(slug="paspor-baru", name="Paspor baru", agency="imigrasi",
                         counters=["Gerai 7"], queue_prefix="C", daily_quota=None),
        ],
    )
    site.update(overrides)
    return site


# A cheap hash: the real one (scrypt) would make every test spend seconds on set-up.
PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def load_queue_catalog(app, *sites: dict) -> None:
    """Import `sites` (default: Maros and Ngawi of `queue_site`) and add the STAFF accounts,
    all with PASSWORD."""
    from mpp_lite.catalog.transfer import import_catalog

    with app.app_context():
        import_catalog(base_catalog(*(sites or (
            queue_site(), queue_site("ngawi", name="MPP Ngawi", timezone="Asia/Jakarta")))))
        for username, role, site_slug, agency_slug, village in STAFF:
            site = db.session.scalar(sa.select(Site).filter_by(slug=site_slug))
            agency_id = db.session.scalar(sa.select(Agency.id).filter_by(
                site_id=site.id, slug=agency_slug)) if agency_slug else None
            db.session.add(StaffUser(username=username, role=role, site_id=site.id,
                                     agency_id=agency_id, village_name=village,
                                     display_name=username, password_hash=PASSWORD_HASH))
        db.session.commit()


def counters_site(slug: str = "maros", **overrides) -> dict:
    """Gerai 1 (Disdukcapil) weekdays 08.00–15.00, Gerai 2 (Disdukcapil) without a schedule
    of its own (the site's hours), Gerai 7 (Imigrasi) on Tuesdays only."""
    return queue_site(slug, counters=[
        {"label": "Gerai 1", "agency": "disdukcapil", "floor": "Lantai 1",
         "schedule": [{"weekday": d, "opens": "08:00", "closes": "15:00"} for d in range(1, 6)]},
        {"label": "Gerai 2", "agency": "disdukcapil"},
        {"label": "Gerai 7", "agency": "imigrasi", "floor": "Lantai 2",
         "schedule": [{"weekday": 2, "opens": "08:00", "closes": "14:00"}]},
    ], **overrides)


def open_all_day_zone() -> str:
    """An Indonesian time zone where it is not 23.xx now: the test site opens 00.00–23.59
    every day, so walk-in tickets (which use the real clock) are always possible."""
    now = dates.now()
    for zone in ("Asia/Makassar", "Asia/Jakarta", "Asia/Jayapura"):
        if now.astimezone(ZoneInfo(zone)).hour < 23:
            return zone
    raise AssertionError("unreachable: the zones are hours apart")


def open_all_day_sites() -> tuple[dict, dict]:
    """Maros open all day every day (walk-ins use the real clock), and Ngawi."""
    return (queue_site(weekdays=range(1, 8), opens="00:00", closes="23:59",
                       timezone=open_all_day_zone()),
            queue_site("ngawi", name="MPP Ngawi", timezone="Asia/Jakarta"))


def counters_sites() -> tuple[dict, dict]:
    """Maros (WITA) and Ngawi (WIB) with the counter schedules of `counters_site`."""
    return counters_site(), counters_site("ngawi", name="MPP Ngawi", timezone="Asia/Jakarta")
