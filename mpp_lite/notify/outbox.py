"""The delivery worker: events become outbox messages, outbox messages are sent, with retries,
backoff and the site's fallback order; safe with several workers and app servers at once.

One round (`run_once`):
1. `near_turn`: today's waiting tickets that someone follows get a "ticket.near" event (once
   per ticket and day) when at most `Site.notify_near_ahead` people are ahead and a counter of
   the service is open (queue/status.py decides both).
2. `fan_out`: each new `NotificationEvent` (claimed with a conditional UPDATE of
   `fanned_out_at`, so two workers never both fan out one event) becomes one `OutboxMessage`
   per active subscription of its ticket, application or complaint on an enabled channel,
   ranked by the site's channel order: the first rank the citizen has is "pending", later
   ranks "held" (the fallback).
3. `deliver`: due messages are claimed one by one with a conditional UPDATE (status pending,
   due, no live claim → claimed_until and a random claim_token; rowcount 1 wins), rendered
   (messages.py, so the text is true when read), then sent through the channel's module.
   Sent → "sent", and the event's messages of other ranks are "skipped". A temporary failure
   is retried after NOTIFY_BACKOFF_SECONDS × 2^(attempts−1) until NOTIFY_MAX_ATTEMPTS
   ("failed"); a permanent refusal fails at once (and drops the subscription when the address
   is gone). When no message of an event is pending or sent any more, the next rank's held
   messages become pending; for time-critical news ("ticket.called", "ticket.near") a
   temporary failure releases the next rank at once (the first keeps retrying; whichever is
   sent first skips the other). A channel switched off since → "skipped"; a message no
   longer true → "stale"; a chat reply not sent within an hour → "stale". Claims are made
   with the clock (a long round's late claims get a full lease) and a round stops after half
   a lease.
4. housekeeping (retention, see `housekeeping`): expired conversation states, idle
   conversations, addresses of past tickets and closed complaints, texts of final chat
   replies, old message ids and old outbox rows.

A dead channel never blocks the others: messages are taken channel by channel in turn, and
once a channel times out or answers 5xx in a round, its other messages wait for the next round
(unclaimed, no attempt counted) while the other channels go on. The network is never called
inside a database transaction.
"""
from __future__ import annotations

import datetime as dt
import logging
import secrets
import signal
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass
from typing import Any, Callable

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import aliased

from .. import dates
from ..extensions import db
from ..models import (
    ChatConversation, Complaint, ComplaintEvent, InboundMessage, NotificationEvent,
    OutboxMessage, Site, Subscription, Ticket,
)
from . import channels, messages, subscriptions
from .channels import Outgoing, Result

log = logging.getLogger("mpp_lite.notify")

INBOUND_KEEP = dt.timedelta(days=7)
DONE_KEEP = dt.timedelta(days=30)      # sent, skipped, stale
FAILED_KEEP = dt.timedelta(days=90)    # failed: kept longer for the managers' page
WHATSAPP_WINDOW = dt.timedelta(hours=24)
REPLY_FRESH = dt.timedelta(hours=1)    # a chat reply not sent by then is misleading: stale
CONVERSATION_KEEP = dt.timedelta(days=90)      # conversations idle that long are deleted
WEB_CONVERSATION_KEEP = dt.timedelta(days=1)   # web ones sooner, once their state is empty
COMPLAINT_FOLLOW_KEEP = dt.timedelta(days=30)  # subscriptions of complaints closed that long
FINAL = ("sent", "failed", "skipped", "stale")
# News that is worthless once late: a temporary failure of one rank releases the next at once
# (the first rank keeps retrying; whichever sends first skips the other).
URGENT_KINDS = frozenset({"ticket.called", "ticket.near"})
HOUSEKEEPING_EVERY = dt.timedelta(hours=1)  # run_forever; run_once always does it


