"""What every delivery channel offers the worker: `enabled(config)` and `send(message,
config) -> Result`. The channels themselves are the modules push, whatsapp, telegram and sms
of this package; a channel whose settings are missing is simply not enabled."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Mapping

from ..models import NOTIFY_CHANNELS

# The longest text a message may have: WhatsApp and Telegram take 4,096 characters; SMS
# gateways split long texts into several (paid) parts, so notifications stay short anyway.
MAX_TEXT = {"push": 400, "whatsapp": 4096, "telegram": 4096, "sms": 320}


@dataclass
class Outgoing:
    """One message ready to go: text in the recipient's language, already within the
    channel's limit, and where it goes."""

    channel: str
    text: str
    address: str                      # push endpoint, phone (62…), Telegram chat id
    kind: str = "notification"        # or "reply" (a chat answer)
    url: str = ""                     # the page with the whole story (absolute)
    title: str = ""                   # push: the notification's title (the MPP's name)
    site_name: str = ""               # WhatsApp template parameter
    keys: dict[str, Any] = field(default_factory=dict)  # push: p256dh, auth
    language: str = "id"
    tag: str = ""                     # push: a newer notification replaces an older one
    # WhatsApp: free text is allowed only within 24 hours of the person's last message;
    # outside it a template is sent.
    in_window: bool = False
    # Chat replies: numbered choices the channel may show as buttons (the text has them too).
    choices: list[str] = field(default_factory=list)


@dataclass
class Result:
    ok: bool
    # Retrying cannot help (a 4xx refusal, a bad address): give up and fall back at once.
    permanent: bool = False
    # The address itself is gone (push endpoint 404/410, bot blocked, number not on
    # WhatsApp): the subscription is dropped.
    drop_subscription: bool = False
    error: str = ""  # short and free of personal data: "HTTP 503", "timeout", an error code
    # Seconds the service asked us to wait before trying again (Telegram's 429 retry_after):
    # the next attempt is no sooner than this, whatever the backoff says.
    retry_after: float = 0


def module(name: str) -> ModuleType:
    if name not in NOTIFY_CHANNELS:
        raise KeyError(name)
    return importlib.import_module(f"{__package__}.{name}")


def enabled(name: str, config: Mapping[str, Any]) -> bool:
    return bool(module(name).enabled(config))


def enabled_channels(config: Mapping[str, Any]) -> list[str]:
    return [name for name in NOTIFY_CHANNELS if enabled(name, config)]


def site_order(site_channels: str, config: Mapping[str, Any]) -> list[str]:
    """The site's fallback order (Site.notify_channels), keeping only enabled channels."""
    wanted = [c.strip() for c in (site_channels or "").split(",") if c.strip()]
    on = set(enabled_channels(config))
    seen: list[str] = []
    for name in wanted:
        if name in on and name not in seen:
            seen.append(name)
    return seen


def with_link(message: Outgoing) -> str:
    """The text, with the page's link at the end when the text does not carry it yet (chat
    channels show the link in the text; push carries it apart)."""
    if not message.url or message.url in message.text:
        return message.text
    return f"{message.text}\n{message.url}"


def clip(text: str, channel: str) -> str:
    limit = MAX_TEXT[channel]
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
