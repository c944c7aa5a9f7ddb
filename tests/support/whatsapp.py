"""Webhook payloads in the format Meta documents for the WhatsApp Cloud API, signed like Meta
signs them, and the error bodies its Graph API answers with.

    body = notification(text_message("6281234567890", "syarat ktp", "wamid.1"))
    client.post("/hooks/whatsapp", data=body, headers=signed(body, SECRET))
"""
from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

PHONE_NUMBER_ID = "106540352242922"
DISPLAY_NUMBER = "15550783881"
WABA_ID = "102290129340398"
APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"
TOKEN = "EAAtesttoken-never-logged"
TIMESTAMP = "1764768000"  # 2025-12-03 13:20 UTC, as Meta sends it: a string of seconds


def config(api_base: str = "http://127.0.0.1:9") -> dict[str, Any]:
    """The settings that switch the channel and the webhook on."""
    return {"WHATSAPP_API_BASE": api_base, "WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
            "WHATSAPP_TOKEN": TOKEN, "WHATSAPP_APP_SECRET": APP_SECRET,
            "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN, "WHATSAPP_TEMPLATE": "mpp_kabar",
            "WHATSAPP_TEMPLATE_LANGUAGE": "id", "NOTIFY_HTTP_TIMEOUT": 5.0}


def _message(sender: str, message_id: str, kind: str, **content: Any) -> dict[str, Any]:
    return {"from": sender, "id": message_id, "timestamp": TIMESTAMP, "type": kind, **content}


def text_message(sender: str, text: str, message_id: str) -> dict[str, Any]:
    return _message(sender, message_id, "text", text={"body": text})


def button_reply(sender: str, ident: str, title: str, message_id: str,
                 context_id: str = "wamid.ours") -> dict[str, Any]:
    return _message(sender, message_id, "interactive",
                    context={"from": DISPLAY_NUMBER, "id": context_id},
                    interactive={"type": "button_reply",
                                 "button_reply": {"id": ident, "title": title}})


def list_reply(sender: str, ident: str, title: str, message_id: str,
               description: str = "") -> dict[str, Any]:
    row = {"id": ident, "title": title}
    if description:
        row["description"] = description
    return _message(sender, message_id, "interactive",
                    context={"from": DISPLAY_NUMBER, "id": "wamid.ours"},
                    interactive={"type": "list_reply", "list_reply": row})


def quick_reply(sender: str, text: str, message_id: str) -> dict[str, Any]:
    """A tap on a template's quick-reply button."""
    return _message(sender, message_id, "button",
                    context={"from": DISPLAY_NUMBER, "id": "wamid.template"},
                    button={"text": text, "payload": text})


def image_message(sender: str, message_id: str) -> dict[str, Any]:
    return _message(sender, message_id, "image", image={
        "caption": "", "mime_type": "image/jpeg", "sha256": "a" * 64, "id": "1234567890"})


def location_message(sender: str, message_id: str) -> dict[str, Any]:
    return _message(sender, message_id, "location", location={
        "latitude": -5.0052, "longitude": 119.5720, "name": "MPP Maros"})


def reaction_message(sender: str, message_id: str) -> dict[str, Any]:
    return _message(sender, message_id, "reaction",
                    reaction={"message_id": "wamid.ours", "emoji": "\U0001F44D"})


def status(message_id: str, state: str = "delivered", recipient: str = "6281234567890",
           errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"id": message_id, "status": state, "timestamp": TIMESTAMP,
                            "recipient_id": recipient}
    if state != "read":
        item["conversation"] = {"id": "c0ffee", "origin": {"type": "service"}}
        item["pricing"] = {"billable": True, "pricing_model": "CBP", "category": "service"}
    if errors:
        item["errors"] = errors
    return item


def notification(*messages: dict[str, Any], statuses: list[dict[str, Any]] | None = None,
                 profile_name: str = "Siti Aminah",
                 phone_number_id: str = PHONE_NUMBER_ID) -> bytes:
    """The POST body of one webhook notification (field "messages")."""
    value: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": DISPLAY_NUMBER, "phone_number_id": phone_number_id},
    }
    if messages:
        senders = list(dict.fromkeys(m["from"] for m in messages))
        value["contacts"] = [{"profile": {"name": profile_name}, "wa_id": s} for s in senders]
        value["messages"] = list(messages)
    if statuses:
        value["statuses"] = statuses
    return json.dumps({"object": "whatsapp_business_account", "entry": [
        {"id": WABA_ID, "changes": [{"value": value, "field": "messages"}]}]}).encode()


def signature(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signed(body: bytes, secret: str = APP_SECRET) -> dict[str, str]:
    return {"X-Hub-Signature-256": signature(body, secret), "Content-Type": "application/json"}


def sent_answer(message_id: str = "wamid.HBgLNjI4MTIzNDU2Nzg5MBUCABEYEjQ1") -> dict[str, Any]:
    """What the Graph API answers to a send that was accepted."""
    return {"messaging_product": "whatsapp",
            "contacts": [{"input": "6281234567890", "wa_id": "6281234567890"}],
            "messages": [{"id": message_id}]}


def error_answer(code: int, message: str = "(#%d) Error", details: str = "") -> dict[str, Any]:
    """A Graph API error body, as Meta sends it with the HTTP error status."""
    error: dict[str, Any] = {"message": message % code if "%d" in message else message,
                             "type": "OAuthException", "code": code,
                             "fbtrace_id": "AbCdEfGhIjKlMnOp"}
    if details:
        error["error_data"] = {"messaging_product": "whatsapp", "details": details}
    return {"error": error}
