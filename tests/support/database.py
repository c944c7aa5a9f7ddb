"""Test databases and apps: the engine under test (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set), per-worker schema names, and `make_app` with the test settings.

Under pytest-xdist every worker is a process of its own with its own databases: SQLite files
live in the worker's own tmp_path_factory directory, PostgreSQL schemas carry the worker id
(`mpp_gw0_test`), so workers never share a table.
"""
from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote

from mpp_lite import create_app
from mpp_lite.extensions import db

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
# "gw0", "gw1", ... under pytest-xdist; empty when the tests run in one process.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
# Separate prefixes let two test runs share one PostgreSQL database without clashing.
SCHEMA_PREFIX = "_".join(filter(None, (os.environ.get("TEST_PG_SCHEMA_PREFIX", "mpp"), WORKER)))


def schema_name(purpose: str) -> str:
    """This run's (and this worker's) PostgreSQL schema for `purpose`, e.g. mpp_gw1_test."""
    return f"{SCHEMA_PREFIX}_{purpose}"


def pg_url(schema: str) -> str:
    """TEST_DATABASE_URL with `schema` as the search path."""
    url = PG_URL
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema}')}"


def make_app(url: str, **overrides: Any):
    """The app over `url` with the test settings (TESTING, SERVER_NAME mpp.test, no auto set-up)."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": url,
        "AUTO_SETUP": False,
        "SERVER_NAME": "mpp.test",
        # Several apps (and live servers) share one database in a test, and a test expects a
        # write in one to show in the next page of another: read the page cache's versions on
        # every request rather than once a second (tests/test_page_cache.py tests the memo).
        "PAGE_CACHE_VERSION_SECONDS": 0,
        **overrides,
    }
    return create_app(config)


def dispose(app) -> None:
    """Close the app's session and connections (pytest errors on unclosed resources)."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def migrate(url: str, seed: bool = False) -> None:
    """Bring the database at `url` to the newest revision (and seed the demo content)."""
    app = make_app(url)
    with app.app_context():
        from mpp_lite.setup import upgrade_schema

        upgrade_schema()
        if seed:
            from mpp_lite.demo_seed import seed_demo

            seed_demo()
        db.engine.dispose()
