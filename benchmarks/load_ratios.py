"""MPP Lite's throughput as a ratio of bare-Flask baselines on the same server (issue #14).

    apt-get install -y wrk                                  # the load generator
    python benchmarks/load_ratios.py                        # PostgreSQL and SQLite, 5 s × 3
    python benchmarks/load_ratios.py --quick                # a 1-second smoke run
    python benchmarks/load_ratios.py --databases sqlite --seconds 10

For each database (PostgreSQL: a fresh schema, dropped at the end; SQLite: a temporary file in
WAL mode) it starts three servers under `gunicorn -w 2` (sync workers) bound to 127.0.0.1 on
free ports: a bare Flask hello-world, a bare Flask app doing `SELECT 1` through
Flask-SQLAlchemy on the same database, and MPP Lite over the demo catalogue (quotas lifted,
rate limits off). Then, in each of --repetitions rounds, wrk (8 connections, 2 threads,
--seconds each) drives the two baselines and then every MPP Lite request in turn, so that
baselines and app share each round's conditions. Per request it prints the median req/s, the
median of the rounds' ratios to the baselines, CPU milliseconds per request (utime + stime of
the gunicorn master and workers, and of the PostgreSQL backends the server's connections use,
found by application_name, from /proc/<pid>/stat deltas divided by the requests wrk counted),
and the SQL statements the request sends (counted once, in this process, with a
before_cursor_execute engine event on the same database, after two warm-up requests). Then
the #14 goals, met or not. Everything it starts it stops, also on Ctrl-C or failure.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import sqlalchemy as sa  # noqa: E402

from _serve import (  # noqa: E402
    Servers, add_database_arguments, app_config, app_environment, app_url, chosen_databases,
    cpu_delta, cpu_seconds, database_kind, fresh_database, http_get, migrate_and_seed,
    postgres_backends, run_main, servers, wrk, wrk_available,
)

SITE, SERVICE, AGENCY, LIFE_EVENT = "maros", "ktp-el-baru", "disdukcapil", "menikah"
TICKETS_AHEAD = 50  # the sample ticket has this many tickets before it in its queue

# The #14 goals: (ratio to, at least, which databases).
GOALS = {
    "catalogue": ("hello", 0.50, ("postgresql", "sqlite")),
    "ticket": ("select1", 0.50, ("postgresql", "sqlite")),
    "booking": ("select1", 0.18, ("postgresql",)),
}


@dataclass
class Target:
    label: str
    goal: str | None
    path: str = ""
    services: list[str] = field(default_factory=list)  # bookings: spread over these
    script: Path | None = None  # bookings: the wrk Lua script of the current run
    rates: list[float] = field(default_factory=list)
    ratios: dict[str, list[float]] = field(default_factory=lambda: {"hello": [], "select1": []})
    cpu_app: list[float] = field(default_factory=list)
    cpu_pg: list[float] = field(default_factory=list)
    failures: int = 0
    statements: int | None = None


# --- preparation ----------------------------------------------------------------------------

@dataclass
class Plan:
    ticket_day: dt.date
    booking_day: dt.date
    services: list[str]


def prepare(url: str) -> Plan:
    """Migrate, seed, lift the site's quotas; pick the days and the bookable services."""
    from mpp_lite import create_app
    from mpp_lite.dates import site_today
    from mpp_lite.extensions import db
    from mpp_lite.models import Service, ServiceWindow, Site
    from mpp_lite.queue.calendar import next_service_days

    migrate_and_seed(url)
    app = create_app(app_config(url))
    with app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug=SITE))
        services = db.session.scalars(sa.select(Service).filter_by(site_id=site.id)).all()
        for service in services:
            service.daily_quota = None  # the benchmark measures the work, not the quota
        db.session.commit()
        windowed = set(db.session.scalars(sa.select(ServiceWindow.service_id)))
        main = next(s for s in services if s.slug == SERVICE)
        start = site_today(site) + dt.timedelta(days=1)  # today may be past closing time
        ticket_day, booking_day = next_service_days(site, main, start, 2)
        spread = sorted(
            s.slug for s in services
            if s.bookable and not s.nik_required and not s.one_per_person
            and s.id not in windowed
            and next_service_days(site, s, booking_day, 1) == [booking_day])
        db.session.remove()
        db.engine.dispose()
    return Plan(ticket_day, booking_day, spread)


