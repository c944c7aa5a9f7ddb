"""Rendered catalogue pages from the cache (web/pagecache.py): a repeated view runs no SQL and
no template; every kind of change shows on the next request, in Indonesian and English, with
and without Save-Data; staff and flashed messages are never cached; 304 on a hit; the memory
store stays bounded; Redis shares pages between workers."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa

from mpp_lite.cache import store
from mpp_lite.catalog.transfer import import_catalog
from mpp_lite.extensions import db
from mpp_lite.models import Announcement, Site
from mpp_lite.web import pagecache
from support.catalogs import base_catalog, base_site, counters_sites
from support.database import dispose, make_app
from support.editing import service_form, service_id
from support.html import page_text
from support.officer import ids as counter_id
from support.queries import count_statements
from support.staff import login, post
from support.times import MONDAY, UTC, wita

# Versions read once an hour by the clock: a change shows only because the worker that made
# it forgets them (and a slow test machine never turns a hit into a versions read).
pytestmark = pytest.mark.staff_app(sites=counters_sites, PAGE_CACHE_VERSION_SECONDS=3600)

SERVICE = "/maros/layanan/ktp-el-baru"
# The four ways a page is asked for: Indonesian or English, with or without Save-Data.
VARIANTS = [
    pytest.param({"Accept-Language": "id"}, id="id"),
    pytest.param({"Accept-Language": "en"}, id="en"),
    pytest.param({"Accept-Language": "id", "Save-Data": "on"}, id="id-save-data"),
    pytest.param({"Accept-Language": "en", "Save-Data": "on"}, id="en-save-data"),
]
ALL_VARIANTS = [v.values[0] for v in VARIANTS]
# Statements the first miss of a fresh worker may send: the versions read (1) and the site's
# next change by the clock (2, once per site and version) included. A hit sends none.
MISS_CEILINGS = {
    "/": 2,
    "/maros/": 10,
    SERVICE: 13,
    SERVICE + "/cetak": 11,
    "/maros/instansi/disdukcapil": 9,
    "/maros/peristiwa/punya-anak": 8,
    "/maros/layanan/": 8,
    "/maros/cari?q=ktp": 9,
    "/api/v1/sites": 2,
    "/api/v1/sites/maros/services": 6,
}


@pytest.fixture
def clock(clock):
    clock(wita(MONDAY, 10))  # Monday 10.00 WITA, unless a test says otherwise
    return clock


def text(response) -> str:
    """A page's text, or a JSON document as it is."""
    if response.mimetype == "application/json":
        return response.get_data(as_text=True)
    return page_text(response)


def statements(app, client, path: str, **headers) -> tuple[int, str]:
    """(SQL statements sent, page text) of one GET."""
    with count_statements(app) as seen:
        response = client.get(path, headers=headers)
    assert response.status_code == 200, path
    return len(seen), text(response)


def warm(app, path: str, variants=ALL_VARIANTS) -> None:
    """Fill the cache with `path` in every variant, and check that it holds."""
    client = app.test_client()
    for headers in variants:
        client.get(path, headers=headers)
        assert statements(app, client, path, **headers)[0] == 0, (path, headers)


def seen_by_all(app, path: str, variants=ALL_VARIANTS) -> list[str]:
    client = app.test_client()
    return [text(client.get(path, headers=headers)) for headers in variants]


# --- hits ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", list(MISS_CEILINGS))
def test_a_repeated_view_sends_no_sql_and_a_miss_stays_under_its_ceiling(web_app, clock, path):
    client = web_app.test_client()
    first, _text = statements(web_app, client, path)
    assert 0 < first <= MISS_CEILINGS[path]
    again, _text = statements(web_app, client, path)
    assert again == 0


def test_a_hit_answers_304_to_its_etag_and_serves_plain_text_to_clients_without_gzip(
        web_app, clock):
    client = web_app.test_client()
    first = client.get(SERVICE, headers={"Accept-Encoding": "gzip"})
    assert first.headers["Content-Encoding"] == "gzip"
    with count_statements(web_app) as seen:
        again = client.get(SERVICE, headers={"Accept-Encoding": "gzip",
                                             "If-None-Match": first.headers["ETag"]})
        plain = client.get(SERVICE, headers={"Accept-Encoding": "identity"})
    assert not seen
    assert again.status_code == 304 and again.headers["ETag"] == first.headers["ETag"]
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    assert "KTP-el baru" in page_text(plain)
    assert plain.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert plain.headers["Cache-Control"] == "no-cache"


