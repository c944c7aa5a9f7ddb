"""Loading the demo catalogue (two MPPs) through the same importer operators use."""
from __future__ import annotations

import sqlalchemy as sa

from .catalog.transfer import ImportResult, import_catalog
from .extensions import db
from .models import Site


def seed_demo() -> ImportResult:
    """Upsert the demo sites; running it again changes nothing further."""
    from .demo.data import build_catalog

    result = import_catalog(build_catalog())
    db.session.commit()
    return result


def seed_if_empty() -> bool:
    if db.session.scalar(sa.select(sa.func.count()).select_from(Site)):
        return False
    seed_demo()
    return True
