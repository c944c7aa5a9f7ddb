"""Tickets issued per second with N concurrent clients, and page latency percentiles.

    python benchmarks/booking_throughput.py                       # a temporary SQLite file
    python benchmarks/booking_throughput.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test   # schema "bench"

Builds a fresh database (migrated, demo catalogue loaded), starts two server processes over it
(tests/support/server.py: threaded werkzeug on 127.0.0.1, as two workers would be), then:
1. for each N in --clients, N clients book --bookings tickets through POST
   /api/v1/sites/maros/tickets, each on its own keep-alive connection, each run on its own
   business day so that its numbers must come out as A-001…A-<bookings> (checked);
2. --page-clients clients fetch the service page and a ticket page --page-requests times each
   and report p50/p95/p99.
Every loop is bounded; the servers and the temporary database (SQLite file or PostgreSQL
schema) are removed at the end, also on failure. Nothing listens beyond loopback.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import sqlalchemy as sa  # noqa: E402

from _serve import fresh_database  # noqa: E402
from tests.support.server import SECRET_KEY, Connection, serve  # noqa: E402

SITE, SERVICE = "maros", "ktp-el-baru"


# --- the database (made by _serve.fresh_database) -------------------------------------------

def prepare(url: str, runs: int) -> list[dt.date]:
    """Migrate, load the demo catalogue, lift the benchmark service's quota; return `runs`
    bookable days (one per run, so each run's numbers start at 001)."""
    from mpp_lite import create_app
    from mpp_lite.dates import site_today
    from mpp_lite.demo_seed import seed_demo
    from mpp_lite.extensions import db
    from mpp_lite.models import Service, Site
    from mpp_lite.queue.calendar import next_service_days
    from mpp_lite.setup import upgrade_schema

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY,
                      "AUTO_SETUP": False})
    with app.app_context():
        upgrade_schema()
        seed_demo()
        site = db.session.scalar(sa.select(Site).filter_by(slug=SITE))
        service = db.session.scalar(sa.select(Service).filter_by(site_id=site.id, slug=SERVICE))
        service.daily_quota = None  # the benchmark measures the numbering, not the quota
        db.session.commit()
        today = site_today(site)
        # From tomorrow: today may already be past closing time.
        days = [d for d in next_service_days(site, service, today + dt.timedelta(days=1), runs)
                if d <= today + dt.timedelta(days=app.config["QUEUE_BOOKING_DAYS_AHEAD"])]
        db.session.remove()
        db.engine.dispose()
    if len(days) < runs:
        raise SystemExit(f"only {len(days)} bookable days ahead for {runs} runs")
    return days


# --- load -----------------------------------------------------------------------------------