@dataclass
class Counts:
    near: int = 0        # "ticket.near" events recorded
    events: int = 0      # events fanned out
    queued: int = 0      # outbox messages created
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    stale: int = 0
    deferred: int = 0    # left for the next round: their channel failed this round
    deleted: int = 0     # housekeeping

    def add(self, other: Counts) -> None:
        for key, value in asdict(other).items():
            setattr(self, key, getattr(self, key) + value)

    @property
    def busy(self) -> bool:
        return any(asdict(self).values())

    def summary(self) -> str:
        return " ".join(f"{key}={value}" for key, value in asdict(self).items())


def _now(now: dt.datetime | None) -> dt.datetime:
    value = dates.as_utc(now) if now is not None else dates.now()
    assert value is not None
    return value


def _lease() -> dt.timedelta:
    """How long a claim holds: longer than any send can take."""
    return dt.timedelta(seconds=max(60.0, 3 * float(
        current_app.config.get("NOTIFY_HTTP_TIMEOUT", 10.0))))


# --- "your turn is near" ----------------------------------------------------------------------

def near_turn(now: dt.datetime | None = None) -> int:
    """Record "ticket.near" for today's followed waiting tickets that are close to their turn;
    returns how many were recorded. Commits."""
    from ..queue.status import estimate, people_ahead
    from .events import ticket_event

    now = _now(now)
    days = {(now + dt.timedelta(hours=h)).date() for h in (-14, 0, 14)}  # every time zone
    followed = sa.select(Subscription.ticket_id).where(
        Subscription.active.is_(True), Subscription.ticket_id.is_not(None))
    already = sa.select(NotificationEvent.ticket_id).where(
        NotificationEvent.kind == "ticket.near", NotificationEvent.ticket_id == Ticket.id,
        NotificationEvent.created_at >= now - dt.timedelta(days=2))
    tickets = db.session.scalars(
        sa.select(Ticket).where(Ticket.status == "waiting", Ticket.day.in_(days),
                                Ticket.id.in_(followed), ~sa.exists(already))
        .order_by(Ticket.id)).all()
    default_minutes = current_app.config["QUEUE_DEFAULT_SERVICE_MINUTES"]
    recorded = 0
    for ticket in tickets:
        site = ticket.site
        if ticket.day != dates.site_today(site, now) or \
                people_ahead(ticket) > site.notify_near_ahead:  # one query; estimate() is more
            continue
        wait = estimate(ticket, default_minutes, now)
        if wait.state != "today_open" or wait.ahead is None or wait.ahead > site.notify_near_ahead:
            continue
        nested = db.session.begin_nested()
        try:
            event = ticket_event(ticket, "ticket.near", ticket.day.isoformat(), subscribed=True,
                                 ahead=wait.ahead)
            if event is not None:
                event.created_at = now
            nested.commit()
            recorded += 1
        except sa.exc.IntegrityError:  # another worker recorded it at this very moment
            nested.rollback()
    db.session.commit()
    return recorded


# --- fan-out ----------------------------------------------------------------------------------

def _target_filter(event: NotificationEvent) -> Any:
    if event.ticket_id is not None:
        return Subscription.ticket_id == event.ticket_id
    if event.application_id is not None:
        return Subscription.application_id == event.application_id
    if event.complaint_id is not None:
        return Subscription.complaint_id == event.complaint_id
    return sa.false()


