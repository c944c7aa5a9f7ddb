"""Incoming chat messages from WhatsApp and Telegram, handled once each.

The webhook (hooks/whatsapp.py, hooks/telegram.py) verifies the request, then calls
`receive()` for each message. In one transaction: the platform's message id is recorded (a
retry of the same id does nothing), the engine answers, and the answer is queued in the outbox
as a reply; the worker sends it. The webhook answers 200 at once, whatever the channel does.
"""
from __future__ import annotations

import datetime as dt
import logging

import sqlalchemy as sa
from flask import current_app

from .. import dates
from ..extensions import db, limiter
from ..identity import keyed_hash
from ..models import ChatConversation, InboundMessage, OutboxMessage
from . import conversations
from .engine import Reply, Turn, respond

log = logging.getLogger("mpp_lite.chat")


def sender_key(channel: str, address: str) -> str:
    """A stable, keyed stand-in for a phone number or chat id: for rate limits and logs."""
    return keyed_hash(current_app.config["SECRET_KEY"], "chat-sender", f"{channel}:{address}")[:16]


def over_limit(channel: str, address: str) -> bool:
    """Per-sender rate limit (CHAT_RATE_LIMIT), in the limiter's store (Redis when shared)."""
    from limits import parse_many

    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return False
    strategy = limiter.limiter
    key = f"chat:{sender_key(channel, address)}"
    for item in parse_many(current_app.config["CHAT_RATE_LIMIT"]):
        if not strategy.hit(item, key):
            return True
    return False


def queue_reply(conversation: ChatConversation, reply: Reply, dedupe_key: str) -> OutboxMessage:
    """The reply as an outbox row (flushed; the caller commits)."""
    message = OutboxMessage(site_id=conversation.site_id, kind="reply",
                            channel=conversation.channel, conversation_id=conversation.id,
                            dedupe_key=dedupe_key[:160], status="pending",
                            body={"text": reply.text, "choices": reply.choices})
    db.session.add(message)
    db.session.flush()
    return message


def receive(channel: str, address: str, external_id: str, text: str, *,
            language: str | None = None, now: dt.datetime | None = None) -> bool:
    """Handle one incoming message; False when this id was handled before (or the sender is
    over the limit). Commits."""
    now = now or dates.now()
    marker = InboundMessage(channel=channel, external_id=external_id[:200], received_at=now)
    nested = db.session.begin_nested()
    db.session.add(marker)
    try:
        nested.commit()
    except sa.exc.IntegrityError:
        nested.rollback()
        db.session.rollback()
        return False
    conversation = conversations.get_or_create(channel, address, language=language or "id",
                                               now=now)
    conversation.last_inbound_at = now
    marker.conversation_id = conversation.id
    if over_limit(channel, address):
        log.info("chat: sender %s over the rate limit", sender_key(channel, address))
        db.session.commit()
        return False
    limit = int(current_app.config.get("CHAT_MAX_TEXT", 1000))
    reply = respond(Turn(text=(text or "")[:limit], channel=channel, conversation=conversation,
                         now=now, message_id=f"{channel}-{external_id}"))
    queue_reply(conversation, reply, f"reply:{channel}:{external_id}")
    db.session.commit()
    return True
