"""Read-only catalogue endpoints of the JSON API."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request, url_for
from flask_babel import gettext as _

from ..catalog import services
from ..extensions import db
from ..formatting import clean_text
from ..i18n import current_language
from ..models import Service, Site
from . import bp
from .errors import error_response
from .lookup import find_service, find_site, site_not_found
from .openapi import openapi_document


@bp.after_request
def _language_header(response):
    response.headers["Content-Language"] = current_language()
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    return response


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return jsonify(openapi_document(url_for("catalog.index", _external=True).rstrip("/")))


@bp.get("/sites")
def sites():
    """All MPP sites."""
    return jsonify(sites=[{
        "slug": s.slug, "name": s.tr("name"), "timezone": s.timezone,
        "url": url_for("catalog.site_home", site=s.slug, _external=True),
    } for s in services.list_sites()])


def _service_summary(site: Site, service: Service) -> dict[str, Any]:
    return {"slug": service.slug, "name": service.tr("name"),
            "agency": service.agency.tr("name"),
            "url": url_for("catalog.service", site=site.slug, service=service.slug,
                           _external=True)}


@bp.get("/sites/<site>/services")
def site_services(site: str):
    """A site's services, A–Z, or best match first for ?q=."""
    site_obj = find_site(site)
    if site_obj is None:
        return site_not_found()
    query = clean_text(request.args.get("q"), 200)
    if query:
        found = services.search_services(site_obj, query).services
    else:
        found = list(db.session.scalars(services.active_services(site_obj)))
    return jsonify(services=[_service_summary(site_obj, s) for s in found])


@bp.get("/sites/<site>/services/<slug>")
def service_detail(site: str, slug: str):
    """One service with the six published components of its service standard."""
    site_obj = find_site(site)
    if site_obj is None:
        return site_not_found()
    service = find_service(site_obj, slug)
    if service is None:
        return error_response(404, "not_found", _("Layanan tidak ditemukan."))
    return jsonify(service_document(site_obj, service))


def service_document(site: Site, s: Service) -> dict[str, Any]:
    agency = s.agency
    return {
        **_service_summary(site, s),
        "summary": s.tr("summary"),
        "agency": {
            "slug": agency.slug, "name": agency.tr("name"), "short_name": agency.short_name,
            "kind": agency.kind, "head_office_address": agency.head_office_address,
            "head_office_phone": agency.head_office_phone,
            "head_office_hours": agency.tr("head_office_hours"),
        },
        "requirements": [{
            "text": r.tr("text"), "detail": r.tr("detail"), "form": r.form,
            "quantity": r.quantity, "condition": r.tr("condition"), "optional": r.optional,
            "group": r.alt_group, "source": r.tr("source"),
        } for r in s.requirements],
        "steps": [{
            "position": t.position, "title": t.tr("title"), "detail": t.tr("detail"),
            "location": t.tr("location"), "actor": t.tr("actor"),
            "duration": t.tr("duration"), "cost": t.tr("cost"), "group": t.alt_group,
        } for t in s.steps],
        "processing_time": s.tr("processing_time"),
        "processing_days": s.processing_days,
        "fee": {"free": s.fee_free, "amount": s.fee_amount, "currency": "IDR",
                "note": s.tr("fee_note"), "legal_basis": s.fee_legal_basis},
        "product": s.tr("product"),
        "complaint_channel": s.tr("complaint_channel"),
        "legal_basis": s.legal_basis,
        "availability": {
            "code": s.availability,
            "complete_at_mpp": s.availability == "full",
            "elsewhere_note": s.tr("elsewhere_note"),
            "elsewhere_address": s.elsewhere_address or (
                agency.head_office_address if s.availability in ("partial", "info") else ""),
            # "outside": not done at this MPP; where to go instead (bookable: false)
            "elsewhere_place": s.tr("elsewhere_place"),
            "bookable": s.bookable,
        },
        "online": {"url": s.online_url, "note": s.tr("online_note")},
        "counters": [{"label": c.label, "floor": c.tr("floor"), "location": c.tr("location")}
                     for c in s.counters],
        "life_events": list(s.life_events or []),
        "keywords": list(s.keywords or []),
        "daily_quota": s.daily_quota,
        "queue_prefix": s.queue_prefix,
        "last_reviewed": s.last_reviewed.isoformat() if s.last_reviewed else None,
        "print_url": url_for("catalog.service_print", site=site.slug, service=s.slug,
                             _external=True),
    }
