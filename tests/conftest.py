"""Fixtures in flaskr's shape: app, client, runner, plus catalogue factories.

Every test gets a real database: on SQLite a fresh copy of a migrated file; on PostgreSQL
(TEST_DATABASE_URL) a schema whose tables are emptied before each test. Tests that only read
the demo catalogue share one seeded database (`demo_app`), built once per session.
"""
from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from mpp_lite import create_app
from mpp_lite.extensions import db

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
# Separate prefixes let two test runs share one PostgreSQL database without clashing.
_PREFIX = os.environ.get("TEST_PG_SCHEMA_PREFIX", "mpp")
TEST_SCHEMA, DEMO_SCHEMA = f"{_PREFIX}_test", f"{_PREFIX}_demo"


def _pg_url(schema: str) -> str:
    url = PG_URL
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema}')}"


def _make_app(url: str, **overrides: Any):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": url,
        "AUTO_SETUP": False,
        "SERVER_NAME": "mpp.test",
        **overrides,
    }
    return create_app(config)


def _migrate(url: str, seed: bool = False) -> None:
    app = _make_app(url)
    with app.app_context():
        from mpp_lite.setup import upgrade_schema

        upgrade_schema()
        if seed:
            from mpp_lite.demo_seed import seed_demo

            seed_demo()
        db.engine.dispose()


