"""Conversations with the assistant: one row per person and channel, holding the MPP they
chose, their language and where the conversation stands. The state expires after
CHAT_STATE_MINUTES of silence (a half-finished booking is forgotten, the MPP and language are
kept)."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import current_app

from .. import dates
from ..extensions import db
from ..identity import secret_hash
from ..models import ChatConversation


def web_address(token: str) -> str:
    """The web chat's conversation token is a bearer secret: only its hash is stored."""
    return secret_hash(token)


def get_or_create(channel: str, address: str, *, language: str = "id",
                  now: dt.datetime | None = None) -> ChatConversation:
    """The conversation of (channel, address), created on first contact. Flushes."""
    conversation = db.session.scalar(sa.select(ChatConversation).filter_by(
        channel=channel, address=address))
    if conversation is None:
        conversation = ChatConversation(channel=channel, address=address, language=language,
                                        state={})
        nested = db.session.begin_nested()
        db.session.add(conversation)
        try:
            nested.commit()
        except sa.exc.IntegrityError:  # the same person's other message, at the same moment
            nested.rollback()
            conversation = db.session.scalar(sa.select(ChatConversation).filter_by(
                channel=channel, address=address))
            assert conversation is not None
    expire_state(conversation, now)
    return conversation


def expire_state(conversation: ChatConversation, now: dt.datetime | None = None) -> None:
    now = now or dates.now()
    expires = dates.as_utc(conversation.state_expires_at) if conversation.state_expires_at \
        else None
    if conversation.state and expires is not None and expires <= now:
        conversation.state = {}


def save_state(conversation: ChatConversation, state: dict, now: dt.datetime | None = None) -> None:
    """Store the new state (a new dict, so the JSON column sees the change) and its expiry."""
    now = now or dates.now()
    conversation.state = dict(state)
    minutes = int(current_app.config.get("CHAT_STATE_MINUTES", 30))
    conversation.state_expires_at = now + dt.timedelta(minutes=minutes)
    db.session.flush()
