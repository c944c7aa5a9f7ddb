"""SMS through the HTTP gateway the MPP already pays for (Zenziva, Twilio, a provincial
gateway…), described entirely by settings:

- SMS_URL: the URL, a template. Placeholders are replaced by URL-encoded values:
  {phone} 6281234567890, {phone_plus} +6281234567890, {phone_local} 081234567890,
  {text} the message, {sender} SMS_SENDER (the sender id, if the gateway wants one).
- SMS_METHOD: GET (everything in the URL) or POST.
- SMS_BODY (POST): the body, a template with the same placeholders, whose values are encoded
  for SMS_CONTENT_TYPE: application/x-www-form-urlencoded (form-encoded), application/json
  (JSON-escaped: write "{text}" inside the quotes), application/xml or text/xml
  (XML-escaped); any other type gets the values as they are.
- SMS_USERNAME/SMS_PASSWORD: HTTP Basic authentication; SMS_HEADERS: extra headers (a dict,
  or a JSON object in the environment: MPP_SMS_HEADERS='{"X-Api-Key": "…"}').
- SMS_OK_TEXT (optional): for gateways that answer 200 even when they refused (an empty
  balance, a bad number), the text a successful answer contains, e.g. "Success".

Only the placeholders above are replaced, so a JSON body's own braces stay as they are.
Texts are at most 320 characters (two SMS parts) and written with characters every phone
shows (GSM-7: typographic quotes, dashes and the ellipsis become their plain forms, accents
are dropped, emoji removed).

Errors: 2xx (with SMS_OK_TEXT when set, matched ignoring case) is sent; no answer,
408/425/429 and 5xx are retried; other 4xx are permanent, and so is a 2xx without SMS_OK_TEXT
("gateway refused"): the gateway took the request, and sending it again could be a second paid
SMS, so the next channel in the site's order is tried instead. SMS has no reliable "this number is
gone", so subscriptions are never dropped. Error texts never hold the URL, the number or the
gateway's answer.
"""
from __future__ import annotations

import json
import re
import unicodedata
from typing import Any, Mapping
from urllib.parse import quote, quote_plus
from xml.sax.saxutils import escape as xml_escape

from . import http
from .channels import MAX_TEXT, Outgoing, Result

PLACEHOLDERS = ("phone", "phone_plus", "phone_local", "text", "sender")
FORM = "application/x-www-form-urlencoded"
# GSM 03.38 default alphabet and its extension table (characters a phone shows in a 7-bit SMS).
GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
    "^{}\\[~]|€")
TYPOGRAPHIC = str.maketrans({
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "…": "...", "•": "-", "·": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
    "\u200b": "", "\u200d": "", "\ufe0f": "", "\t": " ", "×": "x", "÷": "/",
})


def enabled(config: Mapping[str, Any]) -> bool:
    return bool(config.get("SMS_URL"))


def _setting(config: Mapping[str, Any], name: str) -> str:
    """A text setting. from_prefixed_env reads JSON, so MPP_SMS_PASSWORD=1234 is an int."""
    value = config.get(name)
    return "" if value is None else str(value)


def plain_text(text: str) -> str:
    """The text in characters of the GSM-7 alphabet (one SMS part is 160 of them; a single
    other character would make it 70)."""
    text = text.translate(TYPOGRAPHIC)
    out = []
    for char in text:
        if char in GSM7:
            out.append(char)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char)
                       if not unicodedata.combining(c))
        out.append("".join(c for c in base if c in GSM7))
    lines = (re.sub(r" {2,}", " ", line).strip() for line in "".join(out).split("\n"))
    return "\n".join(lines).strip()


def message_text(message: Outgoing) -> str:
    """Within 320 characters, ending with the page's link (never cut) when there is one."""
    limit = MAX_TEXT["sms"]
    text = plain_text(message.text)
    link = message.url if message.url and len(message.url) <= limit // 2 else ""
    if link:
        text = " ".join(text.replace(link, " ").split(" ")).strip()
        text = re.sub(r" {2,}", " ", text)
    room = limit - (len(link) + 1 if link else 0)
    if len(text) > room:
        text = text[: room - 3].rstrip() + "..."
    return f"{text} {link}" if link else text


