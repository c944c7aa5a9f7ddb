"""Rate limits run only where a view declares one (extensions.limit_only_where_declared): the
declared limits still count and answer 429 with their headers; other views skip the limiter."""
from __future__ import annotations


def _book(client, key: str):
    return client.post("/api/v1/sites/maros/tickets",
                       json={"service": "ktp-el-baru", "name": "Siti", "idempotency_key": key})


def test_declared_limits_still_count_and_say_so(open_every_day):
    open_every_day.config["BOOKING_RATE_LIMIT"] = "2 per minute"
    client = open_every_day.test_client()
    first = _book(client, "limits-scope-0001")
    assert first.status_code == 201
    assert first.headers["X-RateLimit-Limit"] == "2"
    assert _book(client, "limits-scope-0002").status_code == 201
    refused = _book(client, "limits-scope-0003")
    assert refused.status_code == 429 and "Retry-After" in refused.headers


def test_views_without_a_limit_never_reach_the_limiter(open_every_day):
    calls = []
    for hooks in (open_every_day.before_request_funcs[None],
                  open_every_day.after_request_funcs[None]):
        for hook in hooks:
            if hasattr(hook, "limiter_hook"):
                real = hook.limiter_hook
                hook.limiter_hook = (lambda real: lambda *a: calls.append(1) or real(*a))(real)
    client = open_every_day.test_client()
    page = client.get("/maros/layanan/ktp-el-baru")
    assert page.status_code == 200 and "X-RateLimit-Limit" not in page.headers
    assert calls == []
    assert _book(client, "limits-scope-0009").status_code == 201
    assert len(calls) == 2   # before and after the limited view