def booking_body(service: str, day: dt.date, key: str) -> bytes:
    return json.dumps({"service": service, "day": day.isoformat(), "name": "Bench",
                       "idempotency_key": key}).encode()


def sample_ticket(origin: str, day: dt.date) -> tuple[str, str]:
    """(signed page path, code) of a ticket with TICKETS_AHEAD tickets before it."""
    token = time.time_ns()
    for index in range(TICKETS_AHEAD + 1):
        status, body = http_get(origin, f"/api/v1/sites/{SITE}/tickets", method="POST",
                                headers={"Content-Type": "application/json"},
                                body=booking_body(SERVICE, day, f"ahead-{token}-{index}"))
        if status != 201:
            raise RuntimeError(f"booking answered {status}: {body[:300]!r}")
    document = json.loads(body)
    parts = urlsplit(document["url"])
    return f"{parts.path}?{parts.query}", document["code"]


LUA = """
services = {%(services)s}
day = "%(day)s"
run = "%(run)s"
counter = 0
tid = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function request()
  counter = counter + 1
  local service = services[(counter + tid) %% #services + 1]
  local body = string.format(
    '{"service":"%%s","day":"%%s","name":"Bench","idempotency_key":"%%s-%%d-%%d"}',
    service, day, run, tid, counter)
  return wrk.format("POST", "/api/v1/sites/%(site)s/tickets",
                    {["Content-Type"] = "application/json"}, body)
end
"""


def booking_script(directory: Path, name: str, services: list[str], day: dt.date) -> Path:
    """A wrk script posting bookings, each with its own idempotency key (unique per run: the
    key holds the time the script is written, so write one per run)."""
    path = directory / f"{name}.lua"
    path.write_text(LUA % {"services": ", ".join(f'"{s}"' for s in services),
                           "day": day.isoformat(), "site": SITE,
                           "run": f"{name}-{time.time_ns()}"})
    return path


def targets(plan: Plan, ticket_path: str, code: str) -> list[Target]:
    return [
        Target("service page", "catalogue", f"/{SITE}/layanan/{SERVICE}"),
        Target("MPP home", "catalogue", f"/{SITE}/"),
        Target('search "ktp"', "catalogue", f"/{SITE}/cari?q=ktp"),
        Target('search "bikin ktp"', "catalogue", f"/{SITE}/cari?q=bikin+ktp"),
        Target("agency page", "catalogue", f"/{SITE}/instansi/{AGENCY}"),
        Target("A–Z", "catalogue", f"/{SITE}/layanan/"),
        Target("life event", "catalogue", f"/{SITE}/peristiwa/{LIFE_EVENT}"),
        Target("directory /", None, "/"),
        Target("/api/v1/sites", None, "/api/v1/sites"),
        Target("ticket page", "ticket", ticket_path),
        Target("ticket status API", "ticket", f"/api/v1/tickets/{code}"),
        Target(f"booking API, {len(plan.services)} services", "booking",
               services=plan.services),
        Target("booking API, one queue", "booking", services=[SERVICE]),
    ]


