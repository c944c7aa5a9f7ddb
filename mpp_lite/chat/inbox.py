"""Incoming chat messages from WhatsApp and Telegram, handled once each.

The webhook (hooks/whatsapp.py, hooks/telegram.py) verifies the request, then calls
`receive()` for each message. In one transaction: the platform's message id is recorded (a
retry of the same id does nothing), the engine answers, and the answer is queued in the outbox
as a reply; the worker sends it. The webhook answers 200 at once, whatever the channel does.

Some flows commit in the middle of a turn (a booking, a survey, a complaint each commit their
own transaction), so the message's marker can be durable before the reply is queued. When
anything fails after that, the webhook rolls back and calls `answer_failure()`, which queues a
reply under its own dedupe key ("reply:<channel>:<id>:error") without needing a new marker:
the person always gets an answer, once. When the failed message was the "Ya" that booked a
ticket (issue_ticket commits the booking itself), that answer is the ticket's number and link,
not an apology; a survey or complaint is not committed before the reply is queued, so it is
rolled back with the failed turn and the apology is true.
"""
from __future__ import annotations

import datetime as dt
import logging
from typing import Callable

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from .. import dates
from ..extensions import db, limiter
from ..i18n import in_language
from ..identity import keyed_hash
from ..models import ChatConversation, InboundMessage, OutboxMessage, Site
from . import conversations
from .engine import LANGUAGES, Reply, Turn, respond

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
            language: str | None = None, now: dt.datetime | None = None,
            fixed_reply: Callable[[], str] | None = None) -> bool:
    """Handle one incoming message; False when this id was handled before (or the sender is
    over the limit). Commits. `fixed_reply` answers a message the engine does not read (a
    picture, a sticker) with that text, in the conversation's language, through the same
    once-per-id and rate-limit steps."""
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
    if fixed_reply is not None:
        with in_language(conversation.language if conversation.language in LANGUAGES else "id"):
            reply = Reply(fixed_reply())
    else:
        reply = respond(Turn(text=(text or "")[:limit], channel=channel,
                             conversation=conversation, now=now,
                             message_id=f"{channel}-{external_id}"))
    queue_reply(conversation, reply, f"reply:{channel}:{external_id}")
    db.session.commit()
    return True


def failure_text() -> str:
    """The answer to a message that could not be handled (both webhooks')."""
    return _("Maaf, pesan Anda belum bisa diproses. Silakan coba lagi, atau ketik \"menu\".")


def _failure_reply(conversation: ChatConversation, now: dt.datetime) -> Reply:
    from . import flows_booking, flows_visit

    # Of the flows that commit mid-turn only the bookings keep what they did (issue_ticket and
    # book_visit commit); a survey or complaint is rolled back with the failed turn, so the
    # apology is true for them.
    return (flows_booking.booked_before_failure(conversation, now)
            or flows_visit.booked_before_failure(conversation, now) or Reply(failure_text()))


def answer_failure(channel: str, address: str, external_id: str, *,
                   language: str | None = None, now: dt.datetime | None = None) -> bool:
    """After a message failed (the caller rolled back): record its id if that did not last,
    and queue one answer under "reply:<channel>:<id>:error" - the ticket's number when the
    failed turn booked one, otherwise the apology. Commits; False
    when that answer was queued before."""
    now = now or dates.now()
    db.session.rollback()
    nested = db.session.begin_nested()
    db.session.add(InboundMessage(channel=channel, external_id=external_id[:200],
                                  received_at=now))
    try:
        nested.commit()
    except sa.exc.IntegrityError:  # durable already: a flow committed before the failure
        nested.rollback()
    conversation = conversations.get_or_create(channel, address, language=language or "id",
                                               now=now)
    with in_language(conversation.language if conversation.language in LANGUAGES else "id"):
        reply = _failure_reply(conversation, now)
    nested = db.session.begin_nested()
    try:
        queue_reply(conversation, reply, f"reply:{channel}:{external_id}:error")
        nested.commit()
    except sa.exc.IntegrityError:
        nested.rollback()
        db.session.rollback()
        return False
    db.session.commit()
    return True


def web_turn(token: str, site: Site, language: str, text: str, *, now: dt.datetime,
             explicit_language: bool = False) -> tuple[ChatConversation, Reply]:
    """One question of the web chat or the ask API (answered at once, no outbox): the
    conversation and its reply. Flushes; the caller adds what it keeps and commits.

    If the turn fails, it is rolled back and answered like the webhooks' failures: the
    ticket's number when the failed "Ya" had already booked it (issue_ticket commits on its
    own), otherwise the apology; never an error page for a question."""
    conversation = conversations.web_conversation(token, site, language, now=now,
                                                  explicit=explicit_language)
    try:
        return conversation, respond(Turn(text=text, channel="web", conversation=conversation,
                                          now=now))
    except Exception as error:  # noqa: BLE001 - the person gets an answer whatever failed
        db.session.rollback()
        if current_app.testing:
            raise  # tests see the real traceback (as web/errors.py does)
        log.error("chat: a web question failed: %s", type(error).__name__)
        conversation = conversations.web_conversation(token, site, language, now=now,
                                                      explicit=explicit_language)
        with in_language(conversation.language if conversation.language in LANGUAGES else "id"):
            return conversation, _failure_reply(conversation, now)
