"""Rendered catalogue pages kept in the shared cache (mpp_lite/cache.py), so a repeated view
does no database work and no template render (issue #14).

What is kept: the final body of a GET/HEAD answered 200 by one of the PAGES endpoints (gzip
compressed when it is large enough), the few headers it was sent with and its weak ETag. A hit
is answered by a before_request hook that runs right after the edge checks (bad input is still
refused first); it answers 304 to a matching If-None-Match and decompresses for the rare client
that does not take gzip. The response policy (web/policy.py) is not applied again to a hit: the
stored headers already carry it.

The key (hashed: a search query typed by a citizen never appears in it) holds the endpoint,
scheme and host, the path with its query string (only the arguments the view reads, plus
?lang=; any other argument: not cached), the language, Save-Data, and the versions of what the
page shows: the site's catalogue, counter status and announcements (site.catalog_version,
counters_version, notices_version, moved on by catalog/versions.py in the transaction that
writes them), or, for the directory and /api/v1/sites, a digest of every site's.

The versions are read without a query per request: a per-worker memo of every site's row,
refreshed with one query at most every PAGE_CACHE_VERSION_SECONDS, and forgotten at once in the
worker that commits a change. So a change shows on the next request in the worker that made it,
and within PAGE_CACHE_VERSION_SECONDS (1 s) in other workers and servers.

Time: a page stating "open now", today's hours, a counter's break or an announcement in force
must not outlive the truth. Each entry is valid from its rendering until the earliest next
change of what a page of that site can state (an opening or closing of the site or a counter
today, an announcement starting or ending, local midnight), at most PAGE_CACHE_SECONDS; a
clock set back before the rendering (tests) is a miss too.

Never cached: a signed-in staff member's request (never served from the cache either), a
request with flashed messages pending, a response that sets a cookie or touches the session or
carries a form's CSRF token (the visitor's own), any status but 200. PAGE_CACHE_ENABLED=false:
nothing of this runs.

A view whose page depends on live data it reads first (the ticket page, queue/ticket_cache.py)
keys its own entry with that data (`serve_keyed`), under the same rules; it sets its cookies on
every answer itself.
"""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask import Flask, Response, current_app, g, has_app_context, request, session
from werkzeug.datastructures import Headers
from werkzeug.http import unquote_etag

from .. import dates
from ..cache import Recent, store
from ..catalog import versions
from ..catalog.hours import next_change
from ..extensions import db
from ..i18n import current_language

EXTENSION = "mpp_lite.pagecache"
KEY_PREFIX = "page:"

# endpoint → the query arguments its view reads (?lang= is read by every page: i18n).
SITE_PAGES: dict[str, frozenset[str]] = {
    "catalog.site_home": frozenset(),
    "catalog.search": frozenset({"q", "page"}),
    "catalog.all_services": frozenset({"page"}),
    "catalog.agency": frozenset(),
    "catalog.life_event": frozenset(),
    "catalog.service": frozenset(),
    "catalog.service_print": frozenset(),
    "api.site_services": frozenset({"q"}),
}
DIRECTORY_PAGES: dict[str, frozenset[str]] = {
    "catalog.index": frozenset(),
    "api.sites": frozenset(),
}
LANGUAGE_ARG = "lang"
# Six digits or more in a search: likely a NIK or a phone number, never kept (the page shows it).
_PERSONAL = re.compile(r"\d[\d\s.-]{4,}\d")
# Headers a hit sends again as they were; the others are the transport's (length, date) or
# never stored (cookies).
SKIPPED_HEADERS = frozenset({"content-length", "content-encoding", "set-cookie", "date"})
PARSED_ENTRIES = 512  # stored values each worker keeps parsed (a hit skips the JSON)


# --- the versions memo ---------------------------------------------------------------------

@dataclass(frozen=True)
class SiteRow:
    id: int
    timezone: str
    versions: str  # catalogue.counters.notices@created_at


