"""The delivery worker (mpp_lite/notify/outbox.py) and the message texts (messages.py): fan-out
by the site's channel order, exactly once under two workers, retries with backoff, giving up,
permanent refusals and dropped subscriptions, the fallback to the next channel, nothing sent on
a channel that is off, stale messages, "your turn is near", housekeeping, the CLI, and one
message end to end through the real SMS channel and a local gateway."""
from __future__ import annotations

import datetime as dt
import threading
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import (
    ChatConversation, InboundMessage, NotificationEvent, OutboxMessage, Site, Subscription,
)
from mpp_lite.notify import outbox
from mpp_lite.notify.channels import Result
from mpp_lite.queue import calling

from support.catalogs import load_queue_catalog
from support.fake_gateway import fake_gateway
from support.notify import ADDRESSES, follow, install, statuses, ticket_news
from support.notify import outbox as rows
from support.queue import NOW, book, counter, staff

LATER = NOW + dt.timedelta(seconds=1)
SITE = "Mal Pelayanan Publik Kabupaten Maros"


@pytest.fixture
def ctx(app):
    load_queue_catalog(app)
    with app.app_context():
        yield app
        db.session.rollback()


def open_counter(label: str = "Gerai 1"):
    gerai = counter(label)
    calling.set_counter_status(gerai, staff("dukcapil.maros"), "open", "")
    db.session.commit()
    return gerai


# --- fan-out ----------------------------------------------------------------------------------

def test_fan_out_ranks_the_channels_by_the_site_order_and_holds_the_later_ones(ctx, monkeypatch):
    install(monkeypatch)
    ticket = book()
    follow(ticket, "sms", "push")
    event = ticket_news(ticket, "ticket.booked")
    counts = outbox.fan_out(NOW)
    assert (counts.events, counts.queued) == (1, 2)
    messages = rows(event.id)
    assert [(m.channel, m.rank, m.status) for m in messages] == [
        ("push", 0, "pending"), ("sms", 1, "held")]
    assert messages[0].dedupe_key == f"event:{event.id}:sub:{messages[0].subscription_id}"
    assert outbox.fan_out(NOW).events == 0  # fanned out once
    assert len(rows()) == 2


def test_the_first_channel_the_citizen_has_is_rank_zero_and_disabled_ones_are_left_out(
        ctx, monkeypatch):
    install(monkeypatch, on=("telegram", "sms"))
    site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
    site.notify_channels = "sms,push,telegram"
    ticket = book()
    follow(ticket, "push", "whatsapp", "telegram", "sms")
    event = ticket_news(ticket, "ticket.booked")
    outbox.fan_out(NOW)
    assert [(m.channel, m.rank, m.status) for m in rows(event.id)] == [
        ("sms", 0, "pending"), ("telegram", 1, "held")]


def test_an_event_nobody_can_receive_is_only_marked_fanned_out(ctx, monkeypatch):
    fake = install(monkeypatch, on=())  # no channel configured: nothing is sent
    ticket = book()
    follow(ticket, "push", "sms")
    event = ticket_news(ticket, "ticket.booked")
    counts = outbox.run_once(NOW)
    assert (counts.events, counts.queued, counts.sent) == (1, 0, 0)
    assert rows() == [] and fake.sent == []
    assert db.session.get(NotificationEvent, event.id).fanned_out_at is not None


# --- delivery, texts ------------------------------------------------------------------------

def test_delivered_on_the_first_channel_the_others_are_skipped(ctx, monkeypatch):
    fake = install(monkeypatch)
    ticket = book()
    follow(ticket, "push", "sms")
    event = ticket_news(ticket, "ticket.booked")
    counts = outbox.run_once(NOW)
    assert (counts.sent, counts.skipped) == (1, 0)
    assert statuses(event.id) == {"push": "sent", "sms": "skipped"}
    [push] = fake.sent
    assert push.address == ADDRESSES["push"] and push.keys == {"p256dh": "k", "auth": "a"}
    assert push.text == (f"Nomor antrean {ticket.number} untuk KTP-el baru di {SITE}, "
                         "Selasa, 24 November 2026, sudah tercatat.")
    assert push.url.startswith(f"http://mpp.test/tiket/{ticket.code}?s=")
    assert push.title == SITE and push.tag == f"ticket-{ticket.id}"
    assert outbox.run_once(NOW + dt.timedelta(hours=1)).sent == 0  # never twice


