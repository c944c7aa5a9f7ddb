"""/hooks/whatsapp with the payloads Meta documents: the verification handshake, the
signature over the raw body, statuses ignored, each message id handled once, unknown senders,
messages without text, malformed bodies, and the reply actually sent through the channel."""
from __future__ import annotations

import json
import logging

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import ChatConversation, InboundMessage, OutboxMessage, Subscription
from mpp_lite.notify import whatsapp
from mpp_lite.notify.channels import Outgoing
from mpp_lite.notify.subscriptions import link_token

from support.catalogs import load_queue_catalog
from support.fake_gateway import fake_gateway
from support.queue import book
from support.whatsapp import (APP_SECRET, PHONE_NUMBER_ID, TOKEN, VERIFY_TOKEN, button_reply,
                              config, image_message, list_reply, location_message, notification,
                              quick_reply, reaction_message, sent_answer, signed, status,
                              text_message)

SITI = "6281234567890"
BUDI = "6285298765432"
URL = "/hooks/whatsapp"


@pytest.fixture
def hooked(app):
    load_queue_catalog(app)
    app.config.update(config())
    return app


@pytest.fixture
def wa(hooked):
    return hooked.test_client()


def post(client, body: bytes, headers: dict[str, str] | None = None):
    return client.post(URL, data=body, headers=signed(body) if headers is None else headers)


def replies(app) -> list[OutboxMessage]:
    with app.app_context():
        rows = list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# --- verification ------------------------------------------------------------------------------

def test_verification_echoes_the_challenge_for_the_right_token(wa):
    response = wa.get(URL, query_string={"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN,
                                         "hub.challenge": "1158201444"})
    assert response.status_code == 200
    assert response.mimetype == "text/plain" and response.text == "1158201444"