def count_statements(url: str, plan: Plan, items: list[Target]) -> None:
    """Each target's SQL statements per request, counted in this process after warm-ups."""
    from mpp_lite import create_app
    from tests.support.queries import count_statements as counting

    app = create_app(app_config(url))
    client = app.test_client()
    headers = {"Accept-Encoding": "gzip"}
    for target in items:
        for attempt in range(3):
            with counting(app) as seen:
                if target.services:
                    service = target.services[attempt % len(target.services)]
                    response = client.post(
                        f"/api/v1/sites/{SITE}/tickets", headers=headers,
                        data=booking_body(service, plan.booking_day,
                                          f"count-{time.time_ns()}-{attempt}"),
                        content_type="application/json")
                else:
                    response = client.get(target.path, headers=headers)
            if response.status_code >= 400:
                raise RuntimeError(f"{target.label}: {response.status_code}")
        target.statements = len(seen)
    with app.app_context():
        from mpp_lite.extensions import db
        db.engine.dispose()


# --- measuring ------------------------------------------------------------------------------

def measure(server, url: str, target: Target, seconds: int, connections: int,
            app_name: str) -> tuple[float, float, float, int]:
    """(req/s, app CPU ms per request, PostgreSQL CPU ms per request, failed requests).
    `app_name` is the application_name of the server's database connections ("": none)."""
    def backends() -> list[int]:
        return postgres_backends(url, app_name) if app_name else []

    first = backends()
    before_app, before_pg = cpu_seconds(server.pids()), cpu_seconds(first)
    result = wrk(server.origin + target.path, seconds, connections=connections,
                 script=target.script, headers={"Accept-Encoding": "gzip"})
    after_app = cpu_seconds(server.pids())
    after_pg = cpu_seconds(sorted(set(first) | set(backends())))
    requests = max(1, result.requests)
    return (result.per_second, 1000 * cpu_delta(before_app, after_app) / requests,
            1000 * cpu_delta(before_pg, after_pg) / requests,
            result.bad_status + result.socket_errors)


def run_database(name: str, url: str, args: argparse.Namespace) -> None:
    with ExitStack() as stack:
        url = stack.enter_context(fresh_database(url, args.schema))
        kind = database_kind(url)
        started = time.monotonic()
        plan = prepare(url)
        group: Servers = stack.enter_context(servers())
        scripts = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mpp-wrk-")))
        hello = group.start("hello", '_serve:baseline_app("hello")', app_environment(url),
                            workers=args.workers)
        select_env = {**app_environment(url),
                      "BENCH_DATABASE_URL": app_url(url, "bench-select1")}
        select1 = group.start("select1", '_serve:baseline_app("select1")', select_env,
                              workers=args.workers)
        app = group.start("mpp-lite", "wsgi:app", app_environment(app_url(url, "bench-app")),
                          workers=args.workers, ready_path="/healthz")
        ticket_path, code = sample_ticket(app.origin, plan.ticket_day)
        items = targets(plan, ticket_path, code)
        count_statements(url, plan, items)
        for target in items:  # warm both workers' caches
            for _ in range(4 * args.workers):
                if target.path:
                    http_get(app.origin, target.path, {"Accept-Encoding": "gzip"})
        baselines = {"hello": Target("bare Flask hello-world", None, "/"),
                     "select1": Target("bare Flask SELECT 1", None, "/")}
        load = os.getloadavg()
        print(f"\n## {kind}\n")
        print(f"gunicorn -w {args.workers} (sync workers), wrk -c{args.connections} -t2 "
              f"-d{args.seconds}s, {args.repetitions} rounds, median; {os.cpu_count()} CPU "
              f"cores; Python {platform.python_version()}; load average at start "
              f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
              f"set-up {time.monotonic() - started:.0f} s", flush=True)
        for round_ in range(args.repetitions):
            rates = {}
            for key, server, app_name in (("hello", hello, ""), ("select1", select1,
                                                                  "bench-select1")):
                rate, cpu_app, cpu_pg, failed = measure(server, url, baselines[key],
                                                        args.seconds, args.connections,
                                                        app_name)
                record(baselines[key], rate, cpu_app, cpu_pg, failed)
                rates[key] = rate
            for target in items:
                if target.services:
                    target.script = booking_script(scripts, f"r{round_}-{len(target.services)}",
                                                   target.services, plan.booking_day)
                rate, cpu_app, cpu_pg, failed = measure(app, url, target, args.seconds,
                                                        args.connections, "bench-app")
                record(target, rate, cpu_app, cpu_pg, failed)
                for key in rates:
                    target.ratios[key].append(rate / rates[key] if rates[key] else 0.0)
            print(f"  round {round_ + 1}/{args.repetitions} done "
                  f"(load average {os.getloadavg()[0]:.2f})", file=sys.stderr, flush=True)
        print()
        print_table(name, baselines, items)
        errors = group.errors()
        if errors:
            print("\nServer logs show errors:\n" + errors, file=sys.stderr)


