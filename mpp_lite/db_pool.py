"""Checking pooled database connections only when they may have gone stale.

SQLAlchemy's `pool_pre_ping` sends a `SELECT 1` before every checkout: one more round trip for
every request, a third of the work of a ticket status answer. A connection that was used a
moment ago is alive; the ones that die are those left idle (the server restarted, a firewall
dropped an idle connection, the server's idle timeout). So a connection idle for at least
DATABASE_PING_AFTER_IDLE_SECONDS is pinged on checkout (a dead one is replaced, as
pre-ping would), and one used within that time is not. The one case this gives up: the server
restarting during those few seconds; then one request per worker fails, and SQLAlchemy drops
every pooled connection of that worker on the first disconnect error.

Not used on SQLite (nothing to ping), nor when pool_pre_ping is set in
SQLALCHEMY_ENGINE_OPTIONS (then SQLAlchemy pings every checkout).
"""
from __future__ import annotations

import time

import sqlalchemy as sa
from sqlalchemy import event

IDLE_SINCE = "mpp_lite.idle_since"


def ping_when_idle(engine: sa.Engine, after_seconds: float, clock=time.monotonic) -> None:
    dialect = engine.dialect

    @event.listens_for(engine.pool, "checkin")
    def _checkin(dbapi_connection, record) -> None:  # noqa: ANN001
        record.info[IDLE_SINCE] = clock()

    @event.listens_for(engine.pool, "checkout")
    def _checkout(dbapi_connection, record, proxy) -> None:  # noqa: ANN001
        since = record.info.get(IDLE_SINCE)
        if since is None or clock() - since < after_seconds:
            return  # just connected, or used a moment ago
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:  # noqa: BLE001 (any failure: a dead connection)
            raise sa.exc.DisconnectionError() from error
