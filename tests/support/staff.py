"""Staff page tests: an app with the queue catalogue and its staff accounts, signing in as one
of them, and posting forms with the session's CSRF token. Tests take the `staff_app` or
`web_app` fixture (tests/conftest.py); `open_staff_app` is for code that cannot take a fixture
(hypothesis examples)."""
from __future__ import annotations

import contextlib
import re
from typing import Any, Iterable, Iterator

import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import StaffUser

from .catalogs import PASSWORD, load_queue_catalog
from .database import dispose, make_app

CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


def make_staff_app(database_url: str, *sites: dict, catalog_editors: Iterable[str] = (),
                   **config: Any):
    """CSRF on (as in production), rate limits off (many logins per test); the queue catalogue
    of `sites` (default: Maros and Ngawi) with the staff of catalogs.STAFF, of whom
    `catalog_editors` may edit their agency's services. The caller disposes of it."""
    app = make_app(database_url, RATELIMIT_ENABLED=False, **config)
    load_queue_catalog(app, *sites)
    editors = list(catalog_editors)
    if editors:
        with app.app_context():
            for user in db.session.scalars(
                    sa.select(StaffUser).where(StaffUser.username.in_(editors))):
                user.can_edit_catalog = True
            db.session.commit()
    return app


@contextlib.contextmanager
def open_staff_app(database_url: str, *sites: dict, **options: Any) -> Iterator[Any]:
    """make_staff_app as a context manager: disposed of on exit."""
    app = make_staff_app(database_url, *sites, **options)
    try:
        yield app
    finally:
        dispose(app)


def csrf_token(client, path: str = "/staff/") -> str:
    match = CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(app, username: str):
    """A test client signed in as `username`, with the session's CSRF token as `client.token`."""
    client = app.test_client()
    token = csrf_token(client, "/staff/login")
    response = client.post("/staff/login", data={"username": username, "password": PASSWORD,
                                                 "csrf_token": token})
    assert response.status_code == 303, response.status_code
    client.token = csrf_token(client)  # type: ignore[attr-defined]
    return client


def post(client, path: str, **data):
    return client.post(path, data={"csrf_token": client.token, **data})
