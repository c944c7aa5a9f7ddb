"""Two server processes over one database for the whole run (tests/support/server.py), holding
a catalogue of services open round the clock, and the helpers the concurrency tests share.
The `live` fixture (tests/conftest.py) starts them once per worker, because starting a pair
costs seconds; each test books its own service (its own queue prefix)."""
from __future__ import annotations

import collections
import contextlib
import datetime as dt
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable, Iterator, TypeVar

import sqlalchemy as sa
from flask import Flask

from mpp_lite import dates
from mpp_lite.extensions import db
from mpp_lite.models import QueueSequence, Service, Ticket

from .catalogs import base_catalog, base_service, base_site
from .database import PG_URL, dispose, make_app, migrate, pg_url, schema_name
from .server import Response, Servers, request, serve

T = TypeVar("T")
LIVE_SCHEMA = schema_name("live")
# Open round the clock so that no test depends on the hour at which it runs.
ALL_DAY = [{"weekday": d, "opens": "00:00", "closes": "23:59"} for d in range(1, 8)]


def live_service(slug: str, prefix: str, **overrides: Any) -> dict[str, Any]:
    return base_service(slug=slug, name=f"Layanan {prefix}", queue_prefix=prefix,
                        counters=["Gerai 1", "Gerai 2"], keywords=[], **overrides)


def round_the_clock_site(*services: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """A WITA site open 00:00–23:59 every day, two counters without schedules."""
    return base_site(
        hours=ALL_DAY, closed_dates=[],
        counters=[{"label": label, "agency": "disdukcapil", "floor": "Lantai 1"}
                  for label in ("Gerai 1", "Gerai 2")],
        services=list(services), **overrides)


LIVE_SERVICES = {
    "together": live_service("antre-bersama", "A", daily_quota=None),
    "quota": live_service("kuota-dua-puluh", "B", daily_quota=20),
    "retry": live_service("coba-lagi", "C"),
    "person": live_service("satu-orang", "D"),
    "codes": live_service("kode-tiket", "E"),
}


def run_together(threads: int, work: Callable[[int], T]) -> list[T]:
    """Run work(0..threads-1) in threads released at the same instant; results in order."""
    barrier = threading.Barrier(threads)

    def released(index: int) -> T:
        barrier.wait(timeout=30)
        return work(index)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = [pool.submit(released, i) for i in range(threads)]
        return [f.result(timeout=120) for f in futures]


# --- the live servers -----------------------------------------------------------------------

@dataclass
class Live:
    app: Flask
    servers: Servers
    day: dt.date  # tomorrow in Maros: bookable whatever the hour the tests run at

    def book(self, index: int, service: str, key: str, **fields: Any) -> Response:
        """POST a booking to one of the servers, alternating by index."""
        origin = self.servers.origins[index % len(self.servers.origins)]
        body = {"service": LIVE_SERVICES[service]["slug"], "day": self.day.isoformat(),
                "name": f"Warga {index}", "idempotency_key": key, **fields}
        return request(origin, "POST", "/api/v1/sites/maros/tickets", body)

    def tickets(self, service: str) -> list[Ticket]:
        with self.app.app_context():
            tickets = list(db.session.scalars(
                sa.select(Ticket).join(Service).where(
                    Service.slug == LIVE_SERVICES[service]["slug"]).order_by(Ticket.sequence)))
            for ticket in tickets:
                ticket.events  # load while the session is open
            db.session.expunge_all()
            return tickets

    def last_number(self, service: str) -> int | None:
        with self.app.app_context():
            return db.session.scalar(sa.select(QueueSequence.last_number).where(
                QueueSequence.prefix == LIVE_SERVICES[service]["queue_prefix"],
                QueueSequence.day == self.day))


@contextlib.contextmanager
def _live_database(empty_template: str, tmp_path_factory) -> Iterator[str]:
    if PG_URL:
        engine = sa.create_engine(pg_url("public"))
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {LIVE_SCHEMA} CASCADE"))
            connection.execute(sa.text(f"CREATE SCHEMA {LIVE_SCHEMA}"))
        try:
            url = pg_url(LIVE_SCHEMA)
            migrate(url)
            yield url
        finally:
            with engine.begin() as connection:
                connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {LIVE_SCHEMA} CASCADE"))
            engine.dispose()
    else:
        path = tmp_path_factory.mktemp("live") / "live.sqlite3"
        shutil.copy(empty_template, path)
        yield f"sqlite:///{path}"


@contextlib.contextmanager
def running(empty_template: str, tmp_path_factory) -> Iterator[Live]:
    """Two server processes over one database holding the LIVE_SERVICES catalogue."""
    from mpp_lite.catalog.transfer import import_catalog

    with _live_database(empty_template, tmp_path_factory) as url:
        app = make_app(url)
        with app.app_context():
            import_catalog(base_catalog(round_the_clock_site(*LIVE_SERVICES.values())))
            # Set in the database: the rule is what matters here, not the catalogue format.
            db.session.execute(sa.update(Service).where(
                Service.slug == LIVE_SERVICES["person"]["slug"]).values(one_per_person=True))
            db.session.commit()
            db.engine.dispose()
        try:
            with serve(url, processes=2) as servers:
                tomorrow = dates.local_now("Asia/Makassar").date() + dt.timedelta(days=1)
                yield Live(app, servers, tomorrow)
        finally:
            dispose(app)


def summary(responses: list[Response]) -> str:
    """Status counts and the first unexpected answers, for an assertion message."""
    odd = [(r.status, r.body[:200]) for r in responses if r.status not in (200, 201, 409)]
    return f"statuses {collections.Counter(r.status for r in responses)}; unexpected {odd[:5]}"
