"""Staff page tests: an app with the queue catalogue and its staff accounts, signing in as one
of them, and posting forms with the session's CSRF token."""
from __future__ import annotations

import contextlib
import re
from typing import Any, Iterator

from mpp_lite.extensions import db

from conftest import _make_app
from test_calling import PASSWORD, load_queue_catalog

CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


@contextlib.contextmanager
def staff_app(database_url: str, *sites: dict) -> Iterator[Any]:
    """CSRF on (as in production), rate limits off (many logins per test); the queue catalogue
    of `sites` (default: Maros and Ngawi) with the staff of test_calling."""
    app = _make_app(database_url, RATELIMIT_ENABLED=False)
    load_queue_catalog(app, *sites)
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


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


def text(html: str) -> str:
    """The page's words without tags, white space folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
