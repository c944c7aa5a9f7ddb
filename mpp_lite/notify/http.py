"""A small HTTP client for the channels (standard library only): one request, a timeout,
and a `channels.Result` that says whether retrying can help. Nothing about the request (URL
with a phone number, body, token) goes into the result's error text or a log."""
from __future__ import annotations

import base64
import json as jsonlib
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from .channels import Result


@dataclass
class Response:
    status: int            # 0 when no answer came (network error, timeout)
    body: bytes = b""
    error: str = ""        # "timeout", "network" when status is 0

    def json(self) -> Any:
        try:
            return jsonlib.loads(self.body or b"null")
        except ValueError:
            return None


def request(method: str, url: str, *, json: Any = None, data: bytes | str | None = None,
            headers: dict[str, str] | None = None, basic_auth: tuple[str, str] | None = None,
            timeout: float = 10.0) -> Response:
    headers = dict(headers or {})
    body: bytes | None = None
    if json is not None:
        body = jsonlib.dumps(json).encode()
        headers.setdefault("Content-Type", "application/json")
    elif data is not None:
        body = data.encode() if isinstance(data, str) else data
    if basic_auth:
        token = base64.b64encode(f"{basic_auth[0]}:{basic_auth[1]}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    req = urllib.request.Request(url, data=body, method=method.upper(), headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as answer:  # noqa: S310 (settings)
            return Response(answer.status, answer.read(1 << 20))
    except urllib.error.HTTPError as error:
        with error:
            return Response(error.code, error.read(1 << 20))
    except (socket.timeout, TimeoutError):
        return Response(0, error="timeout")
    except (urllib.error.URLError, OSError, ValueError):
        return Response(0, error="network")


def result(response: Response, *, gone: tuple[int, ...] = ()) -> Result:
    """2xx: sent. 408/429/5xx or no answer: try again later. Statuses in `gone`: the address
    no longer exists (drop the subscription). Other 4xx: permanent."""
    if 200 <= response.status < 300:
        return Result(ok=True)
    if response.status == 0:
        return Result(ok=False, error=response.error or "network")
    error = f"HTTP {response.status}"
    if response.status in gone:
        return Result(ok=False, permanent=True, drop_subscription=True, error=error)
    if response.status in (408, 425, 429) or response.status >= 500:
        return Result(ok=False, error=error)
    return Result(ok=False, permanent=True, error=error)