def test_called_now_names_the_counter_and_phone_channels_carry_the_link(ctx, monkeypatch):
    fake = install(monkeypatch)
    ticket = book()
    follow(ticket, "sms")
    gerai = open_counter()
    calling.call_next(gerai, staff("dukcapil.maros"), now=NOW, streak=2)
    db.session.commit()
    assert outbox.run_once(NOW).sent == 1
    [sms] = fake.sent
    assert sms.text.startswith(f"Nomor {ticket.number} dipanggil sekarang. Silakan ke Gerai 1. "
                               f"http://mpp.test/tiket/{ticket.code}?s=")


def test_messages_are_written_in_the_subscribers_language(ctx, monkeypatch):
    fake = install(monkeypatch)
    ticket = book()
    follow(ticket, "telegram", language="en")
    ticket_news(ticket, "ticket.booked")
    outbox.run_once(NOW)
    [message] = fake.sent
    assert message.language == "en"
    assert "Tuesday" in message.text and "Selasa" not in message.text


def test_without_server_name_the_link_is_left_out(ctx, monkeypatch):
    fake = install(monkeypatch)
    ctx.config["SERVER_NAME"] = None
    ticket = book()
    follow(ticket, "sms")
    ticket_news(ticket, "ticket.booked")
    outbox.run_once(NOW)
    [sms] = fake.sent
    assert sms.url == "" and "http" not in sms.text and "localhost" not in sms.text


# --- failures -------------------------------------------------------------------------------

def test_a_gateway_error_is_retried_with_backoff(ctx, monkeypatch):
    fake = install(monkeypatch)
    ticket = book()
    follow(ticket, "telegram")
    event = ticket_news(ticket, "ticket.booked")
    fake.answer("telegram", Result(ok=False, error="HTTP 503"), Result(ok=False, error="timeout"))
    assert outbox.run_once(NOW).retried == 1
    [message] = rows(event.id)
    assert (message.status, message.attempts, message.last_error) == ("pending", 1, "HTTP 503")
    assert outbox.dates.as_utc(message.next_attempt_at) == NOW + dt.timedelta(seconds=30)
    assert outbox.run_once(NOW + dt.timedelta(seconds=29)).retried == 0  # not yet due
    assert outbox.run_once(NOW + dt.timedelta(seconds=30)).retried == 1
    [message] = rows(event.id)
    assert message.attempts == 2
    assert outbox.dates.as_utc(message.next_attempt_at) == NOW + dt.timedelta(seconds=90)
    assert outbox.run_once(NOW + dt.timedelta(seconds=90)).sent == 1
    [message] = rows(event.id)
    assert (message.status, message.attempts, message.last_error) == ("sent", 3, "")
    assert len(fake.sent) == 3


def test_after_the_last_attempt_it_fails_and_the_next_channel_takes_over(ctx, monkeypatch):
    fake = install(monkeypatch)
    ctx.config["NOTIFY_MAX_ATTEMPTS"] = 2
    ticket = book()
    follow(ticket, "push", "sms")
    event = ticket_news(ticket, "ticket.booked")
    fake.answer("push", Result(ok=False, error="HTTP 500"), Result(ok=False, error="HTTP 502"))
    outbox.run_once(NOW)
    assert statuses(event.id) == {"push": "pending", "sms": "held"}
    assert outbox.run_once(NOW + dt.timedelta(seconds=30)).failed == 1
    assert statuses(event.id) == {"push": "failed", "sms": "pending"}
    assert outbox.run_once(NOW + dt.timedelta(seconds=31)).sent == 1
    assert statuses(event.id) == {"push": "failed", "sms": "sent"}
    assert [m.channel for m in fake.sent] == ["push", "push", "sms"]