def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def booking_run(origins: list[str], clients: int, total: int, day: dt.date,
                run: int) -> tuple[float, list[float], list[str]]:
    """(elapsed seconds, latencies, numbers) of `total` bookings shared by `clients`."""
    barrier = threading.Barrier(clients + 1)
    shares = [total // clients + (1 if i < total % clients else 0) for i in range(clients)]

    def client(index: int) -> tuple[list[float], list[str]]:
        connection = Connection(origins[index % len(origins)])
        latencies, numbers = [], []
        try:
            barrier.wait(timeout=60)
            for j in range(shares[index]):
                body = {"service": SERVICE, "day": day.isoformat(), "name": f"Bench {index}",
                        "idempotency_key": f"bench-{run}-{index:03d}-{j:05d}"}
                started = time.perf_counter()
                response = connection.request("POST", f"/api/v1/sites/{SITE}/tickets", body)
                latencies.append(time.perf_counter() - started)
                if response.status != 201:
                    raise RuntimeError(f"booking answered {response.status}: {response.body!r}")
                numbers.append(response.json()["number"])
        finally:
            connection.close()
        return latencies, numbers

    with ThreadPoolExecutor(max_workers=clients) as pool:
        futures = [pool.submit(client, i) for i in range(clients)]
        barrier.wait(timeout=60)
        started = time.perf_counter()
        results = [f.result(timeout=600) for f in futures]
        elapsed = time.perf_counter() - started
    return elapsed, [x for r in results for x in r[0]], [x for r in results for x in r[1]]


def page_latencies(origins: list[str], path: str, clients: int, total: int) -> list[float]:
    """Latencies of `total` GETs of `path` shared by `clients` concurrent clients."""
    per_client = max(1, total // clients)

    def client(index: int) -> list[float]:
        connection = Connection(origins[index % len(origins)])
        latencies = []
        try:
            for _ in range(per_client):
                started = time.perf_counter()
                response = connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
                latencies.append(time.perf_counter() - started)
                if response.status != 200:
                    raise RuntimeError(f"GET {path} answered {response.status}")
        finally:
            connection.close()
        return latencies

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return [x for f in [pool.submit(client, i) for i in range(clients)]
                for x in f.result(timeout=600)]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="",
                        help="PostgreSQL URL (default: a temporary SQLite file)")
    parser.add_argument("--schema", default="bench",
                        help="PostgreSQL schema to create and drop (default: bench)")
    parser.add_argument("--clients", default="1,4,8,16",
                        help="concurrent booking clients per run (default: 1,4,8,16)")
    parser.add_argument("--bookings", type=int, default=200, help="tickets per run")
    parser.add_argument("--processes", type=int, default=2, help="server processes")
    parser.add_argument("--page-clients", type=int, default=4)
    parser.add_argument("--page-requests", type=int, default=200, help="GETs per page")
    args = parser.parse_args(argv)
    client_counts = [int(n) for n in args.clients.split(",") if n.strip()]
    if not client_counts or min(client_counts) < 1 or max(client_counts) > 64:
        raise SystemExit("--clients: numbers from 1 to 64")
    if not 1 <= args.bookings <= 5000 or not 1 <= args.page_requests <= 5000:
        raise SystemExit("--bookings and --page-requests: 1 to 5000")

    kind = "PostgreSQL" if args.database_url else "SQLite (WAL)"
    with ExitStack() as stack:
        url = stack.enter_context(fresh_database(args.database_url, args.schema))
        if args.database_url:
            engine = sa.create_engine(url)
            with engine.connect() as connection:
                kind = "PostgreSQL " + connection.scalar(sa.text("SHOW server_version"))
            engine.dispose()
        days = prepare(url, len(client_counts))
        servers = stack.enter_context(serve(url, processes=args.processes))
        stack.callback(_report_server_errors, servers)
        origins = servers.origins

        print(f"# {kind}; {args.processes} server processes (threaded werkzeug); "
              f"{os.cpu_count()} CPU cores; Python {platform.python_version()}; "
              f"load average at start {os.getloadavg()[0]:.1f}")
        print()
        print(f"Booking: {args.bookings} tickets per run via POST /api/v1/sites/{SITE}/tickets")
        print()
        print("| clients | tickets/s | p50 ms | p95 ms | p99 ms | numbers |")
        print("|--------:|----------:|-------:|-------:|-------:|---------|")
        for run, (clients, day) in enumerate(zip(client_counts, days)):
            elapsed, latencies, numbers = booking_run(origins, clients, args.bookings, day, run)
            expected = [f"A-{n:03d}" for n in range(1, args.bookings + 1)]
            check = "A-001…A-%03d, no gaps" % args.bookings if sorted(numbers) == expected \
                else "WRONG: duplicates or gaps"
            print(f"| {clients} | {args.bookings / elapsed:.0f} | {ms(percentile(latencies, 50))}"
                  f" | {ms(percentile(latencies, 95))} | {ms(percentile(latencies, 99))}"
                  f" | {check} |", flush=True)
        ticket_path = _a_ticket_path(origins[0], days[0])

        print()
        print(f"Pages: {args.page_requests} GETs each, {args.page_clients} concurrent clients "
              "(Accept-Encoding: gzip)")
        print()
        print("| page | p50 ms | p95 ms | p99 ms |")
        print("|------|-------:|-------:|-------:|")
        for label, path in [("service page", f"/{SITE}/layanan/{SERVICE}"),
                            ("ticket page", ticket_path),
                            ("ticket status API", "/api/v1/tickets/" +
                             urlsplit(ticket_path).path.rsplit("/", 1)[-1])]:
            latencies = page_latencies(origins, path, args.page_clients, args.page_requests)
            print(f"| {label} | {ms(statistics.median(latencies))} | "
                  f"{ms(percentile(latencies, 95))} | {ms(percentile(latencies, 99))} |",
                  flush=True)
        if servers.new_log_errors():
            return 1
    return 0


def _report_server_errors(servers) -> None:
    """On the way out (also after a failure): show what went wrong inside the servers."""
    if servers.new_log_errors():
        print("\nServer log (the end):\n" + servers.logs()[-6000:], file=sys.stderr)


def _a_ticket_path(origin: str, day: dt.date) -> str:
    """The signed page path of a fresh ticket (as its QR code has it)."""
    connection = Connection(origin)
    try:
        response = connection.request("POST", f"/api/v1/sites/{SITE}/tickets", {
            "service": SERVICE, "day": day.isoformat(), "name": "Halaman",
            "idempotency_key": f"bench-page-{time.time_ns()}"})
    finally:
        connection.close()
    if response.status != 201:
        raise RuntimeError(f"booking answered {response.status}: {response.body!r}")
    parts = urlsplit(response.json()["url"])
    return f"{parts.path}?{parts.query}"


if __name__ == "__main__":
    sys.exit(main())