def test_search_pages_are_kept_per_query_and_page(web_app, clock):
    client = web_app.test_client()
    assert "KTP-el baru" in page_text(client.get("/maros/cari?q=ktp"))
    assert "Paspor baru" in page_text(client.get("/maros/cari?q=paspor"))
    assert statements(web_app, client, "/maros/cari?q=ktp")[0] == 0
    assert "Paspor baru" in statements(web_app, client, "/maros/cari?q=paspor")[1]


def test_other_query_arguments_are_not_cached_and_bad_input_is_still_refused(web_app, clock):
    client = web_app.test_client()
    warm(web_app, "/maros/", [{}])
    client.get("/maros/?utm_source=wa")
    assert statements(web_app, client, "/maros/?utm_source=wa")[0] > 0
    assert client.get("/maros/?q=%00").status_code == 400
    assert client.get("/maros/?lang=%C3%28").status_code == 400


def test_a_clock_set_back_before_the_rendering_is_a_miss(web_app, clock):
    warm(web_app, "/maros/", [{}])
    clock(wita(MONDAY, 9))
    assert statements(web_app, web_app.test_client(), "/maros/")[0] > 0


# --- each kind of change shows on the next request -------------------------------------------

def test_a_service_edited_by_a_manager_shows_at_once(web_app, clock):
    warm(web_app, SERVICE)
    warm(web_app, "/maros/layanan/")
    client = login(web_app, "admin.maros")
    response = post(client, f"/kelola/layanan/{service_id(web_app)}", action="save",
                    **service_form(web_app, name="Kartu sakti elektronik"))
    assert response.status_code == 303
    for path in (SERVICE, "/maros/layanan/"):
        assert all("Kartu sakti elektronik" in page for page in seen_by_all(web_app, path))


@pytest.mark.parametrize("headers", VARIANTS)
def test_a_counter_closed_and_reopened_by_its_officer_shows_at_once(web_app, clock, headers):
    warm(web_app, SERVICE, [headers])
    officer = login(web_app, "dukcapil.maros")
    base = f"/petugas/gerai/{counter_id(web_app, 'Gerai 1')}"
    assert post(officer, f"{base}/status", status="open").status_code == 303
    assert "Gangguan jaringan" not in seen_by_all(web_app, SERVICE, [headers])[0]
    warm(web_app, SERVICE, [headers])
    assert post(officer, f"{base}/status", status="closed",
                reason_text="Gangguan jaringan").status_code == 303
    assert "Gangguan jaringan" in seen_by_all(web_app, SERVICE, [headers])[0]
    warm(web_app, SERVICE, [headers])
    assert post(officer, f"{base}/status", status="open").status_code == 303
    assert "Gangguan jaringan" not in seen_by_all(web_app, SERVICE, [headers])[0]


def test_an_announcement_created_by_a_manager_shows_at_once(web_app, clock):
    for path in ("/maros/", SERVICE):
        warm(web_app, path)
    client = login(web_app, "admin.maros")
    response = post(client, "/kelola/pengumuman/baru", scope="site", severity="outage",
                    message="Jaringan pusat terganggu", message_en="The network is down",
                    starts_date="2026-11-23", starts_time="09.00",
                    ends_date="2026-11-23", ends_time="12:00")
    assert response.status_code == 303
    for path in ("/maros/", SERVICE):
        pages = seen_by_all(web_app, path)
        assert "Jaringan pusat terganggu" in pages[0] and "Jaringan pusat terganggu" in pages[2]
        assert "The network is down" in pages[1] and "The network is down" in pages[3]


def _notice(app, message: str, starts: dt.datetime, ends: dt.datetime) -> None:
    with app.app_context():
        site_id = db.session.scalar(sa.select(Site.id).filter_by(slug="maros"))
        db.session.add(Announcement(site_id=site_id, severity="info", message=message,
                                    translations={}, starts_at=starts.astimezone(UTC),
                                    ends_at=ends.astimezone(UTC)))
        db.session.commit()