def test_a_permanent_refusal_fails_at_once_and_drops_a_gone_address(ctx, monkeypatch):
    fake = install(monkeypatch)
    ticket = book()
    follow(ticket, "push", "whatsapp")
    event = ticket_news(ticket, "ticket.booked")
    fake.answer("push", Result(ok=False, permanent=True, drop_subscription=True,
                               error="HTTP 410"))
    counts = outbox.run_once(NOW)
    assert (counts.failed, counts.retried) == (1, 0)
    push = db.session.scalar(sa.select(Subscription).filter_by(channel="push"))
    assert not push.active and push.dropped_reason == "HTTP 410"
    assert statuses(event.id) == {"push": "failed", "whatsapp": "pending"}
    assert outbox.run_once(LATER).sent == 1
    # The dropped subscription gets nothing more.
    second = ticket_news(ticket, "ticket.cancelled", "x")
    ticket.status = "cancelled"
    db.session.commit()
    outbox.run_once(LATER)
    assert statuses(second.id) == {"whatsapp": "sent"}


def test_a_refusal_that_keeps_the_address_keeps_the_subscription(ctx, monkeypatch):
    fake = install(monkeypatch)
    ticket = book()
    follow(ticket, "whatsapp")
    event = ticket_news(ticket, "ticket.booked")
    fake.answer("whatsapp", Result(ok=False, permanent=True, error="131047"))
    outbox.run_once(NOW)
    assert statuses(event.id) == {"whatsapp": "failed"}
    assert db.session.scalar(sa.select(Subscription.active))


def test_a_channel_switched_off_since_is_skipped_and_the_next_one_used(ctx, monkeypatch):
    fake = install(monkeypatch)
    ticket = book()
    follow(ticket, "push", "sms")
    event = ticket_news(ticket, "ticket.booked")
    outbox.fan_out(NOW)
    fake.on = {"sms"}
    counts = outbox.run_once(NOW)
    assert counts.skipped == 1
    assert statuses(event.id) == {"push": "skipped", "sms": "pending"}
    outbox.run_once(LATER)
    assert statuses(event.id) == {"push": "skipped", "sms": "sent"}
    assert [m.channel for m in fake.sent] == ["sms"]


def test_a_dead_channel_does_not_hold_up_the_others(ctx, monkeypatch):
    fake = install(monkeypatch)
    first, second, third = book(), book(), book()
    follow(first, "push")
    follow(second, "push")
    follow(third, "telegram")
    for ticket in (first, second, third):
        ticket_news(ticket, "ticket.booked")
    fake.answer("push", Result(ok=False, error="timeout"))
    counts = outbox.run_once(NOW)
    assert (counts.retried, counts.deferred, counts.sent) == (1, 1, 1)
    assert [m.channel for m in fake.sent] == ["push", "telegram"]
    assert outbox.run_once(LATER).sent == 1  # the deferred one, next round


def test_a_called_ticket_falls_back_at_once_when_the_first_channel_times_out(ctx, monkeypatch):
    fake = install(monkeypatch)
    ticket = book()
    follow(ticket, "push", "sms")
    gerai = open_counter()
    calling.call_next(gerai, staff("dukcapil.maros"), now=NOW, streak=2)
    db.session.commit()
    fake.answer("push", Result(ok=False, error="timeout"), Result(ok=False, error="timeout"))
    assert outbox.run_once(NOW).retried == 1
    event_id = rows()[0].event_id
    assert statuses(event_id) == {"push": "pending", "sms": "pending"}  # sms does not wait
    counts = outbox.run_once(LATER)  # push not due yet (backoff); sms goes
    assert counts.sent == 1
    assert statuses(event_id) == {"push": "skipped", "sms": "sent"}  # sent once
    assert [m.channel for m in fake.sent] == ["push", "sms"]
    assert outbox.run_once(NOW + dt.timedelta(minutes=5)).sent == 0


def test_a_booking_confirmation_still_waits_for_the_first_channel(ctx, monkeypatch):
    fake = install(monkeypatch)
    ticket = book()
    follow(ticket, "push", "sms")
    event = ticket_news(ticket, "ticket.booked")
    fake.answer("push", Result(ok=False, error="HTTP 503"))
    outbox.run_once(NOW)
    assert statuses(event.id) == {"push": "pending", "sms": "held"}


# --- stale ------------------------------------------------------------------------------------

