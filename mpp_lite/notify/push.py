"""Web Push (VAPID, RFC 8030/8291/8292) through pywebpush: the message is encrypted for the
browser's subscription (aes128gcm) and posted to its push service with a VAPID signature.

The endpoint URL identifies one browser: it is personal data, never logged, never put into a
result's error text."""
from __future__ import annotations

import json
from typing import Any, Mapping

import requests
from pywebpush import WebPushException, webpush

from .channels import Outgoing, Result
from .http import Response, result

# How long the push service keeps a message for a phone that is off: a queue or document
# notice older than this is no longer worth showing.
TTL_SECONDS = 4 * 3600


def enabled(config: Mapping[str, Any]) -> bool:
    return bool(config.get("VAPID_PUBLIC_KEY") and config.get("VAPID_PRIVATE_KEY")
                and config.get("VAPID_SUBJECT"))


def payload(message: Outgoing) -> str:
    """What the service worker (static/sw.js, the "push" event) reads."""
    return json.dumps({"title": message.title, "body": message.text, "url": message.url,
                       "tag": message.tag}, ensure_ascii=False)


def send(message: Outgoing, config: Mapping[str, Any]) -> Result:
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
