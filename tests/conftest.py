"""Fixtures in flaskr's shape: app, client, runner, plus catalogue factories and staff apps.

Every test gets a real database: on SQLite a fresh copy of a migrated file; on PostgreSQL
(TEST_DATABASE_URL) a schema whose tables are emptied before each test that follows a write.
Tests that only read the demo catalogue share one seeded database (`demo_app`), built once per
worker. The helpers these fixtures use live in tests/support/ (test modules import from
there, never from each other or from this file).

Under pytest-xdist (`-n`, see pyproject.toml) each worker process builds its own databases:
SQLite files in its own temporary directory, PostgreSQL schemas named after the worker.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from support.catalogs import base_catalog, base_site
from support.database import PG_URL, dispose, make_app, migrate, pg_url, schema_name
from support.staff import make_staff_app

TEST_SCHEMA, DEMO_SCHEMA = schema_name("test"), schema_name("demo")


# --- databases --------------------------------------------------------------------------------

class _Writes:
    """Whether any statement since the last emptying could have changed a table, so that on
    PostgreSQL a test after one that only read skips the TRUNCATE of every table."""

    seen = True
    WORDS = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "ALTER", "CREATE", "DROP", "COPY", "MERGE")

    @classmethod
    def watch(cls, conn, cursor, statement, parameters, context, executemany) -> None:
        if not cls.seen and statement.lstrip()[:8].upper().startswith(cls.WORDS):
            cls.seen = True


@pytest.fixture(scope="session")
def database_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Migrated (and demo-seeded) databases made once per worker."""
    if PG_URL:
        engine = sa.create_engine(pg_url("public"))
        with engine.begin() as connection:
            for schema in (TEST_SCHEMA, DEMO_SCHEMA):
                connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
                connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
        engine.dispose()
        migrate(pg_url(TEST_SCHEMA))
        sa.event.listen(sa.engine.Engine, "before_cursor_execute", _Writes.watch)
        return {"empty": pg_url(TEST_SCHEMA)}
    root = tmp_path_factory.mktemp("db")
    empty = root / "empty.sqlite3"
    migrate(f"sqlite:///{empty}")
    return {"empty": str(empty)}


@pytest.fixture(scope="session")
def demo_database_url(database_templates: dict[str, str],
                      tmp_path_factory: pytest.TempPathFactory) -> str:
    """The seeded demo database (made once per worker, when a test first needs it)."""
    if PG_URL:
        url = pg_url(DEMO_SCHEMA)
        migrate(url, seed=True)
        return url
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    shutil.copy(database_templates["empty"], path)
    migrate(f"sqlite:///{path}", seed=True)
    return f"sqlite:///{path}"


def _empty_pg_tables(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        names = ", ".join(t.name for t in db.metadata.sorted_tables)
        connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()
    _Writes.seen = False


@pytest.fixture
def database_url(database_templates: dict[str, str], tmp_path: Path) -> str:
    """A migrated, empty database of this test's own."""
    if PG_URL:
        if _Writes.seen:
            _empty_pg_tables(database_templates["empty"])
        return database_templates["empty"]
    path = tmp_path / "test.sqlite3"
    shutil.copy(database_templates["empty"], path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(database_url: str):
    app = make_app(database_url)
    yield app
    dispose(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def demo_app(demo_database_url: str):
    """An app over the seeded demo catalogue. Read-only: tests must not change its data."""
    app = make_app(demo_database_url)
    yield app
    dispose(app)


@pytest.fixture
def demo_client(demo_app):
    return demo_app.test_client()


# --- catalogues -------------------------------------------------------------------------------

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


@pytest.fixture
def open_every_day(catalog_app):
    """Make the small catalogue bookable now, whatever time the test runs."""
    from mpp_lite.models import ClosedDate, CounterHours, SiteHours

    with catalog_app.app_context():
        db.session.execute(sa.delete(SiteHours))
        db.session.execute(sa.delete(CounterHours))
        db.session.execute(sa.delete(ClosedDate))
        for weekday in range(1, 8):
            db.session.add(SiteHours(site_id=1, weekday=weekday, opens=dt.time(0, 0),
                                     closes=dt.time(23, 59)))
        db.session.commit()
    return catalog_app


# --- staff apps -------------------------------------------------------------------------------

@pytest.fixture
def staff_app(database_url: str):
    """staff_app(*sites, catalog_editors=(), **config) → an app with the queue catalogue of
    `sites` (default: Maros and Ngawi of support.catalogs.queue_site) and its staff accounts
    (support.catalogs.STAFF, one password), CSRF on, rate limits off; sign in with
    support.staff.login(app, username). Call it once per test (the accounts are added)."""
    with contextlib.ExitStack() as stack:
        def make(*sites: dict, **options: Any):
            app = make_staff_app(database_url, *sites, **options)
            stack.callback(dispose, app)
            return app
        yield make


@pytest.fixture
def web_app(request: pytest.FixtureRequest, staff_app):
    """The staff app of the module: staff_app() unless the module (or test) is marked
    `@pytest.mark.staff_app(sites=callable returning the sites, catalog_editors=[...])`."""
    marker = request.node.get_closest_marker("staff_app")
    options = dict(marker.kwargs) if marker else {}
    sites = options.pop("sites", None)
    return staff_app(*(sites() if callable(sites) else sites or ()), **options)


# --- servers ------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def live(database_templates: dict[str, str], tmp_path_factory: pytest.TempPathFactory):
    """Two server processes over one database of round-the-clock services (support.live),
    started once per worker (by the first test that needs them); each test books its own
    service."""
    from support.live import running

    with running(database_templates["empty"], tmp_path_factory) as live:
        yield live


@pytest.fixture
def clock(monkeypatch):
    """clock(aware datetime): the instant the app believes it is (mpp_lite.dates.now and
    every site's today); test modules that start at a set moment override it, asking for it."""
    from mpp_lite import dates

    def set_clock(when):
        dates.freeze(monkeypatch, when)
    return set_clock

