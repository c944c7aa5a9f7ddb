"""Looking a site up by its slug for the JSON API, and the envelope of the live site answers."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import jsonify
from flask_babel import gettext as _

from ..dates import site_now
from ..extensions import db
from ..models import Service, Site
from .errors import error_response


def find_site(slug: str) -> Site | None:
    return db.session.scalar(sa.select(Site).filter_by(slug=slug))


def find_service(site: Site, slug: str) -> Service | None:
    """An active entry of the site's catalogue by its slug."""
    return db.session.scalar(sa.select(Service).filter_by(site_id=site.id, slug=slug,
                                                          active=True))


def find_site_and_service(slug: str, service_slug: str) -> tuple[Site | None, Service | None]:
    """The site and an active entry of its catalogue, in one statement (booking's hot path):
    (None, None) when there is no such site, (site, None) when it has no such service."""
    row = db.session.execute(
        sa.select(Site, Service).outerjoin(Service, sa.and_(
            Service.site_id == Site.id, Service.slug == service_slug, Service.active.is_(True)))
        .where(Site.slug == slug)).first()
    return (row[0], row[1]) if row is not None else (None, None)


def site_not_found():
    return error_response(404, "not_found", _("MPP tidak ditemukan."))


def live_site_response(site: Site, **members: Any):
    """{"site", "now" (site-local, with offset), **members}: live figures, never cached."""
    response = jsonify(
        site=site.slug,
        now=site_now(site).isoformat(timespec="seconds"),
        **members)
    response.cache_control.no_cache = True
    return response
