"""WhatsApp Business (Meta's Cloud API): notifications and chat replies.

    POST {WHATSAPP_API_BASE}/{WHATSAPP_PHONE_NUMBER_ID}/messages
    Authorization: Bearer {WHATSAPP_TOKEN}

Within 24 hours of the person's last message (the "customer service window"; chat replies are
always inside it) the message is free text, or interactive buttons/list when a chat reply
offers a few numbered choices (the text lists them too, so nothing depends on the buttons).
Outside the window WhatsApp accepts only an approved template: WHATSAPP_TEMPLATE in
WHATSAPP_TEMPLATE_LANGUAGE, a "utility" template whose body has two parameters, the MPP's name
and the message (README "WhatsApp" gives the text to register).

Errors, from Meta's error codes (the `error.code` of the answer's JSON):
- 2xx: sent.
- HTTP 429/5xx, no answer, and Meta's throttling and "try again" codes: retried with backoff.
- 131026 (undeliverable: the number is not on WhatsApp or cannot receive): permanent, and the
  subscription is dropped.
- 131047 (more than 24 hours since the person's last message), 131051 (unsupported message
  type), 131030 (number not in the test allow-list) and the template errors (132xxx): permanent,
  so the next channel in the site's order takes over; the subscription stays.
- A bad or expired token or missing permission (HTTP 401/403, codes 0, 3, 10, 190, 200-299,
  131005, 131031): permanent *without* dropping anything: the message shows as failed in the
  managers' view with "token"/"permission" and the code, the next channel takes over, and the
  subscriptions survive until the token is fixed. Retrying would only delay the fallback.
Error texts are the HTTP status and Meta's numeric code; never the token, the number or Meta's
message text.
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from . import http
from .channels import Outgoing, Result, clip, with_link

# Meta's codes (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes).
RETRY_CODES = frozenset({
    1, 2,            # API unknown / service temporarily unavailable
    4, 80007,        # application / WhatsApp Business Account rate limit
    130429,          # Cloud API throughput reached
    131000,          # something went wrong
    131016,          # service unavailable
    131048,          # spam rate limit hit
    131056,          # too many messages to the same number in a short time
    133004,          # server temporarily unavailable
})
GONE_CODES = frozenset({131026})  # message undeliverable: not on WhatsApp, cannot receive
AUTH_CODES = frozenset({0, 3, 10, 190, 131005, 131031})  # token, permission, account locked
OUTSIDE_WINDOW = 131047

# Interactive messages: at most 3 reply buttons (title ≤ 20 characters) or a list of at most
# 10 rows (title ≤ 24, description ≤ 72); the body of either ≤ 1,024 characters.
MAX_BUTTONS, BUTTON_TITLE = 3, 20
MAX_ROWS, ROW_TITLE, ROW_DESCRIPTION = 10, 24, 72
MAX_INTERACTIVE_BODY = 1024
# A template's whole body is at most 1,024 characters; the registered text around the two
# parameters takes under 100 of them. A parameter may not contain new lines, tabs or more
# than four spaces in a row (error 132018), so the text is flattened.
MAX_SITE_PARAMETER = 60
MAX_TEXT_PARAMETER = 900


def enabled(config: Mapping[str, Any]) -> bool:
    return bool(config.get("WHATSAPP_TOKEN") and config.get("WHATSAPP_PHONE_NUMBER_ID"))


def messages_url(config: Mapping[str, Any]) -> str:
    return f"{str(config['WHATSAPP_API_BASE']).rstrip('/')}/{config['WHATSAPP_PHONE_NUMBER_ID']}" \
        "/messages"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def template_parameter(text: str, limit: int) -> str:
    """Text fit for a template parameter: one line, no runs of spaces, within `limit`."""
    flat = " ".join(part.strip() for part in re.split(r"[\r\n\t]+", text) if part.strip())
    flat = re.sub(r" {2,}", " ", flat)
    return _short(flat, limit) or "-"


def _interactive(message: Outgoing, text: str) -> dict[str, Any] | None:
    """Reply buttons or a list for a chat reply's numbered choices (their ids are the digits
    the person could have typed, so the engine reads a tap as that digit)."""
    choices = [c.strip() for c in message.choices if c and c.strip()]
    if message.kind != "reply" or not choices or len(text) > MAX_INTERACTIVE_BODY:
        return None
    if len(choices) <= MAX_BUTTONS and all(len(c) <= BUTTON_TITLE for c in choices):
        return {"type": "button", "body": {"text": text}, "action": {"buttons": [
            {"type": "reply", "reply": {"id": str(i), "title": choice}}
            for i, choice in enumerate(choices, 1)]}}
    if len(choices) <= MAX_ROWS:
        rows = []
        for i, choice in enumerate(choices, 1):
            row = {"id": str(i), "title": _short(f"{i}. {choice}", ROW_TITLE)}
            if len(f"{i}. {choice}") > ROW_TITLE:
                row["description"] = _short(choice, ROW_DESCRIPTION)
            rows.append(row)
        button = "Choose" if message.language == "en" else "Pilih"
        return {"type": "list", "body": {"text": text},
                "action": {"button": button, "sections": [{"rows": rows}]}}
    return None


def payload(message: Outgoing, config: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON body of the send request."""
    base = {"messaging_product": "whatsapp", "recipient_type": "individual",
            "to": message.address}
    body = with_link(message)
    text = clip(body, "whatsapp")
    if message.kind == "reply" or message.in_window:
        interactive = _interactive(message, text)
        if interactive is not None:
            return {**base, "type": "interactive", "interactive": interactive}
        return {**base, "type": "text", "text": {"body": text, "preview_url": True}}
    site = template_parameter(message.site_name or message.title or "MPP", MAX_SITE_PARAMETER)
    return {**base, "type": "template", "template": {
        "name": config["WHATSAPP_TEMPLATE"],
        "language": {"code": config.get("WHATSAPP_TEMPLATE_LANGUAGE") or "id"},
        "components": [{"type": "body", "parameters": [
            {"type": "text", "text": site},
            {"type": "text", "text": template_parameter(body, MAX_TEXT_PARAMETER)},
        ]}],
    }}