def test_near_for_a_ticket_already_called_is_stale_on_every_channel(ctx, monkeypatch):
    fake = install(monkeypatch)
    ticket = book()
    follow(ticket, "push", "sms")
    event = ticket_news(ticket, "ticket.near", ahead=1)
    ticket.status = "called"
    db.session.commit()
    assert outbox.run_once(NOW).stale == 1
    assert statuses(event.id) == {"push": "stale", "sms": "stale"}
    assert fake.sent == []


def test_called_for_a_ticket_no_longer_called_or_long_ago_is_stale(ctx, monkeypatch):
    fake = install(monkeypatch)
    outbox.dates.freeze(monkeypatch, NOW)
    ticket = book()
    follow(ticket, "sms")
    gerai = open_counter()
    calling.call_next(gerai, staff("dukcapil.maros"), now=NOW, streak=2)
    db.session.commit()
    # Delivered only while it is news: the worker was away for an hour.
    outbox.fan_out(NOW)
    assert outbox.deliver(NOW + dt.timedelta(hours=1)).stale == 1
    calling.start_service(ticket, gerai, staff("dukcapil.maros"))
    db.session.commit()
    ticket_news(ticket, "ticket.called", "again", counter="Gerai 1")
    outbox.fan_out(NOW)
    assert outbox.deliver(NOW + dt.timedelta(minutes=1)).stale == 1  # being served already
    assert fake.sent == []


def test_anything_about_a_ticket_of_a_past_day_is_stale(ctx, monkeypatch):
    fake = install(monkeypatch)
    ticket = book()
    follow(ticket, "telegram")
    ticket_news(ticket, "ticket.booked")
    assert outbox.run_once(NOW + dt.timedelta(days=1)).stale == 1
    assert fake.sent == []


def test_an_application_message_is_stale_once_the_status_moved_on(ctx, monkeypatch):
    from mpp_lite.models import Application
    from support.desk import received

    fake = install(monkeypatch)
    application_id, code = received(ctx)  # records "application.received"
    application = db.session.get(Application, application_id)
    follow(application, "sms")
    application.status = "in_progress"  # moved on before the worker came round
    db.session.commit()
    assert outbox.run_once(NOW).stale == 1
    application.status = "ready"
    application.pickup_place = "Gerai 1, MPP Maros"
    db.session.add(NotificationEvent(site_id=application.site_id, kind="application.ready",
                                     dedupe_key="test-ready", application_id=application.id))
    db.session.commit()
    assert outbox.run_once(NOW).sent == 1
    [sms] = fake.sent
    assert sms.text.startswith(f"Berkas {code[:4]}-")
    assert "sudah jadi. Ambil di Gerai 1, MPP Maros." in sms.text
    assert sms.text.endswith(f"http://mpp.test/berkas/{code}")


# --- "your turn is near" ----------------------------------------------------------------------

def test_near_is_recorded_once_when_few_people_are_ahead_and_a_counter_is_open(ctx, monkeypatch):
    fake = install(monkeypatch)
    first, second, mine = book(), book(), book()
    follow(mine, "telegram")
    assert outbox.near_turn(NOW) == 0  # no counter open: no call is coming
    open_counter()
    site = mine.site
    site.notify_near_ahead = 1
    db.session.commit()
    assert outbox.near_turn(NOW) == 0  # two ahead
    site.notify_near_ahead = 3
    db.session.commit()
    assert outbox.near_turn(NOW) == 1
    assert outbox.near_turn(NOW) == 0  # once per ticket and day
    event = db.session.scalar(sa.select(NotificationEvent).filter_by(kind="ticket.near"))
    assert event.ticket_id == mine.id and event.payload["ahead"] == 2
    first.status = "done"
    db.session.commit()
    outbox.run_once(NOW)
    near = [m for m in fake.sent if "hampir" in m.text]
    assert near[0].text.startswith(f"Giliran Anda hampir tiba: 1 orang lagi sebelum nomor "
                                   f"{mine.number}")
    assert second.status == "waiting"


def test_tickets_nobody_follows_get_no_near_event(ctx):
    book()
    open_counter()
    assert outbox.near_turn(NOW) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(NotificationEvent)) == 0


