"""The WhatsApp channel against a local stand-in for Meta's Graph API: free text inside the
24-hour window, the template outside it, buttons for a chat reply's choices, and what each of
Meta's documented errors means for the outbox (retry, give up and fall back, drop the number)."""
from __future__ import annotations

import datetime as dt
import logging

import pytest
import sqlalchemy as sa

from mpp_lite import dates
from mpp_lite.extensions import db
from mpp_lite.models import ChatConversation, OutboxMessage, Subscription, Ticket
from mpp_lite.notify import channels, outbox, whatsapp
from mpp_lite.notify.channels import Outgoing
from mpp_lite.notify.subscriptions import subscribe
from mpp_lite.queue import calling

from support.catalogs import load_queue_catalog
from support.fake_gateway import fake_gateway
from support.queue import NOW, book, counter, staff
from support.whatsapp import PHONE_NUMBER_ID, TOKEN, config, error_answer, sent_answer

NUMBER = "6281234567890"


def outgoing(**overrides) -> Outgoing:
    values = dict(channel="whatsapp", text="Nomor A-012 dipanggil: silakan ke Gerai 5.",
                  address=NUMBER, site_name="MPP Kabupaten Maros", in_window=True)
    values.update(overrides)
    return Outgoing(**values)


@pytest.fixture
def gateway():
    with fake_gateway() as gateway:
        gateway.default.body = sent_answer()
        yield gateway


def test_enabled_only_with_a_token_and_a_phone_number_id():
    assert whatsapp.enabled(config())
    assert not whatsapp.enabled({**config(), "WHATSAPP_TOKEN": ""})
    assert not whatsapp.enabled({**config(), "WHATSAPP_PHONE_NUMBER_ID": ""})
    assert channels.module("whatsapp") is whatsapp
    result = whatsapp.send(outgoing(), {**config(), "WHATSAPP_TOKEN": ""})
    assert not result.ok and result.permanent and not result.drop_subscription


def test_inside_the_window_free_text_goes_to_the_number_with_the_token(gateway):
    result = whatsapp.send(outgoing(url="https://mpp.test/maros/tiket/abc"), config(gateway.url))
    assert result.ok
    [sent] = gateway.requests
    assert sent.method == "POST" and sent.path == f"/{PHONE_NUMBER_ID}/messages"
    assert sent.headers["authorization"] == f"Bearer {TOKEN}"
    assert sent.headers["content-type"] == "application/json"
    assert sent.json == {
        "messaging_product": "whatsapp", "recipient_type": "individual", "to": NUMBER,
        "type": "text", "text": {
            "body": "Nomor A-012 dipanggil: silakan ke Gerai 5.\nhttps://mpp.test/maros/tiket/abc",
            "preview_url": True}}


def test_a_chat_reply_is_free_text_even_without_the_window_flag(gateway):
    assert whatsapp.send(outgoing(kind="reply", in_window=False, text="Halo"),
                         config(gateway.url)).ok
    assert gateway.requests[0].json["type"] == "text"
    assert gateway.requests[0].json["text"]["body"] == "Halo"


def test_text_is_clipped_to_whatsapps_4096_characters(gateway):
    assert whatsapp.send(outgoing(kind="reply", text="syarat " * 1000), config(gateway.url)).ok
    body = gateway.requests[0].json["text"]["body"]
    assert 4000 < len(body) <= 4096 and body.endswith("…")


def test_a_reply_with_three_short_choices_gets_reply_buttons_numbered_like_the_text(gateway):
    text = "Jadi ambil nomor?\n1. Ya\n2. Ganti hari\n3. Batal"
    assert whatsapp.send(outgoing(kind="reply", text=text, choices=["Ya", "Ganti hari", "Batal"]),
                         config(gateway.url)).ok
    sent = gateway.requests[0].json
    assert sent["type"] == "interactive"
    assert sent["interactive"] == {"type": "button", "body": {"text": text}, "action": {
        "buttons": [{"type": "reply", "reply": {"id": "1", "title": "Ya"}},
                    {"type": "reply", "reply": {"id": "2", "title": "Ganti hari"}},
                    {"type": "reply", "reply": {"id": "3", "title": "Batal"}}]}}


def test_a_reply_with_a_longer_menu_gets_a_list_within_metas_limits(gateway):
    labels = ["Tanya syarat, biaya, atau waktu layanan", "Ambil nomor antrean",
              "Tiket saya (status dan posisi)", "Lacak berkas dengan kode",
              "Jam buka dan gerai yang buka", "Survei kepuasan", "Pengaduan"]
    text = "Halo!\n" + "\n".join(f"{i}. {label}" for i, label in enumerate(labels, 1))
    assert whatsapp.send(outgoing(kind="reply", text=text, choices=labels),
                         config(gateway.url)).ok
    interactive = gateway.requests[0].json["interactive"]
    assert interactive["type"] == "list" and interactive["body"] == {"text": text}
    assert interactive["action"]["button"] == "Pilih"
    rows = interactive["action"]["sections"][0]["rows"]
    assert [row["id"] for row in rows] == [str(i) for i in range(1, 8)]
    assert all(len(row["title"]) <= 24 and len(row.get("description", "")) <= 72 for row in rows)
    assert rows[1] == {"id": "2", "title": "2. Ambil nomor antrean"}
    assert rows[0]["title"].startswith("1. Tanya") and rows[0]["description"] == labels[0]


