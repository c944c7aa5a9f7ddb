"""Browser fixtures: the system Chromium driven by Playwright, and the app over real HTTP.

The server, the Chromium launch and the choice of demo pages come from tools/screenshots.py
(loaded by tests/support/browser.py), so the README's screenshots show the same pages these
tests check. Under pytest-xdist each worker launches one Chromium and serves its own demo
database on a port of its own. Chromium is never downloaded (no `playwright install`):
Debian's /usr/bin/chromium is used, installed by .ci/run.
"""
from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Iterator

import pytest

from support.browser import shots
from support.database import dispose, make_app


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The system Chromium; missing is a failure on CI and a skip on a developer's machine."""
    if not Path(shots.CHROMIUM).exists():
        message = (f"{shots.CHROMIUM} not found: the browser tests need Debian's chromium "
                   "package (apt-get install chromium); .ci/run installs it.")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return shots.CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_executable: str):
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = shots.launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def live_app(demo_database_url):
    """The app over the seeded demo database, with no SERVER_NAME so 127.0.0.1:port works."""
    app = make_app(demo_database_url, SERVER_NAME=None)
    yield app
    dispose(app)


@pytest.fixture(scope="session")
def live_server(live_app) -> Iterator[str]:
    """The live app's origin, e.g. http://127.0.0.1:43117 (stopped at the end of the run)."""
    with shots.serve(live_app) as origin:
        yield origin


@pytest.fixture(scope="session")
def demo(live_app):
    """Slugs of the demo records each kind of page is checked on."""
    with live_app.app_context():
        return shots.find_demo_pages("maros")


@pytest.fixture(scope="session")
def english_available(live_app) -> bool:
    return shots.english_available(live_app)


@pytest.fixture(scope="session")
def english_catalogue(live_app, english_available):
    """gettext for the compiled English catalogue (to recognise a page in English)."""
    if not english_available:
        return None
    import gettext

    path = Path(live_app.config["BABEL_TRANSLATION_DIRECTORIES"], "en", "LC_MESSAGES",
                "messages.mo")
    with path.open("rb") as handle:
        return gettext.GNUTranslations(handle)


@pytest.fixture
def new_context(browser):
    """new_context(**options): a fresh browser context (cookies, storage), closed afterwards."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", shots.VIEWPORT)
        options.setdefault("locale", shots.LOCALE)
        context = browser.new_context(**options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh context at 360×640 in Indonesian."""
    return new_context().new_page()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core as shipped by the axe-playwright-python package (read, not imported)."""
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("axe-playwright-python is not installed: pip install -e '.[test]'")
    path = Path(list(spec.submodule_search_locations)[0]) / "axe.min.js"
    return path.read_text(encoding="utf-8")
