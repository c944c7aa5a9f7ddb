"""Meta's WhatsApp Cloud API webhook: /hooks/whatsapp.

GET answers Meta's verification when the webhook is registered: hub.mode=subscribe and
hub.verify_token equal to WHATSAPP_VERIFY_TOKEN → 200 with hub.challenge; otherwise 403
(404 while WhatsApp is not configured).

POST carries messages and delivery statuses. The X-Hub-Signature-256 header ("sha256=" and the
HMAC-SHA256 of the raw body with WHATSAPP_APP_SECRET) is checked before anything is parsed:
missing → 401, wrong → 403, and nothing is answered to anyone. Then each message in
entry[].changes[].value.messages goes to chat.inbox.receive(), which handles each message id
once (Meta retries deliveries) and queues the engine's answer in the outbox; the worker sends
it. Statuses (sent/delivered/read/failed of our own messages) are ignored. The reply to Meta is
200 for every signed, well-formed request, even when nothing in it concerned us, so Meta does
not retry it; a signed body that is not JSON gets 400.

What is read of a message: the text (text.body), the id of a tapped reply button or list row
(the digit of the numbered choice), or the text of a template's quick-reply button. A picture,
voice note, location and the like get a short answer asking for text. The sender's profile
name is never read or stored; the number is, as the conversation's address, so replies reach
it. Logs name senders by chat.inbox.sender_key only.

A message whose handling fails is rolled back on its own: the log names the error's type and
the sender's key, the person gets one answer (chat.inbox.answer_failure: "could not be
processed", or the ticket's number when the failed "Ya" booked one), the other messages of
the batch are handled, and Meta still gets 200.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import re
from typing import Any, Iterator

from flask import Response, abort, current_app, request
from flask_babel import gettext as _

from .. import dates
from ..chat import inbox
from ..extensions import db
from . import bp

log = logging.getLogger("mpp_lite.hooks.whatsapp")
CHANNEL = "whatsapp"
# WhatsApp ids (wa_id) are the number in international form, digits only.
_WA_ID = re.compile(r"^[0-9]{6,20}$")
# Message types read as text; the others (image, audio, video, document, sticker, location,
# contacts, order, unsupported…) get the answer asking for text. Reactions (an emoji on one of
# our messages) and system notices are not messages to answer.
_SILENT = frozenset({"reaction", "system", "ephemeral", "request_welcome"})
# Characters no person types (as in web/edge.py): removed before the text goes anywhere.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _configured(*keys: str) -> bool:
    return all(current_app.config.get(key) for key in keys)


@bp.get("/whatsapp")
def whatsapp_verify():
    """Meta's subscription handshake: echo hub.challenge for the right verify token."""
    if not _configured("WHATSAPP_VERIFY_TOKEN"):
        abort(404)
    mode = request.args.get("hub.mode", "")
    token = request.args.get("hub.verify_token", "")
    challenge = request.args.get("hub.challenge", "")
    expected = str(current_app.config["WHATSAPP_VERIFY_TOKEN"])
    if mode != "subscribe" or not challenge or len(challenge) > 200 or not hmac.compare_digest(
            token.encode(), expected.encode()):
        return Response("Forbidden", status=403, mimetype="text/plain")
    return Response(challenge, status=200, mimetype="text/plain")


def signature_ok(raw: bytes, header: str, secret: str) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return hmac.compare_digest(header.strip().lower().encode(), expected.encode())


@bp.post("/whatsapp")
def whatsapp_receive():
    """Messages and statuses from Meta, signed with the app secret."""
    if not _configured("WHATSAPP_APP_SECRET"):
        abort(404)
    raw = request.get_data(cache=False)
    header = request.headers.get("X-Hub-Signature-256", "")
    if not header:
        return Response("Missing signature", status=401, mimetype="text/plain")
    if not signature_ok(raw, header, str(current_app.config["WHATSAPP_APP_SECRET"])):
        return Response("Bad signature", status=403, mimetype="text/plain")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return Response("Malformed JSON", status=400, mimetype="text/plain")
    if not isinstance(data, dict):
        return Response("Malformed payload", status=400, mimetype="text/plain")
    now = dates.now()
    for message in incoming(data, current_app.config.get("WHATSAPP_PHONE_NUMBER_ID", "")):
        handle_safely(message, now=now)
    return Response("OK", status=200, mimetype="text/plain")


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def incoming(data: dict, phone_number_id: str = "") -> Iterator[dict]:
    """The message objects of a notification, skipping statuses, other apps' events and
    messages sent to another number of the same business account."""
    if data.get("object", "whatsapp_business_account") != "whatsapp_business_account":
        return
    for entry in _list(data.get("entry")):
        for change in _list(_dict(entry).get("changes")):
            change = _dict(change)
            if change.get("field", "messages") != "messages":
                continue
            value = _dict(change.get("value"))
            to = str(_dict(value.get("metadata")).get("phone_number_id", ""))
            if phone_number_id and to and to != str(phone_number_id):
                continue
            for message in _list(value.get("messages")):
                if isinstance(message, dict):
                    yield message


