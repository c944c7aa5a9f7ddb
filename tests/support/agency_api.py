"""Agency API tokens for tests: make one directly through the rules (tokens.create_token),
the Authorization header that carries it, and a dump of every stored value (to prove a
plaintext token is stored nowhere)."""
from __future__ import annotations

import sqlalchemy as sa

from mpp_lite.applications import tokens
from mpp_lite.extensions import db
from mpp_lite.models import Agency, AgencyToken, Service, Site


def make_token(app, agency: str = "imigrasi", site: str = "maros",
               name: str = "Sistem uji") -> tuple[int, str]:
    """A new active token of `agency` at `site` (committed); (its id, the plaintext)."""
    with app.app_context():
        site_obj = db.session.scalar(sa.select(Site).filter_by(slug=site))
        agency_obj = db.session.scalar(sa.select(Agency).filter_by(site_id=site_obj.id,
                                                                  slug=agency))
        token, plaintext = tokens.create_token(site_obj, agency_obj, name)
        db.session.commit()
        return token.id, plaintext


def bearer(plaintext: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {plaintext}", **headers}


def token_row(token_id: int) -> AgencyToken:
    """The token as stored now (inside an app context)."""
    db.session.expire_all()
    return db.session.get(AgencyToken, token_id)


def set_processing_days(app, slug: str, days: int | None, site: str = "maros") -> None:
    with app.app_context():
        service = db.session.scalar(sa.select(Service).join(Site).where(
            Site.slug == site, Service.slug == slug))
        service.processing_days = days
        db.session.commit()


def every_stored_value(app) -> str:
    """Every value of every row of every table, as one text."""
    parts = []
    with app.app_context():
        for table in db.metadata.sorted_tables:
            for row in db.session.execute(sa.select(table)):
                parts.extend(repr(value) for value in row)
    return "\n".join(parts)
