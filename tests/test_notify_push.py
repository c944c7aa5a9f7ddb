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
            "NOTIFY_HTTP_TIMEOUT": 5.0}


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
