"""Shared set-up for the benchmarks: fresh databases, servers under gunicorn, wrk, /proc figures.

- `fresh_database(url, schema)`: a temporary SQLite file (the default) or a new PostgreSQL
  schema that is dropped at the end; `migrate_and_seed(url)` fills it with the demo catalogue.
- `Servers`: starts `gunicorn -w N` processes bound to 127.0.0.1 on free ports and always stops
  them (SIGTERM, then SIGKILL), also on Ctrl-C, SIGTERM or failure. Besides MPP Lite it can
  serve the two baselines of issue #14 from this module: `baseline_app("hello")` (bare Flask,
  "Hello, World!") and `baseline_app("select1")` (bare Flask doing `SELECT 1` through
  Flask-SQLAlchemy on BENCH_DATABASE_URL).
- `wrk(...)`: one run of wrk (`apt-get install -y wrk`), parsed.
- `cpu_seconds(pids)`, `rss_kib(pid)`: from /proc/<pid>/stat and /proc/<pid>/status.
- `postgres_backends(url, application_name)`: the PostgreSQL backend pids serving the
  connections that carry that application_name (every server gets its own, see `app_url`).
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import quote

import sqlalchemy as sa

REPO = Path(__file__).resolve().parents[1]
BENCHMARKS = Path(__file__).resolve().parent
HOST = "127.0.0.1"  # loopback only
SECRET_KEY = "benchmark-secret-key-0123456789abcdef"
START_TIMEOUT = 120.0
STOP_TIMEOUT = 10.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
TRUSTED_HOSTS = ["127.0.0.1", "localhost"]  # what wrk and the test client send


# --- databases ------------------------------------------------------------------------------

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
DATABASES = ("postgresql", "sqlite")


def add_database_arguments(parser: argparse.ArgumentParser, schema: str) -> None:
    """--databases, --database-url and --schema, as every benchmark here takes them."""
    parser.add_argument("--databases", default=",".join(DATABASES),
                        help="comma-separated: postgresql, sqlite (default both)")
    parser.add_argument("--database-url", default=DEFAULT_PG, help="the PostgreSQL server")
    parser.add_argument("--schema", default=schema,
                        help=f"PostgreSQL schema to create and drop (default {schema})")


def chosen_databases(args: argparse.Namespace) -> list[tuple[str, str]]:
    """(name, URL to give fresh_database) of each database asked for; "" is SQLite."""
    names = [d.strip() for d in args.databases.split(",") if d.strip()]
    if not names or set(names) - set(DATABASES):
        raise SystemExit("--databases: postgresql and/or sqlite")
    return [(name, args.database_url if name == "postgresql" else "") for name in names]


def run_main(main: Callable[[], int]) -> None:
    """Exit with main()'s status; Ctrl-C exits with 130 once the clean-up has run."""
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)

def with_search_path(url: str, schema: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema}')}"


def app_url(url: str, application_name: str) -> str:
    """`url` with a PostgreSQL application_name, so that a server's backends can be found."""
    if not url.startswith("postgresql"):
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}application_name={application_name}"


def postgres_url(url: str) -> str:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    if not url.startswith("postgresql+psycopg://"):
        raise SystemExit("--database-url must be a PostgreSQL URL (SQLite is the default)")
    return url


@contextlib.contextmanager
def fresh_database(url: str | None, schema: str) -> Iterator[str]:
    """A new, empty database URL: a temporary SQLite file, or a new PostgreSQL schema."""
    if not url:
        with tempfile.TemporaryDirectory(prefix="mpp-bench-") as tmp:
            yield f"sqlite:///{tmp}/bench.sqlite3"
        return
    url = postgres_url(url)
    if not schema.isidentifier():
        raise SystemExit("--schema must be a plain identifier")
    engine = sa.create_engine(url)
    try:
        with engine.begin() as connection:
            exists = connection.scalar(sa.text(
                "SELECT 1 FROM information_schema.schemata WHERE schema_name = :s"), {"s": schema})
            if exists:
                raise SystemExit(f"schema {schema!r} already exists; choose another with --schema")
            connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
        try:
            yield with_search_path(url, schema)
        finally:
            with engine.begin() as connection:
                connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    finally:
        engine.dispose()


def database_kind(url: str) -> str:
    if not url.startswith("postgresql"):
        return "SQLite (WAL)"
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            return "PostgreSQL " + connection.scalar(sa.text("SHOW server_version"))
    finally:
        engine.dispose()


def app_config(url: str, **overrides: Any) -> dict[str, Any]:
    """The settings the benchmarked servers run with (production-like, rate limits off)."""
    return {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET_KEY, "TESTING": False,
            "RATELIMIT_ENABLED": False, "AUTO_SETUP": False, "TRUSTED_HOSTS": TRUSTED_HOSTS,
            **overrides}