@pytest.mark.parametrize("query", [
    {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
    {"hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1"},
    {"hub.mode": "subscribe", "hub.challenge": "1"},
    {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN},
    {},
    {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN[:-1], "hub.challenge": "1"},
    {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "9" * 201},
])
def test_verification_refuses_a_wrong_token_or_missing_parameters(wa, query):
    response = wa.get(URL, query_string=query)
    assert response.status_code == 403
    assert "1" not in response.text and "9" not in response.text


def test_verification_with_a_nul_byte_is_refused(wa):
    response = wa.get(URL, query_string={"hub.mode": "subscribe", "hub.challenge": "1",
                                         "hub.verify_token": VERIFY_TOKEN + "\x00"})
    assert response.status_code == 403


def test_without_settings_the_webhook_does_not_exist(app):
    load_queue_catalog(app)
    client = app.test_client()
    assert client.get(URL, query_string={"hub.mode": "subscribe", "hub.verify_token": "",
                                         "hub.challenge": "1"}).status_code == 404
    body = notification(text_message(SITI, "halo", "wamid.A"))
    assert post(client, body).status_code == 404
    assert count(app, InboundMessage) == 0


# --- signatures --------------------------------------------------------------------------------

def test_a_signed_text_message_is_answered_through_the_outbox(hooked, wa):
    response = post(wa, notification(text_message(SITI, "halo", "wamid.HBgLNjI4MTIzNDU2Nzg5MA==")))
    assert response.status_code == 200
    [reply] = replies(hooked)
    assert (reply.kind, reply.channel, reply.status) == ("reply", "whatsapp", "pending")
    assert reply.dedupe_key == "reply:whatsapp:wamid.HBgLNjI4MTIzNDU2Nzg5MA=="
    assert reply.body["text"] and "MPP" in reply.body["text"]
    with hooked.app_context():
        conversation = db.session.get(ChatConversation, reply.conversation_id)
        assert conversation.channel == "whatsapp" and conversation.address == SITI
        assert conversation.last_inbound_at is not None


@pytest.mark.parametrize("headers, code", [
    ({}, 401),
    ({"X-Hub-Signature-256": ""}, 401),
    ({"X-Hub-Signature-256": "sha256=" + "0" * 64}, 403),
    ({"X-Hub-Signature-256": "sha1=abc"}, 403),
    ({"X-Hub-Signature-256": "sha256=\x00"}, 403),
])
def test_missing_or_wrong_signatures_are_refused_and_nothing_is_answered(hooked, wa, headers,
                                                                           code):
    body = notification(text_message(SITI, "halo", "wamid.B"))
    response = post(wa, body, {"Content-Type": "application/json", **headers})
    assert response.status_code == code
    assert count(hooked, InboundMessage) == 0 and replies(hooked) == []


def test_a_signature_of_another_body_or_secret_is_refused(hooked, wa):
    body = notification(text_message(SITI, "halo", "wamid.C"))
    other = notification(text_message(SITI, "halo!", "wamid.C"))
    assert post(wa, body, signed(other)).status_code == 403
    assert post(wa, body, signed(body, APP_SECRET + "x")).status_code == 403
    # The same JSON re-serialised with other spacing is another body: the raw bytes count.
    respaced = json.dumps(json.loads(body), indent=1).encode()
    assert post(wa, respaced, signed(body)).status_code == 403
    assert replies(hooked) == []


def test_an_uppercase_hex_signature_is_accepted(hooked, wa):
    body = notification(text_message(SITI, "halo", "wamid.D"))
    headers = signed(body)
    headers["X-Hub-Signature-256"] = "sha256=" + headers["X-Hub-Signature-256"][7:].upper()
    assert post(wa, body, headers).status_code == 200
    assert len(replies(hooked)) == 1


# --- payloads ----------------------------------------------------------------------------------

def test_status_callbacks_are_ignored(hooked, wa):
    body = notification(statuses=[status("wamid.out1", "sent"), status("wamid.out1", "delivered"),
                                  status("wamid.out1", "read"),
                                  status("wamid.out2", "failed", errors=[
                                      {"code": 131047, "title": "Re-engagement message"}])])
    assert post(wa, body).status_code == 200
    assert count(hooked, InboundMessage) == 0 and replies(hooked) == []
    assert count(hooked, ChatConversation) == 0


def test_a_retried_message_id_is_answered_once(hooked, wa):
    body = notification(text_message(SITI, "jam buka", "wamid.RETRY"))
    assert post(wa, body).status_code == 200
    assert post(wa, body).status_code == 200
    # Meta may also bundle the retry with a new message.
    again = notification(text_message(SITI, "jam buka", "wamid.RETRY"),
                         text_message(SITI, "menu", "wamid.NEW"))
    assert post(wa, again).status_code == 200
    assert [r.dedupe_key for r in replies(hooked)] == ["reply:whatsapp:wamid.RETRY",
                                                       "reply:whatsapp:wamid.NEW"]
    assert count(hooked, InboundMessage) == 2


def test_two_messages_from_two_senders_in_one_payload(hooked, wa):
    body = notification(text_message(SITI, "halo", "wamid.S1"),
                        text_message(BUDI, "menu", "wamid.B1"))
    assert post(wa, body).status_code == 200
    rows = replies(hooked)
    assert len(rows) == 2
    with hooked.app_context():
        addresses = [db.session.get(ChatConversation, r.conversation_id).address for r in rows]
    assert addresses == [SITI, BUDI]


def test_an_unknown_sender_starts_a_conversation_and_the_profile_name_is_not_kept(hooked, wa):
    body = notification(text_message(BUDI, "halo", "wamid.U1"), profile_name="Budi Santoso")
    assert post(wa, body).status_code == 200
    with hooked.app_context():
        [conversation] = db.session.scalars(sa.select(ChatConversation))
        assert conversation.address == BUDI and conversation.language == "id"
        stored = json.dumps([conversation.state, [r.body for r in db.session.scalars(
            sa.select(OutboxMessage))]])
    assert "Budi Santoso" not in stored and "Santoso" not in stored


def test_a_tapped_button_or_list_row_reaches_the_engine_as_its_digit(hooked, wa, monkeypatch):
    seen = []
    from mpp_lite.hooks import whatsapp as hook

    real = hook.inbox.receive

    def spy(channel, address, external_id, text, **kwargs):
        seen.append(text)
        return real(channel, address, external_id, text, **kwargs)

    monkeypatch.setattr(hook.inbox, "receive", spy)
    body = notification(button_reply(SITI, "2", "Ganti hari", "wamid.I1"),
                        list_reply(SITI, "5", "5. Jam buka dan gerai…", "wamid.I2",
                                   "Jam buka dan gerai yang buka"),
                        button_reply(SITI, "ya-lanjut", "Ya, lanjut", "wamid.I3"),
                        quick_reply(SITI, "Pantau AbC123xyz", "wamid.I4"),
                        text_message(SITI, "Pantau  AbC-12_3 ✓", "wamid.I5"))
    assert post(wa, body).status_code == 200
    assert seen == ["2", "5", "Ya, lanjut", "Pantau AbC123xyz", "Pantau  AbC-12_3 ✓"]
    assert len(replies(hooked)) == 5


def test_a_picture_or_location_is_answered_once_with_a_request_for_text(hooked, wa):
    body = notification(image_message(SITI, "wamid.IMG"), location_message(BUDI, "wamid.LOC"))
    assert post(wa, body).status_code == 200
    assert post(wa, body).status_code == 200
    rows = replies(hooked)
    assert len(rows) == 2
    assert all("hanya bisa membaca pesan teks" in r.body["text"] for r in rows)
    assert count(hooked, InboundMessage) == 2


def test_a_reaction_gets_no_answer(hooked, wa):
    assert post(wa, notification(reaction_message(SITI, "wamid.R"))).status_code == 200
    assert replies(hooked) == []


def test_messages_to_another_number_of_the_business_are_not_ours(hooked, wa):
    body = notification(text_message(SITI, "halo", "wamid.O"), phone_number_id="999999999")
    assert post(wa, body).status_code == 200
    assert replies(hooked) == []


@pytest.mark.parametrize("body", [b"{not json", b"", b"\xff\xfe", b"\x00"])
def test_a_signed_body_that_is_not_json_is_a_400(hooked, wa, body):
    response = post(wa, body)
    assert response.status_code == 400
    assert replies(hooked) == []


@pytest.mark.parametrize("payload", [
    [], "text", 42, None,
])
def test_signed_json_that_is_not_an_object_is_a_400(hooked, wa, payload):
    assert post(wa, json.dumps(payload).encode()).status_code == 400


@pytest.mark.parametrize("payload", [
    {}, {"object": "page", "entry": []}, {"entry": "x"}, {"entry": [{"changes": [None, 3]}]},
    {"entry": [{"changes": [{"field": "messages", "value": {"messages": [
        {"from": "not-a-number", "id": "wamid.X", "type": "text", "text": {"body": "hi"}},
        {"from": SITI, "id": 12, "type": "text", "text": {"body": "hi"}},
        {"from": SITI, "id": "wamid.Y", "type": "text", "text": {"body": ["hi"]}},
        {"from": SITI, "id": "wamid.Z", "type": "interactive", "interactive": "x"},
        "junk"]}}]}]},
    {"entry": [{"changes": [{"field": "account_update", "value": {"event": "x"}}]}]},
])
def test_signed_json_without_anything_we_handle_is_acknowledged(hooked, wa, payload):
    response = post(wa, json.dumps(payload).encode())
    assert response.status_code == 200
    # A text body of the wrong type and an interactive without a reply get the text request.
    assert all("hanya bisa membaca pesan teks" in r.body["text"] for r in replies(hooked))


def test_a_huge_text_is_handled_and_read_only_up_to_the_limit(hooked, wa):
    body = notification(text_message(SITI, "syarat ktp " + "x" * 70000, "wamid.BIG"))
    assert post(wa, body).status_code == 200
    [row] = replies(hooked)
    assert row.body["text"] and "x" * 2000 not in row.body["text"]


def test_a_text_with_control_characters_is_answered_not_refused(hooked, wa):
    body = notification(text_message(SITI, "syarat\x00 ktp\x0b", "wamid.NUL"))
    assert post(wa, body).status_code == 200
    assert len(replies(hooked)) == 1


def test_numbers_never_reach_the_logs(hooked, wa, caplog):
    caplog.set_level(logging.DEBUG)
    body = notification(text_message(SITI, "halo", "wamid.L1"))
    post(wa, body)
    post(wa, body)
    post(wa, notification(text_message("bad", "halo", "wamid.L2")))
    assert SITI not in caplog.text and "Siti Aminah" not in caplog.text


# --- the reply goes out ------------------------------------------------------------------------

def outgoing_for(row: OutboxMessage, address: str) -> Outgoing:
    return Outgoing(channel=row.channel, text=row.body["text"], address=address, kind=row.kind,
                    in_window=True, choices=list(row.body.get("choices") or []))


def test_the_queued_reply_is_sent_to_the_sender_through_the_graph_api(hooked, wa):
    assert post(wa, notification(text_message(SITI, "menu", "wamid.M1"))).status_code == 200
    [row] = replies(hooked)
    with fake_gateway() as gateway:
        gateway.default.body = sent_answer()
        settings = {**hooked.config, "WHATSAPP_API_BASE": gateway.url}
        with hooked.app_context():
            address = db.session.get(ChatConversation, row.conversation_id).address
        result = whatsapp.send(outgoing_for(row, address), settings)
        assert result.ok
        [sent] = gateway.requests
    assert sent.path == f"/{PHONE_NUMBER_ID}/messages"
    assert sent.headers["authorization"] == f"Bearer {TOKEN}"
    assert sent.json["to"] == SITI
    body = sent.json["text"]["body"] if sent.json["type"] == "text" else \
        sent.json["interactive"]["body"]["text"]
    assert body == row.body["text"]


def test_the_worker_sends_the_reply_once(hooked, wa):
    outbox = pytest.importorskip("mpp_lite.notify.outbox")
    if not hasattr(outbox, "run_once"):
        pytest.skip("the outbox worker has no run_once yet")
    assert post(wa, notification(text_message(SITI, "jam buka", "wamid.W1"))).status_code == 200
    with fake_gateway() as gateway:
        gateway.default.body = sent_answer()
        hooked.config["WHATSAPP_API_BASE"] = gateway.url
        with hooked.app_context():
            outbox.run_once()
            outbox.run_once()
        requests = list(gateway.requests)
    assert len(requests) == 1 and requests[0].json["to"] == SITI
    [row] = replies(hooked)
    assert row.status == "sent"


def pantau(hooked, wa, *, first: str = "") -> None:
    """Book a ticket, send the ticket page's "Pantau <token>" (after `first`, if given), and
    check that the sender now follows the ticket on WhatsApp."""
    with hooked.app_context():
        ticket = book()
        db.session.commit()
        ticket_id, token = ticket.id, link_token(ticket)
    if first:
        assert post(wa, notification(text_message(SITI, first, "wamid.P0"))).status_code == 200
    body = notification(text_message(SITI, f"Pantau {token}", "wamid.P1"))
    assert post(wa, body).status_code == 200
    with hooked.app_context():
        [subscription] = db.session.scalars(sa.select(Subscription))
        assert (subscription.channel, subscription.ticket_id, subscription.address) == (
            "whatsapp", ticket_id, SITI)
        conversation = db.session.get(ChatConversation, subscription.conversation_id)
        assert conversation.address == SITI
    assert replies(hooked)[-1].body["text"].startswith("Tersambung.")


def test_the_ticket_pages_pantau_message_subscribes_the_sender(hooked, wa):
    pantau(hooked, wa, first="maros")


def test_the_pantau_message_as_the_very_first_message_subscribes_the_sender(hooked, wa):
    pantau(hooked, wa)


def test_a_sender_over_the_rate_limit_is_not_answered(hooked, wa):
    hooked.config["CHAT_RATE_LIMIT"] = "2 per minute"
    body = notification(text_message(SITI, "halo", "wamid.Q1"),
                        text_message(SITI, "menu", "wamid.Q2"), image_message(SITI, "wamid.Q3"),
                        text_message(SITI, "jam buka", "wamid.Q4"),
                        text_message(BUDI, "halo", "wamid.Q5"))
    assert post(wa, body).status_code == 200
    with hooked.app_context():
        answered = [db.session.get(ChatConversation, r.conversation_id).address
                    for r in replies(hooked)]
    assert answered == [SITI, SITI, BUDI]
    assert count(hooked, InboundMessage) == 5


def test_the_readme_transcript_page_escapes_what_people_typed():
    from tools.chat_transcript import Bubble, render_html, transcript_text

    bubbles = [Bubble("citizen", "<script>alert(1)</script> *halo*", time="09.00"),
               Bubble("mpp", "Jadi?\n1. Ya\n2. Batal https://mpp.test/t/1", buttons=["Ya", "Batal"],
                      time="09.00", options=[("1", "Ya"), ("2", "Batal")])]
    page = render_html(bubbles, "MPP <Maros>")
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>halo</b>" in page
    assert "MPP &lt;Maros&gt;" in page
    assert '<span class="link">https://mpp.test/t/1</span>' in page
    assert page.count('class="button"') == 2
    assert "[Ya] [Batal]" in transcript_text(bubbles)


def test_a_signed_deeply_nested_body_is_a_400_not_a_crash(hooked, wa):
    body = b"[" * 100_000 + b"]" * 100_000
    response = wa.post(URL, data=body, headers={**signed(body), "Content-Type": "text/plain"})
    assert response.status_code == 400


# --- a message that fails ----------------------------------------------------------------------

def test_one_failing_message_is_apologised_for_and_the_batch_still_gets_200(hooked, wa,
                                                                            monkeypatch, caplog):
    from mpp_lite.chat import inbox

    real = inbox.receive

    def fails_for_siti(channel, address, external_id, text, **kwargs):
        if address == SITI:
            db.session.commit()  # as the booking, survey and complaint flows do mid-turn
            raise RuntimeError(f"boom for {SITI}")
        return real(channel, address, external_id, text, **kwargs)

    monkeypatch.setattr(inbox, "receive", fails_for_siti)
    monkeypatch.setattr(hooked, "testing", False)
    caplog.set_level(logging.DEBUG)
    body = notification(text_message(SITI, "halo", "wamid.F1"),
                        text_message(BUDI, "menu", "wamid.F2"))
    assert post(wa, body).status_code == 200
    assert post(wa, body).status_code == 200  # Meta retries: nothing more is queued
    rows = replies(hooked)
    assert [r.dedupe_key for r in rows] == ["reply:whatsapp:wamid.F1:error",
                                            "reply:whatsapp:wamid.F2"]
    assert "belum bisa diproses" in rows[0].body["text"]
    assert "belum bisa diproses" not in rows[1].body["text"]
    assert count(hooked, InboundMessage) == 2
    assert "RuntimeError" in caplog.text
    assert SITI not in caplog.text and "Siti Aminah" not in caplog.text
    with hooked.app_context():
        assert inbox.sender_key("whatsapp", SITI) in caplog.text