@pytest.mark.parametrize("headers", VARIANTS)
def test_an_announcement_starts_and_ends_by_the_clock(web_app, clock, headers):
    """Minutes apart, well inside PAGE_CACHE_SECONDS: the entry ends at the notice's start."""
    _notice(web_app, "Listrik padam sebentar", wita(MONDAY, 10, 2), wita(MONDAY, 10, 4))
    warm(web_app, SERVICE, [headers])
    assert "Listrik padam sebentar" not in seen_by_all(web_app, SERVICE, [headers])[0]
    clock(wita(MONDAY, 10, 2))
    assert "Listrik padam sebentar" in seen_by_all(web_app, SERVICE, [headers])[0]
    warm(web_app, SERVICE, [headers])
    clock(wita(MONDAY, 10, 4))
    assert "Listrik padam sebentar" not in seen_by_all(web_app, SERVICE, [headers])[0]


@pytest.mark.parametrize("headers", VARIANTS)
def test_the_site_opens_and_closes_by_the_clock(web_app, clock, headers):
    def status() -> str:
        html = web_app.test_client().get("/maros/", headers=headers).get_data(as_text=True)
        return "open" if 'class="status status-open"' in html else "closed"

    clock(wita(MONDAY, 7, 59))
    warm(web_app, "/maros/", [headers])
    assert status() == "closed"
    clock(wita(MONDAY, 8))
    assert status() == "open"
    warm(web_app, "/maros/", [headers])
    clock(wita(MONDAY, 15))
    assert status() == "closed"


def test_a_page_showing_a_counters_break_is_rendered_again_when_its_hours_end(web_app, clock):
    """Gerai 1's hours end at 15.00: "closed now during its hours" may turn false then."""
    clock(wita(MONDAY, 14, 58))
    officer = login(web_app, "dukcapil.maros")
    base = f"/petugas/gerai/{counter_id(web_app, 'Gerai 1')}"
    assert post(officer, f"{base}/status", status="break", reason_text="Rapat").status_code == 303
    warm(web_app, SERVICE, [{}])
    assert "Rapat" in seen_by_all(web_app, SERVICE, [{}])[0]
    clock(wita(MONDAY, 15))
    with count_statements(web_app) as seen:
        web_app.test_client().get(SERVICE)
    assert seen  # rendered again


def test_a_site_added_shows_in_the_directory_and_the_api_at_once(web_app, clock):
    for path in ("/", "/api/v1/sites"):
        warm(web_app, path)
    with web_app.app_context():
        import_catalog(base_catalog(base_site(slug="gowa", name="MPP Kabupaten Gowa",
                                              translations={})))
        db.session.commit()
    assert all("MPP Kabupaten Gowa" in page for page in seen_by_all(web_app, "/"))
    assert all('"gowa"' in page for page in seen_by_all(web_app, "/api/v1/sites"))


def test_another_worker_sees_a_change_within_its_version_interval(web_app, database_url,
                                                                   clock):
    """A second app over the same database stands for another worker: it reads the versions
    again after PAGE_CACHE_VERSION_SECONDS (here: at once)."""
    other = make_app(database_url, PAGE_CACHE_VERSION_SECONDS=0)
    try:
        reader = other.test_client()
        reader.get(SERVICE)
        assert statements(other, reader, SERVICE)[0] == 1  # the versions read, no render
        officer = login(web_app, "dukcapil.maros")
        base = f"/petugas/gerai/{counter_id(web_app, 'Gerai 1')}"
        assert post(officer, f"{base}/status", status="closed",
                    reason_text="Gangguan jaringan").status_code == 303
        assert "Gangguan jaringan" in seen_by_all(other, SERVICE, [{}])[0]
    finally:
        dispose(other)


# --- never cached ----------------------------------------------------------------------------

def test_staff_never_get_nor_fill_a_cached_page(web_app, clock):
    warm(web_app, "/maros/", [{}])
    staff = login(web_app, "admin.maros")
    with count_statements(web_app) as seen:
        response = staff.get("/maros/")
    assert seen and "no-store" in response.headers["Cache-Control"]
    web_app.extensions["mpp_lite.cache"].clear()
    staff.get(SERVICE)
    assert statements(web_app, web_app.test_client(), SERVICE)[0] > 0  # staff filled nothing


