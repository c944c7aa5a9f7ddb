"""The SMS gateway adapter against a local stand-in gateway: URL and body templates (GET, form
POST, JSON POST, XML) with characters that need encoding, Basic auth and extra headers, plain
GSM-7 texts within 320 characters, and the mapping of answers to sent / retry / give up."""
from __future__ import annotations

import base64
import json
import logging

import pytest

from mpp_lite.notify import channels, sms
from mpp_lite.notify.channels import Outgoing

from support.fake_gateway import fake_gateway

PHONE = "6281234567890"
TRICKY = 'Tiket A-012 & B "cepat" 👋 ‘ok’ — 100% selesai… café'
PLAIN = 'Tiket A-012 & B "cepat" \'ok\' - 100% selesai... café'


@pytest.fixture
def gateway(app, caplog):
    """An SMS gateway stand-in; afterwards no log record carries the number or a credential."""
    caplog.set_level(logging.DEBUG)
    with fake_gateway() as server:
        with app.app_context():
            yield server
    for record in caplog.records:
        text = record.getMessage()
        assert PHONE not in text and "rahasia" not in text and "081234567890" not in text


def send(app, text=TRICKY, url=""):
    return sms.send(Outgoing(channel="sms", text=text, address=PHONE, url=url), app.config)


def test_the_channel_is_off_without_a_url(app):
    assert not sms.enabled(app.config)
    assert "sms" not in channels.enabled_channels(app.config)
    result = send(app)
    assert not result.ok and result.permanent
    app.config["SMS_URL"] = "http://127.0.0.1:9/send?to={phone}&msg={text}"
    assert "sms" in channels.enabled_channels(app.config)


def test_a_get_gateway_gets_every_value_url_encoded(app, gateway):
    """Zenziva-style: everything in the query string."""
    app.config.update(
        SMS_URL=gateway.url + "/reguler/api/sendsms/?userkey=abc&passkey=rahasia&to={phone_local}"
                              "&message={text}&from={sender}&intl={phone_plus}",
        SMS_METHOD="GET", SMS_SENDER="MPP Maros", SMS_OK_TEXT="Success")
    gateway.answer(200, {"messageId": "1", "to": "081234567890", "status": "1", "text": "Success"})
    result = send(app)
    assert result.ok, result.error
    request = gateway.requests[0]
    assert request.method == "GET" and request.body == b""
    assert request.query == {"userkey": ["abc"], "passkey": ["rahasia"], "to": ["081234567890"],
                             "message": [PLAIN], "from": ["MPP Maros"],
                             "intl": ["+6281234567890"]}
    assert "authorization" not in request.headers


def test_a_form_post_gateway_with_basic_auth(app, gateway):
    """Twilio-style: a form body, the account's id and token as Basic auth, 201 Created."""
    app.config.update(SMS_URL=gateway.url + "/2010-04-01/Accounts/AC1/Messages.json",
                      SMS_METHOD="post", SMS_BODY="To={phone_plus}&From=%2B15005550006&Body={text}",
                      SMS_USERNAME="AC1", SMS_PASSWORD=12345)  # the environment gives an int
    gateway.answer(201, {"sid": "SM1", "status": "queued"})
    assert send(app).ok
    request = gateway.requests[0]
    assert request.method == "POST"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded; charset=utf-8"
    assert request.form == {"To": ["+6281234567890"], "From": ["+15005550006"], "Body": [PLAIN]}
    assert request.headers["authorization"] == "Basic " + base64.b64encode(b"AC1:12345").decode()


def test_a_json_gateway_with_an_api_key_header(app, gateway):
    app.config.update(
        SMS_URL=gateway.url + "/v1/sms", SMS_METHOD="POST", SMS_CONTENT_TYPE="application/json",
        SMS_BODY='{"to": "{phone}", "message": "{text}", "meta": {"source": "mpp"}}',
        SMS_HEADERS='{"X-Api-Key": "rahasia-key", "Accept": "application/json"}')
    assert send(app, text='Kata "kunci"\\ & baris\nkedua').ok
    request = gateway.requests[0]
    assert request.headers["content-type"] == "application/json; charset=utf-8"
    assert request.headers["x-api-key"] == "rahasia-key"
    assert request.json == {"to": PHONE, "message": 'Kata "kunci"\\ & baris\nkedua',
                            "meta": {"source": "mpp"}}
    app.config["SMS_HEADERS"] = {"Content-Type": "application/json", "X-Api-Key": "k"}
    assert send(app).ok
    assert gateway.requests[1].headers["content-type"] == "application/json"
    assert gateway.requests[1].json["message"] == PLAIN


