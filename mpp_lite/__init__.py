"""MPP Lite: service catalogue, queue tickets and feedback for Mal Pelayanan Publik."""
from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from .config import PACKAGE_DIR, Defaults

__version__ = "0.1.0"


class IdConverter(IntegerConverter):
    """`<int:id>` in URLs: ids fit the database's integer, so a huge number is a 404, not an
    overflow inside the database driver."""

    def __init__(self, map, *args: Any, **kwargs: Any) -> None:  # noqa: A002 (werkzeug's name)
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults → instance config → MPP_* environment → test config."""
    from .web.framework import App

    app = App(__name__, instance_relative_config=True, static_folder=None)
    app.url_map.converters["int"] = IdConverter
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("MPP")
    if test_config:
        app.config.from_mapping(test_config)

    instance = Path(app.instance_path)
    if not instance.exists():
        instance.mkdir(parents=True, mode=0o700)  # it holds the secret key and the database
    _configure_proxies(app)
    embedded = _configure_database(app)
    _configure_secret_key(app)

    from . import cache, extensions, i18n
    from .extensions import babel, csrf, db, limiter, login_manager, migrate
    from .web import edge

    cache.init_app(app)
    edge.init_app(app)  # first: input is checked before CSRF, limits and logins read it
    db.init_app(app)
    _check_idle_connections(app)
    # render_as_batch (Flask-Migrate default) lets later migrations ALTER tables on SQLite.
    migrate.init_app(app, db, directory=str(PACKAGE_DIR / "migrations"), render_as_batch=True,
                     compare_type=True)
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "staff.login"
    login_manager.login_message = None  # the login page explains itself
    login_manager.session_protection = "strong"

    from . import templating
    from .web import assets, policy

    assets.init_app(app)
    policy.init_app(app)
    templating.init_app(app)

    from .api import bp as api_bp
    from .catalog import bp as catalog_bp
    from .board import bp as board_bp
    from .offline import bp as offline_bp
    from .officer import bp as officer_bp
    from .queue import bp as queue_bp
    from .staff import bp as staff_bp
    from .web import bp as web_bp
    from .village import bp as village_bp
    from .assist import bp as assist_bp
    from .counters import bp as counters_bp
    from .applications import bp as applications_bp
    from .notices import bp as notices_bp
    from .feedback import bp as feedback_bp
    from .admin import bp as admin_bp
    from .notify import bp as notify_bp
    from .hooks import bp as hooks_bp
    from .chat import bp as chat_bp
    from .moving import bp as moving_bp
    from .kiosk import bp as kiosk_bp
    from .floor import bp as floor_bp
    from .visits import bp as visits_bp
    from .web.errors import register_error_handlers

    app.register_blueprint(web_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(officer_bp)
    app.register_blueprint(queue_bp)
    app.register_blueprint(board_bp)
    app.register_blueprint(offline_bp)
    app.register_blueprint(village_bp)
    app.register_blueprint(assist_bp)
    app.register_blueprint(notices_bp)
    app.register_blueprint(counters_bp)
    app.register_blueprint(applications_bp)
    app.register_blueprint(feedback_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(notify_bp)
    app.register_blueprint(hooks_bp)
    app.register_blueprint(chat_bp)
    app.register_blueprint(moving_bp)
    app.register_blueprint(kiosk_bp)
    app.register_blueprint(floor_bp)
    app.register_blueprint(visits_bp)
    app.register_blueprint(catalog_bp)
    csrf.exempt(api_bp)  # JSON API: no cookies are trusted there; see api/__init__.py
    csrf.exempt(hooks_bp)  # webhooks: signed by the platform; see hooks/__init__.py
    extensions.limit_only_where_declared(app)
    register_error_handlers(app)

    from .cli import register_cli

    register_cli(app)

    _warn_about_production_settings(app, embedded)
    if app.config["AUTO_SETUP"]:
        from .setup import auto_setup

        auto_setup(app)
    return app


def _configure_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client address, scheme, host and port
    from their X-Forwarded-* headers (the rate limits key on the real client). With 0, the
    default, those headers are ignored: anyone could send them."""
    raw = app.config.get("TRUSTED_PROXIES") or 0
    try:
        count = int(raw)
    except (TypeError, ValueError):
        raise RuntimeError(f"MPP_TRUSTED_PROXIES must be a whole number, not {raw!r}") from None
    if count < 0:
        raise RuntimeError("MPP_TRUSTED_PROXIES must be 0 or more")
    app.config["TRUSTED_PROXIES"] = count
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count,  # type: ignore
                                x_host=count, x_port=count)


