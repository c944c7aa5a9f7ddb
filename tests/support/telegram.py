"""Telegram Bot API payloads for the tests, in the documented shapes (core.telegram.org/bots/api:
Update, Message, Chat, User, CallbackQuery), and the settings that point the bot at a
tests/support/fake_gateway.py server."""
from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import ChatConversation, InboundMessage, OutboxMessage

TOKEN = "123456789:AAH-test-token-Secret_value"
SECRET = "s3cret_Webhook-token"
CHAT_ID = 987654321
HEADER = "X-Telegram-Bot-Api-Secret-Token"


def configure(app, api_base: str = "http://127.0.0.1:9") -> None:
    """Switch the bot on (the API base: a fake gateway's URL; by default a closed port)."""
    app.config.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_SECRET=SECRET,
                      TELEGRAM_API_BASE=api_base, TELEGRAM_BOT_USERNAME="mpp_test_bot")


def user(user_id: int = CHAT_ID, language_code: str | None = "id",
         is_bot: bool = False) -> dict[str, Any]:
    data = {"id": user_id, "is_bot": is_bot, "first_name": "Siti", "username": "siti_m"}
    if language_code is not None:
        data["language_code"] = language_code
    return data


def message(text: str | None = None, *, chat_id: int = CHAT_ID, chat_type: str = "private",
            message_id: int = 1, language_code: str | None = "id", is_bot: bool = False,
            **content: Any) -> dict[str, Any]:
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type == "private":
        chat.update(first_name="Siti", username="siti_m")
    else:
        chat["title"] = "Warga Maros"
    data: dict[str, Any] = {"message_id": message_id, "date": 1764763200, "chat": chat,
                            "from": user(chat_id if chat_type == "private" else 5555,
                                         language_code, is_bot)}
    if text is not None:
        data["text"] = text
        if text.startswith("/"):
            data["entities"] = [{"type": "bot_command", "offset": 0,
                                 "length": len(text.split()[0])}]
    data.update(content)
    return data


def update(update_id: int, text: str | None = None, *, edited: bool = False,
           **options: Any) -> dict[str, Any]:
    body = message(text, **options)
    if edited:
        body["edit_date"] = body["date"] + 60
        return {"update_id": update_id, "edited_message": body}
    return {"update_id": update_id, "message": body}


def callback(update_id: int, data: str, *, chat_id: int = CHAT_ID) -> dict[str, Any]:
    return {"update_id": update_id, "callback_query": {
        "id": "4382bfdwdsb323b2d9", "from": user(chat_id), "chat_instance": "-1234",
        "data": data, "message": message("Pilih:", chat_id=chat_id, message_id=7,
                                         is_bot=True)}}


def post(client, payload: Any, *, secret: str | None = SECRET, raw: bytes | None = None):
    headers = {HEADER: secret} if secret is not None else {}
    body = raw if raw is not None else json.dumps(payload).encode()
    return client.post("/hooks/telegram", data=body, headers=headers,
                       content_type="application/json")


def replies(chat_id: int = CHAT_ID) -> list[OutboxMessage]:
    """The replies queued for this Telegram chat, oldest first."""
    return list(db.session.scalars(
        sa.select(OutboxMessage).join(ChatConversation,
                                      OutboxMessage.conversation_id == ChatConversation.id)
        .where(ChatConversation.channel == "telegram",
               ChatConversation.address == str(chat_id)).order_by(OutboxMessage.id)))


def handled() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(InboundMessage).where(
        InboundMessage.channel == "telegram"))


def conversation(chat_id: int = CHAT_ID) -> ChatConversation | None:
    return db.session.scalar(sa.select(ChatConversation).filter_by(channel="telegram",
                                                                   address=str(chat_id)))
