"""The manifest, the service worker script and the offline page (browser behaviour is in
tests/browser/test_offline_browser.py)."""
from __future__ import annotations

import re
import struct
from pathlib import Path

from support.html import parse

STATIC = Path(__file__).resolve().parent.parent / "mpp_lite" / "static"


def test_manifest_describes_an_installable_app(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    manifest = response.json
    assert manifest["lang"] == "id" and manifest["display"] == "standalone"
    assert manifest["start_url"] == "/" and manifest["short_name"] == "MPP Lite"
    assert manifest["theme_color"] == "#0b4f6c"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"),
            ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        png = client.get(icon["src"]).data
        width, height = struct.unpack(">II", png[16:24])
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and f"{width}x{height}" == icon["sizes"]


def test_service_worker_is_served_fresh_for_the_whole_site(app, client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "application/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response.headers["Cache-Control"]
    source = response.get_data(as_text=True)
    assert "__VERSION__" not in source and "__SHELL__" not in source
    version = re.search(r'var VERSION = "([0-9a-f]{12})"', source).group(1)
    shell = re.search(r"var SHELL_URLS = (\[.*?\]);", source).group(1)
    for url in re.findall(r'"([^"]+)"', shell):
        assert client.get(url).status_code == 200, url
    # A deploy (here: a new salt) changes the version, so phones replace their caches.
    app.config["OFFLINE_CACHE_SALT"] = "next-deploy"
    again = client.get("/sw.js").get_data(as_text=True)
    assert re.search(r'var VERSION = "([0-9a-f]{12})"', again).group(1) != version


def test_service_worker_never_stores_the_api_or_cancel_forms():
    """Staff pages are left alone through PRIVATE (tests/test_private_pages.py)."""
    source = (STATIC / "sw.js").read_text(encoding="utf-8")
    never = re.search(r"var NEVER = (/.*/);", source).group(1)
    for path in ("api", "batal"):
        assert path in never


def test_offline_page(client):
    response = client.get("/offline")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    parse(page)
    assert "Anda sedang tidak tersambung" in page and 'id="saved-pages"' in page


def test_every_page_carries_the_hidden_saved_copy_notice_and_manifest(catalog_app):
    page = catalog_app.test_client().get("/maros/layanan/ktp-el-baru").get_data(as_text=True)
    assert '<p id="saved-copy" class="notice saved-copy" hidden>' in page
    assert "{saved_at}" in page
    assert 'rel="manifest" href="/manifest.webmanifest"' in page


def test_save_list_names_every_service_page_and_its_cost(catalog_app):
    client = catalog_app.test_client()
    listing = client.get("/maros/simpan.json").json
    assert listing["pages"][:2] == ["/maros/", "/maros/layanan/"]
    assert "/maros/layanan/ktp-el-baru" in listing["pages"]
    assert "/maros/instansi/imigrasi" in listing["pages"]
    # The booking form of each bookable service comes along (it works offline).
    assert "/maros/layanan/ktp-el-baru/antre" in listing["pages"]
    assert listing["count"] == len(listing["pages"]) == 8
    served = sum(len(client.get(url, headers={"Accept-Encoding": "gzip"}).data)
                 for url in listing["pages"])
    assert abs(listing["bytes"] - served) < 0.1 * served  # the stated size is the real one
    assert client.get("/nowhere/simpan.json").status_code == 404