@dataclass
class Memo:
    """Every site's versions as this worker last read them (one query, at most every
    `max_age` seconds), and each site's next change by the clock."""

    max_age: float
    loaded_at: float = float("-inf")
    sites: dict[str, SiteRow] = field(default_factory=dict)
    directory: str = ""
    changes: dict[int, tuple[str, dt.datetime, dt.datetime]] = field(default_factory=dict)
    entries: Recent = field(default_factory=lambda: Recent(PARSED_ENTRIES))  # parsed, by key

    def fresh(self) -> Memo:
        if time.monotonic() - self.loaded_at >= self.max_age:
            self._load()
        return self

    def forget(self) -> None:
        self.loaded_at = float("-inf")

    def _load(self) -> None:
        from ..models import Site

        rows = db.session.execute(sa.select(
            Site.id, Site.slug, Site.timezone, Site.catalog_version, Site.counters_version,
            Site.notices_version, Site.created_at).order_by(Site.id)).all()
        self.sites = {slug: SiteRow(ident, zone, versions_text(cat, cnt, ntc, created))
                      for ident, slug, zone, cat, cnt, ntc, created in rows}
        # The directory lists every site: any site added, removed or edited changes it.
        self.directory = hashlib.sha256(
            "|".join(f"{r.id}:{slug}:{r.versions}" for slug, r in self.sites.items())
            .encode()).hexdigest()[:16]
        self.loaded_at = time.monotonic()


def versions_text(catalog: int, counters: int, notices: int, created: Any) -> str:
    """A site's versions as one text (SiteRow.versions; a site made anew never matches)."""
    return f"{catalog}.{counters}.{notices}@{created}"


def memo(app: Flask | None = None) -> Memo:
    return (app or current_app).extensions[EXTENSION]


def _forget_versions(_site_ids: set[int]) -> None:
    """versions.on_commit listener: this worker committed a change; read the versions again."""
    if has_app_context():
        held = current_app.extensions.get(EXTENSION)
        if held is not None:
            held.forget()


def site_changes_at(row: SiteRow, now: dt.datetime) -> dt.datetime:
    """When a page of the site may next state something else by the clock alone (memoised
    per site until then, and while its versions stay the same)."""
    held = memo()
    known = held.changes.get(row.id)
    if known and known[0] == row.versions and known[1] <= now < known[2]:
        return known[2]
    at = _next_change(row, now)
    held.changes[row.id] = (row.versions, now, at)
    return at


def _next_change(row: SiteRow, now: dt.datetime) -> dt.datetime:
    """The earliest of: an opening or closing today of the site or of any counter (extra
    instants only end entries sooner), local midnight, an announcement starting or ending."""
    from ..models import Announcement, Counter, CounterHours, SiteHours

    weekday = dates.local_now(row.timezone, now).isoweekday()
    times: list[dt.time] = []
    for opens, closes in db.session.execute(
            sa.select(SiteHours.opens, SiteHours.closes)
            .where(SiteHours.site_id == row.id, SiteHours.weekday == weekday)
            .union_all(sa.select(CounterHours.opens, CounterHours.closes)
                       .join(Counter, Counter.id == CounterHours.counter_id)
                       .where(Counter.site_id == row.id, CounterHours.weekday == weekday))):
        times += [opens, closes]
    at = next_change(row.timezone, times, now)
    utc_now = now.astimezone(dt.timezone.utc)  # SQLite compares the stored text
    for starts, ends in db.session.execute(
            sa.select(Announcement.starts_at, Announcement.ends_at)
            .where(Announcement.site_id == row.id, Announcement.ends_at > utc_now)):
        for moment in (dates.as_utc(starts), dates.as_utc(ends)):
            if moment > now:
                at = min(at, moment)
    return at


# --- keys and entries ----------------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    """A cacheable request: its key, the instant it was asked for and the site it shows;
    for a view's own entry (serve_keyed) the latest instant it may be kept to."""
    key: str
    now: dt.datetime
    site: SiteRow | None
    latest: dt.datetime | None = None
    cookies: bool = False  # the view sets its own cookies on every answer (not stored)


