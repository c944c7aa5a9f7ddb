"""Response policy applied to every response: security headers, ETags with 304 answers and
gzip compression. One TCP round trip matters on 2G, so HTML is compressed and revalidated.
Private pages (staff pages, and anything shown to a signed-in staff member) are never stored:
not by the browser's cache, not by the service worker (see offline/private.py). Catalogue
pages are kept rendered, with this policy applied, by pagecache.py."""
from __future__ import annotations

import gzip
from typing import Any, Callable, TypeVar

from flask import Flask, Response, current_app, request, session

from . import pagecache

F = TypeVar("F", bound=Callable[..., Any])

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; "
    "manifest-src 'self'; worker-src 'self'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
# Request headers that can make an answer conditional (304) or partial.
CONDITIONAL = frozenset({"HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH",
                         "HTTP_IF_UNMODIFIED_SINCE", "HTTP_RANGE", "HTTP_IF_RANGE"})
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml",
                "application/manifest+json")


def mark_private(view: F) -> F:
    """A page for staff only (roles_required marks its views; the login page is marked by
    hand): served with Cache-Control: no-store and never kept by the service worker."""
    view.private_page = True  # type: ignore[attr-defined]
    return view


def is_private_view(view: Callable[..., Any] | None) -> bool:
    """Whether `view` (or a view it wraps) was marked private."""
    while view is not None:
        if getattr(view, "private_page", False):
            return True
        view = getattr(view, "__wrapped__", None)
    return False


def is_private_response(response: Response) -> bool:
    """This response must not be stored: a private page, or any page while a staff member is
    signed in on this browser (it may show their name, a console link, a citizen's ticket)."""
    endpoint = request.endpoint
    if endpoint and is_private_view(current_app.view_functions.get(endpoint)):
        return True
    return response.mimetype == "text/html" and "_user_id" in session


def _compressible(response: Response) -> bool:
    return (
        response.status_code == 200
        and not response.direct_passthrough
        and "Content-Encoding" not in response.headers
        and (response.mimetype or "").startswith(COMPRESSIBLE)
    )


def apply_policy(response: Response, min_size: int) -> Response:
    if pagecache.is_hit():
        return response  # stored with the policy already applied
    # The security headers a view did not set itself: one pass over the headers, not one
    # case-insensitive search per header (a third of this function's time otherwise).
    present = {key.lower() for key, _value in response.headers.items()}
    for name, value in SECURITY_HEADERS.items():
        if name.lower() not in present:
            response.headers.add(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if is_private_response(response):
        response.cache_control.no_store = True
        response.cache_control.private = True
        response.cache_control.no_cache = None
    if request.method not in ("GET", "HEAD") or not _compressible(response):
        return response
    if response.cache_control.max_age is None and not response.cache_control.no_store:
        response.cache_control.no_cache = True  # revalidate every time; 304 is cheap
    # A weak ETag holds for both the plain and the gzip form of the same content.
    response.add_etag(weak=True)
    if CONDITIONAL.intersection(request.environ):
        response.make_conditional(request)  # a 304 (or a range): only when asked for
    if response.status_code != 200:
        return response
    response.vary.add("Accept-Encoding")
    if response.mimetype == "text/html":
        response.vary.add("Save-Data")  # lighter pages for data savers
    body = response.get_data()
    if len(body) < min_size or "gzip" not in request.accept_encodings:
        return response
    response.set_data(gzip.compress(body, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    return response


def init_app(app: Flask) -> None:
    min_size = app.config["GZIP_MIN_SIZE"]
    enabled = bool(app.config.get("PAGE_CACHE_ENABLED", True))
    pagecache.init_app(app)

    @app.after_request
    def _policy(response: Response) -> Response:
        response = apply_policy(response, min_size)
        if enabled:
            pagecache.keep(response, min_size)
        return response
