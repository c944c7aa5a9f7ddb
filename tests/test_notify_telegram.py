"""The Telegram channel against a local stand-in for the Bot API: the sendMessage request, the
reply keyboard, the mapping of Telegram's errors to retry / give up / drop, and no token or chat
id in an error text or a log."""
from __future__ import annotations

import datetime as dt
import logging

import pytest
import sqlalchemy as sa

from mpp_lite import dates
from mpp_lite.extensions import db
from mpp_lite.models import OutboxMessage
from mpp_lite.notify import channels, telegram
from mpp_lite.notify.channels import Outgoing

from support.fake_gateway import fake_gateway
from support.telegram import CHAT_ID, TOKEN, configure, post, update

@pytest.fixture
def gateway(app, caplog):
    caplog.set_level(logging.DEBUG)
    with fake_gateway() as server:
        configure(app, server.url)
        with app.app_context():
            yield server
    for record in caplog.records:
        text = record.getMessage()
        assert TOKEN not in text and str(CHAT_ID) not in text, text


def outgoing(text="Nomor A-012 dipanggil ke Gerai 3.", **options) -> Outgoing:
    return Outgoing(channel="telegram", text=text, address=str(CHAT_ID), **options)


def send(message: Outgoing):
    from flask import current_app

    return telegram.send(message, current_app.config)


def test_the_channel_is_off_without_a_token(app):
    assert not telegram.enabled(app.config)
    assert "telegram" not in channels.enabled_channels(app.config)
    with app.app_context():
        result = send(outgoing())
    assert not result.ok and result.permanent and TOKEN not in result.error
    configure(app)
    assert telegram.enabled(app.config)
    assert "telegram" in channels.enabled_channels(app.config)


def test_a_notification_is_one_send_message_with_its_link(gateway):
    result = send(outgoing(url="https://mpp.test/maros/tiket/A012"))
    assert result.ok
    request = gateway.requests[0]
    assert (request.method, request.path) == ("POST", f"/bot{TOKEN}/sendMessage")
    assert request.headers["content-type"] == "application/json"
    assert request.json == {"chat_id": CHAT_ID,
                            "text": "Nomor A-012 dipanggil ke Gerai 3.\n"
                                    "https://mpp.test/maros/tiket/A012",
                            "disable_web_page_preview": True}
    # The link already in the text is not repeated; a long text is cut to Telegram's limit.
    send(outgoing("x" * 5000 + " https://mpp.test/t", url="https://mpp.test/t"))
    text = gateway.requests[1].json["text"]
    assert len(text) == 4096 and text.endswith("…") and text.count("https://mpp.test/t") == 0


def test_a_reply_with_choices_offers_a_one_time_keyboard(gateway):
    choices = ["Tanya syarat, biaya, atau waktu layanan", "Ambil nomor antrean",
               "Sebuah pilihan yang sangat panjang sekali sehingga harus dipotong agar muat"]
    assert send(outgoing("Pilih:\n1. …", kind="reply", choices=choices)).ok
    markup = gateway.requests[0].json["reply_markup"]
    labels = [row[0]["text"] for row in markup["keyboard"]]
    assert labels[:2] == ["1. Tanya syarat, biaya, atau waktu layanan", "2. Ambil nomor antrean"]
    assert labels[2].startswith("3. Sebuah") and len(labels[2]) == telegram.BUTTON_LABEL
    assert markup["one_time_keyboard"] is True and all(len(row) == 1 for row in markup["keyboard"])
    # A reply without choices takes an old keyboard away; notifications leave it alone.
    send(outgoing("Baik.", kind="reply"))
    assert gateway.requests[1].json["reply_markup"] == {"remove_keyboard": True}
    send(outgoing("Terlalu banyak", kind="reply", choices=[str(i) for i in range(11)]))
    assert gateway.requests[2].json["reply_markup"] == {"remove_keyboard": True}
    send(outgoing())
    assert "reply_markup" not in gateway.requests[3].json


