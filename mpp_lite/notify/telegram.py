"""Telegram bot: notifications and chat replies.

    POST {TELEGRAM_API_BASE}/bot{TELEGRAM_BOT_TOKEN}/sendMessage
    {"chat_id": …, "text": …, "disable_web_page_preview": true, "reply_markup": …}

A chat reply that offers numbered choices carries a one-time reply keyboard, one button per
choice labelled "1. …" (the text lists the choices too, so nothing depends on the buttons).
A tapped button arrives as that label; hooks/telegram.py turns it back into the digit the
person could have typed. A reply without choices removes a keyboard left over from an earlier
question; notifications leave the keyboard alone.

Errors, from the Bot API's answer ({"ok": false, "error_code", "description", "parameters"}):
- 2xx with ok: sent.
- 403 (bot blocked by the user, user deactivated, bot kicked, cannot initiate a conversation)
  and 400 "chat not found": permanent, and the subscription is dropped.
- 429 (flood control; parameters.retry_after seconds), 5xx, no answer: retried with backoff.
- 401/404 (a wrong or revoked token): permanent without dropping anything, so the next channel
  takes over and the subscriptions survive until the token is fixed.
- Other 400s (a text Telegram refuses): permanent.
The token is part of the URL: neither the URL nor Telegram's free-text description goes into
an error text or a log; errors are the HTTP status and a known reason.
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from . import http
from .channels import Outgoing, Result, clip, with_link

# A reply keyboard is offered for at most this many choices; longer labels are shortened (the
# hook matches a tapped button against the same shortened label).
MAX_BUTTONS = 10
BUTTON_LABEL = 60
# Telegram's descriptions that mean the chat can no longer be reached by this bot.
_GONE = (
    ("blocked", re.compile(r"bot was blocked by the user", re.I)),
    ("deactivated", re.compile(r"user is deactivated", re.I)),
    ("kicked", re.compile(r"bot was kicked", re.I)),
    ("cannot initiate", re.compile(r"can't initiate conversation", re.I)),
    ("chat not found", re.compile(r"chat not found", re.I)),
)


def enabled(config: Mapping[str, Any]) -> bool:
    return bool(config.get("TELEGRAM_BOT_TOKEN"))


def method_url(config: Mapping[str, Any], method: str) -> str:
    """The Bot API URL of `method`. It holds the token: never log it or show it."""
    base = str(config.get("TELEGRAM_API_BASE") or "https://api.telegram.org").rstrip("/")
    return f"{base}/bot{config['TELEGRAM_BOT_TOKEN']}/{method}"


def call(config: Mapping[str, Any], method: str, payload: dict[str, Any]) -> http.Response:
    """One Bot API call (sendMessage, setWebhook, getWebhookInfo…)."""
    return http.request("POST", method_url(config, method), json=payload,
                        timeout=float(config.get("NOTIFY_HTTP_TIMEOUT", 10.0)))


def button_label(number: int, choice: str) -> str:
    """The text of a reply-keyboard button, which is also what Telegram sends back."""
    label = " ".join(f"{number}. {choice}".split())
    return label if len(label) <= BUTTON_LABEL else label[: BUTTON_LABEL - 1].rstrip() + "…"


def chat_id(address: str) -> int | str:
    """Telegram chat ids are integers (negative for groups); usernames (@channel) stay text."""
    return int(address) if re.fullmatch(r"-?\d{1,20}", address or "") else address


def payload(message: Outgoing) -> dict[str, Any]:
    """The JSON body of sendMessage."""
    body: dict[str, Any] = {"chat_id": chat_id(message.address),
                            "text": clip(with_link(message), "telegram"),
                            "disable_web_page_preview": True}
    if message.kind != "reply":
        return body
    choices = [c.strip() for c in message.choices if c and c.strip()]
    if choices and len(choices) <= MAX_BUTTONS:
        body["reply_markup"] = {
            "keyboard": [[{"text": button_label(i, choice)}] for i, choice in enumerate(choices, 1)],
            "one_time_keyboard": True, "resize_keyboard": True}
    else:
        body["reply_markup"] = {"remove_keyboard": True}
    return body


def _answer(response: http.Response) -> tuple[bool | None, str, int | None]:
    """(ok, description, retry_after) from the Bot API's JSON answer."""
    data = response.json()
    if not isinstance(data, dict):
        return None, "", None
    ok = data.get("ok") if isinstance(data.get("ok"), bool) else None
    description = data.get("description") if isinstance(data.get("description"), str) else ""
    parameters = data.get("parameters") if isinstance(data.get("parameters"), dict) else {}
    retry_after = parameters.get("retry_after")
    if isinstance(retry_after, bool) or not isinstance(retry_after, int) or retry_after < 0:
        retry_after = None
    return ok, description, retry_after


def classify(response: http.Response) -> Result:
    """Sent, retry later, give up (and fall back), or give up and drop the subscription."""
    if response.status == 0:
        return http.result(response)
    ok, description, retry_after = _answer(response)
    status = response.status
    if 200 <= status < 300:
        if ok is False:  # not documented, but then nothing was sent
            return Result(ok=False, error=f"HTTP {status}: ok false")
        return Result(ok=True)
    error = f"HTTP {status}"
    if status == 403 or status == 400:
        for reason, pattern in _GONE:
            if pattern.search(description):
                return Result(ok=False, permanent=True, drop_subscription=True,
                              error=f"{error}: {reason}")
        if status == 403:
            return Result(ok=False, permanent=True, drop_subscription=True,
                          error=f"{error}: forbidden")
        return Result(ok=False, permanent=True, error=f"{error}: bad request")
    if status in (401, 404):
        return Result(ok=False, permanent=True, error=f"{error}: bot token")
    if status == 429:
        wait = f", retry after {retry_after} s" if retry_after is not None else ""
        return Result(ok=False, error=f"{error}: flood control{wait}",
                      retry_after=float(retry_after or 0))
    return http.result(response)


def send(message: Outgoing, config: Mapping[str, Any]) -> Result:
    if not enabled(config):
        return Result(ok=False, permanent=True, error="Telegram is not configured")
    return classify(call(config, "sendMessage", payload(message)))
