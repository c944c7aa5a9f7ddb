"""The shared cache (mpp_lite/cache.py): bounded, expiring, and a Redis failure is a miss."""
from __future__ import annotations

import uuid

import pytest

from mpp_lite.cache import MemoryStore, RedisStore, make_store


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_memory_store_keeps_values_until_their_time_runs_out():
    clock = Clock()
    cache = MemoryStore(10_000, clock=clock)
    cache.set("a", b"one", ttl=5)
    assert cache.get("a") == b"one"
    clock.now += 4.9
    assert cache.get_many(["a", "b"]) == [b"one", None]
    clock.now += 0.2
    assert cache.get("a") is None
    assert len(cache) == 0 and cache.size == 0


def test_memory_store_stays_within_its_bytes_dropping_the_least_recently_used():
    cache = MemoryStore(2_000)
    for i in range(100):
        cache.set(f"k{i}", b"x" * 300, ttl=60)
        assert cache.size <= 2_000
    assert cache.get("k0") is None            # the oldest went first
    assert cache.get("k99") == b"x" * 300     # the newest is there
    kept = [i for i in range(100) if cache.get(f"k{i}") is not None]
    assert 3 <= len(kept) <= 5


def test_memory_store_refreshes_recency_on_read_and_refuses_what_cannot_fit():
    cache = MemoryStore(1_000)
    cache.set("a", b"a" * 300, ttl=60)
    cache.set("b", b"b" * 300, ttl=60)
    cache.get("a")                             # "a" used: "b" is now the oldest
    cache.set("c", b"c" * 300, ttl=60)
    assert cache.get("a") and cache.get("c") and cache.get("b") is None
    cache.set("huge", b"h" * 5_000, ttl=60)    # larger than the whole store: not kept
    assert cache.get("huge") is None and cache.get("a")
    cache.set("a", b"new", ttl=0)              # no time to live: removed, not kept
    assert cache.get("a") is None
    cache.delete("c", "missing")
    assert len(cache) == 0 and cache.size == 0


def test_memory_store_is_the_default_and_bounded_by_the_setting(app):
    app.config["CACHE_URL"] = ""
    app.config["CACHE_MEMORY_BYTES"] = 12345
    store = make_store(app)
    assert isinstance(store, MemoryStore) and store.max_bytes == 12345


def test_redis_store_shares_values_under_its_prefix_only(app):
    prefix = f"test-{uuid.uuid4().hex}:"
    app.config.update(CACHE_URL="redis://127.0.0.1:6379/0", CACHE_PREFIX=prefix)
    one, two = make_store(app), make_store(app)   # two workers
    other = RedisStore("redis://127.0.0.1:6379/0", prefix="other-" + prefix)
    try:
        one.set("page", b"<html>", ttl=30)
        assert two.get("page") == b"<html>"
        assert other.get("page") is None
        assert two.get_many(["page", "none"]) == [b"<html>", None]
        other.set("page", b"theirs", ttl=30)
        one.clear()
        assert two.get("page") is None and other.get("page") == b"theirs"
        one.set("short", b"x", ttl=0.001)
        one.delete("short")
        assert one.get("short") is None
    finally:
        one.clear()
        other.clear()


def test_an_unreachable_redis_is_a_miss_never_an_error(caplog):
    # Port 9 on loopback: nothing listens (connection refused at once).
    store = RedisStore("redis://127.0.0.1:9/0", prefix="x:", timeout=0.2)
    store.set("a", b"1", ttl=10)
    assert store.get("a") is None
    assert store.get_many(["a", "b"]) == [None, None]
    store.delete("a")
    store.clear()
    assert "Redis unavailable" in caplog.text
    assert caplog.text.count("Redis unavailable") == 1   # logged once, not per call


@pytest.mark.parametrize("size", [0, -5])
def test_a_memory_store_of_no_size_keeps_nothing(size):
    cache = MemoryStore(size)
    cache.set("a", b"1", ttl=10)
    assert cache.get("a") is None


def test_a_new_release_or_new_settings_never_read_the_old_releases_pages(app, monkeypatch):
    from mpp_lite import cache as module

    prefix = f"test-{uuid.uuid4().hex}:"
    app.config.update(CACHE_URL="redis://127.0.0.1:6379/0", CACHE_PREFIX=prefix)
    old = make_store(app)
    try:
        old.set("page", b"old templates", ttl=30)
        assert make_store(app).get("page") == b"old templates"      # same release: shared
        monkeypatch.setattr("mpp_lite.__version__", "99.0")
        assert make_store(app).get("page") is None                   # new code
        monkeypatch.undo()
        app.config["SERVER_NAME_FOR_TEST"] = "other"                 # new settings
        assert make_store(app).get("page") is None
        del app.config["SERVER_NAME_FOR_TEST"]
        assert module.release_fingerprint(app) == module.release_fingerprint(app)
    finally:
        old.clear()


def test_cache_clear_empties_every_release_of_this_deployment_only(app):
    prefix = f"test-{uuid.uuid4().hex}:"
    app.config.update(CACHE_URL="redis://127.0.0.1:6379/0", CACHE_PREFIX=prefix)
    mine = make_store(app)
    other = RedisStore("redis://127.0.0.1:6379/0", prefix="other-" + prefix)
    try:
        mine.set("page", b"x", ttl=30)
        other.set("page", b"y", ttl=30)
        result = app.test_cli_runner().invoke(args=["cache", "clear"])
        assert result.exit_code == 0 and "Cache cleared" in result.output
        assert mine.get("page") is None and other.get("page") == b"y"
    finally:
        other.clear()


def test_cache_clear_without_redis_says_how(app):
    app.config["CACHE_URL"] = ""
    result = app.test_cli_runner().invoke(args=["cache", "clear"])
    assert result.exit_code == 0 and "restart gunicorn" in result.output


def test_recent_keeps_the_most_recently_used_objects_within_its_bound():
    from mpp_lite.cache import Recent

    kept = Recent(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1           # "a" used: "b" is now the oldest
    kept.put("c", 3)
    assert list(kept) == ["a", "c"] and kept.get("b") is None
    kept.put("d", 4, max_entries=1)     # a smaller bound applies at once
    assert list(kept) == ["d"] and len(kept) == 1
    kept.clear()
    assert len(kept) == 0 and kept.get("d") is None