@pytest.mark.parametrize("status, body, permanent, dropped, reason", [
    (403, {"ok": False, "error_code": 403,
           "description": "Forbidden: bot was blocked by the user"}, True, True, "blocked"),
    (403, {"ok": False, "error_code": 403, "description": "Forbidden: user is deactivated"},
     True, True, "deactivated"),
    (403, {"ok": False, "error_code": 403,
           "description": "Forbidden: bot can't initiate conversation with a user"},
     True, True, "cannot initiate"),
    (400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"},
     True, True, "chat not found"),
    (400, {"ok": False, "error_code": 400,
           "description": "Bad Request: message text is empty"}, True, False, "bad request"),
    (401, {"ok": False, "error_code": 401, "description": "Unauthorized"}, True, False,
     "bot token"),
    (404, {"ok": False, "error_code": 404, "description": "Not Found"}, True, False,
     "bot token"),
    (429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 7",
           "parameters": {"retry_after": 7}}, False, False, "retry after 7 s"),
    (500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}, False,
     False, "HTTP 500"),
    (502, b"<html>Bad Gateway</html>", False, False, "HTTP 502"),
    (200, {"ok": False}, False, False, "ok false"),
])
def test_errors_are_mapped_to_retry_give_up_or_drop(gateway, status, body, permanent, dropped,
                                                    reason):
    gateway.answer(status, body)
    result = send(outgoing())
    assert not result.ok
    assert (result.permanent, result.drop_subscription) == (permanent, dropped)
    assert reason in result.error and result.error.startswith(f"HTTP {status}")
    assert TOKEN not in result.error and str(CHAT_ID) not in result.error
    assert len(result.error) <= 200


def test_no_answer_is_retried(app):
    configure(app, "http://127.0.0.1:9")  # nothing listens on the discard port
    with app.app_context():
        result = send(outgoing())
    assert not result.ok and not result.permanent and result.error in ("network", "timeout")


def test_a_webhook_reply_goes_out_through_the_worker(catalog_app, caplog):
    outbox = pytest.importorskip("mpp_lite.notify.outbox")
    caplog.set_level(logging.DEBUG)
    with fake_gateway() as gateway:
        configure(catalog_app, gateway.url)
        assert post(catalog_app.test_client(), update(4242, "halo")).status_code == 200
        gateway.answer(429, {"ok": False, "error_code": 429, "description": "Too Many Requests",
                             "parameters": {"retry_after": 600}})
        with catalog_app.app_context():
            later = dates.now() + dt.timedelta(minutes=1)  # the reply was queued just now
            outbox.run_once(later, clean=False)
            message = db.session.scalar(sa.select(OutboxMessage))
            assert (message.status, message.attempts) == ("pending", 1)
            assert "429" in message.last_error
            # Telegram's retry_after wins over the shorter backoff (30 s).
            assert dates.as_utc(message.next_attempt_at) >= later + dt.timedelta(seconds=600)
            outbox.run_once(later + dt.timedelta(minutes=5), clean=False)  # not yet
            db.session.refresh(message)
            assert (message.status, message.attempts) == ("pending", 1)
            outbox.run_once(later + dt.timedelta(minutes=11), clean=False)
            db.session.refresh(message)
            assert message.status == "sent"
    assert len(gateway.requests) == 2
    sent = gateway.requests[1].json
    assert sent["chat_id"] == CHAT_ID and sent["text"].strip()
    for record in caplog.records:
        assert TOKEN not in record.getMessage() and str(CHAT_ID) not in record.getMessage()


def test_a_blocked_bot_drops_the_subscription_through_the_worker(app):
    outbox = pytest.importorskip("mpp_lite.notify.outbox")
    from mpp_lite.notify.subscriptions import subscribe

    from support.catalogs import load_queue_catalog
    from support.notify import ticket_news
    from support.queue import NOW as BOOKED, book

    load_queue_catalog(app)
    with fake_gateway() as gateway:
        configure(app, gateway.url)
        gateway.answer(403, {"ok": False, "error_code": 403,
                             "description": "Forbidden: bot was blocked by the user"})
        with app.app_context():
            ticket = book()
            number = ticket.number
            subscription = subscribe(ticket, "telegram", str(CHAT_ID))
            db.session.commit()
            ticket_news(ticket, "ticket.booked")
            outbox.run_once(BOOKED, clean=False)
            db.session.refresh(subscription)
            message = db.session.scalar(sa.select(OutboxMessage).where(
                OutboxMessage.channel == "telegram"))
            assert message.status == "failed" and "blocked" in message.last_error
            assert not subscription.active and subscription.dropped_reason
            db.session.rollback()
    assert len(gateway.requests) == 1 and gateway.requests[0].json["chat_id"] == CHAT_ID
    assert number in gateway.requests[0].json["text"]
