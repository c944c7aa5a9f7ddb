"""MPP Lite at national scale: importing 272 MPPs × 150 services, and what 272 sites cost a worker.

    python benchmarks/national_scale.py                     # PostgreSQL and SQLite
    python benchmarks/national_scale.py --databases sqlite --catalogue /tmp/national.json
    python benchmarks/national_scale.py --sites 20 --services 40 --passes 1   # a quick run

1. Builds the national catalogue with benchmarks/national_catalogue.py (or reuses the file given
   with --catalogue if it exists).
2. For each database (PostgreSQL: a fresh schema, dropped at the end; SQLite: a temporary file
   in WAL mode): migrates it and loads the demo catalogue (2 sites), starts MPP Lite under
   `gunicorn -w 2` on 127.0.0.1 and measures the directory `/`, a site home, a search and
   `/api/v1/sites`: the median and 90th percentile of --samples sequential requests from one
   client, and req/s under wrk (8 connections, --seconds); then stops the server.
3. Imports the catalogue with `flask --app mpp_lite catalog import FILE` in a subprocess and
   prints its wall time and peak RSS (resource.getrusage(RUSAGE_CHILDREN).ru_maxrss, taken in
   a small wrapper process whose only child is the import). #14's goal: < 60 s, < 500 MB.
4. Starts the server again over 2 + 272 sites, measures the same requests, then prints each
   worker's RSS (/proc/<pid>/status VmRSS) before and after --passes passes that visit every
   site's home and a search on each (4 concurrent clients).
Everything it starts it stops, also on Ctrl-C or failure; nothing listens beyond 127.0.0.1.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import national_catalogue  # noqa: E402
from _serve import (  # noqa: E402
    Server, add_database_arguments, app_environment, chosen_databases, database_kind,
    fresh_database, http_get, migrate_and_seed, rss_kib, run_main, servers, wrk, wrk_available,
)

SITE = "maros"
REQUESTS = (
    ("directory /", "/"),
    ("site home", f"/{SITE}/"),
    ('search "bikin ktp"', f"/{SITE}/cari?q=bikin+ktp"),
    ("/api/v1/sites", "/api/v1/sites"),
)
HEADERS = {"Accept-Encoding": "gzip"}
# Runs the command in argv[2:] and writes its peak RSS (KiB) and CPU seconds (user + system) to
# the file argv[1]: a process of its own, so that no other child of the benchmark counts in
# RUSAGE_CHILDREN. CPU seconds say more than wall time on a busy machine.
MEASURED = ("import resource, subprocess, sys\n"
            "code = subprocess.call(sys.argv[2:])\n"
            "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "cpu = usage.ru_utime + usage.ru_stime\n"
            "open(sys.argv[1], 'w').write(f'{usage.ru_maxrss} {cpu}')\n"
            "sys.exit(code)\n")


def latencies(origin: str, path: str, samples: int) -> list[float]:
    """Milliseconds of `samples` sequential GETs (after two warm-up requests per worker)."""
    for _ in range(4):
        http_get(origin, path, HEADERS)
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        status, _body = http_get(origin, path, HEADERS)
        times.append(1000 * (time.perf_counter() - started))
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
    return times


def measure_requests(server: Server, args: argparse.Namespace) -> dict[str, tuple]:
    results = {}
    for label, path in REQUESTS:
        times = sorted(latencies(server.origin, path, args.samples))
        result = wrk(server.origin + path, args.seconds, connections=8, headers=HEADERS)
        sizes = (len(http_get(server.origin, path, HEADERS)[1]),
                 len(http_get(server.origin, path)[1]))
        results[label] = (statistics.median(times), times[int(0.9 * (len(times) - 1))],
                          result.per_second, sizes, result.bad_status + result.socket_errors)
    return results


def import_catalogue(path: Path, env: dict[str, str]) -> tuple[float, float, int, int, str]:
    """(wall seconds, CPU seconds, peak RSS KiB, exit status, output tail) of `catalog
    import`."""
    with tempfile.NamedTemporaryFile(prefix="mpp-rss-", suffix=".txt") as peak_file:
        command = [sys.executable, "-c", MEASURED, peak_file.name,
                   sys.executable, "-m", "flask", "--app", "mpp_lite", "catalog", "import",
                   str(path)]
        started = time.perf_counter()
        # Its own process group, so that the import itself is stopped with the wrapper if
        # this benchmark is interrupted.
        process = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            output, _ = process.communicate(timeout=7200)
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise
        elapsed = time.perf_counter() - started
        peak, cpu = (Path(peak_file.name).read_text() or "0 0").split()
    tail = "\n".join(output.strip().splitlines()[-6:])
    return elapsed, float(cpu), int(peak), process.returncode, tail


def site_slugs(server: Server) -> list[str]:
    status, body = http_get(server.origin, "/api/v1/sites")
    if status != 200:
        raise RuntimeError(f"/api/v1/sites answered {status}")
    return [site["slug"] for site in json.loads(body)["sites"]]


def visit_every_site(server: Server, slugs: list[str]) -> tuple[float, int]:
    """(seconds, failed requests) of one pass over every site's home and a search on it."""
    paths = [p for slug in slugs for p in (f"/{slug}/", f"/{slug}/cari?q=ktp")]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(lambda p: http_get(server.origin, p, HEADERS)[0], paths))
    return time.perf_counter() - started, sum(1 for s in statuses if s != 200)