# --- chat replies -----------------------------------------------------------------------------

def test_a_chat_reply_is_sent_once_to_the_conversation(ctx, monkeypatch):
    from mpp_lite.chat.engine import Reply
    from mpp_lite.chat.inbox import queue_reply

    fake = install(monkeypatch)
    outbox.dates.freeze(monkeypatch, NOW)
    conversation = ChatConversation(channel="whatsapp", address="6281234567890", language="id",
                                    state={}, last_inbound_at=NOW - dt.timedelta(hours=1))
    db.session.add(conversation)
    db.session.flush()
    queue_reply(conversation, Reply(text="Halo", choices=["Antre"]), "reply:whatsapp:wamid.1")
    db.session.commit()
    assert outbox.run_once(NOW).sent == 1
    [reply] = fake.sent
    assert (reply.kind, reply.text, reply.address, reply.in_window, reply.choices) == (
        "reply", "Halo", "6281234567890", True, ["Antre"])
    assert outbox.run_once(NOW + dt.timedelta(days=2)).sent == 0


def test_a_chat_reply_not_sent_within_an_hour_is_stale_and_its_text_is_not_kept(
        ctx, monkeypatch):
    from mpp_lite.chat.engine import Reply
    from mpp_lite.chat.inbox import queue_reply

    fake = install(monkeypatch)
    outbox.dates.freeze(monkeypatch, NOW)
    conversation = ChatConversation(channel="telegram", address="555", language="id", state={})
    db.session.add(conversation)
    db.session.flush()
    queue_reply(conversation, Reply(text="Antrean Anda A-001"), "reply:telegram:1")
    db.session.commit()
    assert outbox.run_once(NOW).sent == 1
    fake.answer("telegram", Result(ok=False, error="timeout"))
    queue_reply(conversation, Reply(text="Halo lagi"), "reply:telegram:2")
    db.session.commit()
    assert outbox.run_once(NOW).retried == 1
    late = NOW + dt.timedelta(hours=1, seconds=1)
    db.session.execute(sa.update(OutboxMessage).where(OutboxMessage.status == "pending")
                       .values(next_attempt_at=late))
    db.session.commit()
    assert outbox.run_once(late, clean=False).stale == 1
    replies = rows()
    assert sorted(m.status for m in replies) == ["sent", "stale"]
    assert all(m.body == {} for m in replies)  # final: the text is not kept
    assert len(fake.sent) == 2


# --- several workers --------------------------------------------------------------------------

def test_two_workers_racing_send_every_message_exactly_once(ctx, monkeypatch):
    fake = install(monkeypatch)
    tickets = [book() for _ in range(12)]
    for ticket in tickets:
        follow(ticket, "push", "sms")
        ticket_news(ticket, "ticket.booked")
    app = ctx
    barrier = threading.Barrier(2, timeout=30)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with app.app_context():
                barrier.wait()
                for _round in range(3):
                    outbox.run_once(NOW, clean=False)
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads)
    assert not errors, errors
    tags = sorted(m.tag for m in fake.sent)
    assert tags == sorted(f"ticket-{t.id}" for t in tickets)  # one each, none twice
    assert {m.channel for m in fake.sent} == {"push"}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 24
    assert set(statuses().values()) <= {"sent", "skipped"}


def test_a_message_claimed_by_a_worker_that_died_is_sent_after_the_lease(ctx, monkeypatch):
    fake = install(monkeypatch)
    ticket = book()
    follow(ticket, "telegram")
    ticket_news(ticket, "ticket.booked")
    outbox.fan_out(NOW)
    [message] = rows()
    assert outbox.claim(message.id, NOW) is not None  # then the worker died
    assert outbox.claim(message.id, NOW) is None
    assert outbox.deliver(NOW + dt.timedelta(seconds=10)).sent == 0
    assert outbox.deliver(NOW + dt.timedelta(seconds=61)).sent == 1
    assert len(fake.sent) == 1