def fan_out(now: dt.datetime | None = None, limit: int = 100) -> Counts:
    """Turn new events into outbox messages (one transaction per event). Commits."""
    now = _now(now)
    counts = Counts()
    config = current_app.config
    ids = db.session.scalars(sa.select(NotificationEvent.id)
                             .where(NotificationEvent.fanned_out_at.is_(None))
                             .order_by(NotificationEvent.id).limit(limit)).all()
    db.session.commit()
    orders: dict[int, list[str]] = {}
    for event_id in ids:
        claimed = db.session.execute(
            sa.update(NotificationEvent)
            .where(NotificationEvent.id == event_id, NotificationEvent.fanned_out_at.is_(None))
            .values(fanned_out_at=now).execution_options(synchronize_session=False))
        if claimed.rowcount != 1:  # another worker has it
            db.session.rollback()
            continue
        event = db.session.get(NotificationEvent, event_id)
        assert event is not None
        if event.site_id not in orders:
            site = db.session.get(Site, event.site_id)
            orders[event.site_id] = channels.site_order(site.notify_channels if site else "",
                                                        config)
        order = orders[event.site_id]
        subs = [s for s in db.session.scalars(
            sa.select(Subscription).where(_target_filter(event), Subscription.active.is_(True))
            .order_by(Subscription.id)) if s.channel in order]
        used = sorted({order.index(s.channel) for s in subs})
        for sub in subs:
            rank = used.index(order.index(sub.channel))
            db.session.add(OutboxMessage(
                site_id=event.site_id, kind="notification", channel=sub.channel,
                event_id=event.id, subscription_id=sub.id, conversation_id=sub.conversation_id,
                rank=rank, dedupe_key=f"event:{event.id}:sub:{sub.id}",
                status="pending" if rank == 0 else "held", next_attempt_at=now, created_at=now))
        counts.queued += len(subs)
        counts.events += 1
        db.session.commit()
    return counts


# --- delivery ---------------------------------------------------------------------------------

def _due(now: dt.datetime, limit: int) -> list[tuple[int, str]]:
    """(id, channel) of due messages, channel by channel in turn (one per channel, then the
    next of each…), so one channel's backlog never hides the others'."""
    rows = db.session.execute(
        sa.select(OutboxMessage.id, OutboxMessage.channel)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now,
               sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)).all()
    db.session.commit()
    by_channel: OrderedDict[str, list[int]] = OrderedDict()
    for message_id, channel in rows:
        by_channel.setdefault(channel, []).append(message_id)
    ordered: list[tuple[int, str]] = []
    while any(by_channel.values()):
        for channel, queue in by_channel.items():
            if queue:
                ordered.append((queue.pop(0), channel))
    return ordered


def claim(message_id: int, now: dt.datetime) -> str | None:
    """Claim one message for sending; the claim token, or None when another worker has it or
    it is no longer due. Commits."""
    token = secrets.token_hex(16)
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending",
               OutboxMessage.next_attempt_at <= now,
               sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
        .values(claimed_until=now + _lease(), claim_token=token)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        return None
    db.session.commit()
    return token


def _finish(message_id: int, token: str, **values: Any) -> bool:
    """Write the outcome of a claimed message (only while the claim is still ours)."""
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claim_token == token)
        .values(claimed_until=None, claim_token=None, **values)
        .execution_options(synchronize_session=False))
    return result.rowcount == 1


def _open_siblings(event_id: int, now: dt.datetime) -> Any:
    """The event's held or pending messages that no worker is sending right now."""
    return sa.and_(OutboxMessage.event_id == event_id,
                   OutboxMessage.status.in_(("held", "pending")),
                   sa.or_(OutboxMessage.claimed_until.is_(None),
                          OutboxMessage.claimed_until < now))


def release_next_rank(event_id: int, now: dt.datetime, *, urgent: bool = False) -> int:
    """The fallback: when none of the event's messages is pending or sent, the lowest held
    rank becomes pending; `urgent` (a time-critical message failed for now and will be
    retried): unless one was sent, even while others are still pending. Call inside the
    transaction that closed a message (flushes); returns how many were released."""
    # Two workers closing the last two messages of a rank at once: the event row's lock
    # (PostgreSQL) makes the second see the first's outcome.
    db.session.execute(sa.select(NotificationEvent.id).where(NotificationEvent.id == event_id)
                       .with_for_update())
    busy = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.event_id == event_id,
        OutboxMessage.status.in_(("sent",) if urgent else ("pending", "sent"))))
    if busy:
        return 0
    rank = db.session.scalar(sa.select(sa.func.min(OutboxMessage.rank)).where(
        OutboxMessage.event_id == event_id, OutboxMessage.status == "held"))
    if rank is None:
        return 0
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.event_id == event_id, OutboxMessage.status == "held",
               OutboxMessage.rank == rank)
        .values(status="pending", next_attempt_at=now)
        .execution_options(synchronize_session=False))
    return result.rowcount or 0