def error_code(response: http.Response) -> int | None:
    data = response.json()
    error = data.get("error") if isinstance(data, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    if isinstance(code, bool) or not isinstance(code, (int, str)):
        return None
    try:
        return int(code)
    except ValueError:
        return None


def classify(response: http.Response) -> Result:
    """Sent, retry later, give up (and fall back), or give up and drop the subscription."""
    if 200 <= response.status < 300 or response.status == 0:
        return http.result(response)
    code = error_code(response)
    error = f"HTTP {response.status}" + (f" code {code}" if code is not None else "")
    if code in GONE_CODES:
        return Result(ok=False, permanent=True, drop_subscription=True,
                      error=f"{error}: not on WhatsApp")
    if code == OUTSIDE_WINDOW:
        return Result(ok=False, permanent=True, error=f"{error}: outside the 24-hour window")
    if code in AUTH_CODES or (code is not None and 200 <= code <= 299) \
            or response.status in (401, 403):
        return Result(ok=False, permanent=True, error=f"{error}: token or permission")
    if code in RETRY_CODES or response.status in (408, 425, 429) or response.status >= 500:
        return Result(ok=False, error=error)
    if code is not None and 132000 <= code < 133000:
        return Result(ok=False, permanent=True, error=f"{error}: template")
    return Result(ok=False, permanent=True, error=error)


def send(message: Outgoing, config: Mapping[str, Any]) -> Result:
    if not enabled(config):
        return Result(ok=False, permanent=True, error="WhatsApp is not configured")
    response = http.request(
        "POST", messages_url(config), json=payload(message, config),
        headers={"Authorization": f"Bearer {config['WHATSAPP_TOKEN']}"},
        timeout=float(config.get("NOTIFY_HTTP_TIMEOUT", 10.0)))
    return classify(response)
