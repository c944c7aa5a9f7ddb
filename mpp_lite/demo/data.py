"""The demo catalogue: two MPP sites (Maros, Ngawi) in the format of docs/catalog-format.md.

Both sites are built from the same library of service builders (svc_*.py), each given the
site's own agencies, counters and local details (sites.py), plus a few services only one site
offers (svc_lokal.py).
"""
from __future__ import annotations

import json
from typing import Any, Callable

from . import sites, svc_adminduk, svc_izin, svc_layanan, svc_lokal, svc_pajak, svc_polri
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


def build_catalog() -> dict[str, Any]:
    """The whole demo catalogue. Deterministic, and a fresh object on every call."""
    catalog = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "sites": [_build_site(make_site, extras) for make_site, extras in SITES],
    }
    # Some records share sub-objects (e.g. one weekly schedule used by several counters). A JSON
    # round trip hands out a tree with no shared parts, and proves it serialises.
    return json.loads(json.dumps(catalog, ensure_ascii=False))
