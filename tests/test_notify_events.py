"""Notification events are recorded in the transaction of the change, only for what someone
follows, and never twice: booking with an opt-in, calls and recalls, transfers, cancellations
by staff, application changes with the desk's phone, complaint answers."""
from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa

from mpp_lite.dates import local_now
from mpp_lite.extensions import db
from mpp_lite.models import NotificationEvent, Subscription, Ticket
from mpp_lite.notify.subscriptions import phone_subscriptions, subscribe
from mpp_lite.queue import calling
from mpp_lite.queue.booking import BookingRequest, issue_ticket
from mpp_lite.queue.tickets import cancel_ticket

from support.catalogs import load_queue_catalog
from support.queue import NOW, book, counter, service, staff


@pytest.fixture
def ctx(app):
    load_queue_catalog(app)
    with app.app_context():
        yield app
        db.session.rollback()


def kinds(ticket_id: int) -> list[str]:
    return list(db.session.scalars(sa.select(NotificationEvent.kind).where(
        NotificationEvent.ticket_id == ticket_id).order_by(NotificationEvent.id)))


def book_with(subscriptions, key=None) -> tuple[Ticket, bool]:
    svc = service("ktp-el-baru")
    return issue_ticket(BookingRequest(
        site=svc.site, service=svc, day=local_now(svc.site.timezone, NOW).date(), name="Siti",
        idempotency_key=key or uuid.uuid4().hex, now=NOW, phone="0812 3456 7890",
        subscriptions=subscriptions), secret="test")


def test_a_booking_with_an_opt_in_subscribes_and_confirms_once(ctx):
    key = uuid.uuid4().hex
    ticket, created = book_with([("whatsapp", "6281234567890"), ("sms", "6281234567890")], key)
    assert created
    assert kinds(ticket.id) == ["ticket.booked"]
    assert {s.channel for s in db.session.scalars(sa.select(Subscription))} == {"whatsapp", "sms"}
    again, created = book_with([("whatsapp", "6281234567890"), ("sms", "6281234567890")], key)
    assert not created and again.id == ticket.id
    assert kinds(ticket.id) == ["ticket.booked"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Subscription)) == 2


def test_nothing_is_recorded_for_tickets_nobody_follows(ctx):
    ticket = book()
    gerai = counter("Gerai 1")
    officer = staff("dukcapil.maros")
    calling.set_counter_status(gerai, officer, "open", "")
    db.session.commit()
    called = calling.call_next(gerai, officer, now=NOW, streak=2)
    assert called.id == ticket.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(NotificationEvent)) == 0


def test_calls_recalls_transfers_and_staff_cancellations_are_recorded(ctx):
    followed = book()
    subscribe(followed, "telegram", "12345")
    db.session.commit()
    gerai = counter("Gerai 1")
    officer = staff("dukcapil.maros")
    calling.set_counter_status(gerai, officer, "open", "")
    db.session.commit()
    called = calling.call_next(gerai, officer, now=NOW, streak=2)
    assert called.id == followed.id
    calling.recall(called, gerai, officer)
    db.session.commit()
    assert kinds(followed.id) == ["ticket.called", "ticket.called"]
    payload = db.session.scalars(sa.select(NotificationEvent.payload)).all()[0]
    assert payload == {"number": followed.number, "counter": "Gerai 1"}

    other = book()
    subscribe(other, "push", "https://push.example/abc", keys={"p256dh": "x", "auth": "y"})
    db.session.commit()
    assert cancel_ticket(other, staff=None, note="citizen")  # the holder knows already
    db.session.commit()
    assert kinds(other.id) == []
    third = book()
    subscribe(third, "sms", "6281234567890")
    db.session.commit()
    assert cancel_ticket(third, staff=officer, note="village")
    db.session.commit()
    assert kinds(third.id) == ["ticket.cancelled"]


def test_a_phone_that_is_not_a_mobile_number_subscribes_nothing(ctx):
    ticket = book()
    assert phone_subscriptions(ticket, "not a phone") == []
    assert phone_subscriptions(ticket, "") == []
    made = phone_subscriptions(ticket, "0812-3456-7890")
    assert [(s.channel, s.address) for s in made] == [("whatsapp", "6281234567890"),
                                                     ("sms", "6281234567890")]
    assert phone_subscriptions(ticket, "+62 812 3456 7890")[0].id == made[0].id


def test_subscribing_twice_is_one_subscription_reactivated(ctx):
    ticket = book()
    first = subscribe(ticket, "push", "https://push.example/1", keys={"p256dh": "a", "auth": "b"})
    first.active = False
    db.session.flush()
    second = subscribe(ticket, "push", "https://push.example/1", keys={"p256dh": "c", "auth": "d"},
                       language="en")
    assert second.id == first.id and second.active and second.keys["p256dh"] == "c"
    assert second.language == "en"
    with pytest.raises(ValueError):
        subscribe(ticket, "fax", "123")


def test_link_tokens_name_their_target_and_cannot_be_forged(ctx):
    from mpp_lite.notify.subscriptions import from_link_token, link_token

    ticket = book()
    token = link_token(ticket)
    assert token.startswith(f"t{ticket.id}-") and len(token) <= 64
    assert from_link_token(token).id == ticket.id
    assert from_link_token(token.upper()).id == ticket.id  # typed in capitals
    forged = token[:-1] + ("0" if token[-1] != "0" else "1")
    assert from_link_token(forged) is None
    assert from_link_token(f"t{ticket.id + 1}-{token.split('-')[1]}") is None
    assert from_link_token("t99999999999-000000000000") is None
    assert from_link_token("\x00") is None
