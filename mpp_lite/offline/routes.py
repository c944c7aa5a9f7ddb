"""The service worker (/sw.js, scope /), the manifest and the offline page."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import gzip

from flask import Response, current_app, jsonify, render_template, url_for
from flask_babel import gettext as _

from .. import __version__
from ..catalog import presenters
from ..catalog import services as catalog
from ..extensions import db
from ..i18n import current_language
from ..web.assets import STATIC_DIR_NAME
from . import bp
from .private import private_paths

# Files every visit needs, cached when the service worker installs (the "app shell").
SHELL_ASSETS = ("app.css", "app.js", "icon.svg", "icons/icon-192.png", "icons/maskable-192.png")


def cache_version() -> str:
    """Changes whenever a static file or the app version changes: a deploy replaces caches."""
    manifest = current_app.extensions["asset_manifest"]
    seed = json.dumps([__version__, sorted(manifest.values()),
                       current_app.config.get("OFFLINE_CACHE_SALT", "")])
    return hashlib.sha256(seed.encode()).hexdigest()[:12]


@bp.route("/sw.js")
def service_worker():
    """The service worker, with this deploy's version and app-shell URLs filled in."""
    source = (Path(current_app.root_path) / STATIC_DIR_NAME / "sw.js").read_text("utf-8")
    shell = [url_for("asset", filename=current_app.extensions["asset_manifest"][name])
             for name in SHELL_ASSETS] + [url_for(".pending_page"), url_for(".offline_page")]
    source = (source.replace("__VERSION__", cache_version())
              .replace("__SHELL__", json.dumps(shell))
              .replace("__PRIVATE__", json.dumps(private_paths(current_app)))
              .replace("__LOGOUT_URL__", json.dumps(url_for("staff.logout")))
              .replace("__MAX_PAGES__", str(current_app.config["OFFLINE_MAX_PAGES"])))
    response = Response(source, mimetype="application/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.cache_control.no_cache = True
    return response


@bp.route("/manifest.webmanifest")
def manifest():
    """The web app manifest (installable on Android's home screen)."""
    assets = current_app.extensions["asset_manifest"]

    def icon(name: str, size: int, purpose: str) -> dict[str, str]:
        return {"src": url_for("asset", filename=assets[name]), "sizes": f"{size}x{size}",
                "type": "image/png", "purpose": purpose}

    response = jsonify({
        "name": "MPP Lite: Mal Pelayanan Publik",
        "short_name": "MPP Lite",
        "description": _("Syarat, langkah, biaya dan waktu layanan di Mal Pelayanan Publik."),
        "lang": "id",
        "start_url": url_for("catalog.index"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b4f6c",
        "icons": [icon("icons/icon-192.png", 192, "any"), icon("icons/icon-512.png", 512, "any"),
                  icon("icons/maskable-192.png", 192, "maskable"),
                  icon("icons/maskable-512.png", 512, "maskable")],
    })
    response.mimetype = "application/manifest+json"
    return response


_save_cache: dict[tuple[int, str, tuple[object, ...]], dict[str, object]] = {}


@bp.route("/<site>/simpan.json")
def save_list(site: str):
    """The pages that "save this MPP for offline use" downloads, with their compressed size,
    so the phone can say how much it costs before anything is fetched."""
    site_obj = catalog.get_site(site)
    key = (site_obj.id, current_language(), catalog.catalogue_version(site_obj))
    if key not in _save_cache:
        slug = site_obj.slug
        pages = [(url_for("catalog.site_home", site=slug),
                  lambda: presenters.site_home_page(site_obj)),
                 (url_for("catalog.all_services", site=slug),
                  lambda: presenters.all_services_page(site_obj))]
        services = list(db.session.scalars(catalog.active_services(site_obj)))
        pages += [(url_for("catalog.service", site=slug, service=s.slug),
                   lambda s=s: presenters.service_page(site_obj, s)) for s in services]
        pages += [(url_for("catalog.agency", site=slug, agency=e.agency.slug),
                   lambda e=e: presenters.agency_page(site_obj, e.agency))
                  for e in catalog.agencies_with_counts(site_obj)]
        # What each page costs on the wire: rendered as its view renders it, gzipped as served.
        size = sum(len(gzip.compress(render().encode(), compresslevel=6)) for _u, render in pages)
        # The booking form of each service that takes bookings: "Ambil nomor antrean" works
        # without signal (what it sends waits in the outbox). The forms differ only by the
        # service's name and days, so one rendered form stands for all of them (rendering
        # every form would double the wait for this list; the total is stated as "about").
        bookable = [s for s in services if s.availability != "info"]
        forms = [url_for("queue.book", site=slug, service=s.slug) for s in bookable]
        if bookable:
            # The form is rendered by its view, reached through the URL map by endpoint (the
            # view builds its form from the request; a GET here shows it empty, as a GET there).
            book = current_app.view_functions["queue.book"]
            form = _html(book(site=slug, service=bookable[0].slug))
            size += len(forms) * len(gzip.compress(form.encode(), compresslevel=6))
        urls = [url for url, _r in pages] + forms
        _save_cache[key] = {"pages": urls, "count": len(urls), "bytes": size}
    response = jsonify(_save_cache[key])
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


def _html(result: object) -> str:
    """The page a view returned, whether as text, (text, status) or a response."""
    if isinstance(result, tuple):
        result = result[0]
    if isinstance(result, Response):
        return result.get_data(as_text=True)
    return str(result)


@bp.route("/offline")
def offline_page():
    """Shown by the service worker for a page that is not saved on the phone."""
    return render_template("offline/offline.html")


@bp.route("/tertunda")
def pending_page():
    """Bookings sent without signal and kept on the phone: "not yet a ticket". The list is
    read from the phone's outbox by app.js; the service worker serves this page offline."""
    return render_template("offline/pending.html")
