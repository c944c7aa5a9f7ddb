"""POST /hooks/telegram with the Bot API's documented Update payloads: only Telegram (the secret
header) gets in, each update_id is handled once, private chats are answered through the outbox,
and nothing personal reaches a log. Also `flask notify telegram-webhook`."""
from __future__ import annotations

import logging

import pytest

from mpp_lite.extensions import db
from mpp_lite.hooks import telegram as hook
from mpp_lite.models import OutboxMessage

from support.fake_gateway import fake_gateway
from support.telegram import (CHAT_ID, SECRET, TOKEN, callback, configure, conversation,
                              handled, post, replies, update)


@pytest.fixture
def bot(catalog_app, caplog):
    """The one-MPP catalogue with the bot switched on; afterwards, no log record may carry the
    chat id, the token or the secret."""
    configure(catalog_app)
    caplog.set_level(logging.DEBUG)
    yield catalog_app
    for record in caplog.records:
        text = record.getMessage() + str(record.args or "")
        for secret in (str(CHAT_ID), TOKEN, SECRET, TOKEN.split(":")[1]):
            assert secret not in text, record.getMessage()


@pytest.fixture
def typed(monkeypatch):
    """Record what the webhook passes to chat.inbox.receive (instead of the engine)."""
    calls: list[dict] = []

    def record(channel, address, external_id, text, *, language=None, now=None):
        calls.append({"channel": channel, "address": address, "id": external_id, "text": text,
                      "language": language})
        return True

    monkeypatch.setattr(hook, "receive", record)
    return calls


def test_a_private_message_is_answered_once_through_the_outbox(bot):
    client = bot.test_client()
    first = post(client, update(5001, "halo"))
    assert first.status_code == 200 and first.get_json() == {"ok": True}
    again = post(client, update(5001, "halo"))  # Telegram retries the same update
    assert again.status_code == 200
    with bot.app_context():
        queued = replies()
        assert len(queued) == 1 and handled() == 1
        reply = queued[0]
        assert (reply.kind, reply.channel, reply.status) == ("reply", "telegram", "pending")
        assert reply.body["text"].strip()
        assert reply.conversation.address == str(CHAT_ID)
        assert reply.conversation.language == "id"
        assert post(client, update(5002, "menu")).status_code == 200
        assert len(replies()) == 2


def test_english_speakers_start_in_english(bot):
    client = bot.test_client()
    assert post(client, update(6001, "hello", language_code="en-GB")).status_code == 200
    with bot.app_context():
        assert conversation().language == "en"


def test_start_with_a_payload_is_passed_on_as_typed_and_edits_are_not_read(bot, typed):
    client = bot.test_client()
    assert post(client, update(7001, "/start t12-0123456789ab")).status_code == 200
    assert post(client, update(7002, "/start@mpp_test_bot t12-0123456789ab")).status_code == 200
    assert post(client, update(7003, "skck bayar brp", edited=True)).status_code == 200
    assert post(client, update(7004, "syarat ktp?", language_code="en")).status_code == 200
    # A NUL byte (the edge leaves webhooks alone: they are signed) is cleaned by the hook.
    assert post(client, update(7005, "syarat\x00")).status_code == 200
    assert [(c["id"], c["text"], c["address"]) for c in typed] == [
        ("7001", "/start t12-0123456789ab", str(CHAT_ID)),
        ("7002", "/start t12-0123456789ab", str(CHAT_ID)),
        ("7004", "syarat ktp?", str(CHAT_ID)),
        ("7005", "syarat", str(CHAT_ID))]
    assert [c["language"] for c in typed] == ["id", "id", "en", "id"]


def test_an_edit_of_an_old_1_does_not_confirm_a_cancellation(bot):
    """Editing an old message into "1" while the bot asks something new is not an answer."""
    client = bot.test_client()
    assert post(client, update(7101, "menu")).status_code == 200
    with bot.app_context():
        before = len(replies())
        state = dict(conversation().state or {})
    assert post(client, update(7102, "1", edited=True)).status_code == 200
    assert post(client, update(7103, "batal", edited=True)).status_code == 200
    with bot.app_context():
        assert len(replies()) == before and handled() == 1
        assert dict(conversation().state or {}) == state


def test_a_photo_with_a_caption_is_read_as_its_caption(bot, typed):
    client = bot.test_client()
    photo = [{"file_id": "AgAD", "file_unique_id": "u1", "width": 90, "height": 90}]
    assert post(client, update(7101, photo=photo, caption="ini syaratnya?")).status_code == 200
    assert [c["text"] for c in typed] == ["ini syaratnya?"]


def test_a_tapped_keyboard_button_is_read_as_its_digit(bot, monkeypatch):
    client = bot.test_client()
    assert post(client, update(7201, "menu")).status_code == 200
    with bot.app_context():
        offered = replies()[-1].body.get("choices") or []
    assert len(offered) >= 2  # the main menu's numbered choices
    from mpp_lite.notify.telegram import button_label

    calls: list[str] = []
    monkeypatch.setattr(hook, "receive", lambda *args, **kwargs: calls.append(args[3]))
    assert post(client, update(7202, button_label(2, offered[1]))).status_code == 200
    assert post(client, update(7203, "2. something never offered")).status_code == 200
    assert calls == ["2", "2. something never offered"]