def _slow_sms(monkeypatch, fake, clock, seconds, during=None):
    """The sms channel of `fake`, each send moving the fake clock on by `seconds` and calling
    during(number of this send) first."""
    sends = [0]

    def send(message, config):
        sends[0] += 1
        clock[0] += dt.timedelta(seconds=seconds)
        if during is not None:
            during(sends[0], message)
        return fake._send("sms", message)

    real_module = fake.module
    monkeypatch.setattr(outbox.channels, "module", lambda name: SimpleNamespace(
        enabled=real_module(name).enabled, send=send))


def _followed_sms_tickets(monkeypatch, count):
    fake = install(monkeypatch)
    tickets = [book() for _ in range(count)]
    for ticket in tickets:
        follow(ticket, "sms")
        ticket_news(ticket, "ticket.booked")
    outbox.fan_out(NOW)
    clock = [NOW]
    monkeypatch.setattr(outbox.dates, "_source", lambda: clock[0])
    return fake, tickets, clock


def test_a_long_round_stops_and_a_second_worker_sends_nothing_twice(ctx, monkeypatch):
    """Worker A's sends take 35 s each (a fake clock moves on); worker B runs while A sends
    its second message. Nothing may be sent twice."""
    fake, tickets, clock = _followed_sms_tickets(monkeypatch, 3)
    app, main = ctx, threading.current_thread()
    first_round = [True]
    errors: list[BaseException] = []

    def worker_b() -> None:
        try:
            with app.app_context():
                outbox.deliver(clock[0])
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    def during(number, message):
        if first_round[0] and number == 2 and threading.current_thread() is main:
            thread = threading.Thread(target=worker_b, daemon=True)
            thread.start()
            thread.join(30)

    _slow_sms(monkeypatch, fake, clock, 35, during)
    counts = outbox.deliver(NOW)
    first_round[0] = False
    assert counts.sent == 1 and counts.deferred == 2  # stopped before the lease ran short
    for _round in range(3):
        outbox.deliver(clock[0])
    assert not errors, errors
    assert sorted(m.tag for m in fake.sent) == sorted(f"ticket-{t.id}" for t in tickets)
    assert set(statuses().values()) == {"sent"}


def test_a_claim_made_late_in_a_round_lasts_a_lease_from_then(ctx, monkeypatch):
    fake, _tickets, clock = _followed_sms_tickets(monkeypatch, 2)
    leases = []

    def during(number, message):
        leases.append(db.session.scalar(sa.select(sa.func.max(OutboxMessage.claimed_until))))
        db.session.commit()

    _slow_sms(monkeypatch, fake, clock, 20, during)
    assert outbox.deliver(NOW).sent == 2
    assert [outbox.dates.as_utc(value) for value in leases] == [
        NOW + dt.timedelta(seconds=60), NOW + dt.timedelta(seconds=80)]


# --- housekeeping and the CLI -----------------------------------------------------------------

def test_housekeeping_deletes_old_message_ids_and_old_finished_messages(ctx, monkeypatch):
    install(monkeypatch)
    old, recent = NOW - dt.timedelta(days=8), NOW - dt.timedelta(days=6)
    db.session.add_all([InboundMessage(channel="telegram", external_id="1", received_at=old),
                        InboundMessage(channel="telegram", external_id="2", received_at=recent)])
    site_id = db.session.scalar(sa.select(Site.id).filter_by(slug="maros"))
    for key, status, days in (("a", "sent", 31), ("b", "stale", 31), ("c", "skipped", 29),
                              ("d", "failed", 31), ("e", "pending", 40), ("f", "failed", 91)):
        db.session.add(OutboxMessage(site_id=site_id, channel="sms", dedupe_key=key,
                                     status=status, created_at=NOW - dt.timedelta(days=days)))
    db.session.commit()
    assert outbox.housekeeping(NOW) == 4
    assert db.session.scalars(sa.select(InboundMessage.external_id)).all() == ["2"]
    assert sorted(db.session.scalars(sa.select(OutboxMessage.dedupe_key))) == ["c", "d", "e"]