def test_eleven_choices_or_a_long_text_stay_plain_text(gateway):
    config_ = config(gateway.url)
    assert whatsapp.send(outgoing(kind="reply", text="Pilih", choices=[f"P{i}" for i in range(11)]),
                         config_).ok
    assert whatsapp.send(outgoing(kind="reply", text="x" * 1100, choices=["Ya", "Tidak"]),
                         config_).ok
    assert [r.json["type"] for r in gateway.requests] == ["text", "text"]


def test_a_notification_for_an_english_subscriber_lists_its_choices_as_text_only(gateway):
    # Notifications never carry buttons: only chat replies do.
    assert whatsapp.send(outgoing(choices=["Ya", "Batal"], language="en"), config(gateway.url)).ok
    assert gateway.requests[0].json["type"] == "text"


def test_outside_the_window_the_template_carries_the_site_and_the_flattened_text(gateway):
    text = "Berkas Anda siap diambil.\n\nKode: AB12-CD34\tBawa KTP    asli."
    result = whatsapp.send(outgoing(in_window=False, text=text,
                                    url="https://mpp.test/maros/berkas/AB12"),
                           config(gateway.url))
    assert result.ok
    sent = gateway.requests[0].json
    assert sent["type"] == "template" and "text" not in sent
    template = sent["template"]
    assert template["name"] == "mpp_kabar" and template["language"] == {"code": "id"}
    [component] = template["components"]
    assert component["type"] == "body"
    site, message = component["parameters"]
    assert site == {"type": "text", "text": "MPP Kabupaten Maros"}
    assert message["type"] == "text"
    assert message["text"] == ("Berkas Anda siap diambil. Kode: AB12-CD34 Bawa KTP asli. "
                               "https://mpp.test/maros/berkas/AB12")


def test_template_parameters_stay_within_what_meta_accepts(gateway):
    config_ = {**config(gateway.url), "WHATSAPP_TEMPLATE": "kabar_mpp",
               "WHATSAPP_TEMPLATE_LANGUAGE": "en"}
    assert whatsapp.send(outgoing(in_window=False, text="panjang\n" * 500, site_name="M" * 100),
                         config_).ok
    template = gateway.requests[0].json["template"]
    assert template["name"] == "kabar_mpp" and template["language"] == {"code": "en"}
    site, message = (p["text"] for p in template["components"][0]["parameters"])
    assert len(site) <= whatsapp.MAX_SITE_PARAMETER and len(message) <= whatsapp.MAX_TEXT_PARAMETER
    assert "\n" not in message and "\t" not in message and "     " not in message
    assert len(site) + len(message) < 1024


@pytest.mark.parametrize("status, body, ok, permanent, drop, words", [
    (200, sent_answer(), True, False, False, ""),
    (201, sent_answer(), True, False, False, ""),
    (503, {"error": {"message": "Service Unavailable"}}, False, False, False, "HTTP 503"),
    (500, error_answer(131000), False, False, False, "code 131000"),
    (429, error_answer(130429), False, False, False, "code 130429"),
    (400, error_answer(131056), False, False, False, "code 131056"),
    (400, error_answer(131048), False, False, False, "code 131048"),
    (400, error_answer(131026, "Message undeliverable"), False, True, True, "not on WhatsApp"),
    (400, error_answer(131047, "Re-engagement message"), False, True, False, "24-hour"),
    (400, error_answer(131051, "Unsupported message type"), False, True, False, "code 131051"),
    (400, error_answer(131030), False, True, False, "code 131030"),
    (401, error_answer(190, "Error validating access token"), False, True, False, "token"),
    (403, error_answer(10, "Permission denied"), False, True, False, "token"),
    (400, error_answer(200), False, True, False, "permission"),
    (400, error_answer(131005), False, True, False, "token"),
    (404, error_answer(132001, "Template name does not exist"), False, True, False, "template"),
    (400, error_answer(132000), False, True, False, "template"),
    (400, error_answer(100, "Invalid parameter"), False, True, False, "code 100"),
    (400, b"<html>not json</html>", False, True, False, "HTTP 400"),
    (502, b"", False, False, False, "HTTP 502"),
])
def test_metas_answers_map_to_retry_give_up_or_drop(gateway, status, body, ok, permanent, drop,
                                                     words):
    gateway.answer(status, body)
    result = whatsapp.send(outgoing(), config(gateway.url))
    assert (result.ok, result.permanent, result.drop_subscription) == (ok, permanent, drop)
    assert words in result.error
    assert NUMBER not in result.error and TOKEN not in result.error
    assert len(result.error) <= 200


