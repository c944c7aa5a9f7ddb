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
from ..models import ChatConversation, Site


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


def web_conversation(token: str, site: Site, interface_language: str, *, explicit: bool = False,
                     now: dt.datetime | None = None) -> ChatConversation:
    """The web chat's (or the ask API's) conversation for this token, at this MPP.

    Its language starts as the interface's; after that the chat's own switch ("english")
    sticks, unless the interface language changed since the last question (the person used
    the site's language link: state["ui"], kept by the web chat) or the request asks for a
    language explicitly (the API's ?lang=). Asking at another MPP starts afresh."""
    conversation = get_or_create("web", web_address(token), language=interface_language,
                                 now=now)
    last_ui = (conversation.state or {}).get("ui")
    if explicit or (last_ui is not None and last_ui != interface_language):
        conversation.language = interface_language
    if conversation.site_id != site.id:
        conversation.site_id = site.id
        conversation.state = {}
    return conversation