def test_things_that_are_not_text_get_a_request_for_text(bot):
    client = bot.test_client()
    sticker = {"file_id": "CAAD", "file_unique_id": "u2", "type": "regular", "width": 512,
               "height": 512, "is_animated": False, "is_video": False}
    assert post(client, update(8001, sticker=sticker)).status_code == 200
    assert post(client, update(8001, sticker=sticker)).status_code == 200  # retried: once
    assert post(client, update(8002, location={"latitude": -5.0, "longitude": 119.5},
                               language_code="en")).status_code == 200
    # A service message (a pinned message) needs no answer.
    assert post(client, update(8003, pinned_message={"message_id": 1})).status_code == 200
    with bot.app_context():
        texts = [m.body["text"] for m in replies()]
        assert len(texts) == 2 and handled() == 2
        assert all("pesan teks" in text for text in texts)  # the conversation began in Indonesian


def test_groups_channels_and_bots_are_ignored(bot):
    client = bot.test_client()
    assert post(client, update(9001, "halo", chat_id=-100123, chat_type="supergroup")
                ).status_code == 200
    assert post(client, update(9002, "halo", chat_id=-4567, chat_type="group")).status_code == 200
    assert post(client, update(9003, "halo", is_bot=True)).status_code == 200
    assert post(client, {"update_id": 9004, "channel_post": {
        "message_id": 3, "date": 1, "chat": {"id": -100999, "type": "channel"},
        "text": "halo"}}).status_code == 200
    assert post(client, {"update_id": 9005, "my_chat_member": {"chat": {"id": CHAT_ID}}}
                ).status_code == 200
    with bot.app_context():
        assert handled() == 0
        assert db.session.query(OutboxMessage).count() == 0


def test_a_callback_query_is_answered_in_the_webhook_response(bot, typed):
    client = bot.test_client()
    response = post(client, callback(9101, "2"))
    assert response.status_code == 200
    assert response.get_json() == {"method": "answerCallbackQuery",
                                   "callback_query_id": "4382bfdwdsb323b2d9"}
    assert [(c["id"], c["text"]) for c in typed] == [("9101", "2")]


@pytest.mark.parametrize("secret, status", [(None, 401), ("", 401), ("wrong", 403),
                                            (SECRET + "x", 403), (SECRET[:-1], 403),
                                            ("sécret", 403)])
def test_requests_without_the_secret_are_refused(bot, secret, status):
    client = bot.test_client()
    response = post(client, update(1, "halo"), secret=secret)
    assert response.status_code == status
    assert response.get_json()["error"]["message"]
    with bot.app_context():
        assert handled() == 0


def test_the_hook_is_absent_while_the_bot_is_not_configured(catalog_app):
    client = catalog_app.test_client()
    assert post(client, update(1, "halo")).status_code == 404  # nothing configured
    configure(catalog_app)
    catalog_app.config["TELEGRAM_SECRET"] = ""
    assert post(client, update(1, "halo"), secret="").status_code == 404
    configure(catalog_app)
    catalog_app.config["TELEGRAM_BOT_TOKEN"] = ""
    assert post(client, update(1, "halo")).status_code == 404
    assert client.get("/hooks/telegram").status_code == 405


@pytest.mark.parametrize("raw", [b"{not json", b"", b"\xff\xfe", b"[1, 2]", b"null", b"42",
                                 b'{"update_id": "1", "message": {}}',
                                 b'{"update_id": true}',
                                 b'{"update_id": 99999999999999999999999}',
                                 b'{"update_id": 1, "message": "hi"}',
                                 b'{"update_id": 1, "message": {"chat": {"id": "12"}}}',
                                 b'{"update_id": 1, "message": {"text": "hi"}}',
                                 b'{"update_id": 1, "message": {"chat": {"id": 1, '
                                 b'"type": "private"}, "text": 5}}',
                                 b'{"update_id": 1, "callback_query": {"id": 5}}'])
def test_malformed_updates_get_a_400(bot, raw):
    response = post(bot.test_client(), None, raw=raw)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] in ("bad_json", "bad_update")