def _values(message: Outgoing, config: Mapping[str, Any]) -> dict[str, str]:
    phone = message.address
    return {"phone": phone, "phone_plus": f"+{phone}",
            "phone_local": "0" + phone[2:] if phone.startswith("62") else phone,
            "text": message_text(message), "sender": _setting(config, "SMS_SENDER")}


def fill(template: str, values: Mapping[str, str], encode) -> str:
    """`template` with each {placeholder} replaced by its encoded value; other braces stay."""
    for name in PLACEHOLDERS:
        template = template.replace("{" + name + "}", encode(values.get(name, "")))
    return template


def _json_value(value: str) -> str:
    return json.dumps(value)[1:-1]


def body_encoder(content_type: str):
    kind = content_type.split(";")[0].strip().lower()
    if kind == FORM:
        return lambda value: quote_plus(value, safe="")
    if kind == "application/json" or kind.endswith("+json"):
        return _json_value
    if kind in ("application/xml", "text/xml"):
        return lambda value: xml_escape(value, {'"': "&quot;", "'": "&apos;"})
    return lambda value: value


def headers_setting(config: Mapping[str, Any]) -> dict[str, str]:
    """SMS_HEADERS as a dict of text (a JSON object from the environment is parsed)."""
    raw = config.get("SMS_HEADERS") or {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise ValueError("SMS_HEADERS is not a JSON object") from None
    if not isinstance(raw, dict):
        raise ValueError("SMS_HEADERS is not a JSON object")
    return {str(k): str(v) for k, v in raw.items()}


def build_request(message: Outgoing, config: Mapping[str, Any]) -> dict[str, Any]:
    """method, url, data, headers and basic_auth of the gateway request (ValueError when the
    settings cannot make one)."""
    values = _values(message, config)
    method = (_setting(config, "SMS_METHOD") or "POST").upper()
    if method not in ("GET", "POST"):
        raise ValueError("SMS_METHOD must be GET or POST")
    url = fill(_setting(config, "SMS_URL"), values, lambda value: quote(value, safe=""))
    headers = headers_setting(config)
    data = None
    if method == "POST":
        content_type = _setting(config, "SMS_CONTENT_TYPE") or FORM
        data = fill(_setting(config, "SMS_BODY"), values, body_encoder(content_type))
        if content_type.split(";")[0].strip().lower() == "application/json":
            try:
                json.loads(data)
            except ValueError:
                raise ValueError("SMS_BODY is not valid JSON") from None
        if not any(name.lower() == "content-type" for name in headers):
            headers["Content-Type"] = content_type if "charset" in content_type \
                else f"{content_type}; charset=utf-8"
    username, password = _setting(config, "SMS_USERNAME"), _setting(config, "SMS_PASSWORD")
    return {"method": method, "url": url, "data": data.encode() if data is not None else None,
            "headers": headers, "basic_auth": (username, password) if username else None}


def classify(response: http.Response, ok_text: str = "") -> Result:
    """http.result, and a 2xx answer without `ok_text` (any case) is a refusal that is not
    retried: the gateway accepted the request, and a retry may send (and bill) a second SMS."""
    result = http.result(response)
    if result.ok and ok_text and ok_text.casefold() not in _answer_text(response.body):
        return Result(ok=False, permanent=True, error=f"HTTP {response.status}: gateway refused")
    return result


def _answer_text(body: bytes) -> str:
    return (body or b"").decode("utf-8", "replace").casefold()


def send(message: Outgoing, config: Mapping[str, Any]) -> Result:
    if not enabled(config):
        return Result(ok=False, permanent=True, error="SMS is not configured")
    try:
        prepared = build_request(message, config)
    except ValueError as error:  # a settings mistake: the text names the setting only
        return Result(ok=False, permanent=True, error=str(error))
    response = http.request(prepared["method"], prepared["url"], data=prepared["data"],
                            headers=prepared["headers"], basic_auth=prepared["basic_auth"],
                            timeout=float(config.get("NOTIFY_HTTP_TIMEOUT", 10.0)))
    return classify(response, _setting(config, "SMS_OK_TEXT"))