def test_no_answer_is_retried():
    with fake_gateway() as gateway:
        closed = gateway.url
    result = whatsapp.send(outgoing(), config(closed))
    assert not result.ok and not result.permanent and result.error == "network"


def test_the_token_and_the_number_never_reach_the_logs_or_the_error(gateway, caplog):
    caplog.set_level(logging.DEBUG)
    gateway.answer(401, error_answer(190, f"Invalid OAuth access token {TOKEN} for {NUMBER}"))
    result = whatsapp.send(outgoing(), config(gateway.url))
    assert not result.ok
    assert TOKEN not in result.error and NUMBER not in result.error
    assert TOKEN not in caplog.text and NUMBER not in caplog.text


# --- through the worker: a followed ticket's news on the real channel ----------------------------

@pytest.fixture
def ctx(app):
    load_queue_catalog(app)
    app.config.update(config())
    with app.app_context():
        yield app
        db.session.rollback()


def called_with_whatsapp(*, last_inbound: dt.datetime | None = None) -> tuple[Ticket, Subscription]:
    """A ticket followed on WhatsApp (from a chat whose last message was `last_inbound`, or
    from the booking form's ticked box), then called at NOW."""
    ticket = book()
    conversation_id = None
    if last_inbound is not None:
        conversation = ChatConversation(channel="whatsapp", address=NUMBER, language="id",
                                        state={}, last_inbound_at=last_inbound)
        db.session.add(conversation)
        db.session.flush()
        conversation_id = conversation.id
    subscription = subscribe(ticket, "whatsapp", NUMBER, conversation_id=conversation_id)
    db.session.commit()
    gerai = counter("Gerai 1")
    officer = staff("dukcapil.maros")
    calling.set_counter_status(gerai, officer, "open", "")
    db.session.commit()
    assert calling.call_next(gerai, officer, now=NOW, streak=2).id == ticket.id
    db.session.commit()
    return ticket, subscription


def deliver(app, gateway) -> list:
    app.config["WHATSAPP_API_BASE"] = gateway.url
    outbox.run_once(NOW)
    db.session.expire_all()
    return [r for r in gateway.requests if r.json.get("to") == NUMBER]


def whatsapp_rows() -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.channel == "whatsapp")))


def test_outside_the_window_the_worker_sends_the_template(ctx, gateway):
    ticket, _subscription = called_with_whatsapp()
    [sent] = deliver(ctx, gateway)
    assert sent.json["type"] == "template"
    site, text = sent.json["template"]["components"][0]["parameters"]
    assert site["text"] == ticket.site.name
    assert ticket.number in text["text"] and "Gerai 1" in text["text"]
    assert f"/tiket/{ticket.code}" in text["text"] and "\n" not in text["text"]
    assert [row.status for row in whatsapp_rows()] == ["sent"]


def test_inside_the_window_the_worker_sends_free_text(ctx, gateway):
    ticket, _subscription = called_with_whatsapp(last_inbound=NOW - dt.timedelta(hours=23))
    [sent] = deliver(ctx, gateway)
    assert sent.json["type"] == "text"
    assert ticket.number in sent.json["text"]["body"]
    assert sent.json["text"]["body"].count(f"/tiket/{ticket.code}") == 1


def test_a_number_not_on_whatsapp_fails_and_drops_the_subscription(ctx, gateway):
    _ticket, subscription = called_with_whatsapp()
    gateway.answer(400, error_answer(131026, "Message undeliverable"))
    assert len(deliver(ctx, gateway)) == 1
    [row] = whatsapp_rows()
    assert row.status == "failed" and "131026" in row.last_error
    assert NUMBER not in row.last_error
    assert not db.session.get(Subscription, subscription.id).active


def test_a_bad_token_fails_visibly_and_keeps_the_subscription(ctx, gateway):
    _ticket, subscription = called_with_whatsapp()
    gateway.answer(401, error_answer(190, "Error validating access token"))
    assert len(deliver(ctx, gateway)) == 1
    [row] = whatsapp_rows()
    assert row.status == "failed" and "190" in row.last_error and "token" in row.last_error
    assert TOKEN not in row.last_error
    assert db.session.get(Subscription, subscription.id).active


def test_a_meta_outage_is_retried_later(ctx, gateway):
    called_with_whatsapp()
    gateway.answer(503, error_answer(131016, "Service unavailable"))
    deliver(ctx, gateway)
    [row] = whatsapp_rows()
    assert row.status == "pending" and row.attempts == 1
    assert dates.as_utc(row.next_attempt_at) > NOW
