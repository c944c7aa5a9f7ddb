"""Citizen pages of the catalogue: sites, search, agencies, life events, services."""
from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for

from ..formatting import clean_text
from ..web.edge import page_number
from . import bp, presenters, services
from .vocab import LIFE_EVENTS


@bp.route("/")
def index():
    """The list of MPP sites, or the only one."""
    sites = services.list_sites()
    if len(sites) == 1:
        return redirect(url_for("catalog.site_home", site=sites[0].slug))
    return render_template("catalog/index.html", sites=sites)


@bp.route("/<site>/")
def site_home(site: str):
    """A site's home: today's hours, search, browsing by life event and agency."""
    return presenters.site_home_page(services.get_site(site))


@bp.route("/<site>/cari")
def search(site: str):
    """Search results, best match first, 20 per page."""
    site_obj = services.get_site(site)
    query = clean_text(request.args.get("q"), 200)
    results = services.search_services(site_obj, query, page=page_number(),
                                       limit=int(current_app.config["SEARCH_PAGE_SIZE"]))
    return render_template("catalog/search.html", site=site_obj, results=results,
                           shown=results.services, page=results.page, pages=results.pages)


@bp.route("/<site>/layanan/")
def all_services(site: str):
    """Every service of the site, A to Z, paginated."""
    return presenters.all_services_page(services.get_site(site), page_number())


@bp.route("/<site>/instansi/<agency>")
def agency(site: str, agency: str):
    """An agency's services, counters and head office."""
    site_obj = services.get_site(site)
    return presenters.agency_page(site_obj, services.get_agency(site_obj, agency))


@bp.route("/<site>/peristiwa/<event>")
def life_event(site: str, event: str):
    """Services for one life event ("punya anak", "pindah rumah", …)."""
    site_obj = services.get_site(site)
    if event not in LIFE_EVENTS:
        abort(404)
    from ..visits.services import bundle_of  # here: visits' package imports the catalogue's

    services_list = services.services_for_event(site_obj, event)
    return render_template("catalog/life_event.html", site=site_obj, event=event,
                           event_label=LIFE_EVENTS[event], services_list=services_list,
                           bundle=bundle_of(services_list),
                           bookable_count=sum(1 for s in services_list if s.bookable),
                           outside_list=services.outside_for_event(site_obj, event))


@bp.route("/<site>/layanan/<service>")
def service(site: str, service: str):
    """A service: requirements checklist, steps, time, fee, product, where, complaints."""
    site_obj = services.get_site(site)
    return presenters.service_page(site_obj, services.get_service(site_obj, service))


@bp.route("/<site>/layanan/<service>/cetak")
def service_print(site: str, service: str):
    """A printable sheet of the service (requirements checklist and steps)."""
    site_obj = services.get_site(site)
    service_obj = services.get_service(site_obj, service)
    return render_template("catalog/service_print.html", site=site_obj, service=service_obj)