def test_housekeeping_clears_expired_state_and_deletes_idle_conversations(ctx, monkeypatch):
    from mpp_lite.notify.subscriptions import subscribe

    install(monkeypatch)
    day = dt.timedelta(days=1)

    def talk(channel, address, idle, state=None, expires=None):
        conversation = ChatConversation(
            channel=channel, address=address, state=state or {}, state_expires_at=expires,
            created_at=NOW - idle, updated_at=NOW - idle)
        db.session.add(conversation)
        return conversation

    expired = talk("whatsapp", "1", day, {"flow": "book"}, NOW - dt.timedelta(minutes=1))
    live = talk("whatsapp", "2", day, {"flow": "book"}, NOW + dt.timedelta(minutes=5))
    talk("telegram", "3", 91 * day)
    recent = talk("telegram", "4", 89 * day)
    talk("web", "5", 2 * day)
    web_busy = talk("web", "6", 2 * day, {"flow": "book"}, NOW + dt.timedelta(minutes=5))
    web_fresh = talk("web", "7", dt.timedelta(hours=20))
    following = talk("whatsapp", "8", 91 * day)  # follows a ticket of today: kept
    db.session.flush()
    ticket = book()
    subscribe(ticket, "whatsapp", "6281234567890", conversation_id=following.id)
    db.session.commit()
    assert outbox.housekeeping(NOW) == 2
    db.session.expire_all()
    kept = {c.address: c for c in db.session.scalars(sa.select(ChatConversation))}
    assert sorted(kept) == ["1", "2", "4", "6", "7", "8"]
    assert (expired.state, expired.state_expires_at) == ({}, None)
    assert outbox.dates.as_utc(expired.updated_at) == NOW - day  # clearing is not activity
    assert live.state == {"flow": "book"} and web_busy.state == {"flow": "book"}
    assert recent.id and web_fresh.id


def test_housekeeping_forgets_the_addresses_of_past_tickets_and_old_complaints(
        ctx, monkeypatch):
    from mpp_lite.models import Complaint, ComplaintEvent
    from mpp_lite.notify.subscriptions import subscribe

    install(monkeypatch)
    yesterday, today = book(now=NOW - dt.timedelta(days=1)), book()
    follow(yesterday, "sms", "telegram")
    follow(today, "sms")
    site_id = today.site_id
    complaints = []
    for code, closed_days in (("ADU1", 31), ("ADU2", 29), ("ADU3", None)):
        complaint = Complaint(code=code, site_id=site_id, body="Antrean lama",
                              status="closed" if closed_days else "answered",
                              first_response_due=NOW.date(), answer_due=NOW.date())
        db.session.add(complaint)
        db.session.flush()
        if closed_days:
            db.session.add(ComplaintEvent(complaint_id=complaint.id, status="closed",
                                          at=NOW - dt.timedelta(days=closed_days)))
        subscribe(complaint, "whatsapp", "6281299998888")
        complaints.append(complaint)
    db.session.commit()
    event = ticket_news(yesterday, "ticket.booked")
    outbox.fan_out(NOW - dt.timedelta(days=1))  # yesterday's sms message refers to it
    outbox.housekeeping(NOW)
    db.session.expire_all()
    subs = list(db.session.scalars(sa.select(Subscription)))
    forgotten = {(s.ticket_id, s.complaint_id, s.channel) for s in subs
                 if not s.active and s.address == "" and s.keys == {}}
    alive = {(s.ticket_id, s.complaint_id) for s in subs if s.active and s.address}
    # yesterday's: stopped and blank, kept while their outbox rows are (the managers' figures)
    assert forgotten == {(yesterday.id, None, "sms"), (yesterday.id, None, "telegram")}
    assert {m.channel for m in rows(event.id)} == {"sms", "telegram"}
    # the complaint closed 31 days ago: no outbox row refers to it, so it is deleted
    assert complaints[0].id not in {s.complaint_id for s in subs}
    assert alive == {(today.id, None), (None, complaints[1].id), (None, complaints[2].id)}


def test_housekeeping_blanks_the_text_of_final_chat_replies(ctx, monkeypatch):
    install(monkeypatch)
    conversation = ChatConversation(channel="telegram", address="555", state={})
    db.session.add(conversation)
    db.session.flush()
    for key, status in (("a", "sent"), ("b", "failed"), ("c", "stale"), ("d", "pending")):
        db.session.add(OutboxMessage(site_id=None, kind="reply", channel="telegram",
                                     conversation_id=conversation.id, dedupe_key=key,
                                     status=status, body={"text": "Nomor A-001"},
                                     created_at=NOW))
    db.session.commit()
    outbox.housekeeping(NOW)
    db.session.expire_all()
    bodies = {m.dedupe_key: m.body for m in db.session.scalars(sa.select(OutboxMessage))}
    assert bodies == {"a": {}, "b": {}, "c": {}, "d": {"text": "Nomor A-001"}}