def test_a_failing_engine_still_answers_200_and_apologises(bot, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError(f"boom for {CHAT_ID}")

    monkeypatch.setattr(hook, "receive", broken)
    monkeypatch.setattr(bot, "testing", False)
    client = bot.test_client()
    assert post(client, update(9301, "halo")).status_code == 200
    assert post(client, update(9301, "halo")).status_code == 200  # retried: once
    with bot.app_context():
        texts = [m.body["text"] for m in replies()]
        assert len(texts) == 1 and "belum bisa diproses" in texts[0]


def test_a_failure_after_the_marker_was_committed_still_gets_one_apology(bot, monkeypatch):
    """A flow that commits mid-turn makes the update's marker durable before the reply is
    queued; the apology comes under its own dedupe key, once."""
    real = hook.receive

    def commits_then_fails(channel, address, external_id, text, **kwargs):
        from mpp_lite.chat import inbox

        def broken(turn):
            db.session.commit()  # as the booking, survey and complaint flows do
            raise RuntimeError("after the commit")

        monkeypatch.setattr(inbox, "respond", broken)
        return real(channel, address, external_id, text, **kwargs)

    monkeypatch.setattr(hook, "receive", commits_then_fails)
    monkeypatch.setattr(bot, "testing", False)
    client = bot.test_client()
    assert post(client, update(9311, "halo")).status_code == 200
    assert post(client, update(9311, "halo")).status_code == 200  # retried: nothing more
    with bot.app_context():
        queued = replies()
        assert handled() == 1 and len(queued) == 1
        assert "belum bisa diproses" in queued[0].body["text"]
        assert queued[0].dedupe_key == "reply:telegram:9311:error"


def test_a_sender_over_the_rate_limit_is_not_answered(bot):
    bot.config["CHAT_RATE_LIMIT"] = "2 per minute"
    client = bot.test_client()
    sticker = {"file_id": "CAAD", "file_unique_id": "u2", "type": "regular", "width": 1,
               "height": 1, "is_animated": False, "is_video": False}
    for update_id in range(9401, 9405):
        assert post(client, update(update_id, sticker=sticker)).status_code == 200
    with bot.app_context():
        assert handled() == 4 and len(replies()) == 2


# --- flask --app mpp_lite notify telegram-webhook ------------------------------------------------

def test_the_cli_sets_the_webhook_with_the_secret(bot):
    with fake_gateway() as gateway:
        bot.config["TELEGRAM_API_BASE"] = gateway.url
        gateway.answer(200, {"ok": True, "result": True, "description": "Webhook was set"})
        result = bot.test_cli_runner().invoke(
            args=["notify", "telegram-webhook", "https://mpp.example.go.id/hooks/telegram"])
    assert result.exit_code == 0, result.output
    assert TOKEN not in result.output and SECRET not in result.output
    assert "https://mpp.example.go.id/hooks/telegram" in result.output
    sent = gateway.requests[0]
    assert sent.path == f"/bot{TOKEN}/setWebhook"
    assert sent.json == {"url": "https://mpp.example.go.id/hooks/telegram",
                         "secret_token": SECRET,
                         "allowed_updates": ["message", "callback_query"],
                         "drop_pending_updates": False}


def test_the_cli_shows_the_webhook_and_removes_it(bot):
    with fake_gateway() as gateway:
        bot.config["TELEGRAM_API_BASE"] = gateway.url
        gateway.answer(200, {"ok": True, "result": {
            "url": "https://mpp.example.go.id/hooks/telegram", "has_custom_certificate": False,
            "pending_update_count": 3, "last_error_date": 1764763200,
            "last_error_message": "Wrong response from the webhook: 403 Forbidden",
            "allowed_updates": ["message", "callback_query"]}})
        gateway.answer(200, {"ok": True, "result": True})
        runner = bot.test_cli_runner()
        shown = runner.invoke(args=["notify", "telegram-webhook"])
        removed = runner.invoke(args=["notify", "telegram-webhook", "--remove",
                                      "--drop-pending-updates"])
    assert shown.exit_code == 0, shown.output
    assert "Pending updates: 3" in shown.output and "403 Forbidden" in shown.output
    assert removed.exit_code == 0 and "removed" in removed.output
    assert [r.path for r in gateway.requests] == [f"/bot{TOKEN}/getWebhookInfo",
                                                   f"/bot{TOKEN}/deleteWebhook"]
    assert gateway.requests[1].json == {"drop_pending_updates": True}
    assert TOKEN not in shown.output + removed.output


def test_the_cli_refuses_what_telegram_would_refuse(bot):
    runner = bot.test_cli_runner()
    with fake_gateway() as gateway:
        bot.config["TELEGRAM_API_BASE"] = gateway.url
        plain = runner.invoke(args=["notify", "telegram-webhook", "http://mpp.example/hook"])
        bot.config["TELEGRAM_SECRET"] = "has spaces!"
        bad_secret = runner.invoke(args=["notify", "telegram-webhook", "https://mpp.example/h"])
        bot.config["TELEGRAM_SECRET"] = SECRET
        gateway.answer(400, {"ok": False, "error_code": 400,
                             "description": "Bad Request: bad webhook: Failed to resolve host"})
        refused = runner.invoke(args=["notify", "telegram-webhook", "https://nowhere.invalid/h"])
        assert len(gateway.requests) == 1
    assert plain.exit_code != 0 and "https://" in plain.output
    assert bad_secret.exit_code != 0 and "MPP_TELEGRAM_SECRET" in bad_secret.output
    assert refused.exit_code != 0 and "Failed to resolve host" in refused.output
    assert TOKEN not in plain.output + bad_secret.output + refused.output
    bot.config["TELEGRAM_BOT_TOKEN"] = ""
    off = runner.invoke(args=["notify", "telegram-webhook", "https://mpp.example/h"])
    assert off.exit_code != 0 and "MPP_TELEGRAM_BOT_TOKEN" in off.output
