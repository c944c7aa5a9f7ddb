"""The tickets booked or opened on this device, in a signed cookie of ticket codes.

The codes are the tickets' own unguessable URLs, so the cookie holds nothing a person could not
already open; it is signed so a page never lists codes planted by someone else, and HttpOnly so
scripts never read it. "Tiket saya" renders it without JavaScript; the booking form reads it to
recognise a resubmission for the same person (Back, then Send again).
"""
from __future__ import annotations

import re

from flask import Request, Response, current_app
from itsdangerous import BadSignature, URLSafeSerializer

from ..cache import app_recent

COOKIE = "mpp_tiket"
SALT = "device-tickets"
MAX_CODES = 20
MAX_AGE = 60 * 60 * 24 * 60  # 60 days: a booking up to two weeks ahead, and its survey
CODE = re.compile(r"^[A-Za-z0-9_-]{10,32}$")
# Checked cookies per worker: a device sends the same cookie with every page, and checking
# its signature and parsing it cost a tenth of a cached ticket page. Keyed by the cookie's
# whole signed text, so a changed or forged cookie is a new key, checked in full.
CHECKED = 2000


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def device_codes(request: Request) -> list[str]:
    """Codes in this device's cookie, newest first; [] when absent or tampered with."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return []
    memo = app_recent("mpp_lite.device_codes", CHECKED)
    known = memo.get(raw) if memo is not None else None
    if known is None:
        known = _check(raw)
        if memo is not None:
            memo.put(raw, known)
    return list(known)


def _check(raw: str) -> tuple[str, ...]:
    try:
        codes = _serializer().loads(raw)
    except (BadSignature, ValueError, TypeError):
        return ()
    if not isinstance(codes, list):
        return ()
    return tuple(c for c in codes if isinstance(c, str) and CODE.match(c))[:MAX_CODES]


def remember(request: Request, response: Response, *codes: str) -> None:
    """Put codes first in the device's list (kept to the newest MAX_CODES)."""
    known = device_codes(request)
    merged = [c for c in codes if CODE.match(c)] + [c for c in known if c not in codes]
    if merged[:MAX_CODES] == known:
        return
    response.set_cookie(COOKIE, _serializer().dumps(merged[:MAX_CODES]), max_age=MAX_AGE,
                        httponly=True, samesite="Lax", secure=request.is_secure)

