"""The edge: every request's input is checked once, before any view, session or database sees
it. A NUL byte reaches PostgreSQL as an error (and its parameters the log), a CR/LF a response
header, a broken encoding a replacement character in a saved name; so control characters,
invalid UTF-8 and broken percent-encodings are refused here, in one place:

- URL path (what URL converters see): 404, as no page has such an address;
- query string (every filter, `next=`, `?q=`): 400;
- form bodies: 400; tab, CR and LF are allowed there (multi-line text fields);
- JSON bodies: 422 naming the offending top-level member; tab, CR and LF are allowed in string
  values (multi-line comments), never in keys.

Under /api the answer is the JSON error shape, elsewhere a friendly Indonesian page.

Also here, as they guard the same edge: `safe_next()` for every redirect to a `next=` target,
`parse_id()` for every id typed into a form or filter and `page_number()` for every ?page=.
"""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from flask import Flask, request
from flask_babel import gettext as _

from .errors import error_page, error_title, wants_json

# Ids are PostgreSQL `integer` (SQLite accepts more, but the same app must run on both).
MAX_ID = 2**31 - 1

# C0 controls except tab/LF/CR, DEL, C1 controls, and lone surrogates (which no encoder writes).
_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# ... and tab, LF and CR too, where text is one line (paths, query strings, keys, redirects).
_CONTROL_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_BROKEN_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def has_control(text: str, *, multiline: bool = False) -> bool:
    """True when `text` holds a character no person types (see the module docstring)."""
    return bool((_CONTROL_IN_TEXT if multiline else _CONTROL_IN_LINE).search(text))


def _label(name: str) -> str:
    """A field name safe to echo back: control characters written as \\uXXXX."""
    return _CONTROL_IN_LINE.sub(lambda m: f"\\u{ord(m.group()):04x}", name)[:100]


def _decode_component(raw: bytes, *, multiline: bool) -> str | None:
    """One name or value of a urlencoded string, or None when it is broken."""
    if _BROKEN_PERCENT.search(raw):
        return None
    try:
        text = unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if has_control(text, multiline=multiline) else text


def bad_urlencoded(raw: bytes, *, multiline: bool = False) -> list[str]:
    """Names of the fields of a query string or form body that are broken (empty: all good)."""
    bad = []
    for part in raw.split(b"&"):
        name, _sep, value = part.partition(b"=")
        good_name = _decode_component(name, multiline=False)
        if good_name is None or _decode_component(value, multiline=multiline) is None:
            label = good_name if good_name is not None else \
                unquote_to_bytes(name.replace(b"+", b" ")).decode("utf-8", "replace")
            bad.append(_label(label))
    return bad


def bad_json_members(data: Any) -> list[str]:
    """Top-level members of a JSON document holding a control character anywhere inside
    (walked without recursion: a deeply nested document is no stack overflow)."""
    def bad(value: Any) -> bool:
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                if has_control(item, multiline=True):
                    return True
            elif isinstance(item, dict):
                if any(has_control(k) for k in item):
                    return True
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
        return False

    if isinstance(data, dict):
        return [_label(k) for k, v in data.items() if has_control(k) or bad(v)]
    return ["$"] if bad(data) else []


def _path_is_broken() -> bool:
    # PATH_INFO is the percent-decoded path as latin-1 (PEP 3333): re-decode it strictly.
    raw = request.environ.get("PATH_INFO", "")
    try:
        path = raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return True
    return has_control(path)


def _bad_form_fields() -> list[str]:
    if request.method not in _BODY_METHODS:
        return []
    if request.mimetype == "application/x-www-form-urlencoded":
        return bad_urlencoded(request.get_data(cache=True), multiline=True)
    if request.mimetype == "multipart/form-data":
        return [_label(k) for k, v in request.form.items(multi=True)
                if has_control(k) or has_control(v, multiline=True) or "\ufffd" in v]
    return []


class _TooDeep(Exception):
    """JSON nested deeper than Python's parser can follow."""


def _bad_json_fields() -> list[str]:
    if request.method not in _BODY_METHODS or not request.is_json:
        return []
    try:
        data = request.get_json(silent=True)  # invalid JSON or UTF-8: the view answers 400
    except RecursionError:
        raise _TooDeep from None
    return bad_json_members(data) if data is not None else []


def _refuse(status: int, fields: list[str], code: str = "invalid_characters"):
    from ..api.errors import error_response

    api = wants_json()
    if status == 404:
        if api:
            return error_response(404, "not_found", error_title(404))
        return error_page(404)
    if code == "invalid_json":
        message = _("Kirim objek JSON.")
        field_message = message
    else:
        message = _("Isian berisi karakter yang tidak diizinkan (karakter kendali atau "
                    "pengodean yang rusak). Hapus karakter itu, lalu kirim lagi.")
        field_message = _("Berisi karakter yang tidak diizinkan.")
    if api:
        return error_response(status, code, message, {name: field_message for name in fields})
    return error_page(status, message)


def check_request():
    """before_request: refuse broken input before anything reads it."""
    if _path_is_broken():
        return _refuse(404, [])
    if request.blueprint == "hooks":
        # Webhooks check the platform's signature over the raw body first, and clean the text
        # themselves: a refusal here would answer an unsigned request, and make Meta or
        # Telegram retry a genuine message with a control character in it for days.
        return None
    bad = bad_urlencoded(request.query_string) if request.query_string else []
    if bad:
        return _refuse(400, bad)
    bad = _bad_form_fields()
    if bad:
        return _refuse(400, bad)
    try:
        bad = _bad_json_fields()
    except _TooDeep:
        return _refuse(400, ["$"], code="invalid_json")
    if bad:
        return _refuse(422, bad)
    return None


def init_app(app: Flask) -> None:
    # First of all before_request hooks (CSRF, rate limits, logins read the request after it).
    app.before_request_funcs.setdefault(None, []).insert(0, check_request)


# --- values the views read ---------------------------------------------------------------------

def parse_id(raw: object) -> int | None:
    """An id typed into a form or filter: ASCII digits, 1..MAX_ID, else None (never an
    overflow inside the database, never a ValueError on "²")."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 1 <= raw <= MAX_ID else None
    if not isinstance(raw, str):
        return None
    text = raw.strip(" \t")
    if not re.fullmatch(r"[0-9]{1,10}", text):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def page_number() -> int:
    """The ?page= of a list: 1 when missing or not a number, at most 10,000."""
    try:
        return max(1, min(int(request.args.get("page", "1")), 10_000))
    except ValueError:
        return 1


def coerce_id(raw: object) -> int | None:
    """WTForms `coerce=` for select fields whose values are ids (None when not an id)."""
    return parse_id(raw)


def safe_next(target: str | None, default: str = "/") -> str:
    """A `next=` target made safe to redirect to: a path on this site, or `default`.

    Refused: schemes and hosts (`https://x`, `//x`, `javascript:`), backslashes (browsers read
    `/\\x` as `//x`), control characters (CR/LF would split the header; browsers drop tabs, so
    `/\\t/x` is `//x`), and the same once percent-decoded."""
    if not target or not isinstance(target, str) or len(target) > 2000:
        return default
    for candidate in (target, unquote(target)):
        if has_control(candidate) or "\\" in candidate:
            return default
        if not candidate.startswith("/") or candidate.startswith("//"):
            return default
        parts = urlsplit(candidate)
        if parts.scheme or parts.netloc:
            return default
    return target
