"""Notifications and chat: who wants to hear about what, the outbox of messages to send, and
the conversations of the chat assistant.

- A `NotificationEvent` (models/applications.py) is written in the same transaction as the
  change a citizen should hear about (a ticket booked or called, an application ready…).
- The worker (`flask --app mpp_lite notify run`, mpp_lite/notify/outbox.py) turns each event
  into `OutboxMessage` rows, one per `Subscription` of the ticket, application or complaint,
  ranked by the site's channel order (the fallback), and sends them with retries.
- Chat replies (WhatsApp, Telegram) are `OutboxMessage` rows too, written in the transaction
  that handled the incoming message (`InboundMessage`, deduplicated by the platform's id).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .. import dates
from .base import _in, db

# Channels that deliver notifications, in the default fallback order.
NOTIFY_CHANNELS = ("push", "whatsapp", "telegram", "sms")
# Where a conversation with the assistant takes place.
CHAT_CHANNELS = ("web", "whatsapp", "telegram")
# held: waits for a higher-ranked channel to fail; pending: to send (again, after
# next_attempt_at); sent; failed: gave up after the last attempt or a permanent refusal;
# skipped: another channel delivered it, or the channel was switched off; stale: no longer
# true when its turn came (a "your turn is near" for a ticket already called).
OUTBOX_STATUSES = ("held", "pending", "sent", "failed", "skipped", "stale")
OUTBOX_KINDS = ("notification", "reply")


class Subscription(db.Model):
    """A way to reach the holder of one ticket, application or complaint: a browser's push
    subscription, a WhatsApp or SMS phone number, a Telegram chat. Created only when the citizen
    asks (button, ticked box, a message to the bot). `address` is what the channel needs to
    deliver (push endpoint URL, phone number in 62… form, Telegram chat id); it is personal data,
    never logged, and erased with the ticket's or application's personal data."""

    __tablename__ = "subscription"
    __table_args__ = (
        sa.CheckConstraint(_in("channel", NOTIFY_CHANNELS), name="channel"),
        sa.CheckConstraint(" + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in (
            "ticket_id", "application_id", "complaint_id")) + " = 1", name="one_target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(sa.String(10))
    ticket_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("ticket.id", ondelete="CASCADE"), index=True)
    application_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("application.id", ondelete="CASCADE"), index=True)
    complaint_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("complaint.id", ondelete="CASCADE"), index=True)
    address: Mapped[str] = mapped_column(sa.String(1000))
    keys: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)  # push: p256dh, auth
    language: Mapped[str] = mapped_column(sa.String(8), default="id")
    # A keyed hash of (channel, target, address): subscribing twice is one subscription.
    dedupe_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The chat that asked for it (WhatsApp, Telegram): its 24-hour window, its language.
    conversation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("chat_conversation.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(default=True)
    dropped_reason: Mapped[str] = mapped_column(sa.String(80), default="")
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)

    conversation: Mapped[ChatConversation | None] = relationship()


class ChatConversation(db.Model):
    """One person talking to the assistant on one channel: the MPP they chose, their language
    and where the conversation stands (state, expiring). For WhatsApp and Telegram `address` is
    where replies go (the sender's number or chat id); on the web it is a SHA-256 of the
    conversation token the browser holds."""

    __tablename__ = "chat_conversation"
    __table_args__ = (
        sa.UniqueConstraint("channel", "address"),
        sa.CheckConstraint(_in("channel", CHAT_CHANNELS), name="channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(10))
    address: Mapped[str] = mapped_column(sa.String(200))
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("site.id", ondelete="SET NULL"))
    language: Mapped[str] = mapped_column(sa.String(8), default="id")
    state: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    state_expires_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # WhatsApp: free text may be sent until 24 hours after the person's last message.
    last_inbound_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)
    updated_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), default=dates.now, onupdate=dates.now)


class InboundMessage(db.Model):
    """A message id (WhatsApp) or update id (Telegram) already handled: platforms retry, and a
    retried message must not book twice or be answered twice. The text is not kept."""

    __tablename__ = "inbound_message"
    __table_args__ = (sa.UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(10))
    external_id: Mapped[str] = mapped_column(sa.String(200))
    conversation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("chat_conversation.id", ondelete="SET NULL"))
    received_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True),
                                                     default=dates.now, index=True)


class OutboxMessage(db.Model):
    """One message to send on one channel: a notification (rendered when it is sent, from the
    event and the current state, so it is true when read) or a chat reply (its text in `body`).
    `dedupe_key` makes the same message impossible to queue twice; the claim columns let several
    workers share the outbox without sending anything twice."""

    __tablename__ = "outbox_message"
    __table_args__ = (
        sa.CheckConstraint(_in("status", OUTBOX_STATUSES), name="status"),
        sa.CheckConstraint(_in("kind", OUTBOX_KINDS), name="kind"),
        sa.CheckConstraint(_in("channel", NOTIFY_CHANNELS), name="channel"),
        sa.Index("ix_outbox_message_due", "status", "next_attempt_at"),
        sa.Index("ix_outbox_message_site_created", "site_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("site.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(12), default="notification")
    channel: Mapped[str] = mapped_column(sa.String(10))
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("notification_event.id", ondelete="CASCADE"), index=True)
    subscription_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("subscription.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("chat_conversation.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int] = mapped_column(default=0)  # place in the site's fallback order
    dedupe_key: Mapped[str] = mapped_column(sa.String(160), unique=True)
    # Chat replies: {"text": …}. Notifications: empty (rendered at send time).
    body: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True),
                                                         default=dates.now)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    claim_token: Mapped[str | None] = mapped_column(sa.String(32))
    # What went wrong last (HTTP status, the gateway's error code): never an address or a name.
    last_error: Mapped[str] = mapped_column(sa.String(200), default="")
    sent_at: Mapped[dt.datetime | None] = mapped_column(sa.DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(sa.DateTime(timezone=True), default=dates.now)

    subscription: Mapped[Subscription | None] = relationship()
    conversation: Mapped[ChatConversation | None] = relationship()
