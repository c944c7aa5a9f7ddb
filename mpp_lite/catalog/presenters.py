"""The catalogue's citizen pages rendered from model objects. The views (routes.py) answer with
them, and the offline save list (offline/routes.py) weighs each page exactly as it is served,
so no routes module imports another."""
from __future__ import annotations

from urllib.parse import quote

import sqlalchemy as sa
from flask import render_template, url_for
from flask_babel import gettext as _

from ..extensions import db
from ..models import Agency, Service, Site
from . import services

ALL_SERVICES_PAGE_SIZE = 50


def site_home_page(site: Site) -> str:
    """A site's home: today's hours, search, browsing by life event and agency."""
    return render_template(
        "catalog/site_home.html", site=site, hours=services.site_hours(site),
        agencies=services.agencies_with_counts(site),
        events=services.life_events_with_counts(site),
    )


def all_services_page(site: Site, page: int = 1) -> str:
    """One page of the site's services, A to Z."""
    pagination = db.paginate(services.active_services(site), page=page,
                             per_page=ALL_SERVICES_PAGE_SIZE, error_out=False)
    return render_template("catalog/all_services.html", site=site, pagination=pagination)


def agency_page(site: Site, agency: Agency) -> str:
    """An agency's services, counters and head office."""
    return render_template("catalog/agency.html", site=site, agency=agency)


def service_page(site: Site, service: Service) -> str:
    """A service: requirements checklist, steps, time, fee, product, where, complaints."""
    url = url_for("catalog.service", site=site.slug, service=service.slug, _external=True)
    return render_template("catalog/service.html", site=site, service=service,
                           share_url=whatsapp_url(service.tr("name"), url),
                           makers=makers_of(service))


def makers_of(service: Service) -> dict[str, Service]:
    """The site's active services that make a requirement of `service`, by slug: one query,
    and none when no requirement names a maker."""
    slugs = {r.product_of for r in service.requirements if r.product_of} - {service.slug}
    if not slugs:
        return {}
    return {s.slug: s for s in db.session.scalars(
        sa.select(Service).where(Service.site_id == service.site_id, Service.slug.in_(slugs),
                                 Service.active.is_(True)))}


def whatsapp_url(name: str, url: str) -> str:
    """A wa.me link that shares a service page (name and URL) in a chat of one's choosing."""
    text = _("%(name)s — syarat dan langkahnya: %(url)s", name=name, url=url)
    return "https://wa.me/?text=" + quote(text)