def app_environment(url: str) -> dict[str, str]:
    """The same settings as environment variables, for gunicorn and `flask` subprocesses."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MPP_")}
    env.update(DATABASE_URL=url, SECRET_KEY=SECRET_KEY, MPP_RATELIMIT_ENABLED="false",
               MPP_AUTO_SETUP="false", MPP_TRUSTED_HOSTS=json.dumps(TRUSTED_HOSTS),
               PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1")
    return env


def migrate_and_seed(url: str) -> None:
    """Create the schema and load the demo catalogue (two sites), in this process."""
    from mpp_lite import create_app
    from mpp_lite.demo_seed import seed_demo
    from mpp_lite.extensions import db
    from mpp_lite.setup import upgrade_schema

    app = create_app(app_config(url))
    with app.app_context():
        upgrade_schema()
        seed_demo()
        db.session.remove()
        db.engine.dispose()


# --- the baselines (served by gunicorn from this module) --------------------------------------

def baseline_app(kind: str):
    """A bare Flask app: "hello" answers "Hello, World!"; "select1" runs `SELECT 1` through
    Flask-SQLAlchemy on BENCH_DATABASE_URL (a session per request, as Flask-SQLAlchemy does)."""
    from flask import Flask

    app = Flask(f"baseline_{kind}")
    if kind == "hello":
        @app.get("/")
        def hello() -> str:
            return "Hello, World!"
        return app
    from flask_sqlalchemy import SQLAlchemy

    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["BENCH_DATABASE_URL"]
    db = SQLAlchemy(app)

    @app.get("/")
    def select1() -> str:
        return str(db.session.execute(sa.text("SELECT 1")).scalar())
    return app


# --- servers --------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    name: str
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def origin(self) -> str:
        return f"http://{HOST}:{self.port}"

    def pids(self) -> list[int]:
        """The gunicorn master and its workers."""
        return [self.process.pid, *children(self.process.pid)]

    def worker_pids(self) -> list[int]:
        return children(self.process.pid)


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found += [int(p) for p in task.read_text().split()]
    return sorted(found)


@dataclass
class Servers:
    """gunicorn processes started by this benchmark; `close()` stops every one of them."""
    logdir: Path
    started: list[Server] = field(default_factory=list)

    def start(self, name: str, app: str, env: dict[str, str], *, workers: int = 2,
              ready_path: str = "/", extra: tuple[str, ...] = ()) -> Server:
        port = free_port()
        log = self.logdir / f"{name}.log"
        command = [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"{HOST}:{port}",
                   "--chdir", str(REPO), "--pythonpath", f"{REPO},{BENCHMARKS}",
                   "--error-logfile", str(log), "--log-level", "warning",
                   "--graceful-timeout", "5", *extra, app]
        with open(log, "ab") as out:
            process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL, start_new_session=True)
        server = Server(name, process, port, log)
        self.started.append(server)
        self._wait_ready(server, ready_path, workers)
        return server

    def _wait_ready(self, server: Server, path: str, workers: int) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise RuntimeError(f"{server.name} exited:\n{server.log.read_text()[-3000:]}")
            if len(server.worker_pids()) >= workers and http_status(server.origin, path) == 200:
                return
            time.sleep(0.2)
        raise RuntimeError(f"{server.name} did not answer {path} in {START_TIMEOUT:.0f} s")

    def stop(self, server: Server) -> None:
        process = server.process
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)  # its own session: master + workers
                process.wait(STOP_TIMEOUT)
        if server in self.started:
            self.started.remove(server)

    def close(self) -> None:
        for server in list(self.started):
            self.stop(server)

    def errors(self) -> str:
        """What the servers logged that looks like a failure (gunicorn logs at warning)."""
        text = ""
        for log in self.logdir.glob("*.log"):
            content = log.read_text(errors="replace")
            if re.search(r"Traceback|\[ERROR\]|Exception", content):
                text += f"--- {log.name}\n{content[-4000:]}\n"
        return text


@contextlib.contextmanager
def servers() -> Iterator[Servers]:
    """A `Servers` whose processes are stopped on the way out, however it is left (a SIGTERM to
    this script is turned into SystemExit so that the same clean-up runs)."""
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    with tempfile.TemporaryDirectory(prefix="mpp-bench-logs-") as tmp:
        group = Servers(Path(tmp))
        try:
            yield group
        finally:
            group.close()
            signal.signal(signal.SIGTERM, previous)


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def http_status(origin: str, path: str) -> int | None:
    return http_get(origin, path)[0]


def http_get(origin: str, path: str, headers: dict[str, str] | None = None,
             method: str = "GET", body: bytes | None = None) -> tuple[int | None, bytes]:
    host, port = origin.rsplit("//", 1)[1].split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    except OSError:
        return None, b""
    finally:
        connection.close()


# --- load -----------------------------------------------------------------------------------

@dataclass
class WrkResult:
    requests: int
    per_second: float
    bad_status: int   # non-2xx/3xx responses
    socket_errors: int


def wrk_available() -> str:
    path = shutil.which("wrk")
    if not path:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    return path


def wrk(url: str, seconds: int, *, connections: int = 8, threads: int = 2,
        script: Path | None = None, headers: dict[str, str] | None = None) -> WrkResult:
    """One wrk run of whole `seconds` (wrk takes no fractions)."""
    command = [wrk_available(), f"-t{threads}", f"-c{connections}", f"-d{int(seconds)}s",
               "--timeout", "30s"]
    for key, value in (headers or {}).items():
        command += ["-H", f"{key}: {value}"]
    if script is not None:
        command += ["-s", str(script)]
    command.append(url)
    out = subprocess.run(command, capture_output=True, text=True, check=True,
                         timeout=seconds + 60).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    per_second = float(re.search(r"Requests/sec:\s*([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
                       out)
    return WrkResult(requests, per_second, int(bad.group(1)) if bad else 0,
                     sum(int(g) for g in errors.groups()) if errors else 0)


# --- /proc ----------------------------------------------------------------------------------

def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """utime + stime of each process that still exists, in seconds."""
    times = {}
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        times[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return times


def cpu_delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two snapshots (a process first seen after: all of it)."""
    return sum(t - before.get(pid, 0.0) for pid, t in after.items())


def rss_kib(pid: int) -> int:
    """VmRSS of a process in KiB (0 when it is gone)."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def postgres_backends(url: str, application_name: str) -> list[int]:
    """Backend pids serving connections that carry `application_name` ([] on SQLite)."""
    if not url.startswith("postgresql"):
        return []
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            return list(connection.scalars(sa.text(
                "SELECT pid FROM pg_stat_activity WHERE application_name = :name"),
                {"name": application_name}))
    finally:
        engine.dispose()