@pytest.fixture(scope="session")
def database_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Migrated (and demo-seeded) databases made once for the whole run."""
    if PG_URL:
        engine = sa.create_engine(_pg_url("public"))
        with engine.begin() as connection:
            for schema in (TEST_SCHEMA, DEMO_SCHEMA):
                connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
                connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
        engine.dispose()
        _migrate(_pg_url(TEST_SCHEMA))
        return {"empty": _pg_url(TEST_SCHEMA), "demo": ""}
    root = tmp_path_factory.mktemp("db")
    empty = root / "empty.sqlite3"
    _migrate(f"sqlite:///{empty}")
    return {"empty": str(empty), "demo": ""}


def _demo_url(templates: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> str:
    if not templates["demo"]:
        if PG_URL:
            templates["demo"] = _pg_url(DEMO_SCHEMA)
            _migrate(templates["demo"], seed=True)
        else:
            path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
            shutil.copy(templates["empty"], path)
            _migrate(f"sqlite:///{path}", seed=True)
            templates["demo"] = str(path)
    return templates["demo"] if PG_URL else f"sqlite:///{templates['demo']}"


def _empty_pg_tables(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        tables = [t for t in db.metadata.sorted_tables]
        names = ", ".join(t.name for t in tables)
        connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def database_url(database_templates: dict[str, str], tmp_path: Path) -> str:
    """A migrated, empty database of this test's own."""
    if PG_URL:
        _empty_pg_tables(database_templates["empty"])
        return database_templates["empty"]
    path = tmp_path / "test.sqlite3"
    shutil.copy(database_templates["empty"], path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(database_url: str):
    app = _make_app(database_url)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def demo_app(database_templates: dict[str, str], tmp_path_factory: pytest.TempPathFactory):
    """An app over the seeded demo catalogue. Read-only: tests must not change its data."""
    app = _make_app(_demo_url(database_templates, tmp_path_factory))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def demo_client(demo_app):
    return demo_app.test_client()


# --- catalogue factories --------------------------------------------------------------------

def base_service(**overrides: Any) -> dict[str, Any]:
    service = {
        "slug": "ktp-el-baru",
        "name": "KTP-el baru",
        "agency": "disdukcapil",
        "summary": "Perekaman dan pencetakan KTP elektronik pertama kali.",
        "counters": ["Gerai 1"],
        "requirements": [
            {"text": "Kartu Keluarga (KK)", "form": "copy", "quantity": 1,
             "source": "Kantor desa/kelurahan",
             "translations": {"en": {"text": "Family card (KK)"}}},
            {"text": "Surat keterangan lahir", "group": 1},
            {"text": "SPTJM kebenaran data kelahiran", "group": 1,
             "condition": "tidak punya surat keterangan lahir"},
        ],
        "steps": [
            {"title": "Ambil nomor antrean", "location": "Gerai 1", "duration": "±5 menit",
             "translations": {"en": {"title": "Take a queue number"}}},
            {"title": "Perekaman foto, sidik jari dan iris", "actor": "Petugas Disdukcapil"},
        ],
        "processing_time": "Selesai di tempat, ±30 menit",
        "fee": {"free": True, "legal_basis": "UU 24/2013"},
        "product": "KTP-el",
        "complaint_channel": "Meja pengaduan MPP; SP4N-LAPOR! (lapor.go.id, SMS 1708)",
        "availability": "full",
        "life_events": ["dewasa"],
        "keywords": ["ktp", "e-ktp", "bikin ktp"],
        "last_reviewed": "2026-10-01",
        "daily_quota": 100,
        "queue_prefix": "A",
        "translations": {"en": {"name": "New electronic ID card (KTP-el)"}},
    }
    service.update(overrides)
    return service


def base_site(**overrides: Any) -> dict[str, Any]:
    site = {
        "slug": "maros",
        "name": "Mal Pelayanan Publik Kabupaten Maros",
        "regency": "Kabupaten Maros",
        "province": "Sulawesi Selatan",
        "address": "Jl. Asoka No. 1, Turikale, Maros",
        "timezone": "Asia/Makassar",
        "facilities": ["Ruang laktasi", "Pojok baca"],
        "hours": [{"weekday": d, "opens": "08:00", "closes": "15:00"} for d in range(1, 6)],
        "closed_dates": [{"date": "2026-12-25", "reason": "Hari Raya Natal"}],
        "translations": {"en": {"name": "Maros Public Service Mall"}},
        "agencies": [
            {"slug": "disdukcapil", "name": "Dinas Kependudukan dan Pencatatan Sipil",
             "short_name": "Disdukcapil", "kind": "regional",
             "head_office_address": "Jl. Jend. Sudirman No. 3, Maros"},
            {"slug": "imigrasi", "name": "Kantor Imigrasi Kelas I TPI Makassar",
             "short_name": "Imigrasi", "kind": "central",
             "head_office_address": "Jl. Perintis Kemerdekaan Km. 13, Makassar"},
        ],
        "counters": [
            {"label": "Gerai 1", "agency": "disdukcapil", "floor": "Lantai 1",
             "schedule": [{"weekday": d, "opens": "08:00", "closes": "15:00"}
                          for d in range(1, 6)]},
            {"label": "Gerai 7", "agency": "imigrasi", "floor": "Lantai 2",
             "schedule": [{"weekday": 2, "opens": "08:00", "closes": "14:00"}]},
        ],
        "services": [
            base_service(),
            base_service(
                slug="paspor-baru", name="Paspor baru", agency="imigrasi",
                counters=["Gerai 7"], queue_prefix="C", life_events=["bepergian"],
                keywords=["pasport", "passport"],
                fee={"free": False, "amount": 350000,
                     "note": "Rp350.000 (48 halaman), Rp650.000 (e-paspor)",
                     "legal_basis": "PP 28/2019"},
                availability="partial",
                elsewhere={"note": "Wawancara dan foto di kantor Imigrasi bila gerai MPP penuh.",
                           "address": "Jl. Perintis Kemerdekaan Km. 13, Makassar"},
                processing_time="3–4 hari kerja", product="Paspor RI",
                translations={"en": {"name": "New passport"}},
            ),
        ],
    }
    site.update(overrides)
    return site


def base_catalog(*sites: dict[str, Any]) -> dict[str, Any]:
    return {"format": "mpp-lite-catalog", "version": 1,
            "sites": [copy.deepcopy(s) for s in sites] or [base_site()]}


@pytest.fixture
def make_catalog() -> Callable[..., dict[str, Any]]:
    """make_catalog(site_overrides...) → a valid catalogue dict with one site."""
    def factory(**site_overrides: Any) -> dict[str, Any]:
        return base_catalog(base_site(**site_overrides))
    return factory


@pytest.fixture
def load_catalog(app) -> Callable[[dict[str, Any]], None]:
    """Import a catalogue dict into the test database and commit."""
    from mpp_lite.catalog.transfer import import_catalog

    def load(data: dict[str, Any]) -> None:
        with app.app_context():
            import_catalog(data)
            db.session.commit()
    return load


@pytest.fixture
def catalog_app(app, load_catalog):
    """The app with the small two-service catalogue loaded (mutable per test)."""
    load_catalog(base_catalog())
    return app
