"""The real app in separate server processes, for concurrency tests and benchmarks.

In-process test clients share one interpreter, one connection pool and the GIL, so they cannot
show what two workers racing over one database do. `serve()` starts N processes of

    python -m tests.support.server --database-url URL --port-file PATH

each a threaded werkzeug server on 127.0.0.1 with a port the OS chooses, all over the same
database (what two gunicorn workers do; gunicorn itself is only in the deploy extra). It waits
for /healthz and always terminates, kills if need be, and reaps what it started.

The HTTP helpers use http.client and close every connection: pytest turns the ResourceWarning
of an unclosed socket into an error.
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
SECRET_KEY = "concurrency-test-secret-key-0123456789"
HOST = "127.0.0.1"  # loopback only: nothing here is reachable from another machine
# Generous: under load (a 2-core CI running other workers) imports alone can take seconds;
# a healthy start returns as soon as /healthz answers.
START_TIMEOUT = 120.0
STOP_TIMEOUT = 10.0
ERROR_MARKERS = ("Traceback", "Error", "Exception", "database is locked")


def server_config(database_url: str, **overrides: Any) -> dict[str, Any]:
    """Production-like settings: not TESTING, no rate limits (the tests are the flood)."""
    return {
        "TESTING": False,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": SECRET_KEY,
        "RATELIMIT_ENABLED": False,
        "AUTO_SETUP": False,
        "PAGE_CACHE_VERSION_SECONDS": 0,  # the test process writes; pages show it at once
        **overrides,
    }


# --- the child process ----------------------------------------------------------------------

def _watch_parent(parent_pid: int) -> None:
    """Exit when the process that started us is gone, so a crashed test leaves no server."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent_pid:
            os._exit(3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--port-file", required=True, type=Path,
                        help="where to write the port once the socket listens")
    parser.add_argument("--config", default="{}", help="JSON object of extra app config")
    parser.add_argument("--parent-pid", type=int, default=0)
    args = parser.parse_args(argv)

    from werkzeug.serving import WSGIRequestHandler, make_server

    from mpp_lite import create_app
    from mpp_lite.extensions import db

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args: Any, **kwargs: Any) -> None:  # errors are still logged
            pass

    app = create_app(server_config(args.database_url, **json.loads(args.config)))
    server = make_server(HOST, 0, app, threaded=True, request_handler=QuietHandler)
    # SIGTERM ends serve_forever with SystemExit, so the finally below runs.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if args.parent_pid:
        threading.Thread(target=_watch_parent, args=(args.parent_pid,), daemon=True).start()
    partial = args.port_file.with_suffix(".partial")
    partial.write_text(str(server.server_port))
    partial.replace(args.port_file)  # atomic: the parent never reads half a number
    try:
        server.serve_forever()
    finally:
        server.server_close()
        with app.app_context():
            db.engine.dispose()
    return 0


# --- the parent: start, wait, stop ----------------------------------------------------------

@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def request(origin: str, method: str, path: str, body: Any = None,
            headers: dict[str, str] | None = None, timeout: float = 60.0) -> Response:
    """One HTTP request on a fresh connection (closed before returning)."""
    connection = Connection(origin, timeout=timeout)
    try:
        return connection.request(method, path, body, headers)
    finally:
        connection.close()


class Connection:
    """A keep-alive connection to one server (werkzeug's threaded server speaks HTTP/1.1)."""

    def __init__(self, origin: str, timeout: float = 60.0):
        parts = urlsplit(origin)
        self._http = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)

    def request(self, method: str, path: str, body: Any = None,
                headers: dict[str, str] | None = None) -> Response:
        sent_headers = dict(headers or {})
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            sent_headers.setdefault("Content-Type", "application/json")
        self._http.request(method, path, body=payload, headers=sent_headers)
        response = self._http.getresponse()
        data = response.read()
        if response.will_close:
            self._http.close()  # http.client reconnects on the next request
        return Response(response.status, {k.lower(): v for k, v in response.getheaders()}, data)

    def close(self) -> None:
        self._http.close()


@dataclass
class ServerProcess:
    process: subprocess.Popen[bytes]
    port_file: Path
    log_path: Path
    origin: str = ""

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@dataclass
class Servers:
    """The running processes; `origins` in start order."""

    processes: list[ServerProcess] = field(default_factory=list)
    _seen: dict[int, int] = field(default_factory=dict)  # log characters already checked

    @property
    def origins(self) -> list[str]:
        return [p.origin for p in self.processes]

    def logs(self) -> str:
        return "\n".join(f"--- server {i} ---\n{p.log()}" for i, p in enumerate(self.processes))

    def new_log_errors(self) -> list[str]:
        """Log lines revealing a server-side failure (a traceback, a locked database) written
        since the previous call: the request log is off, so the logs hold only such news."""
        found = []
        for index, process in enumerate(self.processes):
            text = process.log()
            start, self._seen[index] = self._seen.get(index, 0), len(text)
            found += [f"server {index}: {line}" for line in text[start:].splitlines()
                      if any(m in line for m in ERROR_MARKERS)]
        return found


def _wait_until_ready(server: ServerProcess, deadline: float) -> None:
    while not server.port_file.exists():
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited with {server.process.returncode}:\n{server.log()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"server did not start in time:\n{server.log()}")
        time.sleep(0.05)
    server.origin = f"http://{HOST}:{int(server.port_file.read_text())}"
    while True:
        try:
            if request(server.origin, "GET", "/healthz", timeout=5).status == 200:
                return
        except OSError:
            pass
        if server.process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"server never became healthy:\n{server.log()}")
        time.sleep(0.05)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def serve(database_url: str, processes: int = 2, config: dict[str, Any] | None = None,
          start_timeout: float = START_TIMEOUT) -> Iterator[Servers]:
    """Start `processes` servers over `database_url`; stop and reap them on exit."""
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": SECRET_KEY,
           "PYTHONUNBUFFERED": "1"}
    servers = Servers()
    with tempfile.TemporaryDirectory(prefix="mpp-servers-") as tmp:
        try:
            for index in range(processes):
                log_path = Path(tmp) / f"server-{index}.log"
                port_file = Path(tmp) / f"server-{index}.port"
                with open(log_path, "wb") as log:  # the child keeps its own copy of the fd
                    process = subprocess.Popen(
                        [sys.executable, "-m", "tests.support.server",
                         "--database-url", database_url, "--port-file", str(port_file),
                         "--config", json.dumps(config or {}),
                         "--parent-pid", str(os.getpid())],
                        cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=log,
                        stderr=subprocess.STDOUT)
                servers.processes.append(ServerProcess(process, port_file, log_path))
            deadline = time.monotonic() + start_timeout
            for server in servers.processes:
                _wait_until_ready(server, deadline)
            yield servers
        finally:
            for server in servers.processes:
                if server.process.poll() is None:
                    server.process.terminate()
            for server in servers.processes:
                _stop(server.process)


if __name__ == "__main__":
    sys.exit(main())
