"""Loading the demo catalogue (two MPPs) through the same importer operators use."""
from __future__ import annotations

import sqlalchemy as sa

from .catalog.transfer import ImportResult, import_catalog
from .extensions import db
from .models import Site


# Development only: shared, printed, and listed in the README.
DEMO_PASSWORD = "mpp-demo-2026"
DEMO_STAFF = [
    # username, role, site, agency, village
    ("admin.maros", "admin", "maros", None, ""),
    ("dukcapil.maros", "officer", "maros", "disdukcapil", ""),
    ("polres.maros", "officer", "maros", "polres", ""),
    ("pendamping.maros", "assistant", "maros", None, ""),
    ("desa.bontoa", "village", "maros", None, "Desa Bontoa"),
    ("admin.ngawi", "admin", "ngawi", None, ""),
    ("dukcapil.ngawi", "officer", "ngawi", "disdukcapil", ""),
    ("pendamping.ngawi", "assistant", "ngawi", None, ""),
    ("desa.karangasri", "village", "ngawi", None, "Desa Karangasri"),
]


def seed_demo() -> ImportResult:
    """Upsert the demo sites and staff; running it again changes nothing further."""
    from .demo.applications import seed_demo_applications
    from .demo.data import build_catalog
    from .models import StaffUser
    from .staff.services import create_user

    result = import_catalog(build_catalog())
    for username, role, site, agency, village in DEMO_STAFF:
        if db.session.scalar(sa.select(StaffUser.id).filter_by(username=username)) is None:
            create_user(username, DEMO_PASSWORD, role, site, agency, village)
    seed_demo_applications()  # after the staff: the agencies' officers receive them
    db.session.commit()
    return result


def seed_if_empty() -> bool:
    if db.session.scalar(sa.select(sa.func.count()).select_from(Site)):
        return False
    seed_demo()
    return True