def test_the_cli_runs_once_and_shows_the_status_without_addresses(ctx, monkeypatch):
    install(monkeypatch)
    outbox.dates.freeze(monkeypatch, NOW)
    ticket = book()
    follow(ticket, "sms")
    ticket_news(ticket, "ticket.booked")
    runner = ctx.test_cli_runner()
    result = runner.invoke(args=["notify", "run", "--once", "--batch", "10"])
    assert result.exit_code == 0, result.output
    assert "sent=1" in result.output and "events=1" in result.output
    assert ADDRESSES["sms"] not in result.output
    result = runner.invoke(args=["notify", "status"])
    assert result.exit_code == 0, result.output
    sms_line = next(line for line in result.output.splitlines() if line.startswith("sms"))
    assert sms_line.split()[1:4] == ["0", "0", "1"]  # held, pending, sent
    assert "oldest pending: none" in result.output
    assert runner.invoke(args=["notify", "run", "--batch", "0"]).exit_code != 0


def test_run_forever_stops_when_asked(ctx, monkeypatch):
    fake = install(monkeypatch)
    ticket = book()
    follow(ticket, "sms")
    ticket_news(ticket, "ticket.booked")
    stop = threading.Event()
    reports: list[outbox.Counts] = []

    def report(counts: outbox.Counts) -> None:
        reports.append(counts)
        stop.set()

    outbox.dates.freeze(monkeypatch, NOW)
    outbox.run_forever(0.1, report=report, stop=stop)
    assert reports[0].sent == 1 and len(fake.sent) == 1


# --- end to end: the real SMS channel ---------------------------------------------------------

def test_a_notification_reaches_a_local_sms_gateway(ctx):
    ticket = book()
    follow(ticket, "sms")
    ticket_news(ticket, "ticket.booked")
    with fake_gateway() as gateway:
        ctx.config.update(SMS_URL=gateway.url + "/send?to={phone}&msg={text}", SMS_METHOD="GET")
        gateway.answer(503)
        assert outbox.run_once(NOW).retried == 1
        assert outbox.run_once(NOW + dt.timedelta(seconds=30)).sent == 1
    assert len(gateway.requests) == 2
    query = gateway.requests[1].query
    assert query["to"] == ["6281234567890"]
    assert query["msg"][0].startswith(f"Nomor antrean {ticket.number} untuk KTP-el baru")
    assert f"http://mpp.test/tiket/{ticket.code}" in query["msg"][0]


def test_with_no_channel_settings_nothing_is_queued_or_sent(ctx):
    """The real channel modules, none configured (the tests' default settings)."""
    from mpp_lite.notify import channels

    assert channels.enabled_channels(ctx.config) == []
    ticket = book()
    follow(ticket, "push", "whatsapp", "telegram", "sms")
    ticket_news(ticket, "ticket.booked")
    counts = outbox.run_once(NOW)
    assert (counts.events, counts.queued, counts.sent) == (1, 0, 0)
    assert rows() == []


def test_a_message_that_cannot_be_written_fails_without_stopping_the_others(ctx, monkeypatch):
    from mpp_lite.notify import messages

    fake = install(monkeypatch)
    broken, fine = book(), book()
    follow(broken, "sms")
    follow(fine, "telegram")
    first = ticket_news(broken, "ticket.booked")
    ticket_news(fine, "ticket.booked")
    real = messages.render

    def render(message, now=None):
        if message.event_id == first.id:
            raise RuntimeError("bug")
        return real(message, now)

    monkeypatch.setattr(messages, "render", render)
    counts = outbox.run_once(NOW)
    assert (counts.failed, counts.sent) == (1, 1)
    assert [m.channel for m in fake.sent] == ["telegram"]
    assert statuses(first.id) == {"sms": "failed"}
