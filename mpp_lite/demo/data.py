"""The demo catalogue: two MPP sites (Maros, Ngawi) in the format of docs/catalog-format.md.

Both sites are built from the same library of service builders (svc_*.py), each given the
site's own agencies, counters and local details (sites.py), plus a few services only one site
offers (svc_lokal.py).
"""
from __future__ import annotations

import json
from typing import Any, Callable

from . import (sites, svc_adminduk, svc_izin, svc_layanan, svc_lokal, svc_luar, svc_pajak,
               svc_polri, svc_tambahan)
from .context import SiteContext

FORMAT_NAME = "mpp-lite-catalog"
FORMAT_VERSION = 1

# The shared library, in the order services are listed.
SHARED_BUILDERS: tuple[Callable[[SiteContext], None], ...] = (
    svc_adminduk.build,
    svc_polri.build,
    svc_izin.build,
    svc_pajak.build,
    svc_layanan.build,
    svc_tambahan.build,
    svc_luar.build,         # needs handled outside the MPP (availability "outside")
)

SITES = (
    (sites.maros, svc_lokal.maros_extras),
    (sites.ngawi, svc_lokal.ngawi_extras),
)


def _build_site(make_site: Callable[[], tuple[SiteContext, dict[str, Any]]],
                extras: Callable[[SiteContext], None]) -> dict[str, Any]:
    context, record = make_site()
    for build in SHARED_BUILDERS:
        build(context)
    extras(context)
    record["agencies"] = context.agencies_out()
    record["counters"] = context.counters_out()
    record["services"] = context.services
    return record


# Booking rules shown off by the demo: a NIK only where the agency needs it to find records,
# one ticket per person where tickets are scarce, and arrival windows for passports.
NIK_REQUIRED = {"ktp-el-hilang", "ktp-el-rusak", "skck-baru", "skck-perpanjangan"}
ONE_PER_PERSON = {"ktp-el-hilang", "ktp-el-rusak", "skck-baru", "skck-perpanjangan",
                  "paspor-baru", "sim-perpanjangan"}
WINDOWS = {"paspor-baru": [{"starts": "08:00", "ends": "10:00", "capacity": 15},
                           {"starts": "10:00", "ends": "12:00", "capacity": 15},
                           {"starts": "13:00", "ends": "14:30", "capacity": 10}]}

# The promise as a number (processing_days) where the published time is a number of working
# days: the longest the text promises ("3–4 hari kerja" → 4, "7 hari kerja; 14 bila perlu
# penelitian lapangan" → 14). Same-day services, and times that are only "umumnya" or depend
# on another office's decision, have none (tests/test_processing_days.py checks each number
# is in its text).
PROCESSING_DAYS = {
    "akta-perkawinan": 3, "paspor-baru": 4, "paspor-penggantian": 4, "pbg": 28, "slf": 10,
    "izin-reklame": 7, "sip-bidan-perawat": 10, "pengecekan-sertipikat": 1,
    "peralihan-hak-tanah": 5, "pengukuran-tanah": 14, "pbb-mutasi": 14, "bphtb": 3,
    "duplikat-buku-nikah": 3, "pdam-sambungan-baru": 14, "pln-pasang-baru": 5,
    "pln-tambah-daya": 3, "izin-keramaian": 3, "kur-bank-sulselbar": 14, "spp-irt": 14,
}


def _booking_rules(record: dict[str, Any]) -> dict[str, Any]:
    for service in record["services"]:
        slug = service["slug"]
        if slug in NIK_REQUIRED:
            service["nik_required"] = True
        if slug in ONE_PER_PERSON:
            service["one_per_person"] = True
        if slug in WINDOWS:
            service["windows"] = [dict(w) for w in WINDOWS[slug]]
        if slug in PROCESSING_DAYS:
            service["processing_days"] = PROCESSING_DAYS[slug]
    return record


def build_catalog() -> dict[str, Any]:
    """The whole demo catalogue. Deterministic, and a fresh object on every call."""
    catalog = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "sites": [_booking_rules(_build_site(make_site, extras)) for make_site, extras in SITES],
    }
    # Some records share sub-objects (e.g. one weekly schedule used by several counters). A JSON
    # round trip hands out a tree with no shared parts, and proves it serialises.
    return json.loads(json.dumps(catalog, ensure_ascii=False))
