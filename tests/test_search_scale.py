"""Search at national scale (issue #14): the per-worker index cache is bounded, an index is
built from plain rows or loaded from the shared cache, and a search loads only the services it
shows, with a count and pages that stay true."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from mpp_lite.cache import EXTENSION, MemoryStore
from mpp_lite.catalog import search as search_module
from mpp_lite.catalog import services
from mpp_lite.catalog.search import SearchDoc, SearchIndex
from mpp_lite.extensions import db
from mpp_lite.models import Service, Site
from support.catalogs import base_catalog, base_service, base_site
from support.queries import count_statements

CARDS = 16      # services answering "kartu layanan": more than MAX_FOUND (12) are found


def card_site(slug: str, cards: int = CARDS, **overrides) -> dict:
    """A site whose services are all "Kartu layanan N", plus a passport."""
    services = [base_service(slug=f"kartu-{n}", name=f"Kartu layanan {n}",
                             keywords=[f"kartu {slug}"], translations={})
                for n in range(1, cards + 1)]
    services.append(base_site()["services"][1])
    return base_site(slug=slug, name=f"MPP {slug}", services=services, **overrides)


@pytest.fixture
def cards_app(app, load_catalog):
    """Four sites of cards; this worker's index cache starts empty."""
    load_catalog(base_catalog(*(card_site(slug) for slug in ("satu", "dua", "tiga", "empat"))))
    services._index_cache.clear()
    yield app
    services._index_cache.clear()


def site(slug: str) -> Site:
    return db.session.scalars(sa.select(Site).filter_by(slug=slug)).one()


def loaded_services() -> list[Service]:
    """The Service objects the session holds (what a search made the ORM build)."""
    return [o for o in db.session.identity_map.values() if isinstance(o, Service)]


# --- the per-worker cache is bounded ------------------------------------------------------------

def test_the_index_cache_keeps_only_the_sites_searched_last(cards_app):
    """Visiting more sites than SEARCH_INDEX_CACHE_SITES keeps the cache at the bound, and an
    evicted site still answers correctly (rebuilt)."""
    cards_app.config["SEARCH_INDEX_CACHE_SITES"] = 2
    with cards_app.app_context():
        for slug in ("satu", "dua", "tiga", "empat"):
            assert services.search_services(site(slug), "paspor").total == 1
            assert len(services._index_cache) <= 2
        assert list(services._index_cache) == [site("tiga").id, site("empat").id]
        again = services.search_services(site("satu"), "kartu satu")
        assert again.total == 12 and {s.site_id for s in again.services} == {site("satu").id}
        assert list(services._index_cache) == [site("empat").id, site("satu").id]


def test_a_site_searched_again_stays_in_the_cache(cards_app):
    """The least recently *searched* site goes first, not the first one built."""
    cards_app.config["SEARCH_INDEX_CACHE_SITES"] = 2
    with cards_app.app_context():
        services.search_services(site("satu"), "paspor")
        services.search_services(site("dua"), "paspor")
        services.search_services(site("satu"), "paspor")
        services.search_services(site("tiga"), "paspor")
        assert set(services._index_cache) == {site("satu").id, site("tiga").id}


def test_unknown_query_words_do_not_grow_an_index():
    index = SearchIndex([SearchDoc(1, "Paspor baru"), SearchDoc(2, "Kartu keluarga")])
    index.find("paspor")
    remembered = len(index._term_cache)
    for n in range(200):
        index.find(f"qzx{n}vbn paspor")
    assert len(index._term_cache) == remembered


# --- only the page shown is loaded; count and pages stay true ----------------------------------

def test_a_search_loads_only_the_services_of_the_page_shown(cards_app):
    with cards_app.app_context():
        maros = site("satu")
        services.search_index(maros)            # built (Core rows: no Service objects)
        db.session.expunge_all()
        assert loaded_services() == []
        with count_statements(cards_app) as statements:
            results = services.search_services(maros, "kartu layanan", limit=5, page=2)
        assert len(statements) == 2, statements     # the catalogue version, then the page
        assert results.total == 12 and (results.page, results.pages) == (2, 3)
        assert len(results.services) == 5 and results.others == []
        assert sorted(s.id for s in loaded_services()) == sorted(s.id for s in results.services)


