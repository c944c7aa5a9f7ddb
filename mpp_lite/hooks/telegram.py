"""Telegram webhook: POST /hooks/telegram, and `flask --app mpp_lite notify telegram-webhook`.

Telegram sends each Update as JSON with the secret given to setWebhook in the header
X-Telegram-Bot-Api-Secret-Token (compared in constant time: missing → 401, wrong → 403; no
secret or no bot token configured → 404, the bot is off). Telegram repeats an update until it
gets a 2xx, so every authentic update is answered 200 at once and handled once (by update_id,
in chat.inbox.receive); the reply goes through the outbox.

What is read:
- message with text; "/start <payload>" from a deep link
  t.me/<bot>?start=<payload> arrives as that text and is passed on unchanged; "/cmd@bot" is
  read as "/cmd";
- a tapped reply-keyboard button ("2. Ambil nomor antrean", see notify/telegram.py) is read as
  the digit "2" when it is one of the choices of the last reply;
- callback_query data (inline buttons, should a future reply use them) as text; the webhook's
  answer carries answerCallbackQuery so the button stops spinning;
- anything else in a private chat (photo, sticker, voice, location, contact…): a short reply
  asking for text;
- only private chats: the bot answers people, not groups or channels (a group would see
  other people's tickets), so group updates and messages from bots are ignored.
Edited messages are not read: an edit of an old "1" must not confirm today's question (a
cancellation, a booking), and an edit says nothing about which message it changed that the bot
could check cheaply. The webhook does not ask for them (allowed_updates), and an
edited_message that still arrives (a webhook set by an older version) is acknowledged without
an answer.
The person's Telegram language ("en…") starts a new conversation in English.
When handling an update fails, it is rolled back and the person still gets one answer
(chat.inbox.answer_failure): the apology, or the ticket's number when the failed "Ya" booked
one. The webhook answers 200 either way.
"""
from __future__ import annotations

import datetime as dt
import hmac
import json
import logging
import re
from typing import Any, Callable

import click
import sqlalchemy as sa
from flask import current_app, jsonify, request
from flask.cli import with_appcontext
from flask_babel import gettext as _

from ..api.errors import error_response
from ..chat.engine import LANGUAGES
from ..chat.inbox import answer_failure, receive, sender_key
from ..extensions import db
from ..models import ChatConversation, OutboxMessage
from ..notify import telegram as channel
from ..notify.cli import notify_cli
from . import bp

log = logging.getLogger("mpp_lite.hooks.telegram")

HEADER = "X-Telegram-Bot-Api-Secret-Token"
# The updates the bot asks Telegram for (setWebhook's allowed_updates).
ALLOWED_UPDATES = ["message", "callback_query"]
# Telegram's rule for secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_BUTTON = re.compile(r"^(\d{1,2})\. ")
_COMMAND_MENTION = re.compile(r"^(/\w+)@\w+")
# What a person sends that is not text: it gets a short reply asking for text.
CONTENT_KEYS = frozenset({"photo", "sticker", "voice", "audio", "video", "video_note",
                          "document", "animation", "location", "venue", "contact", "poll",
                          "dice", "story"})


class BadUpdate(ValueError):
    """The JSON is not a Telegram Update (wrong types where the Bot API promises others)."""


def _integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 1 << 63:
        raise BadUpdate
    return value