def test_pages_with_flashed_messages_are_neither_served_from_nor_kept_in_the_cache(
        web_app, clock):
    warm(web_app, "/maros/", [{}])
    client = web_app.test_client()
    with client.session_transaction() as session:
        session["_flashes"] = [("ok", "Pesan sekali saja")]
    assert "Pesan sekali saja" in page_text(client.get("/maros/"))
    web_app.extensions["mpp_lite.cache"].clear()
    with client.session_transaction() as session:
        session["_flashes"] = [("ok", "Pesan sekali saja")]
    client.get("/maros/")
    assert "Pesan sekali saja" not in page_text(web_app.test_client().get("/maros/"))


def test_with_the_cache_disabled_every_view_renders(database_url):
    app = make_app(database_url, PAGE_CACHE_ENABLED=False)
    try:
        with app.app_context():
            import_catalog(base_catalog())
            db.session.commit()
        client = app.test_client()
        for _ in range(2):
            assert statements(app, client, SERVICE)[0] > 0
        assert pagecache.EXTENSION not in app.extensions
    finally:
        dispose(app)


# --- the stores ------------------------------------------------------------------------------

def test_the_memory_store_stays_bounded_and_evicts_the_oldest_page(database_url, clock):
    # Versions read once for the test (a slow machine must not make it read them again).
    app = make_app(database_url, CACHE_MEMORY_BYTES=8000, PAGE_CACHE_VERSION_SECONDS=3600)
    try:
        with app.app_context():
            import_catalog(base_catalog())
            db.session.commit()
        client = app.test_client()
        paths = [SERVICE, "/maros/layanan/paspor-baru", "/maros/", "/maros/layanan/",
                 "/maros/instansi/disdukcapil", "/maros/instansi/imigrasi"]
        for path in paths:
            client.get(path)
        held = app.extensions["mpp_lite.cache"]
        assert 0 < held.size <= 8000 and len(held) < len(paths)
        assert statements(app, client, paths[-1])[0] == 0  # the newest is kept
        assert statements(app, client, paths[0])[0] > 0    # the oldest went first
    finally:
        dispose(app)


def test_redis_shares_rendered_pages_between_workers(database_url):
    prefix = f"test-pagecache-{uuid.uuid4().hex}:"
    config = {"CACHE_URL": "redis://127.0.0.1:6379/0", "CACHE_PREFIX": prefix,
              "PAGE_CACHE_VERSION_SECONDS": 3600}
    first, second = make_app(database_url, **config), make_app(database_url, **config)
    try:
        with first.app_context():
            import_catalog(base_catalog())
            db.session.commit()
        assert statements(first, first.test_client(), SERVICE)[0] > 1
        # The other worker renders nothing: it only reads the versions (one query).
        count, text = statements(second, second.test_client(), SERVICE)
        assert count == 1 and "KTP-el baru" in text
        assert statements(second, second.test_client(), SERVICE)[0] == 0
        with first.app_context():
            keys = list(store().__dict__["_client"].scan_iter(match=prefix + "*"))
        # Hashed keys: no path or query (a citizen's search words) in the shared store.
        assert keys and all(k.decode().startswith(prefix) and ":page:" in k.decode()
                            and "maros" not in k.decode() for k in keys)
    finally:
        with first.app_context():
            store().clear()
        dispose(first)
        dispose(second)


def test_a_search_for_a_number_like_a_nik_is_never_kept(catalog_app):
    """The page repeats what was typed: six digits or more (a NIK, a phone number) are not put
    in a store shared by workers and servers. Ordinary searches are kept."""
    client = catalog_app.test_client()
    for query in ("3201234567890001", "0812 3456 7890"):
        path = "/maros/cari?q=" + query.replace(" ", "+")
        assert statements(catalog_app, client, path)[0] > 0
        assert statements(catalog_app, client, path)[0] > 0
    statements(catalog_app, client, "/maros/cari?q=ktp")
    assert statements(catalog_app, client, "/maros/cari?q=ktp")[0] <= 1
