"""The shared cache: bytes under string keys, each with a time to live.

Redis when CACHE_URL is set (redis://127.0.0.1:6379/1): shared by every worker and server, bounded
by Redis's own `maxmemory` (every key here has a TTL, so `volatile-lru` or `allkeys-lru` evict
safely). Otherwise a least-recently-used store in each worker's memory, bounded by
CACHE_MEMORY_BYTES. A cache is never the truth: a Redis that is down, slow or full behaves as a
miss (logged once a minute), never as an error page, and callers always know how to rebuild.

Keys are prefixed with CACHE_PREFIX, so several deployments (or test runs) can share one Redis,
and then with the release's fingerprint (the code's version, its templates, translations and
static files, and the settings): a deploy that changes any of them starts from an empty cache, so
a page rendered by the old templates is never served by the new release. The old release's keys
simply expire. `flask --app mpp_lite cache clear` empties this deployment's cache by hand.
Values are bytes; callers encode (pages are already bytes; small records go as JSON).
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any, Iterable, Iterator, Protocol

import click
from flask import Flask, current_app, has_app_context
from flask.cli import with_appcontext

log = logging.getLogger(__name__)

EXTENSION = "mpp_lite.cache"


class Store(Protocol):
    def get(self, key: str) -> bytes | None: ...
    def get_many(self, keys: Iterable[str]) -> list[bytes | None]: ...
    def set(self, key: str, value: bytes, ttl: float) -> None: ...
    def delete(self, *keys: str) -> None: ...
    def clear(self) -> None: ...


class MemoryStore:
    """A least-recently-used dict bounded by the total size of its values (plus keys)."""

    shared = False

    def __init__(self, max_bytes: int, clock=time.monotonic) -> None:
        self.max_bytes = max(0, int(max_bytes))
        self.size = 0
        self._clock = clock
        self._items: OrderedDict[str, tuple[bytes, float]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def _weight(key: str, value: bytes) -> int:
        return len(key) + len(value) + 100  # the entry's own bookkeeping, roughly

    def get(self, key: str) -> bytes | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            value, expires = item
            if expires <= self._clock():
                self._drop(key)
                return None
            self._items.move_to_end(key)
            return value

    def get_many(self, keys: Iterable[str]) -> list[bytes | None]:
        return [self.get(k) for k in keys]

    def set(self, key: str, value: bytes, ttl: float) -> None:
        weight = self._weight(key, value)
        with self._lock:
            if key in self._items:
                self._drop(key)
            if ttl <= 0 or weight > self.max_bytes:
                return
            self._items[key] = (value, self._clock() + ttl)
            self.size += weight
            while self.size > self.max_bytes:
                self._drop(next(iter(self._items)))

    def delete(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                if key in self._items:
                    self._drop(key)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.size = 0

    def __len__(self) -> int:
        return len(self._items)

    def _drop(self, key: str) -> None:
        value, _expires = self._items.pop(key)
        self.size -= self._weight(key, value)


class Recent:
    """The most recently used of some Python objects (a search index per site, a service's
    calendar), at most `max_entries`, the least recently used dropped first; thread-safe. For
    values that are not bytes and stay in one worker; bytes for everyone go in a Store."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max(0, int(max_entries))
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: Any, value: Any, max_entries: int | None = None) -> None:
        """Keep `value`; `max_entries` changes the bound from now on (a setting read again)."""
        with self._lock:
            if max_entries is not None:
                self.max_entries = max(0, int(max_entries))
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Any]:
        """The keys, least recently used first (a copy: safe while others write)."""
        with self._lock:
            return iter(list(self._items))


def app_recent(name: str, max_entries: int) -> Recent | None:
    """The app's own `Recent` under `name` (made on first use), or None outside an app
    context. One per app: a test's fresh database never sees another app's memo."""
    if not has_app_context():
        return None
    extensions = current_app.extensions
    memo = extensions.get(name)
    if memo is None:
        memo = extensions.setdefault(name, Recent(max_entries))
    return memo