def _object(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise BadUpdate
    return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadUpdate
    return value.replace("\x00", "")


def language_of(user: dict[str, Any]) -> str | None:
    """'en', 'en-GB' → 'en'; 'id' → 'id'; anything else: the engine's default."""
    code = user.get("language_code")
    if not isinstance(code, str):
        return None
    base = code.strip().lower()[:2]
    return base if base in LANGUAGES else None


def _unauthorised():
    """401/403/404 for requests that are not Telegram's (or a bot that is switched off)."""
    config = current_app.config
    secret = str(config.get("TELEGRAM_SECRET") or "")
    if not secret or not channel.enabled(config):
        return error_response(404, "not_found", _("Bot Telegram tidak diaktifkan."))
    given = request.headers.get(HEADER)
    if not given:
        return error_response(401, "unauthorized", _("Permintaan ini tidak berasal dari Telegram."))
    if not hmac.compare_digest(given.encode("utf-8", "replace"), secret.encode()):
        return error_response(403, "forbidden", _("Permintaan ini tidak berasal dari Telegram."))
    return None


@bp.post("/telegram")
def telegram():
    """Receive one Telegram Update."""
    refused = _unauthorised()
    if refused is not None:
        return refused
    try:
        update = json.loads(request.get_data(cache=False) or b"")
    except (ValueError, UnicodeDecodeError):
        return error_response(400, "bad_json", _("Isi permintaan bukan JSON yang sah."))
    try:
        answer = handle(update)
    except BadUpdate:
        return error_response(400, "bad_update", _("Isi permintaan bukan pembaruan Telegram."))
    return jsonify(answer)


def handle(update: Any, now: dt.datetime | None = None) -> dict[str, Any]:
    """Read one Update and queue the reply (commits). Returns the webhook's answer:
    {"ok": true}, or a Bot API method Telegram performs itself (answerCallbackQuery).
    BadUpdate when the JSON is not an Update."""
    if not isinstance(update, dict):
        raise BadUpdate
    update_id = _integer(update.get("update_id"))
    answer: dict[str, Any] = {"ok": True}
    callback = _object(update.get("callback_query"))
    if callback:
        callback_id = _text(callback.get("id"))
        if callback_id:
            answer = {"method": "answerCallbackQuery", "callback_query_id": callback_id}
        message = _object(callback.get("message"))
        text = _text(callback.get("data"))
        sender = _object(callback.get("from"))
    else:
        _object(update.get("edited_message"))  # still checked: an Update's field is an object
        message = _object(update.get("message"))
        text = _text(message.get("text"))
        if text is None:
            text = _text(message.get("caption"))  # a photo with a question under it
        sender = _object(message.get("from"))
    if not message:
        return answer  # an update kind the bot does not use
    chat = _object(message.get("chat"))
    if not chat:
        raise BadUpdate
    chat_id = _integer(chat.get("id"))
    if chat.get("type") != "private" or sender.get("is_bot") is True:
        return answer
    address = str(chat_id)
    language = language_of(sender)
    try:
        if text is not None and text.strip():
            receive("telegram", address, str(update_id), _as_typed(address, text),
                    language=language, now=now)
        elif callback or CONTENT_KEYS.intersection(message):
            _reply_only(address, str(update_id), language, now, _not_text)
        # else a service message (a pinned message, a new chat photo…): nothing to answer
    except Exception as error:  # noqa: BLE001 - a poison update must not stall the bot
        db.session.rollback()
        if current_app.testing:
            raise  # tests see the real traceback (as web/errors.py does)
        # The type only: messages of exceptions can hold what the person typed.
        log.error("telegram: update %s from %s failed: %s", update_id,
                  sender_key("telegram", address), type(error).__name__)
        try:
            answer_failure("telegram", address, str(update_id), language=language, now=now)
        except Exception as again:  # noqa: BLE001 - the database itself is failing
            db.session.rollback()
            log.error("telegram: the apology to %s failed too: %s",
                      sender_key("telegram", address), type(again).__name__)
    return answer


def _as_typed(address: str, text: str) -> str:
    """What the person could have typed: "/cmd@bot x" → "/cmd x"; a tapped keyboard button
    of the last reply → its digit."""
    text = _COMMAND_MENTION.sub(r"\1", text.strip())
    match = _BUTTON.match(text)
    if not match:
        return text
    body = db.session.execute(
        sa.select(OutboxMessage.body).join(
            ChatConversation, OutboxMessage.conversation_id == ChatConversation.id).where(
            ChatConversation.channel == "telegram", ChatConversation.address == address,
            OutboxMessage.kind == "reply").order_by(OutboxMessage.id.desc()).limit(1)
    ).scalar_one_or_none()
    offered = body.get("choices") if isinstance(body, dict) else None
    number = int(match.group(1))
    if isinstance(offered, list) and 1 <= number <= len(offered) \
            and channel.button_label(number, str(offered[number - 1])) == text:
        return str(number)
    return text


def _not_text() -> str:
    # The same words as the WhatsApp hook's (one translation).
    return _("Maaf, saya hanya bisa membaca pesan teks. Silakan tulis pertanyaan Anda, "
             "atau ketik \"menu\".")


def _reply_only(address: str, external_id: str, language: str | None,
                now: dt.datetime | None, make_text: Callable[[], str]) -> bool:
    """Queue a fixed reply to an update the engine does not read (handled once, within the
    sender's rate limit). Commits; False when the update was handled before."""
    return receive("telegram", address, external_id, "", language=language, now=now,
                   fixed_reply=make_text)


# --- flask --app mpp_lite notify telegram-webhook ------------------------------------------------

def _ok(response) -> bool:
    data = response.json()
    return response.status == 200 and isinstance(data, dict) and data.get("ok") is True


def _describe(response) -> str:
    data = response.json()
    description = data.get("description") if isinstance(data, dict) else None
    if response.status == 0:
        return f"no answer from Telegram ({response.error})"
    return f"HTTP {response.status}" + (f": {description}" if isinstance(description, str)
                                        else "")


@notify_cli.command("telegram-webhook")
@click.argument("url", required=False)
@click.option("--remove", is_flag=True, help="Stop sending updates here (deleteWebhook).")
@click.option("--drop-pending-updates", is_flag=True,
              help="Discard the updates Telegram is still holding for the bot.")
@with_appcontext
def telegram_webhook(url: str | None, remove: bool, drop_pending_updates: bool) -> None:
    """Point the Telegram bot at URL (https://host/hooks/telegram); without URL, show where
    it points now. Uses MPP_TELEGRAM_BOT_TOKEN and MPP_TELEGRAM_SECRET."""
    config = current_app.config
    if not channel.enabled(config):
        raise click.ClickException("MPP_TELEGRAM_BOT_TOKEN is not set.")
    if remove:
        response = channel.call(config, "deleteWebhook",
                                {"drop_pending_updates": drop_pending_updates})
        if not _ok(response):
            raise click.ClickException(f"Telegram refused: {_describe(response)}")
        click.echo("Webhook removed.")
        return
    if not url:
        response = channel.call(config, "getWebhookInfo", {})
        info = response.json().get("result") if _ok(response) else None
        if not isinstance(info, dict):
            raise click.ClickException(f"Telegram refused: {_describe(response)}")
        click.echo(f"URL: {info.get('url') or '(none)'}")
        click.echo(f"Pending updates: {info.get('pending_update_count', 0)}")
        click.echo(f"Allowed updates: {', '.join(info.get('allowed_updates') or []) or 'all'}")
        if info.get("last_error_message"):
            when = info.get("last_error_date")
            at = dt.datetime.fromtimestamp(when, dt.timezone.utc).isoformat() \
                if isinstance(when, int) else "?"
            click.echo(f"Last error ({at}): {info['last_error_message']}")
        return
    secret = str(config.get("TELEGRAM_SECRET") or "")
    if not SECRET_PATTERN.match(secret):
        raise click.ClickException(
            "MPP_TELEGRAM_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and - "
            "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))').")
    if not url.startswith("https://"):
        raise click.ClickException("Telegram sends updates only to an https:// URL.")
    response = channel.call(config, "setWebhook", {
        "url": url, "secret_token": secret, "allowed_updates": ALLOWED_UPDATES,
        "drop_pending_updates": drop_pending_updates})
    if not _ok(response):
        raise click.ClickException(f"Telegram refused: {_describe(response)}")
    click.echo(f"Webhook set: {url}")
    click.echo(f"Updates: {', '.join(ALLOWED_UPDATES)}")