def test_the_pages_together_are_the_whole_list_in_order_with_a_true_count(cards_app):
    with cards_app.app_context():
        maros = site("satu")
        everything = services.search_services(maros, "kartu layanan")
        assert everything.total == len(everything.services) == 12
        pages = [services.search_services(maros, "kartu layanan", limit=5, page=n)
                 for n in (1, 2, 3)]
        assert [r.total for r in pages] == [12, 12, 12]
        assert [s.id for r in pages for s in r.services] == [s.id for s in everything.services]
        # The weaker "might also fit" come with the last page only.
        assert [r.others for r in pages[:2]] == [[], []]
        assert [s.id for s in pages[2].others] == [s.id for s in everything.others]
        past_the_end = services.search_services(maros, "kartu layanan", limit=5, page=99)
        assert past_the_end.page == 3 and past_the_end.services == pages[2].services


def test_the_search_page_counts_all_found_and_shows_one_page(cards_app):
    cards_app.config["SEARCH_PAGE_SIZE"] = 5
    client = cards_app.test_client()
    first = client.get("/satu/cari?q=kartu+layanan").get_data(as_text=True)
    last = client.get("/satu/cari?q=kartu+layanan&page=3").get_data(as_text=True)
    for page, shown in ((first, 5), (last, 2)):
        assert "12 layanan ditemukan." in page
        found = page.split("Layanan lain yang mungkin sesuai")[0]
        assert found.count('href="/satu/layanan/kartu-') == shown
    assert "Layanan lain yang mungkin sesuai" in last   # with the last page only
    assert "Layanan lain yang mungkin sesuai" not in first
    assert "page=2" in first and "page=2" in last


def test_the_api_and_a_short_list_still_get_the_best_first(cards_app):
    client = cards_app.test_client()
    body = client.get("/api/v1/sites/satu/services?q=kartu+layanan").get_json()
    assert len(body["services"]) == 12
    with cards_app.app_context():
        short = services.search_services(site("satu"), "kartu layanan", limit=5)
        assert [s.slug for s in short.services] == [s["slug"] for s in body["services"][:5]]


# --- what the index is built from ---------------------------------------------------------------

def test_the_index_knows_translations_agencies_requirements_and_life_events(catalog_app):
    with catalog_app.app_context():
        maros = site("maros")
        for query in ("new electronic", "disdukcapil", "menginjak dewasa"):
            found = services.search_services(maros, query).services
            assert [s.slug for s in found][:1] == ["ktp-el-baru"], query
        both = services.search_services(maros, "sptjm")     # a requirement of both
        assert {s.slug for s in both.services + both.others} == {"ktp-el-baru", "paspor-baru"}


def test_an_inactive_service_is_not_indexed(catalog_app):
    with catalog_app.app_context():
        maros = site("maros")
        db.session.scalars(sa.select(Service).filter_by(slug="paspor-baru")).one().active = False
        db.session.commit()
        assert services.search_services(maros, "paspor").services == []


def test_a_catalogue_edit_shows_in_the_next_search(cards_app):
    with cards_app.app_context():
        maros = site("satu")
        assert services.search_services(maros, "xylofon").total == 0   # index built, cached
        service = db.session.scalars(sa.select(Service).filter_by(
            site_id=maros.id, slug="kartu-3")).one()
        service.keywords = ["xylofon"]
        db.session.commit()
        assert [s.slug for s in services.search_services(maros, "xylofon").services] == \
            ["kartu-3"]


# --- the shared copy (Redis) --------------------------------------------------------------------

