"""mpp_lite/web/framework.py keeps per-request work Flask would redo: same behaviour."""
from __future__ import annotations

from flask import session

from mpp_lite.web.framework import App


def test_the_session_serializer_is_kept_per_key_and_a_new_key_takes_effect(app):
    app.add_url_rule("/__set", "set", lambda: session.__setitem__("x", "1") or "ok")
    app.add_url_rule("/__get", "get", lambda: session.get("x", "none"))
    client = app.test_client()
    client.get("/__set")
    assert client.get("/__get").text == "1"
    first = app.session_interface.get_signing_serializer(app)
    assert app.session_interface.get_signing_serializer(app) is first
    app.secret_key = "another key entirely"
    assert app.session_interface.get_signing_serializer(app) is not first
    assert client.get("/__get").text == "none"   # a cookie signed with the old key is refused


def test_ensure_sync_answers_as_flask_does_and_remembers(app):
    assert isinstance(app, App)

    def view():
        return "x"

    assert app.ensure_sync(view) is view
    assert view in app._sync
    unhashable = type("Unhashable", (), {"__hash__": None, "__call__": lambda self: "y"})()
    assert app.ensure_sync(unhashable) is unhashable