def record(target: Target, rate: float, cpu_app: float, cpu_pg: float, failed: int) -> None:
    target.rates.append(rate)
    target.cpu_app.append(cpu_app)
    target.cpu_pg.append(cpu_pg)
    target.failures += failed


# --- output ---------------------------------------------------------------------------------

def print_table(database: str, baselines: dict[str, Target], items: list[Target]) -> None:
    med = statistics.median
    print("| request | req/s | × hello-world | × SELECT 1 | CPU ms per request (app + PG) "
          "| by CPU: × hello-world, × SELECT 1 | SQL statements | #14 goal |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for target in baselines.values():
        print(f"| {target.label} | {med(target.rates):,.0f} | | | "
              f"{cpu(target)} | | {'1' if 'SELECT' in target.label else '0'} | |")
    for target in items:
        failed = f" ({target.failures} failed)" if target.failures else ""
        by_cpu = ", ".join(f"{cpu_total(baselines[k]) / cpu_total(target):.3f}"
                           for k in ("hello", "select1"))
        print(f"| {target.label}{failed} | {med(target.rates):,.1f} | "
              f"{med(target.ratios['hello']):.3f} | {med(target.ratios['select1']):.3f} | "
              f"{cpu(target)} | {by_cpu} | {target.statements} | {goal(database, target)} |")
    print("\nThe goals are judged on the req/s ratios. \"By CPU\" is the baseline's CPU per "
          "request over the app's (app + PG): what the ratio would be if CPU were the only limit; "
          "it depends much less on what else the machine is running.")
    if os.getloadavg()[0] > (os.cpu_count() or 1):
        print(f"Note: the load average ({os.getloadavg()[0]:.1f}) is above the number of cores "
              f"({os.cpu_count()}): other processes took CPU during the runs, so req/s figures "
              "(and, less so, their ratios) are low and noisy.")


def cpu(target: Target) -> str:
    app, pg = statistics.median(target.cpu_app), statistics.median(target.cpu_pg)
    return f"{app:.1f} + {pg:.1f}"


def cpu_total(target: Target) -> float:
    return max(1e-6, statistics.median(target.cpu_app) + statistics.median(target.cpu_pg))


def goal(database: str, target: Target) -> str:
    if target.goal is None:
        return "—"
    baseline, bar, databases = GOALS[target.goal]
    name = "hello-world" if baseline == "hello" else "SELECT 1"
    if database not in databases:
        return f"(≥ {bar:.2f} × {name} on PostgreSQL)"
    met = statistics.median(target.ratios[baseline]) >= bar
    return f"≥ {bar:.2f} × {name}: {'met' if met else '**not met**'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_arguments(parser, "bench_ratios")
    parser.add_argument("--seconds", type=int, default=5, help="per wrk run (default 5)")
    parser.add_argument("--repetitions", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--quick", action="store_true", help="1 s, one round: a smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.repetitions = 1, 1
    databases = chosen_databases(args)
    if not 1 <= args.seconds <= 600 or not 1 <= args.repetitions <= 20:
        raise SystemExit("--seconds: 1 to 600; --repetitions: 1 to 20")
    wrk_available()
    print(f"# MPP Lite load ratios ({dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC)")
    for name, url in databases:
        run_database(name, url, args)
    return 0


if __name__ == "__main__":
    run_main(main)
