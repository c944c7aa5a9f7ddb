"""Subscribing a ticket, application or complaint to a channel (idempotent) and dropping
subscriptions that no longer work."""
from __future__ import annotations

import hmac
import re
from typing import Any

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..identity import keyed_hash, normalize_phone
from ..models import NOTIFY_CHANNELS, Application, Complaint, Subscription, Ticket

Target = Ticket | Application | Complaint


def target_column(target: Target) -> str:
    if isinstance(target, Ticket):
        return "ticket_id"
    if isinstance(target, Application):
        return "application_id"
    return "complaint_id"


def subscribe(target: Target, channel: str, address: str, *, keys: dict[str, Any] | None = None,
              language: str = "id", conversation_id: int | None = None) -> Subscription:
    """The subscription of `target` on `channel` at `address`, made once: subscribing again
    (a double tap, a retried request) returns the same row, re-activated and with the newest
    keys and language. Flushes; the caller commits."""
    if channel not in NOTIFY_CHANNELS:
        raise ValueError(channel)
    column = target_column(target)
    key = keyed_hash(current_app.config["SECRET_KEY"], "subscription",
                     f"{channel}|{column}:{target.id}|{address}")
    found = db.session.scalar(sa.select(Subscription).filter_by(dedupe_key=key))
    if found is None:
        found = Subscription(site_id=target.site_id, channel=channel, address=address,
                             keys=keys or {}, language=language, dedupe_key=key,
                             conversation_id=conversation_id, **{column: target.id})
        nested = db.session.begin_nested()
        db.session.add(found)
        try:
            nested.commit()
        except sa.exc.IntegrityError:  # the same subscription, made at this very moment
            nested.rollback()
            found = db.session.scalar(sa.select(Subscription).filter_by(dedupe_key=key))
            assert found is not None
    found.active, found.dropped_reason = True, ""
    found.keys, found.language = keys or found.keys or {}, language
    if conversation_id is not None:
        found.conversation_id = conversation_id
    db.session.flush()
    return found


def subscriptions_of(target: Target, *, active_only: bool = True) -> list[Subscription]:
    query = sa.select(Subscription).where(
        getattr(Subscription, target_column(target)) == target.id).order_by(Subscription.id)
    if active_only:
        query = query.where(Subscription.active.is_(True))
    return list(db.session.scalars(query))


def drop(subscription: Subscription, reason: str) -> None:
    """Stop using a subscription (expired push endpoint, blocked bot, the citizen said stop).
    Flushes; the caller commits."""
    subscription.active = False
    subscription.dropped_reason = reason[:80]
    db.session.flush()


def unsubscribe(target: Target, channel: str | None = None) -> int:
    """The citizen asks for no more messages (on one channel or all); returns how many."""
    dropped = 0
    for subscription in subscriptions_of(target):
        if channel is None or subscription.channel == channel:
            drop(subscription, "unsubscribed")
            dropped += 1
    return dropped


PHONE_CHANNELS = ("whatsapp", "sms")
# Phone numbers that may receive news of one ticket, application or complaint: the holder and
# one relative. Anyone who has the page's address can type a number, so the page must not
# become a way to send messages to many numbers.
MAX_PHONES_PER_TARGET = 2


class TooManyPhones(Exception):
    """The target already sends its news to MAX_PHONES_PER_TARGET other phone numbers."""


def phone_numbers(target: Target) -> set[str]:
    """The phone numbers (WhatsApp or SMS) that receive news of `target` now."""
    return {s.address for s in subscriptions_of(target) if s.channel in PHONE_CHANNELS}


def phone_subscriptions(target: Target, phone: str, *, language: str = "id") -> list[Subscription]:
    """A phone number given for news of this ticket, application or complaint: it may be
    reached by WhatsApp or SMS (the site's order and the enabled channels decide which).
    Nothing when the text is not a plausible Indonesian mobile number; TooManyPhones when it is
    a new number and MAX_PHONES_PER_TARGET others already receive the news (giving a number
    again is fine). These subscriptions carry messages only: no chat controls the target through
    them (chat/flows_common.conversation_tickets). Flushes."""
    try:
        number = normalize_phone(phone or "")
    except ValueError:
        return []
    if not number:
        return []
    numbers = phone_numbers(target)
    if number not in numbers and len(numbers) >= MAX_PHONES_PER_TARGET:
        raise TooManyPhones()
    return [subscribe(target, channel, number, language=language) for channel in PHONE_CHANNELS]


# --- linking a chat to a ticket, application or complaint ---------------------------------------
# The ticket page links to the Telegram bot (t.me/<bot>?start=<token>) and to WhatsApp
# (wa.me/<number>?text=…<token>). The token names the ticket without being its code (the code
# opens the ticket page; the token only lets a chat follow it): a letter for the kind, the id
# and a keyed signature. It fits Telegram's 64-character start parameter ([A-Za-z0-9_-]).
_LINK_KINDS = {"t": Ticket, "a": Application, "c": Complaint}
_LINK = re.compile(r"^([tac])(\d{1,10})-([0-9a-f]{12})$")


def link_token(target: Target) -> str:
    letter = {Ticket: "t", Application: "a", Complaint: "c"}[type(target)]
    mac = keyed_hash(current_app.config["SECRET_KEY"], "chat-link", f"{letter}{target.id}")[:12]
    return f"{letter}{target.id}-{mac}"


def from_link_token(token: str) -> Target | None:
    """The ticket, application or complaint a link token names; None if forged or unknown."""
    match = _LINK.match((token or "").strip().lower())
    if not match:
        return None
    letter, number, mac = match.groups()
    expected = keyed_hash(current_app.config["SECRET_KEY"], "chat-link", f"{letter}{number}")[:12]
    if not hmac.compare_digest(mac, expected):
        return None
    return db.session.get(_LINK_KINDS[letter], int(number))