def test_an_xml_gateway_gets_escaped_values(app, gateway):
    app.config.update(SMS_URL=gateway.url + "/xml", SMS_CONTENT_TYPE="text/xml",
                      SMS_BODY="<sms><to>{phone}</to><text>{text}</text></sms>")
    assert send(app, text="A & B <C> 'd'").ok
    assert gateway.requests[0].body.decode() == (
        "<sms><to>6281234567890</to><text>A &amp; B &lt;C&gt; &apos;d&apos;</text></sms>")


def test_texts_stay_within_320_plain_characters_and_keep_their_link(app, gateway):
    app.config.update(SMS_URL=gateway.url + "/s", SMS_BODY="t={text}")
    link = "https://mpp.test/maros/tiket/A012"
    assert send(app, text="“Kabar” – " + "panjang " * 80, url=link).ok
    text = gateway.requests[0].form["t"][0]
    assert len(text) <= 320 and text.endswith("... " + link) and text.startswith('"Kabar" - ')
    assert all(ord(c) < 128 for c in text)
    # A link already in the text (the worker adds it) is not doubled nor cut.
    assert send(app, text="Berkas siap diambil… " + link, url=link).ok
    assert gateway.requests[1].form["t"][0] == "Berkas siap diambil... " + link


@pytest.mark.parametrize("status, body, ok_text, ok, permanent", [
    (200, {"status": "1", "text": "Success"}, "", True, False),
    (202, b"", "", True, False),
    (200, {"status": "0", "text": "Saldo tidak cukup"}, "Success", False, True),
    (200, {"status": "1", "text": "SUCCESS"}, "Success", True, False),
    (201, b"message success, id 12", "Success", True, False),
    (200, b"", "Success", False, True),
    (500, b"oops", "", False, False),
    (503, b"", "", False, False),
    (429, b"slow down", "", False, False),
    (400, {"error": "invalid number"}, "", False, True),
    (401, b"", "", False, True),
])
def test_answers_are_mapped_to_sent_retry_or_give_up(app, gateway, status, body, ok_text, ok,
                                                     permanent):
    app.config.update(SMS_URL=gateway.url + "/s?to={phone}", SMS_BODY="m={text}",
                      SMS_OK_TEXT=ok_text)
    gateway.answer(status, body)
    result = send(app)
    assert (result.ok, result.permanent, result.drop_subscription) == (ok, permanent, False)
    assert PHONE not in result.error and "Saldo" not in result.error


def test_settings_mistakes_fail_plainly_without_a_request(app, gateway):
    app.config.update(SMS_URL=gateway.url + "/s", SMS_CONTENT_TYPE="application/json",
                      SMS_BODY='{"to": {phone}, "text": "{text}"')
    result = send(app)
    assert not result.ok and result.permanent and "SMS_BODY" in result.error
    app.config.update(SMS_BODY='{"to": "{phone}"}', SMS_HEADERS="{not json")
    result = send(app)
    assert not result.ok and result.permanent and "SMS_HEADERS" in result.error
    app.config.update(SMS_HEADERS=["X-Key"])
    assert "SMS_HEADERS" in send(app).error
    app.config.update(SMS_HEADERS={}, SMS_METHOD="PUT")
    assert "SMS_METHOD" in send(app).error
    assert gateway.requests == []


def test_no_answer_is_retried(app):
    app.config.update(SMS_URL="http://127.0.0.1:9/s?to={phone}&m={text}", SMS_METHOD="GET")
    result = send(app)
    assert not result.ok and not result.permanent and result.error in ("network", "timeout")
    assert PHONE not in result.error


def test_an_unconfigured_placeholder_stays_empty_and_json_braces_stay(app, gateway):
    app.config.update(SMS_URL=gateway.url + "/s", SMS_CONTENT_TYPE="application/json",
                      SMS_BODY='{"sender": "{sender}", "x": {"y": "{z}"}, "t": "{text}"}')
    assert send(app, text="ok").ok
    assert json.loads(gateway.requests[0].body) == {"sender": "", "x": {"y": "{z}"}, "t": "ok"}


def test_a_2xx_without_the_ok_text_is_not_retried_and_falls_back(app, gateway):
    """The gateway took the request: sending again could be a second paid SMS."""
    app.config.update(SMS_URL=gateway.url + "/s?to={phone}", SMS_BODY="m={text}",
                      SMS_OK_TEXT="Success")
    gateway.answer(200, {"status": "0", "text": "Saldo tidak cukup"})
    result = send(app)
    assert not result.ok and result.permanent and not result.drop_subscription
    assert result.error == "HTTP 200: gateway refused"
    assert len(gateway.requests) == 1