def worker_rss(server: Server) -> str:
    return " + ".join(f"{rss_kib(pid) / 1024:.0f}" for pid in server.worker_pids()) + " MB"


def print_requests(before: dict[str, tuple], after: dict[str, tuple], sites: tuple[int, int],
                   args: argparse.Namespace) -> None:
    print(f"| request | sites | median ms | p90 ms ({args.samples} sequential) | "
          f"req/s (wrk -c8, {args.seconds} s) | bytes (gzip / plain) |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, _path in REQUESTS:
        for count, results in zip(sites, (before, after)):
            p50, p90, rate, (gzipped, plain), failed = results[label]
            note = f" ({failed} failed)" if failed else ""
            print(f"| {label}{note} | {count} | {p50:.1f} | {p90:.1f} | {rate:,.1f} "
                  f"| {gzipped:,} / {plain:,} |")


def run_database(url: str, catalogue: Path, args: argparse.Namespace) -> None:
    with ExitStack() as stack:
        url = stack.enter_context(fresh_database(url, args.schema))
        kind = database_kind(url)
        load = os.getloadavg()
        print(f"\n## {kind}\n\nload average at start {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
              f"gunicorn -w {args.workers}", flush=True)
        migrate_and_seed(url)
        env = app_environment(url)
        group = stack.enter_context(servers())

        server = group.start("mpp-lite-2", "wsgi:app", env, workers=args.workers,
                             ready_path="/healthz")
        small_sites = len(site_slugs(server))
        before = measure_requests(server, args)
        group.stop(server)

        elapsed, cpu, peak, code, tail = import_catalogue(catalogue, env)
        verdict = "met" if elapsed < 60 and peak < 500 * 1024 else "**not met**"
        print(f"\nImport of {catalogue.name} ({args.sites} sites × {args.services} services, "
              f"{catalogue.stat().st_size / 1e6:.0f} MB) with `flask --app mpp_lite catalog "
              f"import`: **{elapsed:.1f} s, peak RSS {peak / 1024:.0f} MB** ({cpu:.1f} CPU s) "
              f"(goal < 60 s and < 500 MB: {verdict}); exit status {code}\n", flush=True)
        if code != 0:
            print("```\n" + tail + "\n```")
            raise SystemExit("the import failed")

        server = group.start("mpp-lite-national", "wsgi:app", env, workers=args.workers,
                             ready_path="/healthz")
        slugs = site_slugs(server)
        after = measure_requests(server, args)
        print_requests(before, after, (small_sites, len(slugs)), args)
        print(f"\nWorker RSS with {len(slugs)} sites, before visiting them: {worker_rss(server)}")
        for number in range(1, args.passes + 1):
            seconds, failed = visit_every_site(server, slugs)
            note = f", {failed} failed" if failed else ""
            print(f"after pass {number} over every site's home and search "
                  f"({2 * len(slugs)} requests, {seconds:.0f} s{note}): {worker_rss(server)}",
                  flush=True)
        errors = group.errors()
        if errors:
            print("\nServer logs show errors:\n" + errors, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_arguments(parser, "bench_national")
    parser.add_argument("--catalogue", type=Path,
                        help="JSON file to use, or to build if it does not exist "
                             "(default: built in a temporary directory)")
    parser.add_argument("--sites", type=int, default=272)
    parser.add_argument("--services", type=int, default=150)
    parser.add_argument("--samples", type=int, default=20,
                        help="sequential requests per latency figure (default 20)")
    parser.add_argument("--seconds", type=int, default=3, help="per wrk run (default 3)")
    parser.add_argument("--passes", type=int, default=2,
                        help="visits of every site before the last RSS figure (default 2)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    databases = chosen_databases(args)
    if not 1 <= args.samples <= 1000 or not 1 <= args.seconds <= 60 or args.passes < 0:
        raise SystemExit("--samples: 1 to 1000; --seconds: 1 to 60; --passes: 0 or more")
    wrk_available()
    print(f"# MPP Lite at national scale ({dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC,"
          f" {os.cpu_count()} CPU cores)")
    with tempfile.TemporaryDirectory(prefix="mpp-national-") as tmp:
        catalogue = args.catalogue or Path(tmp) / "national.json"
        if not catalogue.exists():
            started = time.perf_counter()
            national_catalogue.write(str(catalogue), args.sites, args.services)
            print(f"\nCatalogue built in {time.perf_counter() - started:.0f} s: "
                  f"{catalogue.stat().st_size / 1e6:.0f} MB", flush=True)
        for _name, url in databases:
            run_database(url, catalogue, args)
    return 0


if __name__ == "__main__":
    run_main(main)