@pytest.fixture
def shared_store(cards_app):
    """A store that says it is shared, as Redis does (the index copies go there)."""
    shared = MemoryStore(64 * 1024 * 1024)
    shared.shared = True
    cards_app.extensions[EXTENSION] = shared
    return shared


def test_another_worker_loads_the_shared_index_instead_of_building(cards_app, shared_store,
                                                                  monkeypatch):
    with cards_app.app_context():
        maros = site("satu")
        built = services.search_services(maros, "kartu layanan")
        assert len(shared_store) == 1
        services._index_cache.clear()                 # another worker: nothing of its own
        monkeypatch.setattr(services, "build_search_index", _must_not_build)
        loaded = services.search_services(maros, "kartu layanan")
        assert [s.id for s in loaded.services] == [s.id for s in built.services]
        assert loaded.suggestion == built.suggestion and loaded.total == built.total


def test_an_edit_is_seen_by_every_worker_through_the_shared_cache(cards_app, shared_store):
    with cards_app.app_context():
        maros = site("satu")
        services.search_services(maros, "xylofon")
        service = db.session.scalars(sa.select(Service).filter_by(
            site_id=maros.id, slug="kartu-3")).one()
        service.keywords = ["xylofon"]
        db.session.commit()
        services._index_cache.clear()
        assert [s.slug for s in services.search_services(maros, "xylofon").services] == \
            ["kartu-3"]
        assert len(shared_store) == 2                 # one copy per catalogue version


def test_a_damaged_shared_copy_is_rebuilt(cards_app, shared_store):
    with cards_app.app_context():
        maros = site("satu")
        services.search_services(maros, "paspor")
        [key] = list(shared_store._items)
        shared_store.set(key, b"not an index", 60)
        services._index_cache.clear()
        assert [s.slug for s in services.search_services(maros, "paspor").services] == \
            ["paspor-baru"]
        assert shared_store.get(key) != b"not an index"


def _must_not_build(site):
    raise AssertionError("the index was built although a shared copy existed")


# --- saving and loading an index ----------------------------------------------------------------

DOCS = [
    SearchDoc(1, "KTP-el baru", ("bikin ktp", "e-ktp"), "Disdukcapil", "Perekaman KTP elektronik",
              "Kartu Keluarga (KK) Menginjak dewasa (17 tahun)"),
    SearchDoc(2, "Akta Kelahiran", ("akta anak",), "Disdukcapil", "Pencatatan kelahiran",
              "Surat keterangan lahir; Buku nikah orang tua"),
    SearchDoc(3, "Paspor baru", ("passport",), "Imigrasi", "Paspor RI untuk WNI", "KTP-el"),
    SearchDoc(4, "Pengesahan STNK tahunan", ("pajak motor",), "Samsat", "Bayar pajak kendaraan",
              "STNK asli; KTP-el"),
]


@pytest.mark.parametrize("query", ["bikin ktp", "akta kel", "pasport ilang", "pajak motor",
                                   "kartu keluarga", "zebra", ""])
def test_a_saved_index_answers_exactly_like_the_built_one(query):
    built = SearchIndex(DOCS)
    loaded = SearchIndex.loads(built.dumps())
    assert loaded.search(query) == built.search(query)
    assert loaded.find(query) == built.find(query)
    assert loaded.suggest(query) == built.suggest(query)
    assert loaded.titles().find(query) == built.titles().find(query)


@pytest.mark.parametrize("data", [b"", b"not json", b"[]", b'{"analyser": "x"}', b"\xff\xfe",
                                  b'{"docs": 1}'])
def test_anything_but_a_saved_index_is_refused(data):
    with pytest.raises(ValueError):
        SearchIndex.loads(data)


def test_an_index_saved_by_another_version_of_the_search_is_refused(monkeypatch):
    saved = SearchIndex(DOCS).dumps()
    monkeypatch.setattr(search_module, "ANALYSER", "another")
    with pytest.raises(ValueError):
        SearchIndex.loads(saved)