def release_stuck(now: dt.datetime | None = None) -> int:
    """Held messages of events with nothing pending or sent (a worker stopped between two
    steps): their rank goes on. Commits."""
    now = _now(now)
    other = aliased(OutboxMessage)
    events = db.session.scalars(
        sa.select(OutboxMessage.event_id).distinct()
        .where(OutboxMessage.status == "held", OutboxMessage.event_id.is_not(None),
               ~sa.exists(sa.select(other.id).where(
                   other.event_id == OutboxMessage.event_id,
                   other.status.in_(("pending", "sent")))))).all()
    db.session.commit()
    released = 0
    for event_id in events:
        released += release_next_rank(event_id, now)
        db.session.commit()
    return released


@dataclass
class _Prepared:
    outgoing: Outgoing | None = None
    outcome: str = ""       # when not sending: "skipped", "stale", "failed"
    reason: str = ""


def _in_window(conversation: ChatConversation | None, now: dt.datetime) -> bool:
    last = dates.as_utc(conversation.last_inbound_at) if conversation else None
    return last is not None and now - last < WHATSAPP_WINDOW


def _compose(channel: str, text: str, url: str) -> str:
    """The text a channel sends: push carries the link apart (a tap opens it); the others
    end with it, never cut."""
    if channel == "push" or not url:
        return channels.clip(text, channel)
    room = channels.MAX_TEXT[channel] - len(url) - 1
    if room < 20:
        return channels.clip(text, channel)
    body = text if len(text) <= room else text[: room - 1].rstrip() + "…"
    return f"{body} {url}"


def _prepare(message: OutboxMessage, now: dt.datetime) -> _Prepared:
    config = current_app.config
    if not channels.enabled(message.channel, config):
        return _Prepared(outcome="skipped", reason="channel off")
    if message.kind == "reply":
        conversation = message.conversation
        if conversation is None:
            return _Prepared(outcome="failed", reason="conversation gone")
        created = dates.as_utc(message.created_at)
        if created is not None and now - created > REPLY_FRESH:  # a late answer misleads
            return _Prepared(outcome="stale", reason="reply too late")
        body = message.body or {}
        text = channels.clip(str(body.get("text") or ""), message.channel)
        if not text:
            return _Prepared(outcome="failed", reason="empty reply")
        return _Prepared(Outgoing(
            channel=message.channel, text=text, address=conversation.address, kind="reply",
            language=conversation.language or "id", in_window=_in_window(conversation, now),
            choices=[str(c) for c in body.get("choices") or []]))
    subscription = message.subscription
    if subscription is None or not subscription.active:
        return _Prepared(outcome="skipped", reason="subscription dropped")
    rendered = messages.render(message, now)
    if rendered is None:
        return _Prepared(outcome="stale", reason="no longer true")
    return _Prepared(Outgoing(
        channel=message.channel, text=_compose(message.channel, rendered.text, rendered.url),
        address=subscription.address, kind="notification", url=rendered.url,
        title=rendered.title, site_name=rendered.title, keys=dict(subscription.keys or {}),
        language=subscription.language or "id", tag=rendered.tag,
        in_window=_in_window(subscription.conversation, now)))


def _send(outgoing: Outgoing) -> Result:
    try:
        return channels.module(outgoing.channel).send(outgoing, current_app.config)
    except Exception:  # noqa: BLE001 - a broken channel must not stop the worker
        log.exception("notify: channel %s raised while sending", outgoing.channel)
        return Result(ok=False, error="channel error")