def _request_cacheable(allowed: frozenset[str] | None) -> bool:
    """A GET/HEAD with only the `allowed` query arguments (plus ?lang=), neither a staff
    member's nor one with a message to show once."""
    environ = request.environ
    if environ["REQUEST_METHOD"] not in ("GET", "HEAD") or request.routing_exception is not None:
        return False
    query = environ.get("QUERY_STRING", "")
    if allowed is None or (query and not set(request.args) <= allowed | {LANGUAGE_ARG}):
        return False
    if current_app.config["SESSION_COOKIE_NAME"] in request.cookies and (
            "_user_id" in session or "_flashes" in session):
        return False  # a staff member's page, or a message to show once
    return True


def _key(what: str) -> str:
    """The hashed key of this request's page given `what` it shows (versions, state)."""
    environ = request.environ
    save_data = environ.get("HTTP_SAVE_DATA", "").strip().lower() == "on"
    raw = "\n".join((request.endpoint or "", environ["wsgi.url_scheme"], request.host,
                     request.script_root, request.path, environ.get("QUERY_STRING", ""),
                     current_language(), "s" if save_data else "", what))
    return KEY_PREFIX + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def _plan() -> Plan | None:
    """The request's cache plan, or None when it must not be cached nor served from cache."""
    endpoint = request.endpoint or ""
    allowed = SITE_PAGES.get(endpoint, DIRECTORY_PAGES.get(endpoint))
    if not _request_cacheable(allowed):
        return None
    if _PERSONAL.search(request.args.get("q", "")):
        return None  # a NIK or phone number typed into search: not kept in a shared store
    held = memo().fresh()
    site = None
    if allowed is SITE_PAGES.get(endpoint):
        site = held.sites.get((request.view_args or {}).get("site", ""))
        if site is None:
            return None  # an unknown site: the view answers 404
        what = site.versions
    else:
        what = held.directory
    return Plan(_key(what), dates.now(), site)


def serve_keyed(state: str, site: SiteRow, now: dt.datetime, latest: dt.datetime,
                allowed: frozenset[str] = frozenset()) -> Response | None:
    """For a view whose page depends on live data it has just read (the ticket page): the
    stored page for this request and `state` (everything the page shows that the request does
    not say, as text), or None, and then the response the view returns is kept (unless it
    turns out not to be keepable, see keep()) until the earliest of `latest`, the site's next
    change by the clock and PAGE_CACHE_SECONDS. The view sets its own cookies on every answer,
    hit or miss: they are never stored. Nothing when PAGE_CACHE_ENABLED is false."""
    if EXTENSION not in current_app.extensions or not _request_cacheable(allowed):
        return None
    return _serve(Plan(_key(state), now, site, latest, cookies=True))


def forgo() -> None:
    """The view's answer must not be kept (what it shows is not the state it was keyed by)."""
    g.pop("page_cache_plan", None)


@dataclass(frozen=True)
class Entry:
    rendered: float
    until: float
    gzip: bool
    headers: list[tuple[str, str]]
    etag: str  # unquoted, weak
    body: bytes


def _pack(meta: dict[str, Any], body: bytes) -> bytes:
    return json.dumps(meta, separators=(",", ":")).encode() + b"\n" + body


def _unpack(value: bytes) -> Entry | None:
    """A stored value read back (None: not an entry this version of the app wrote)."""
    try:
        head, _sep, body = value.partition(b"\n")
        meta = json.loads(head)
        headers = [(str(k), str(v)) for k, v in meta["headers"]]
        etag, _weak = unquote_etag(dict(headers).get("ETag"))
        return Entry(float(meta["rendered"]), float(meta["until"]), bool(meta["gzip"]),
                     headers, etag or "", body)
    except (ValueError, KeyError, TypeError):
        return None