def production_warnings(app: Flask, embedded: bool) -> list[str]:
    """Settings that are fine on a laptop and wrong on a server (shown on /healthz)."""
    if embedded or app.testing or app.debug:
        return []
    warnings = []
    storage = str(app.config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if app.config.get("RATELIMIT_ENABLED", True) and "memory://" in storage:
        warnings.append(
            "rate limits are counted per process (RATELIMIT_STORAGE_URI=memory://): with "
            "several workers each counts separately; set "
            "MPP_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379")
    if not app.config.get("SERVER_NAME") and not app.config.get("TRUSTED_HOSTS"):
        warnings.append(
            "any Host header is accepted and goes into ticket and QR code links; set "
            "MPP_SERVER_NAME and/or MPP_TRUSTED_HOSTS")
    return warnings


def _warn_about_production_settings(app: Flask, embedded: bool) -> None:
    warnings = production_warnings(app, embedded)
    app.extensions["mpp_lite.warnings"] = warnings
    for warning in warnings:
        app.logger.warning("PRODUCTION SETTING: %s", warning)  # logger "mpp_lite"


def _configure_database(app: Flask) -> bool:
    """Set the database URL and engine options; True for the embedded SQLite default."""
    url = os.environ.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    embedded = not url
    if embedded:
        url = "sqlite:///" + str(Path(app.instance_path) / "mpp_lite.sqlite3")
    if url.startswith("postgres://"):  # Heroku-style URLs
        url = "postgresql+psycopg://" + url[len("postgres://"):]
    elif url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    if app.config["AUTO_SETUP"] is None:
        app.config["AUTO_SETUP"] = embedded and not app.testing
    # SQL parameters hold names, phone numbers and NIK hashes: never in errors or logs.
    options = {**app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}), "hide_parameters": True}
    if url.startswith("sqlite"):
        from .db_sqlite import create_private_file, sqlite_engine_options

        create_private_file(url)
        options.update(sqlite_engine_options())
    elif float(app.config["DATABASE_PING_AFTER_IDLE_SECONDS"]) <= 0:
        options.setdefault("pool_pre_ping", True)  # check every checkout
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    return embedded


def _check_idle_connections(app: Flask) -> None:
    """Ping a pooled server connection before use only when it sat idle (db_pool.py)."""
    from .db_pool import ping_when_idle
    from .extensions import db

    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") or "pool_pre_ping" in options:
        return
    with app.app_context():
        engine = db.engine
    ping_when_idle(engine, float(app.config["DATABASE_PING_AFTER_IDLE_SECONDS"]))


def _configure_secret_key(app: Flask) -> None:
    key = os.environ.get("SECRET_KEY") or app.config.get("SECRET_KEY")
    if key:
        app.config["SECRET_KEY"] = key
        return
    if not (app.debug or app.testing or app.config["AUTO_SETUP"]):
        raise RuntimeError(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "value (python -c 'import secrets; print(secrets.token_hex(32))')."
        )
    # Development: generate once and keep it, so sessions survive restarts.
    key_file = Path(app.instance_path) / "secret_key"
    if not key_file.exists():  # created 0600 from the start, not chmod-ed afterwards
        descriptor = os.open(key_file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_hex(32))
    app.config["SECRET_KEY"] = key_file.read_text().strip()
