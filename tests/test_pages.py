"""Citizen pages: content, structure, accessibility basics, caching and security headers."""
from __future__ import annotations

import datetime as dt
import gzip
import re

import pytest

from mpp_lite import dates
from mpp_lite.web.edge import safe_next

from support.html import parse, text_of

PAGES = [
    "/maros/",
    "/maros/cari?q=ktp",
    "/maros/cari?q=zzzz",
    "/maros/cari",
    "/maros/layanan/",
    "/maros/instansi/disdukcapil",
    "/maros/peristiwa/dewasa",
    "/maros/layanan/ktp-el-baru",
    "/maros/layanan/paspor-baru",
    "/maros/layanan/paspor-baru/cetak",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_is_valid_and_accessible_html(catalog_app, path):
    client = catalog_app.test_client()
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    doc = parse(response.get_data(as_text=True))
    assert doc.get("lang") == "id"
    assert text_of(doc.find("head/title"))
    assert doc.find("head/meta[@name='viewport']") is not None
    body = doc.find("body")
    # Landmarks: one banner, one main, one contentinfo; skip link targets main.
    assert len(body.findall(".//header")) == 1 and len(body.findall(".//footer")) == 1
    mains = body.findall(".//main")
    assert len(mains) == 1 and mains[0].get("id") == "isi"
    assert body.find(".//a[@class='skip']").get("href") == "#isi"
    # Exactly one h1, and heading levels never skip (h1 → h3).
    headings = [int(el.tag[1]) for el in body.iter() if re.fullmatch(r"h[1-6]", str(el.tag))]
    assert headings.count(1) == 1 and headings[0] == 1
    for previous, current in zip(headings, headings[1:]):
        assert current <= previous + 1, f"heading jumps from h{previous} to h{current}"
    # Every form control has a label.
    labels = {label.get("for") for label in body.iter("label")}
    for control in body.iter("input"):
        if control.get("type") in ("hidden", "submit"):
            continue
        assert control.get("id") in labels, f"input without label: {control.attrib}"
    # Ids are unique.
    ids = [el.get("id") for el in body.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    # Navigation landmarks are labelled when there is more than one.
    navs = body.findall(".//nav")
    if len(navs) > 1:
        assert all(nav.get("aria-label") for nav in navs)
    # No inline scripts or styles: the CSP forbids them.
    for script in body.iter("script"):
        assert script.get("src")
    assert all(el.get("style") is None for el in doc.iter())


def test_site_chooser_lists_sites_and_redirects_when_only_one(app, load_catalog, make_catalog):
    from support.catalogs import base_catalog, base_site

    load_catalog(make_catalog())
    client = app.test_client()
    response = client.get("/")
    assert response.status_code == 302 and response.location.endswith("/maros/")
    load_catalog(base_catalog(base_site(slug="ngawi", name="MPP Kabupaten Ngawi",
                                        timezone="Asia/Jakarta")))
    page = client.get("/").get_data(as_text=True)
    assert "/maros/" in page and "/ngawi/" in page


def test_site_chooser_empty_state(client):
    page = client.get("/").get_data(as_text=True)
    assert "Belum ada MPP yang terdaftar" in page


def test_site_home_shows_today_in_the_sites_time_zone(catalog_app, monkeypatch):
    # 00.30 WITA on Tuesday 1 December: still Monday 30 November by UTC (and a fixed clock,
    # so the page and the test never straddle midnight).
    dates.freeze(monkeypatch, dt.datetime(2026, 11, 30, 16, 30, tzinfo=dt.timezone.utc))
    page = catalog_app.test_client().get("/maros/").get_data(as_text=True)
    assert "1 Desember 2026" in page and "30 November 2026" not in page
    assert "WITA" in page
    assert "/maros/peristiwa/dewasa" in page
    assert "/maros/instansi/disdukcapil" in page
    assert 'name="q"' in page


def test_service_page_has_the_published_standard(catalog_app):
    page = catalog_app.test_client().get("/maros/layanan/ktp-el-baru").get_data(as_text=True)
    for text in ("Persyaratan yang harus dibawa", "Kartu Keluarga (KK)", "fotokopi",
                 "Salah satu dari:", "Hanya jika: tidak punya surat keterangan lahir",
                 "Langkah-langkah", "Ambil nomor antrean", "Selesai di tempat, ±30 menit",
                 "Gratis", "UU 24/2013", "Hasil layanan", "KTP-el", "Gerai 1", "Lantai 1",
                 "Pengaduan, saran dan masukan", "SP4N-LAPOR!", "1 Oktober 2026",
                 "https://wa.me/?text=", "/maros/layanan/ktp-el-baru/cetak"):
        assert text in page, text
    assert 'type="checkbox"' in page
    assert "Sebagian harus diurus di luar MPP" not in page


def test_partial_service_warns_about_the_head_office(catalog_app):
    page = catalog_app.test_client().get("/maros/layanan/paspor-baru").get_data(as_text=True)
    assert "Sebagian harus diurus di luar MPP" in page
    assert "Jl. Perintis Kemerdekaan Km. 13, Makassar" in page
    assert "Rp350.000" in page
    assert page.index("Sebagian harus diurus") < page.index("Persyaratan yang harus dibawa")


def test_whatsapp_share_link_carries_the_service_url(catalog_app):
    page = catalog_app.test_client().get("/maros/layanan/ktp-el-baru").get_data(as_text=True)
    link = re.search(r'href="(https://wa\.me/\?text=[^"]+)"', page).group(1)
    assert "http%3A//mpp.test/maros/layanan/ktp-el-baru" in link.replace("&amp;", "&")


def test_english_catalogue_text_is_used_when_english_is_chosen(catalog_app):
    client = catalog_app.test_client()
    page = client.get("/maros/layanan/ktp-el-baru", headers={"Accept-Language": "en"}) \
        .get_data(as_text=True)
    if 'lang="en"' not in page:
        pytest.skip("no compiled English interface catalogue")
    assert "New electronic ID card (KTP-el)" in page
    assert "Family card (KK)" in page
    assert "Surat keterangan lahir" in page  # untranslated field falls back to Indonesian


@pytest.mark.parametrize("path", [
    "/tidak-ada/", "/maros/layanan/tidak-ada", "/maros/instansi/tidak-ada",
    "/maros/peristiwa/tidak-ada", "/maros/layanan/tidak-ada/cetak", "/tidak-ada/cari?q=ktp",
])
def test_unknown_things_are_a_friendly_404(catalog_app, path):
    response = catalog_app.test_client().get(path)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Halaman tidak ditemukan" in page and "Traceback" not in page
    parse(page)


@pytest.mark.parametrize("query", [
    "<script>alert(1)</script>", "a" * 5000, "%00", "ktp\x00", "💳 ktp", "' OR 1=1 --",
    "   ", "ктп", "\u202e", "../../etc/passwd",
])
def test_search_survives_any_input(catalog_app, query):
    response = catalog_app.test_client().get("/maros/cari", query_string={"q": query})
    # A control character is refused at the edge (tests/test_edge_input.py), never a 500.
    assert response.status_code == (400 if "\x00" in query else 200)
    page = response.get_data(as_text=True)
    assert "<script>alert" not in page
    parse(page)


@pytest.mark.parametrize("page_arg", ["0", "-1", "abc", "999999999999", "2"])
def test_pagination_arguments_never_fail(catalog_app, page_arg):
    client = catalog_app.test_client()
    assert client.get(f"/maros/layanan/?page={page_arg}").status_code == 200
    assert client.get(f"/maros/cari?q=ktp&page={page_arg}").status_code == 200


def test_search_pages_results(catalog_app):
    catalog_app.config["SEARCH_PAGE_SIZE"] = 1
    client = catalog_app.test_client()
    first = client.get("/maros/cari?q=baru").get_data(as_text=True)
    assert "Halaman 1 dari 2" in first and "page=2" in first
    second = client.get("/maros/cari?q=baru&page=2").get_data(as_text=True)
    assert "Halaman 2 dari 2" in second and "page=1" in second


def test_search_without_results_offers_a_way_out(catalog_app):
    page = catalog_app.test_client().get("/maros/cari?q=zzzz").get_data(as_text=True)
    assert "Tidak ada layanan yang cocok" in page and "/maros/layanan/" in page


# --- response policy -------------------------------------------------------------------------

def test_html_is_gzipped_and_revalidated_with_etags(catalog_app):
    client = catalog_app.test_client()
    response = client.get("/maros/layanan/ktp-el-baru", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert "no-cache" in response.headers["Cache-Control"]
    html = gzip.decompress(response.data).decode()
    assert "KTP-el baru" in html
    etag = response.headers["ETag"]
    again = client.get("/maros/layanan/ktp-el-baru",
                       headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


def test_plain_clients_get_uncompressed_html(catalog_app):
    response = catalog_app.test_client().get("/maros/", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert b"<!doctype html>" in response.data


def test_static_files_are_fingerprinted_and_cached_for_a_year(catalog_app):
    client = catalog_app.test_client()
    page = client.get("/maros/").get_data(as_text=True)
    css = re.search(r'href="(/static/app\.[0-9a-f]{10}\.css)"', page).group(1)
    js = re.search(r'src="(/static/app\.[0-9a-f]{10}\.js)"', page).group(1)
    for url in (css, js):
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == "gzip"
        cache = response.headers["Cache-Control"]
        assert "max-age=31536000" in cache and "immutable" in cache
    assert client.get("/static/app.0000000000.css").status_code == 404
    assert client.get("/static/app.css").status_code == 404


def test_security_headers_on_every_response(catalog_app):
    client = catalog_app.test_client()
    for path in ("/maros/", "/api/v1/sites", "/tidak-ada/"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"]


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["database"] == "ok"


@pytest.mark.parametrize("target, expected", [
    ("/maros/", "/maros/"), (None, "/"), ("", "/"), ("https://evil.example/", "/"),
    ("//evil.example/", "/"), ("/\\evil.example", "/"), ("javascript:alert(1)", "/"),
    ("maros", "/"),
])
def test_safe_next_only_allows_local_paths(target, expected):
    assert safe_next(target) == expected


def test_language_link_sets_cookie_and_returns(catalog_app):
    client = catalog_app.test_client()
    response = client.get("/bahasa/id?next=/maros/layanan/ktp-el-baru")
    assert response.status_code == 303
    assert response.location.endswith("/maros/layanan/ktp-el-baru")
    assert "lang=id" in response.headers["Set-Cookie"]


def test_all_services_page_lists_every_service(catalog_app):
    page = catalog_app.test_client().get("/maros/layanan/").get_data(as_text=True)
    assert "2 layanan." in page
    assert "/maros/layanan/ktp-el-baru" in page and "/maros/layanan/paspor-baru" in page
    assert "Belum ada layanan" not in page


def test_search_by_life_event_label_is_independent_of_the_first_requests_language(catalog_app):
    from mpp_lite.catalog import services

    services._index_cache.clear()
    client = catalog_app.test_client()
    client.get("/maros/cari?q=passport", headers={"Accept-Language": "en"})
    page = client.get("/maros/cari?q=menginjak dewasa").get_data(as_text=True)
    assert "/maros/layanan/ktp-el-baru" in page


def test_save_data_gets_a_lighter_page(catalog_app):
    client = catalog_app.test_client()
    normal = client.get("/maros/layanan/ktp-el-baru")
    light = client.get("/maros/layanan/ktp-el-baru", headers={"Save-Data": "on"})
    assert "Save-Data" in normal.headers["Vary"] and "Save-Data" in light.headers["Vary"]
    assert 'rel="icon"' in normal.get_data(as_text=True)
    page = light.get_data(as_text=True)
    assert 'rel="icon"' not in page and 'rel="apple-touch-icon"' not in page
    assert "Kartu Keluarga (KK)" in page  # the content itself is all there
    assert len(light.data) < len(normal.data)


def test_ids_too_large_for_the_database_are_not_found(catalog_app):
    """Every <int:...> route: a number beyond the database's integer is a 404, never a 500."""
    client = catalog_app.test_client()
    huge = "9" * 25
    for path in (f"/kelola/layanan/{huge}", f"/petugas/gerai/{huge}", f"/pendamping/layanan/{huge}",
                 f"/kelola/akun/{huge}", f"/kelola/pengumuman/{huge}"):
        response = client.get(path)
        assert response.status_code == 404, (path, response.status_code)  # before login
    with catalog_app.test_request_context():
        from flask import url_for
        assert url_for("officer.counter", counter_id=2**31 - 1).endswith(str(2**31 - 1))