def _read(held: Memo, key: str, value: bytes) -> Entry | None:
    """The entry of a stored value, parsed once per worker while the value stays the same."""
    known = held.entries.get(key)
    if known is not None and (known[0] is value or known[0] == value):
        return known[1]
    entry = _unpack(value)
    if entry is not None:
        held.entries.put(key, (value, entry))
    return entry


def _answer(entry: Entry, now: dt.datetime) -> Response | None:
    """The stored page as this request's response, or None when it is no longer true."""
    if not entry.rendered <= now.timestamp() < entry.until:
        return None
    headers = Headers()
    # Sent before by this app, so already valid: copied without werkzeug checking each again.
    headers._list = list(entry.headers)  # noqa: SLF001 (a third of a hit's time otherwise)
    if entry.etag and "HTTP_IF_NONE_MATCH" in request.environ \
            and request.if_none_match.contains_weak(entry.etag):
        return Response(status=304, headers=headers)
    body, gzipped = entry.body, entry.gzip
    if gzipped and "gzip" not in request.accept_encodings:
        try:
            body, gzipped = gzip.decompress(body), False
        except (OSError, EOFError):
            return None
    if gzipped:
        headers["Content-Encoding"] = "gzip"
    return Response(body, headers=headers)


def serve_from_cache() -> Response | None:
    """before_request (right after the edge checks): answer a repeated view from the cache."""
    plan = _plan()
    return _serve(plan) if plan is not None else None


def _serve(plan: Plan) -> Response | None:
    """The stored page of `plan`, or None; either way the answer is kept by keep() as planned."""
    g.page_cache_plan = plan
    value = store().get(plan.key)
    entry = _read(memo(), plan.key, value) if value is not None else None
    response = _answer(entry, plan.now) if entry is not None else None
    if response is not None:
        g.page_cache_hit = True
    return response


def is_hit() -> bool:
    """Whether this request was answered from the cache (policy: nothing more to apply)."""
    return bool(g.get("page_cache_hit"))


def keep(response: Response, min_size: int) -> None:
    """After the policy: store a cacheable miss's final response."""
    plan: Plan | None = g.get("page_cache_plan")
    if plan is None or g.get("page_cache_hit") or response.status_code != 200:
        return
    if response.direct_passthrough or session.modified or "_user_id" in session \
            or ("Set-Cookie" in response.headers and not plan.cookies) \
            or "csrf_token" in g:  # a form's token belongs to one visitor's session
        return
    config = current_app.config
    until = plan.now + dt.timedelta(seconds=float(config["PAGE_CACHE_SECONDS"]))
    if plan.latest is not None:
        until = min(until, plan.latest)
    if plan.site is not None:
        until = min(until, site_changes_at(plan.site, plan.now))
    ttl = (until - plan.now).total_seconds()
    if ttl <= 0:
        return
    body = response.get_data()
    gzipped = response.headers.get("Content-Encoding") == "gzip"
    if not gzipped and len(body) >= min_size:
        body, gzipped = gzip.compress(body, compresslevel=6, mtime=0), True
    headers = [(k, v) for k, v in response.headers.items() if k.lower() not in SKIPPED_HEADERS]
    meta = {"rendered": plan.now.timestamp(), "until": until.timestamp(), "gzip": gzipped,
            "headers": headers}
    store().set(plan.key, _pack(meta, body), ttl)


def init_app(app: Flask) -> None:
    """Serve and keep pages when PAGE_CACHE_ENABLED (called by policy.init_app)."""
    if not app.config.get("PAGE_CACHE_ENABLED", True):
        return
    from . import edge

    app.extensions[EXTENSION] = Memo(float(app.config["PAGE_CACHE_VERSION_SECONDS"]))
    versions.on_commit(_forget_versions)
    hooks = app.before_request_funcs.setdefault(None, [])
    position = hooks.index(edge.check_request) + 1 if edge.check_request in hooks else 0
    hooks.insert(position, serve_from_cache)