class RedisStore:
    """Redis through redis-py, with short timeouts; every failure is a miss."""

    shared = True

    def __init__(self, url: str, prefix: str, timeout: float = 0.25) -> None:
        import redis

        self.prefix = prefix
        self._client = redis.Redis.from_url(url, socket_timeout=timeout,
                                            socket_connect_timeout=timeout)
        self._last_warning = 0.0

    def _failed(self, error: Exception) -> None:
        now = time.monotonic()
        if now - self._last_warning > 60:
            self._last_warning = now
            log.warning("cache: Redis unavailable (%s); serving without the shared cache",
                        type(error).__name__)

    def get(self, key: str) -> bytes | None:
        try:
            return self._client.get(self.prefix + key)
        except Exception as error:  # noqa: BLE001 (a cache failure is a miss)
            self._failed(error)
            return None

    def get_many(self, keys: Iterable[str]) -> list[bytes | None]:
        keys = [self.prefix + k for k in keys]
        if not keys:
            return []
        try:
            return list(self._client.mget(keys))
        except Exception as error:  # noqa: BLE001
            self._failed(error)
            return [None] * len(keys)

    def set(self, key: str, value: bytes, ttl: float) -> None:
        if ttl <= 0:
            return
        try:
            self._client.set(self.prefix + key, value, px=max(1, int(ttl * 1000)))
        except Exception as error:  # noqa: BLE001
            self._failed(error)

    def delete(self, *keys: str) -> None:
        if not keys:
            return
        try:
            self._client.delete(*(self.prefix + k for k in keys))
        except Exception as error:  # noqa: BLE001
            self._failed(error)

    def clear(self) -> None:
        """Remove this deployment's keys (tests, `flask cache clear`): only under the prefix."""
        try:
            batch = []
            for key in self._client.scan_iter(match=self.prefix + "*", count=500):
                batch.append(key)
                if len(batch) >= 500:
                    self._client.delete(*batch)
                    batch = []
            if batch:
                self._client.delete(*batch)
        except Exception as error:  # noqa: BLE001
            self._failed(error)


def release_fingerprint(app: Flask) -> str:
    """A short digest of what a cached page is made from besides the data: the package's code
    version, every template, translation and static file, and the settings."""
    from . import __version__

    digest = hashlib.sha256(__version__.encode())
    root = Path(app.root_path)
    for folder in ("templates", "translations", "static"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix != ".po":   # .mo files are what is served
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    settings = {k: v for k, v in app.config.items() if k.isupper()}
    digest.update(json.dumps(settings, sort_keys=True, default=repr).encode())
    return digest.hexdigest()[:10]


def make_store(app: Flask) -> Store:
    url = str(app.config.get("CACHE_URL") or "")
    if url:
        prefix = str(app.config.get("CACHE_PREFIX") or "mpp-lite:")
        return RedisStore(url, f"{prefix}{release_fingerprint(app)}:")
    return MemoryStore(int(app.config.get("CACHE_MEMORY_BYTES") or 0))


@click.group("cache", help="The shared cache of rendered pages and drawings.")
def cache_cli() -> None:
    pass


@cache_cli.command("clear")
@with_appcontext
def clear_command() -> None:
    """Empty this deployment's cache (every release's keys under CACHE_PREFIX)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    url = str(app.config.get("CACHE_URL") or "")
    if not url:
        click.echo("No CACHE_URL: each worker keeps its cache in memory; restart gunicorn "
                   "to empty it.")
        return
    RedisStore(url, str(app.config.get("CACHE_PREFIX") or "mpp-lite:")).clear()
    click.echo("Cache cleared.")


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = make_store(app)
    app.cli.add_command(cache_cli)


def store(app: Flask | None = None) -> Store:
    """The app's cache (created by init_app)."""
    return (app or current_app).extensions[EXTENSION]
