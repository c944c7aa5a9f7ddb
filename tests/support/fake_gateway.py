"""A local HTTP server that stands in for WhatsApp's Cloud API, Telegram's Bot API, a push
service or an SMS gateway: it records every request and answers what the test says.

    with fake_gateway() as gateway:
        app.config["WHATSAPP_API_BASE"] = gateway.url
        gateway.answer(503)                       # the next request gets 503
        gateway.answer(200, {"messages": [{"id": "wamid.1"}]})
        ... run the worker ...
        assert gateway.requests[0].json["to"] == "6281234567890"

Binds 127.0.0.1 on a port the OS chooses and always shuts down. Answers not queued with
answer() are `default` (200 with {"ok": true}).
"""
from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterator
from urllib.parse import parse_qs, urlsplit


@dataclass
class Recorded:
    method: str
    path: str                 # with the query string
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body or b"null")

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.path).query)

    @property
    def form(self) -> dict[str, list[str]]:
        return parse_qs(self.body.decode())


@dataclass
class Answer:
    status: int = 200
    body: Any = field(default_factory=lambda: {"ok": True})
    headers: dict[str, str] = field(default_factory=dict)


class Gateway:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._answers: list[Answer] = []
        self.default = Answer()
        self.responder: Callable[[Recorded], Answer | None] | None = None
        self._lock = threading.Lock()
        self.url = ""

    def answer(self, status: int = 200, body: Any = None, **headers: str) -> None:
        """Queue the answer to the next request (first in, first out)."""
        with self._lock:
            self._answers.append(Answer(status, {"ok": status < 300} if body is None else body,
                                        headers))

    def _next(self, recorded: Recorded) -> Answer:
        with self._lock:
            self.requests.append(recorded)
            if self.responder is not None:
                chosen = self.responder(recorded)
                if chosen is not None:
                    return chosen
            return self._answers.pop(0) if self._answers else self.default


@contextlib.contextmanager
def fake_gateway() -> Iterator[Gateway]:
    gateway = Gateway()

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            answer = gateway._next(Recorded(self.command, self.path,
                                            {k.lower(): v for k, v in self.headers.items()},
                                            body))
            payload = answer.body if isinstance(answer.body, bytes) else \
                json.dumps(answer.body).encode()
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.headers.get("Content-Type",
                                                                "application/json"))
            self.send_header("Content-Length", str(len(payload)))
            for name, value in answer.headers.items():
                if name != "Content-Type":
                    self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_DELETE = _handle

        def log_message(self, *args: Any) -> None:  # quiet: tests read gateway.requests
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
