"""Flask, minus two costs paid on every request that never change between requests.

- `ensure_sync` asks `inspect.iscoroutinefunction` about every hook and view on every request
  (ten times for a plain page); the answer for a function never changes, so it is kept.
- The session interface builds a new signing serializer (key derivation set-up included) for
  every request; it is kept per secret key (and fallbacks), so a changed key still takes effect.
Neither changes behaviour: tests/test_framework.py checks both against Flask's own.
"""
from __future__ import annotations

from typing import Any, Callable

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions with the serializer made once per key."""

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        key = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        cached = app.extensions.get("mpp_lite.session_serializer")
        if cached is None or cached[0] != key:
            cached = (key, super().get_signing_serializer(app))
            app.extensions["mpp_lite.session_serializer"] = cached
        return cached[1]


class App(Flask):
    session_interface = SessionInterface()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sync: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        try:
            return self._sync[func]
        except KeyError:
            made = super().ensure_sync(func)
            if len(self._sync) < 10_000:   # hooks, views, handlers: a fixed set in practice
                self._sync[func] = made
            return made
        except TypeError:                  # an unhashable callable: ask every time
            return super().ensure_sync(func)
