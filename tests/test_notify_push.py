"""The Web Push channel against a local push service (support.fake_gateway): the request is
signed with the deployment's VAPID key (a JWT for the endpoint's origin), its body decrypts
(aes128gcm) with the browser's keys the test made, and the push service's answers map to
sent / drop the subscription / retry / give up."""
from __future__ import annotations

import base64
import json
import os
import time

import http_ece
import pytest
import sqlalchemy as sa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from mpp_lite.extensions import db
from mpp_lite.models import OutboxMessage
from mpp_lite.notify import channels, push
from mpp_lite.notify.channels import Outgoing

from support.fake_gateway import fake_gateway
from support.queue import NOW, book


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def vapid_settings() -> dict[str, object]:
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(serialization.Encoding.X962,
                                           serialization.PublicFormat.UncompressedPoint)
    return {"VAPID_PRIVATE_KEY": b64(key.private_numbers().private_value.to_bytes(32, "big")),
            "VAPID_PUBLIC_KEY": b64(public), "VAPID_SUBJECT": "mailto:admin@mpp.test",
            "NOTIFY_HTTP_TIMEOUT": 5.0,
            # support.fake_gateway stands in for the push service (plain http on loopback).
            "PUSH_EXTRA_HOSTS": ["127.0.0.1"]}


class Browser:
    """A browser's push subscription: its key pair and auth secret."""

    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)

    def keys(self) -> dict[str, str]:
        return {"p256dh": b64(self.public), "auth": b64(self.auth)}

    def decrypt(self, body: bytes) -> bytes:
        return http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth,
                                version="aes128gcm")


def message(endpoint: str, browser: Browser) -> Outgoing:
    return Outgoing(channel="push", text="Giliran Anda hampir tiba: 2 orang lagi.",
                    address=endpoint, keys=browser.keys(), title="MPP Kabupaten Maros",
                    url="https://mpp.test/tiket/abc", tag="tiket-abc")


def check_vapid(authorization: str, config: dict[str, object], origin: str) -> dict:
    """The JWT of `vapid t=…,k=…`: signed by the deployment's key, for this origin."""
    scheme, _, params = authorization.partition(" ")
    assert scheme.lower() == "vapid"
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    assert fields["k"] == config["VAPID_PUBLIC_KEY"]
    header, claims, signature = fields["t"].split(".")
    raw = unb64(signature)
    assert len(raw) == 64
    public = ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256R1(), unb64(str(config["VAPID_PUBLIC_KEY"])))
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    # The same token with another key does not verify: the check above can fail.
    other = ec.generate_private_key(ec.SECP256R1()).public_key()
    with pytest.raises(InvalidSignature):
        other.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    assert json.loads(unb64(header))["alg"] == "ES256"
    body = json.loads(unb64(claims))
    assert body["aud"] == origin
    assert body["sub"] == config["VAPID_SUBJECT"]
    assert body["exp"] > time.time()
    return body


