"""Web Push (VAPID, RFC 8030/8291/8292) through pywebpush: the message is encrypted for the
browser's subscription (aes128gcm) and posted to its push service with a VAPID signature.

The endpoint URL identifies one browser: it is personal data, never logged, never put into a
result's error text."""
from __future__ import annotations

import json
import ipaddress
from typing import Any, Mapping
from urllib.parse import urlsplit

import requests
from pywebpush import WebPushException, webpush

from .channels import Outgoing, Result
from .http import Response, result

# How long the push service keeps a message for a phone that is off: a queue or document
# notice older than this is no longer worth showing.
TTL_SECONDS = 4 * 3600


# The push services of the browsers (Chrome/Edge/Android: FCM; Firefox: Mozilla autopush;
# Windows: WNS; Safari: Apple). A subscription's endpoint elsewhere is refused and never
# posted to: the server would otherwise send requests wherever a visitor pointed it (SSRF).
PUSH_HOSTS = ("fcm.googleapis.com", "updates.push.services.mozilla.com", "web.push.apple.com")
PUSH_HOST_SUFFIXES = (".push.services.mozilla.com", ".notify.windows.com", ".push.apple.com")
LOOPBACK = ("localhost",)


def extra_hosts(config: Mapping[str, Any]) -> set[str]:
    """PUSH_EXTRA_HOSTS: more push service hosts, a list (or, from the environment, a JSON list
    or a comma-separated text)."""
    raw = config.get("PUSH_EXTRA_HOSTS") or ()
    if isinstance(raw, str):
        raw = raw.split(",")
    if not isinstance(raw, (list, tuple, set, frozenset)):
        return set()
    return {str(h).strip().lower().rstrip(".") for h in raw if str(h).strip()}


def _loopback(host: str) -> bool:
    if host in LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def endpoint_allowed(endpoint: str, config: Mapping[str, Any]) -> bool:
    """Whether `endpoint` is an https URL of a known push service (PUSH_HOSTS, a subdomain in
    PUSH_HOST_SUFFIXES, or a host in PUSH_EXTRA_HOSTS), without user or password. Plain http
    only for a loopback host listed in PUSH_EXTRA_HOSTS (a local push service in tests)."""
    if not isinstance(endpoint, str) or not endpoint or any(
            c.isspace() or ord(c) < 32 for c in endpoint):
        return False
    try:
        parts = urlsplit(endpoint)
        parts.port  # noqa: B018 (a port that is not a number raises ValueError)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if parts.username is not None or parts.password is not None or not host:
        return False
    extra = extra_hosts(config)
    if parts.scheme == "http":
        return host in extra and _loopback(host)
    if parts.scheme != "https":
        return False
    return host in PUSH_HOSTS or host in extra or any(
        host.endswith(suffix) and len(host) > len(suffix) for suffix in PUSH_HOST_SUFFIXES)


def enabled(config: Mapping[str, Any]) -> bool:
    return bool(config.get("VAPID_PUBLIC_KEY") and config.get("VAPID_PRIVATE_KEY")
                and config.get("VAPID_SUBJECT"))


def payload(message: Outgoing) -> str:
    """What the service worker (static/sw.js, the "push" event) reads."""
    return json.dumps({"title": message.title, "body": message.text, "url": message.url,
                       "tag": message.tag}, ensure_ascii=False)


def send(message: Outgoing, config: Mapping[str, Any]) -> Result:
    if not endpoint_allowed(message.address, config):
        # Stored before the check existed, or PUSH_EXTRA_HOSTS changed: never posted to.
        return Result(ok=False, permanent=True, drop_subscription=True,
                      error="endpoint not a known push service")
    keys = message.keys or {}
    info = {"endpoint": message.address,
            "keys": {"p256dh": str(keys.get("p256dh", "")), "auth": str(keys.get("auth", ""))}}
    try:
        answer = webpush(info, data=payload(message),
                         vapid_private_key=config["VAPID_PRIVATE_KEY"],
                         vapid_claims={"sub": config["VAPID_SUBJECT"]},
                         timeout=float(config.get("NOTIFY_HTTP_TIMEOUT") or 10.0),
                         ttl=TTL_SECONDS, headers={"Urgency": "high"})
    except WebPushException as error:
        if error.response is None:  # refused before sending: keys that cannot be used
            return Result(ok=False, permanent=True, drop_subscription=True,
                          error="invalid subscription")
        return result(Response(error.response.status_code), gone=(404, 410))
    except requests.Timeout:
        return Result(ok=False, error="timeout")
    except requests.RequestException:
        return Result(ok=False, error="network")
    except (ValueError, TypeError):  # keys that do not decode or are not a P-256 point
        return Result(ok=False, permanent=True, drop_subscription=True,
                      error="invalid subscription")
    return result(Response(answer.status_code), gone=(404, 410))
