"""Pooled connections are checked only after sitting idle (mpp_lite/db_pool.py, issue #14)."""
from __future__ import annotations

import sqlalchemy as sa

from mpp_lite.db_pool import ping_when_idle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def engine_with_pings(tmp_path, monkeypatch, fail: int = 0):
    """A file SQLite engine (a real queue pool) whose pings are counted; the first `fail`
    pings find the connection dead."""
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'pool.sqlite3'}", poolclass=sa.QueuePool)
    pings: list[int] = []

    def do_ping(dbapi_connection) -> bool:
        pings.append(1)
        if len(pings) <= fail:
            raise OSError("server closed the connection")
        return True

    monkeypatch.setattr(engine.dialect, "do_ping", do_ping)
    clock = Clock()
    ping_when_idle(engine, 10, clock)
    return engine, pings, clock


def use(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(sa.text("SELECT 1"))


def test_a_connection_used_a_moment_ago_is_not_pinged(tmp_path, monkeypatch):
    engine, pings, clock = engine_with_pings(tmp_path, monkeypatch)
    assert use(engine) == 1          # a new connection: not pinged
    for _request in range(5):
        clock.now += 9.9
        assert use(engine) == 1
    assert pings == []
    clock.now += 10
    assert use(engine) == 1
    assert pings == [1]
    engine.dispose()


def test_a_dead_idle_connection_is_replaced_before_use(tmp_path, monkeypatch):
    engine, pings, clock = engine_with_pings(tmp_path, monkeypatch, fail=1)
    use(engine)
    first = engine.pool.checkedin()
    clock.now += 60
    with engine.connect() as connection:   # the ping fails: a new connection, not an error
        assert connection.scalar(sa.text("SELECT 1")) == 1
    assert pings == [1] and first == 1
    engine.dispose()


def test_the_apps_engine_pings_only_idle_server_connections(app):
    """No SQLAlchemy pre-ping on every checkout; on PostgreSQL the idle check instead, on
    SQLite (a file, nothing to ping) neither."""
    from mpp_lite.extensions import db

    with app.app_context():
        pool = db.engine.pool
        server = db.engine.dialect.name != "sqlite"
        assert pool._pre_ping is False  # noqa: SLF001
        assert (len(pool.dispatch.checkout) > 0) is server