def deliver_one(message_id: int, token: str, now: dt.datetime) -> str:
    """Prepare, send and record one claimed message; returns its outcome ("sent", "retried",
    "failed", "skipped", "stale", "lost" when the claim was taken over). Commits."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        db.session.rollback()
        return "lost"
    event_id, channel, attempts = message.event_id, message.channel, message.attempts
    subscription_id, rank = message.subscription_id, message.rank
    urgent = event_id is not None and db.session.scalar(
        sa.select(NotificationEvent.kind).where(NotificationEvent.id == event_id)) in URGENT_KINDS
    final: dict[str, Any] = {"body": {}} if message.kind == "reply" else {}  # text not kept
    try:
        prepared = _prepare(message, now)
    except Exception:  # noqa: BLE001 - one broken message must not stop the others
        log.exception("notify: message %s could not be prepared", message_id)
        db.session.rollback()
        prepared = _Prepared(outcome="failed", reason="could not be written")
    db.session.commit()  # no transaction stays open while the network is called
    if prepared.outgoing is None:
        if not _finish(message_id, token, status=prepared.outcome,
                       last_error=prepared.reason[:200], **final):
            db.session.rollback()
            return "lost"
        if event_id is not None:
            if prepared.outcome == "stale":  # not true on any channel: the fallback neither
                db.session.execute(sa.update(OutboxMessage)
                                   .where(_open_siblings(event_id, now),
                                          OutboxMessage.status == "held")
                                   .values(status="stale", last_error="no longer true")
                                   .execution_options(synchronize_session=False))
            else:
                release_next_rank(event_id, now)
        db.session.commit()
        return prepared.outcome

    result = _send(prepared.outgoing)
    attempts += 1
    error = (result.error or "")[:200]
    maximum = int(current_app.config.get("NOTIFY_MAX_ATTEMPTS", 6))
    if result.ok:
        outcome = "sent"
        done = _finish(message_id, token, status="sent", sent_at=now, attempts=attempts,
                       last_error="", **final)
        if done and event_id is not None:
            db.session.execute(sa.update(OutboxMessage)
                               .where(_open_siblings(event_id, now), OutboxMessage.rank != rank)
                               .values(status="skipped", last_error=f"sent by {channel}")
                               .execution_options(synchronize_session=False))
    elif result.permanent or attempts >= maximum:
        outcome = "failed"
        done = _finish(message_id, token, status="failed", attempts=attempts, last_error=error,
                       **final)
        if done and result.drop_subscription and subscription_id is not None:
            subscription = db.session.get(Subscription, subscription_id)
            if subscription is not None:
                subscriptions.drop(subscription, error or "gone")
        if done and event_id is not None:
            release_next_rank(event_id, now)
    else:
        outcome = "retried"
        backoff = float(current_app.config.get("NOTIFY_BACKOFF_SECONDS", 30))
        wait = max(backoff * 2 ** (attempts - 1), result.retry_after)
        done = _finish(message_id, token, attempts=attempts, last_error=error,
                       next_attempt_at=now + dt.timedelta(seconds=wait))
        if done and urgent:  # late news is no news: the next channel tries now too
            release_next_rank(event_id, now, urgent=True)
    if not done:
        db.session.rollback()
        log.warning("notify: message %s was taken over by another worker", message_id)
        return "lost"
    db.session.commit()
    if outcome != "sent":
        log.info("notify: message %s on %s %s (%s)", message_id, channel, outcome, error)
    return outcome


def deliver(now: dt.datetime | None = None, limit: int = 100) -> Counts:
    """Send the due messages (up to `limit`). Commits.

    Each claim is made at the moment it happens: `now` plus the time the round has taken by
    the clock (dates.now()), so a message claimed late in a long round gets a full lease (the
    rest of the round's arithmetic, due times and backoff, uses `now`); and
    the round stops once half a lease has gone by (the rest waits for the next round), so the
    list of due messages it works through is never older than that."""
    now = _now(now)
    started = dates.now()
    lease = _lease()
    counts = Counts()
    dead: set[str] = set()
    due = _due(now, limit)
    for index, (message_id, channel) in enumerate(due):
        elapsed = max(dt.timedelta(0), dates.now() - started)
        if elapsed >= lease / 2:
            counts.deferred += len(due) - index
            break
        if channel in dead:
            counts.deferred += 1
            continue
        token = claim(message_id, now + elapsed)
        if token is None:
            continue
        outcome = deliver_one(message_id, token, now)
        if outcome == "retried":
            dead.add(channel)  # timeouts or 5xx: the channel's other messages wait a round
        if outcome in ("sent", "retried", "failed", "skipped", "stale"):
            setattr(counts, outcome, getattr(counts, outcome) + 1)
    return counts


# --- housekeeping and the loop ----------------------------------------------------------------

def _forget_subscriptions(where: Any) -> None:
    """Stop and blank the subscriptions matching `where` (the address is personal data; the
    rows stay while outbox rows refer to them, for the managers' figures)."""
    db.session.execute(sa.update(Subscription).where(
        where, sa.or_(Subscription.active.is_(True), Subscription.address != ""))
        .values(active=False, address="", keys={}, dropped_reason="retention")
        .execution_options(synchronize_session=False))


def housekeeping(now: dt.datetime | None = None) -> int:
    """Retention; returns how many rows were deleted. Commits.

    - chat conversations: an expired state is cleared; conversations idle for 90 days are
      deleted (web ones after a day once their state is empty) unless an active subscription
      or a message still to send refers to them; processed chat message ids after 7 days;
    - subscriptions (their address is personal data) are stopped and blanked once their
      ticket's day has passed or their complaint was closed 30 days ago, and deleted when no
      outbox row refers to them any more;
    - the text of a chat reply is blanked as soon as it is final (sent, failed, skipped, stale);
      sent, skipped and stale outbox rows are deleted after 30 days, failed ones after 90."""
    now = _now(now)
    db.session.execute(sa.update(ChatConversation).where(
        ChatConversation.state_expires_at.is_not(None), ChatConversation.state_expires_at < now)
        .values(state={}, state_expires_at=None, updated_at=ChatConversation.updated_at)
        .execution_options(synchronize_session=False))
    # A conversation that still carries news (an active subscription, a message to send) is
    # not idle: deleting it would take its queued messages with it.
    follows = sa.select(Subscription.conversation_id).where(
        Subscription.active.is_(True), Subscription.conversation_id.is_not(None))
    queued = sa.select(OutboxMessage.conversation_id).where(
        OutboxMessage.status.in_(("held", "pending")), OutboxMessage.conversation_id.is_not(None))
    deleted = db.session.execute(sa.delete(ChatConversation).where(sa.or_(
        ChatConversation.updated_at < now - CONVERSATION_KEEP,
        sa.and_(ChatConversation.channel == "web",
                ChatConversation.updated_at < now - WEB_CONVERSATION_KEEP,
                sa.cast(ChatConversation.state, sa.Text) == "{}")),
        ChatConversation.id.not_in(follows), ChatConversation.id.not_in(queued))
        .execution_options(synchronize_session=False)).rowcount or 0
    for site in db.session.scalars(sa.select(Site)):
        _forget_subscriptions(Subscription.ticket_id.in_(
            sa.select(Ticket.id).where(Ticket.site_id == site.id,
                                       Ticket.day < dates.site_today(site, now))))
    closed = sa.select(ComplaintEvent.complaint_id).where(ComplaintEvent.status == "closed") \
        .group_by(ComplaintEvent.complaint_id) \
        .having(sa.func.max(ComplaintEvent.at) < now - COMPLAINT_FOLLOW_KEEP)
    _forget_subscriptions(Subscription.complaint_id.in_(
        sa.select(Complaint.id).where(Complaint.status == "closed", Complaint.id.in_(closed))))
    db.session.execute(sa.update(OutboxMessage).where(
        OutboxMessage.kind == "reply", OutboxMessage.status.in_(FINAL),
        sa.cast(OutboxMessage.body, sa.Text) != "{}").values(body={})
        .execution_options(synchronize_session=False))
    deleted += db.session.execute(sa.delete(InboundMessage).where(
        InboundMessage.received_at < now - INBOUND_KEEP)).rowcount or 0
    deleted += db.session.execute(sa.delete(OutboxMessage).where(
        OutboxMessage.status.in_(("sent", "skipped", "stale")),
        OutboxMessage.created_at < now - DONE_KEEP)).rowcount or 0
    deleted += db.session.execute(sa.delete(OutboxMessage).where(
        OutboxMessage.status == "failed",
        OutboxMessage.created_at < now - FAILED_KEEP)).rowcount or 0
    used = sa.select(OutboxMessage.subscription_id).where(
        OutboxMessage.subscription_id.is_not(None))
    deleted += db.session.execute(sa.delete(Subscription).where(
        Subscription.active.is_(False), Subscription.address == "",
        Subscription.id.not_in(used)).execution_options(synchronize_session=False)).rowcount or 0
    db.session.commit()
    return deleted


def run_once(now: dt.datetime | None = None, *, batch: int = 100,
             clean: bool = True) -> Counts:
    """One round: near turns, fan-out, delivery (and housekeeping unless clean=False)."""
    now = _now(now)
    counts = Counts()
    counts.near = near_turn(now)
    counts.add(fan_out(now, batch))
    release_stuck(now)
    counts.add(deliver(now, batch))
    if clean:
        counts.deleted = housekeeping(now)
    return counts


def run_forever(poll: float | None = None, *, batch: int = 100,
                report: Callable[[Counts], None] | None = None,
                stop: threading.Event | None = None) -> None:
    """Rounds until SIGTERM or SIGINT (or `stop` is set): the round in progress finishes,
    then the loop ends. A round that fails (database away) is logged and tried again."""
    poll = float(current_app.config.get("NOTIFY_POLL_SECONDS", 2.0) if poll is None else poll)
    stop = stop or threading.Event()
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            previous[signum] = signal.signal(signum, lambda *_args: stop.set())
    last_clean: dt.datetime | None = None
    try:
        while not stop.is_set():
            now = dates.now()
            clean = last_clean is None or now - last_clean >= HOUSEKEEPING_EVERY
            try:
                counts = run_once(now, batch=batch, clean=clean)
            except Exception:  # noqa: BLE001 - keep the worker alive; the next round retries
                log.exception("notify: round failed")
                db.session.rollback()
                stop.wait(max(poll, 5.0))
                continue
            if clean:
                last_clean = now
            if report is not None and counts.busy:
                report(counts)
            if counts.sent + counts.retried + counts.failed < batch:
                stop.wait(poll)  # a full batch: go on at once
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        db.session.remove()


def status_counts(site_id: int | None = None,
                  since: dt.datetime | None = None) -> dict[tuple[str, str], int]:
    """{(channel, status): count} of the outbox (one site, created since)."""
    query = sa.select(OutboxMessage.channel, OutboxMessage.status, sa.func.count()) \
        .group_by(OutboxMessage.channel, OutboxMessage.status)
    if site_id is not None:
        query = query.where(OutboxMessage.site_id == site_id)
    if since is not None:
        query = query.where(OutboxMessage.created_at >= since)
    return {(channel, status): count for channel, status, count in db.session.execute(query)}


def oldest_pending(site_id: int | None = None) -> dt.datetime | None:
    """When the longest-waiting pending message was queued."""
    query = sa.select(sa.func.min(OutboxMessage.created_at)).where(
        OutboxMessage.status == "pending")
    if site_id is not None:
        query = query.where(OutboxMessage.site_id == site_id)
    return dates.as_utc(db.session.scalar(query))
