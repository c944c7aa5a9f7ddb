"""The delivery worker's tests: a fake channel for each of push/whatsapp/telegram/sms (installed
with monkeypatch over notify.channels.module), and outbox records made the way the app makes
them (a subscription, then an event in the same transaction)."""
from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import NOTIFY_CHANNELS, NotificationEvent, OutboxMessage, Ticket
from mpp_lite.notify import channels
from mpp_lite.notify.channels import Outgoing, Result
from mpp_lite.notify.events import ticket_event
from mpp_lite.notify.subscriptions import subscribe

ADDRESSES = {"push": "https://push.example/endpoint-1", "whatsapp": "6281234567890",
             "telegram": "12345", "sms": "6281234567890"}


class FakeChannels:
    """Every channel, enabled when in `on`; send() records the Outgoing and answers the next
    scripted Result of that channel (ok when none is queued). Thread-safe."""

    def __init__(self, on: tuple[str, ...] = NOTIFY_CHANNELS) -> None:
        self.on = set(on)
        self.sent: list[Outgoing] = []
        self.script: dict[str, list[Result]] = {name: [] for name in NOTIFY_CHANNELS}
        self._lock = threading.Lock()

    def answer(self, channel: str, *results: Result) -> None:
        self.script[channel].extend(results)

    def module(self, name: str) -> Any:
        if name not in NOTIFY_CHANNELS:
            raise KeyError(name)
        return SimpleNamespace(enabled=lambda config: name in self.on,
                               send=lambda message, config: self._send(name, message))

    def _send(self, name: str, message: Outgoing) -> Result:
        with self._lock:
            self.sent.append(message)
            return self.script[name].pop(0) if self.script[name] else Result(ok=True)

    def on_channel(self, name: str) -> list[Outgoing]:
        return [m for m in self.sent if m.channel == name]


def install(monkeypatch, on: tuple[str, ...] = NOTIFY_CHANNELS) -> FakeChannels:
    fake = FakeChannels(on)
    monkeypatch.setattr(channels, "module", fake.module)
    return fake


def follow(ticket: Ticket, *names: str, language: str = "id") -> None:
    """Subscribe the ticket on these channels (committed)."""
    for name in names:
        keys = {"p256dh": "k", "auth": "a"} if name == "push" else None
        subscribe(ticket, name, ADDRESSES[name], keys=keys, language=language)
    db.session.commit()


def ticket_news(ticket: Ticket, kind: str, key: str = "1", **payload: Any) -> NotificationEvent:
    event = ticket_event(ticket, kind, key, subscribed=True, **payload)
    assert event is not None
    db.session.commit()
    return event


def outbox(event_id: int | None = None) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).order_by(OutboxMessage.rank, OutboxMessage.id)
    if event_id is not None:
        query = query.where(OutboxMessage.event_id == event_id)
    db.session.expire_all()
    return list(db.session.scalars(query))


def statuses(event_id: int | None = None) -> dict[str, str]:
    """{channel: status} of the outbox (one message per channel in these tests)."""
    return {m.channel: m.status for m in outbox(event_id)}