def test_enabled_only_with_every_vapid_setting():
    config = vapid_settings()
    assert push.enabled(config)
    for name in ("VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "VAPID_SUBJECT"):
        assert not push.enabled({**config, name: ""})
    assert "push" not in channels.enabled_channels({})
    assert channels.module("push") is push


def test_a_notification_is_signed_and_decrypts_for_the_browser():
    config = vapid_settings()
    browser = Browser()
    with fake_gateway() as gateway:
        gateway.answer(201, {})
        endpoint = f"{gateway.url}/push/v1/abc123"
        result = push.send(message(endpoint, browser), config)
    assert result.ok and not result.permanent and not result.drop_subscription
    [request] = gateway.requests
    assert request.method == "POST" and request.path == "/push/v1/abc123"
    assert request.headers["content-encoding"] == "aes128gcm"
    assert int(request.headers["ttl"]) == push.TTL_SECONDS
    check_vapid(request.headers["authorization"], config, gateway.url)
    data = json.loads(browser.decrypt(request.body))
    assert data == {"title": "MPP Kabupaten Maros",
                    "body": "Giliran Anda hampir tiba: 2 orang lagi.",
                    "url": "https://mpp.test/tiket/abc", "tag": "tiket-abc"}
    # Another browser's keys do not open it.
    with pytest.raises(Exception):
        Browser().decrypt(request.body)


@pytest.mark.parametrize(("status", "ok", "permanent", "dropped"), [
    (200, True, False, False),
    (410, False, True, True),
    (404, False, True, True),
    (503, False, False, False),
    (500, False, False, False),
    (429, False, False, False),
    (400, False, True, False),
    (413, False, True, False),
])
def test_answers_of_the_push_service(status, ok, permanent, dropped):
    config = vapid_settings()
    with fake_gateway() as gateway:
        gateway.answer(status, {"error": "x"})
        result = push.send(message(f"{gateway.url}/push/v1/gone", Browser()), config)
    assert (result.ok, result.permanent, result.drop_subscription) == (ok, permanent, dropped)
    if not ok:
        assert result.error == f"HTTP {status}"
        assert "gone" not in result.error and "127.0.0.1" not in result.error


def test_no_answer_is_retried_and_the_endpoint_is_not_in_the_error():
    config = vapid_settings()
    with fake_gateway() as gateway:
        endpoint = f"{gateway.url}/push/v1/secret-endpoint"
    # The server is gone: nothing listens on that port any more.
    result = push.send(message(endpoint, Browser()), config)
    assert not result.ok and not result.permanent and not result.drop_subscription
    assert result.error in ("network", "timeout")


@pytest.mark.parametrize(("endpoint", "allowed"), [
    ("https://fcm.googleapis.com/fcm/send/abc", True),
    ("https://updates.push.services.mozilla.com/wpush/v2/abc", True),
    ("https://push.services.mozilla.com.evil.test/x", False),
    ("https://eu.push.services.mozilla.com/x", True),
    ("https://db5p.notify.windows.com/w/?token=abc", True),
    ("https://notify.windows.com/x", False),
    ("https://web.push.apple.com/QGx", True),
    ("https://api.push.apple.com/x", True),
    ("https://evilpush.apple.com/x", False),
    ("https://FCM.googleapis.com/fcm/send/abc", True),
    ("https://fcm.googleapis.com.evil.test/x", False),
    ("https://fcm.googleapis.com@evil.test/x", False),
    ("https://user@fcm.googleapis.com/x", False),
    ("http://fcm.googleapis.com/fcm/send/abc", False),
    ("https://169.254.169.254/latest/meta-data", False),
    ("https://localhost/x", False),
    ("http://127.0.0.1:9/x", False),
    ("https://push.example.test/x", False),
    ("ftp://fcm.googleapis.com/x", False),
    ("https://fcm.googleapis.com:abc/x", False),
    ("https://fcm.googleapis.com/a b", False),
])
def test_only_known_push_services_are_accepted(endpoint, allowed):
    assert push.endpoint_allowed(endpoint, {}) is allowed


def test_push_extra_hosts_adds_hosts_and_plain_http_only_on_loopback():
    assert push.endpoint_allowed("https://push.example.test/x",
                                 {"PUSH_EXTRA_HOSTS": ["push.example.test"]})
    assert push.endpoint_allowed("https://push.example.test/x",
                                 {"PUSH_EXTRA_HOSTS": "other.test, push.example.test"})
    assert not push.endpoint_allowed("http://push.example.test/x",
                                     {"PUSH_EXTRA_HOSTS": ["push.example.test"]})
    assert push.endpoint_allowed("http://127.0.0.1:9/x", {"PUSH_EXTRA_HOSTS": ["127.0.0.1"]})
    assert not push.endpoint_allowed("http://127.0.0.2:9/x", {"PUSH_EXTRA_HOSTS": ["127.0.0.1"]})
    assert not push.endpoint_allowed("https://push.example.test/x", {"PUSH_EXTRA_HOSTS": 5})


def test_an_endpoint_of_an_unknown_host_is_never_posted_to_and_is_dropped():
    """A subscription stored before the check (or before PUSH_EXTRA_HOSTS changed)."""
    config = {**vapid_settings(), "PUSH_EXTRA_HOSTS": []}
    with fake_gateway() as gateway:
        gateway.answer(201, {})
        result = push.send(message(f"{gateway.url}/push/v1/abc", Browser()), config)
        assert gateway.requests == []
    assert not result.ok and result.permanent and result.drop_subscription
    assert "127.0.0.1" not in result.error
    # The same message with the host listed is sent: the refusal above was the host.
    with fake_gateway() as gateway:
        gateway.answer(201, {})
        assert push.send(message(f"{gateway.url}/push/v1/abc", Browser()), vapid_settings()).ok
        assert len(gateway.requests) == 1


def test_keys_that_cannot_be_used_drop_the_subscription():
    config = vapid_settings()
    broken = Outgoing(channel="push", text="x", address="https://push.invalid/abc",
                      keys={"p256dh": b64(b"\x04" + b"\x00" * 64), "auth": b64(b"a" * 16)})
    with fake_gateway() as gateway:
        broken.address = f"{gateway.url}/push/v1/abc"
        result = push.send(broken, config)
    assert not result.ok and result.permanent and result.drop_subscription
    assert gateway.requests == []


# --- through the worker ---------------------------------------------------------------------

@pytest.fixture
def push_ctx(database_url):
    from support.database import dispose
    from support.staff import make_staff_app

    app = make_staff_app(database_url, **vapid_settings())
    with app.app_context():
        yield app
        db.session.rollback()
    dispose(app)


def test_the_worker_delivers_a_ticket_notification_and_drops_an_expired_browser(push_ctx):
    from mpp_lite.notify import outbox
    from mpp_lite.notify.events import ticket_event
    from mpp_lite.notify.subscriptions import subscribe

    browser = Browser()
    with fake_gateway() as gateway:
        gateway.answer(201, {})
        gateway.answer(410, {})
        ticket = book()
        endpoint = f"{gateway.url}/push/v1/worker"
        subscription = subscribe(ticket, "push", endpoint, keys=browser.keys())
        ticket_event(ticket, "ticket.booked", "booked", subscribed=True)
        db.session.commit()
        outbox.run_once(now=NOW)
        [request] = gateway.requests
        data = json.loads(browser.decrypt(request.body))
        assert f"/tiket/{ticket.code}" in data["url"]
        assert ticket.number in data["body"] and data["title"]
        check_vapid(request.headers["authorization"], push_ctx.config, gateway.url)
        ticket_event(ticket, "ticket.moved", "moved-1", subscribed=True)
        db.session.commit()
        outbox.run_once(now=NOW)
        assert len(gateway.requests) == 2
    db.session.refresh(subscription)
    assert not subscription.active and subscription.dropped_reason
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.status == "sent")) == 1
