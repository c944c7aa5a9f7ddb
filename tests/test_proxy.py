"""Deployment edge: reverse proxies (MPP_TRUSTED_PROXIES), the Host header in absolute links
(SERVER_NAME, TRUSTED_HOSTS), per-process rate-limit stores, and a private SQLite file."""
from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from mpp_lite import create_app
from mpp_lite.extensions import db

from support.catalogs import base_catalog
from support.database import make_app

BOOK = {"service": "ktp-el-baru", "name": "Budi"}


def make(database_url: str, **config):
    return make_app(database_url, **config)


def close(app) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def login_attempts(app, headers: list[dict[str, str]]) -> list[int]:
    """POST a wrong password once per header set; the status codes."""
    client = app.test_client()
    return [client.post("/staff/login", data={"username": "x", "password": "y"},
                        headers=h).status_code for h in headers]


# --- client address ----------------------------------------------------------------------------

def test_without_trusted_proxies_forwarded_for_is_ignored(database_url):
    """Nobody can dodge the login limit by sending X-Forwarded-For themselves."""
    app = make(database_url, LOGIN_RATE_LIMIT="2 per minute", WTF_CSRF_ENABLED=False)
    statuses = login_attempts(app, [{"X-Forwarded-For": f"10.0.0.{i}"} for i in range(1, 4)])
    assert statuses[-1] == 429
    close(app)


def test_behind_one_trusted_proxy_each_client_has_its_own_limit(database_url):
    """Behind nginx, ten wrong passwords from one officer do not lock out the others."""
    app = make(database_url, LOGIN_RATE_LIMIT="2 per minute", WTF_CSRF_ENABLED=False,
               TRUSTED_PROXIES=1)
    one = {"X-Forwarded-For": "198.51.100.7"}
    assert login_attempts(app, [one, one, one])[-1] == 429
    others = [{"X-Forwarded-For": f"198.51.100.{i}"} for i in range(10, 14)]
    assert 429 not in login_attempts(app, others)
    # A client that prepends its own X-Forwarded-For gets only the address nginx appended.
    spoofed = [{"X-Forwarded-For": f"203.0.113.{i}, 198.51.100.7"} for i in range(3)]
    assert login_attempts(app, spoofed) == [429, 429, 429]
    close(app)


def test_the_limiter_keys_on_the_address_proxy_fix_sets(database_url):
    app = make(database_url, TRUSTED_PROXIES=1)
    from mpp_lite.extensions import limiter

    seen = {}

    @app.get("/__addr")
    def addr():
        seen["key"] = limiter._key_func()
        return "ok"

    app.test_client().get("/__addr", headers={"X-Forwarded-For": "198.51.100.7"})
    assert seen["key"] == "198.51.100.7"
    close(app)


def test_trusted_proxies_must_be_a_whole_number(database_url):
    with pytest.raises(RuntimeError):
        make(database_url, TRUSTED_PROXIES="many")


# --- host and scheme ---------------------------------------------------------------------------

def sites_url(app, **headers) -> tuple[int, str]:
    response = app.test_client().get("/api/v1/sites", headers=headers)
    if response.status_code != 200:
        return response.status_code, ""
    return 200, response.json["sites"][0]["url"]


@pytest.fixture
def loaded(database_url):
    """A database with the small catalogue, for apps made with any configuration."""
    app = make(database_url)
    from mpp_lite.catalog.transfer import import_catalog

    with app.app_context():
        import_catalog(base_catalog())
        db.session.commit()
    close(app)
    return database_url


def test_forwarded_host_and_scheme_are_ignored_without_trusted_proxies(loaded):
    app = make(loaded, SERVER_NAME=None)
    status, url = sites_url(app, Host="mpp.example.go.id", **{
        "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"})
    assert status == 200 and url == "http://mpp.example.go.id/maros/"
    close(app)


