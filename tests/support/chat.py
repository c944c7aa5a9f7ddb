"""Talking to the chat assistant in tests: a `Chat` sends one message at a time, through the
engine (web channel) or through chat.inbox.receive (WhatsApp, Telegram: the reply is read
from the outbox), at an explicit `now` (tests/support/queue.py NOW by default)."""
from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from typing import Iterator

import sqlalchemy as sa

from mpp_lite.chat import conversations
from mpp_lite.chat.engine import Turn, respond
from mpp_lite.chat.inbox import receive
from mpp_lite.extensions import db
from mpp_lite.models import ChatConversation, OutboxMessage, Site

from .catalogs import load_queue_catalog
from .queue import NOW

_ids = itertools.count(1)
# WhatsApp and Telegram switched on (nothing is sent: the tests never run the worker).
CHANNELS_ON = {"WHATSAPP_TOKEN": "test-token", "WHATSAPP_PHONE_NUMBER_ID": "1234567890",
               "TELEGRAM_BOT_TOKEN": "123:test"}


class Chat:
    """One person on one channel. `say()` returns the reply's text ("" when the message was
    not answered: a retried message id, for instance)."""

    def __init__(self, channel: str = "web", address: str = "", now: dt.datetime = NOW,
                 site: str | None = "maros", language: str = "id"):
        self.channel = channel
        self.address = address or {"web": conversations.web_address(f"token-{next(_ids)}"),
                                   "whatsapp": f"62812{next(_ids):07d}",
                                   "telegram": f"{100000 + next(_ids)}"}[channel]
        self.now = now
        self.last = None  # the last Reply (web channel)
        self.last_id = ""
        if site is not None:  # the MPP already chosen (the engine asks otherwise)
            conversation = conversations.get_or_create(channel, self.address, language=language,
                                                       now=now)
            conversation.site_id = db.session.scalar(sa.select(Site.id).filter_by(slug=site))
            conversation.language = language
            db.session.commit()

    def say(self, text: str, message_id: str | None = None) -> str:
        message_id = message_id or f"m{next(_ids)}"
        self.last_id = message_id
        if self.channel == "web":
            conversation = conversations.get_or_create("web", self.address, now=self.now)
            self.last = respond(Turn(text=text, channel="web", conversation=conversation,
                                     now=self.now, message_id=""))
            db.session.commit()
            return self.last.text
        handled = receive(self.channel, self.address, message_id, text, now=self.now)
        if not handled:
            return ""
        reply = db.session.scalar(sa.select(OutboxMessage).where(
            OutboxMessage.dedupe_key == f"reply:{self.channel}:{message_id}"))
        return reply.body["text"]

    @property
    def conversation(self) -> ChatConversation:
        return db.session.scalar(sa.select(ChatConversation).filter_by(
            channel=self.channel, address=self.address))

    def menu_choice(self, words: str) -> str:
        """The main menu, then the digit that stands for `words` (engine.MENU)."""
        from mpp_lite.chat.engine import MENU

        self.say("menu")
        digit = next(i for i, (_label, w) in enumerate(MENU, 1) if w == words)
        return self.say(str(digit))


@contextlib.contextmanager
def chat_context(app) -> Iterator[None]:
    """The queue catalogue, WhatsApp and Telegram switched on, a request context (for links);
    what the test left in the session is rolled back."""
    load_queue_catalog(app)
    app.config.update(CHANNELS_ON)
    with app.test_request_context("/"):
        yield
        db.session.rollback()