def message_text(message: dict) -> str | None:
    """What the person said, as text; None for a message that has none (a picture…); "" for
    one that needs no answer."""
    kind = message.get("type")
    if kind == "text":
        body = _dict(message.get("text")).get("body")
        return body if isinstance(body, str) else None
    if kind == "interactive":
        interactive = _dict(message.get("interactive"))
        reply = _dict(interactive.get(interactive.get("type")
                                      if interactive.get("type") in ("button_reply", "list_reply")
                                      else ""))
        ident, title = reply.get("id"), reply.get("title")
        # Our own buttons and rows carry the digit of the numbered choice as their id.
        if isinstance(ident, str) and ident.isdigit() and len(ident) <= 2:
            return ident
        if isinstance(title, str) and title.strip():
            return title
        return None
    if kind == "button":  # a quick-reply button of a template
        button = _dict(message.get("button"))
        for key in ("text", "payload"):
            if isinstance(button.get(key), str) and button[key].strip():
                return button[key]
        return None
    if kind in _SILENT:
        return ""
    return None


def handle_safely(message: dict, *, now: dt.datetime) -> bool:
    """handle(), but a message that fails is rolled back and answered with one apology (or
    its ticket's number when the failed "Ya" booked one, chat.inbox.answer_failure), so one
    bad message never makes Meta retry the whole batch."""
    try:
        return handle(message, now=now)
    except Exception as error:  # noqa: BLE001 - a poison message must not stall the others
        db.session.rollback()
        if current_app.testing:
            raise  # tests see the real traceback (as web/errors.py does)
        sender, ident = message.get("from"), message.get("id")
        # The type only: messages of exceptions can hold what the person typed.
        log.error("whatsapp: a message from %s failed: %s",
                  inbox.sender_key(CHANNEL, str(sender)), type(error).__name__)
        if isinstance(sender, str) and _WA_ID.match(sender) and isinstance(ident, str) \
                and ident.strip() and len(ident) <= 200 and "\x00" not in ident:
            try:
                return inbox.answer_failure(CHANNEL, sender, ident, now=now)
            except Exception as again:  # noqa: BLE001 - the database itself is failing
                db.session.rollback()
                log.error("whatsapp: the apology to %s failed too: %s",
                          inbox.sender_key(CHANNEL, sender), type(again).__name__)
        return False


def handle(message: dict, *, now: dt.datetime) -> bool:
    """One message: to the engine through the inbox (once per id). True when it was new."""
    sender, ident = message.get("from"), message.get("id")
    if not isinstance(sender, str) or not _WA_ID.match(sender) or not isinstance(ident, str) \
            or not ident.strip() or len(ident) > 200 or "\x00" in ident:
        log.info("whatsapp: skipped a message without a usable sender or id")
        return False
    text = message_text(message)
    if text == "":
        return False
    if text is None:
        handled = receive_without_text(sender, ident, now=now)
    else:
        handled = inbox.receive(CHANNEL, sender, ident, _CONTROL.sub("", text), now=now)
    if not handled:
        log.info("whatsapp: message from %s already handled or over the limit",
                 inbox.sender_key(CHANNEL, sender))
    return handled


def _not_text() -> str:
    return _("Maaf, saya hanya bisa membaca pesan teks. Silakan tulis pertanyaan Anda, "
             "atau ketik \"menu\".")


def receive_without_text(address: str, external_id: str, *, now: dt.datetime) -> bool:
    """A picture, voice note, location…: recorded once like any message, within the sender's
    rate limit, answered with a request for text instead of going through the engine."""
    return inbox.receive(CHANNEL, address, external_id, "", now=now, fixed_reply=_not_text)