def test_forwarded_host_and_scheme_are_used_behind_a_trusted_proxy(loaded):
    app = make(loaded, SERVER_NAME=None, TRUSTED_PROXIES=1)
    status, url = sites_url(app, Host="127.0.0.1:8000", **{
        "X-Forwarded-Host": "mpp.example.go.id", "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "198.51.100.7"})
    assert status == 200 and url == "https://mpp.example.go.id/maros/"
    close(app)


def test_trusted_hosts_refuse_a_forged_host(loaded):
    app = make(loaded, SERVER_NAME=None, TRUSTED_HOSTS=["mpp.example.go.id"],
               TRUSTED_PROXIES=1)
    assert sites_url(app, Host="mpp.example.go.id")[0] == 200
    assert sites_url(app, Host="evil.example")[0] == 400
    assert sites_url(app, Host="127.0.0.1", **{"X-Forwarded-Host": "evil.example"})[0] == 400
    page = app.test_client().get("/maros/", headers={"Host": "evil.example"})
    assert page.status_code == 400 and "evil.example" not in page.get_data(as_text=True)
    close(app)


def test_a_forged_host_never_reaches_a_ticket_url_or_qr_code(open_every_day, database_url,
                                                            monkeypatch):
    """With MPP_SERVER_NAME set, tickets and their QR codes always carry the public name."""
    from mpp_lite.queue import presenters

    encoded = []
    real_qr = presenters.qr_svg
    monkeypatch.setattr(presenters, "qr_svg",
                        lambda data, **kw: encoded.append(data) or real_qr(data, **kw))
    close(open_every_day)
    app = make(database_url, SERVER_NAME="mpp.example.go.id", RATELIMIT_ENABLED=False)
    client = app.test_client()
    forged = {"Host": "evil.example"}
    created = client.post("/api/v1/sites/maros/tickets",
                          json={**BOOK, "idempotency_key": "proxy-0001"}, headers=forged)
    assert created.status_code == 201
    assert created.json["url"].startswith("http://mpp.example.go.id/tiket/")
    page = client.get(created.json["url"].replace("http://mpp.example.go.id", ""),
                      headers=forged)
    assert page.status_code == 200
    assert "evil.example" not in page.get_data(as_text=True)
    assert encoded and all(d.startswith("http://mpp.example.go.id/") for d in encoded)
    close(app)


# --- production warnings -----------------------------------------------------------------------

def test_a_production_start_warns_about_a_per_process_rate_limit_store(database_url, caplog):
    with caplog.at_level(logging.WARNING, logger="mpp_lite"):
        app = make(database_url, TESTING=False, SERVER_NAME="mpp.example.go.id")
    assert "RATELIMIT_STORAGE_URI" in caplog.text and "redis://" in caplog.text
    health = app.test_client().get("/healthz")
    assert health.status_code == 200
    assert health.json["status"] == "ok"
    assert any("memory://" in w for w in health.json["warnings"])
    close(app)


def test_a_shared_store_and_a_public_name_give_no_warning(database_url, caplog):
    with caplog.at_level(logging.WARNING, logger="mpp_lite"):
        app = make(database_url, TESTING=False, SERVER_NAME="mpp.example.go.id",
                   RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379")
    assert "PRODUCTION SETTING" not in caplog.text
    assert app.test_client().get("/healthz").json["warnings"] == []
    close(app)


def test_an_unchecked_host_header_is_warned_about_in_production(database_url):
    app = make(database_url, TESTING=False, SERVER_NAME=None, RATELIMIT_ENABLED=False)
    warnings = app.test_client().get("/healthz").json["warnings"]
    assert len(warnings) == 1 and "Host" in warnings[0]
    close(app)


def test_tests_and_the_laptop_set_up_get_no_warnings(app):
    assert app.test_client().get("/healthz").json["warnings"] == []


# --- SQLite file permissions ---------------------------------------------------------------------

def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_embedded_database_and_instance_folder_are_private(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    instance = tmp_path / "instance"
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(instance))
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "AUTO_SETUP": False})
    database = instance / "mpp_lite.sqlite3"
    assert mode(instance) == 0o700
    assert mode(database) == 0o600
    with app.app_context():
        with db.engine.begin() as connection:
            connection.execute(sa.text("CREATE TABLE t (x TEXT)"))
            connection.execute(sa.text("INSERT INTO t VALUES ('Siti')"))
        wal, shm = Path(f"{database}-wal"), Path(f"{database}-shm")
        assert wal.exists() and shm.exists()
        assert mode(wal) == 0o600 and mode(shm) == 0o600
        db.engine.dispose()


def test_an_existing_readable_database_file_is_made_private(tmp_path):
    from mpp_lite.db_sqlite import create_private_file

    database = tmp_path / "old.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o644)
    create_private_file(f"sqlite:///{database}")
    assert mode(database) == 0o600
    create_private_file("sqlite://")  # in memory: nothing to do
    create_private_file(f"sqlite:///{tmp_path}/missing/folder.sqlite3")
    assert not (tmp_path / "missing").exists()
