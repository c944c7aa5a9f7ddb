"""Looking a site up by its slug for the JSON API, and the envelope of the live site answers."""
from __future__ import annotations

import functools
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import load_only
from flask import jsonify
from flask_babel import gettext as _

from ..dates import site_now
from ..extensions import db
from ..models import Service, Site, Ticket
from .errors import error_response


def find_site(slug: str) -> Site | None:
    return db.session.scalar(sa.select(Site).filter_by(slug=slug))


def find_service(site: Site, slug: str) -> Service | None:
    """An active entry of the site's catalogue by its slug."""
    return db.session.scalar(sa.select(Service).filter_by(site_id=site.id, slug=slug,
                                                          active=True))


def find_site_and_service(slug: str, service_slug: str, idempotency_key: str = ""
                          ) -> tuple[Site | None, Service | None, bool]:
    """The site, an active entry of its catalogue and whether a ticket of theirs already has
    this idempotency key, in one statement (booking's hot path): (None, None, False) when
    there is no such site, (site, None, False) when it has no such service. Only the columns
    booking reads are loaded (BOOKING_COLUMNS); any other is loaded when first read."""
    row = db.session.execute(_site_and_service(), {
        "slug": slug, "service_slug": service_slug, "key": idempotency_key}).first()
    return (row[0], row[1], bool(row[2])) if row is not None else (None, None, False)


# What booking reads of the site and the service (queue/booking.py issue_ticket, the
# calendar memo's key): the texts and their translations are not parsed for a booking.
BOOKING_COLUMNS = (
    (Site, ("id", "slug", "timezone", "catalog_version")),
    (Service, ("id", "site_id", "slug", "availability", "nik_required", "one_per_person",
               "daily_quota", "queue_prefix", "active")),
)


@functools.cache
def _site_and_service() -> sa.Select[tuple[Site, Service, bool]]:
    """Built once (building costs more than running it); the slugs are parameters."""
    ticket = Ticket.__table__
    key_used = sa.exists().where(ticket.c.site_id == Site.id, ticket.c.service_id == Service.id,
                                 ticket.c.idempotency_key == sa.bindparam("key"))
    return (sa.select(Site, Service, key_used).outerjoin(Service, sa.and_(
        Service.site_id == Site.id, Service.slug == sa.bindparam("service_slug"),
        Service.active.is_(True)))
        .where(Site.slug == sa.bindparam("slug"))
        .options(*(load_only(*(getattr(model, name) for name in names), raiseload=False)
                   for model, names in BOOKING_COLUMNS)))


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
