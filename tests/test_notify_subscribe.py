""""Kabari saya": the section on ticket and application pages, the push subscription endpoint
(CSRF in a header, validation, limits, idempotent), the phone form (consent, bad numbers),
"Berhenti", the booking form's opt-in, rate limits and closed tickets."""
from __future__ import annotations

import base64
import datetime as dt
import os
import re
from urllib.parse import unquote

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import NotificationEvent, Service, Subscription, Ticket
from mpp_lite.notify.subscriptions import from_link_token, subscribe

from support.booking import csrf_token, first_day, form_values
from support.desk import freeze_monday, received
from support.queue import book
from support.catalogs import load_queue_catalog
from support.database import dispose, make_app
from support.staff import make_staff_app

VAPID = {"VAPID_PUBLIC_KEY": "BP" + "A" * 85, "VAPID_PRIVATE_KEY": "x" * 43,
         "VAPID_SUBJECT": "mailto:admin@mpp.test"}
WHATSAPP = {"WHATSAPP_TOKEN": "t", "WHATSAPP_PHONE_NUMBER_ID": "123",
            "WHATSAPP_NUMBER": "62811000111"}
TELEGRAM = {"TELEGRAM_BOT_TOKEN": "1:abc", "TELEGRAM_BOT_USERNAME": "mpp_maros_bot"}
SMS = {"SMS_URL": "http://127.0.0.1:9/sms?to={phone}&text={text}"}
ALL = {**VAPID, **WHATSAPP, **TELEGRAM, **SMS}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def subscription_json(n: int = 1) -> dict:
    return {"endpoint": f"https://fcm.googleapis.com/fcm/send/abc{n}",
            "keys": {"p256dh": b64(b"\x04" + os.urandom(64)), "auth": b64(os.urandom(16))}}


@pytest.fixture
def make(database_url):
    apps = []

    def factory(**config):
        app = make_staff_app(database_url, **config)
        apps.append(app)
        return app
    yield factory
    for app in apps:
        dispose(app)


def new_ticket(app, status: str = "waiting") -> str:
    with app.app_context():
        ticket = book()
        ticket.status = status
        db.session.commit()
        return ticket.code


def subscriptions(app) -> list[tuple[str, str, bool]]:
    with app.app_context():
        return [(s.channel, s.address, s.active) for s in db.session.scalars(
            sa.select(Subscription).order_by(Subscription.id))]


def page_token(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'data-csrf="([^"]+)"', html).group(1)


def post_push(client, code: str, body, token: str | None, kind: str = "tiket"):
    headers = {"X-CSRFToken": token} if token else {}
    return client.post(f"/{kind}/{code}/kabar/push", json=body, headers=headers)


# --- the section --------------------------------------------------------------------------------

def test_nothing_is_shown_when_no_channel_is_configured(make):
    app = make()
    code = new_ticket(app)
    html = app.test_client().get(f"/tiket/{code}").get_data(as_text=True)
    assert 'id="kabari"' not in html and "/static/notify." not in html
    form = app.test_client().get("/maros/layanan/ktp-el-baru/antre").get_data(as_text=True)
    assert 'name="notify"' not in form


def test_the_section_offers_every_configured_channel(make):
    app = make(**ALL)
    code = new_ticket(app)
    html = app.test_client().get(f"/tiket/{code}").get_data(as_text=True)
    section = html[html.index('id="kabari"'):html.index("</section>", html.index('id="kabari"'))]
    assert "Beri tahu saya" in section and "/static/notify." in section
    assert re.search(r'class="kabari-push" hidden', section)  # revealed by notify.js only
    assert f'data-vapid="{VAPID["VAPID_PUBLIC_KEY"]}"' in section
    telegram = re.search(r'href="https://t\.me/mpp_maros_bot\?start=([^"]+)"', section).group(1)
    whatsapp = re.search(r'href="https://wa\.me/62811000111\?text=([^"]+)"', section).group(1)
    assert unquote(whatsapp) == f"Pantau {telegram}"
    with app.app_context():
        assert from_link_token(telegram).code == code
    assert 'name="phone"' in section and 'name="consent"' in section
    assert code not in telegram
    # Nobody subscribed yet: no "will be sent through" and no "stop".
    assert "Kabar akan dikirim lewat" not in section and "kabari-stop" not in section


def test_only_what_is_configured_and_in_the_sites_order_is_offered(make):
    app = make(**TELEGRAM)
    code = new_ticket(app)
    html = app.test_client().get(f"/tiket/{code}").get_data(as_text=True)
    assert "t.me/mpp_maros_bot" in html
    assert "Beri tahu saya" not in html and 'name="consent"' not in html and "wa.me/628" not in html
    with app.app_context():
        site = db.session.scalar(sa.select(Ticket).filter_by(code=code)).site
        site.notify_channels = "push,sms"
        db.session.commit()
    html = app.test_client().get(f"/tiket/{code}").get_data(as_text=True)
    assert 'id="kabari"' not in html


def test_finished_tickets_have_no_section_and_take_no_subscription(make):
    app = make(**ALL)
    code = new_ticket(app, "done")
    client = app.test_client()
    assert 'id="kabari"' not in client.get(f"/tiket/{code}").get_data(as_text=True)
    live = new_ticket(app)
    token = page_token(client, f"/tiket/{live}")
    response = post_push(client, code, subscription_json(), token)
    assert response.status_code == 409
    assert "sudah tidak aktif" in response.get_json()["error"]["message"]
    assert subscriptions(app) == []


# --- Web Push subscriptions -------------------------------------------------------------------

def test_a_push_subscription_is_stored_once(make):
    app = make(**VAPID)
    code = new_ticket(app)
    client = app.test_client()
    token = page_token(client, f"/tiket/{code}")
    body = subscription_json()
    first = post_push(client, code, body, token)
    assert first.status_code == 201, first.get_data(as_text=True)
    assert "Pemberitahuan aktif" in first.get_json()["message"]
    again = post_push(client, code, body, token)  # a double tap
    assert again.status_code == 201
    assert subscriptions(app) == [("push", body["endpoint"], True)]
    with app.app_context():
        stored = db.session.scalar(sa.select(Subscription))
        assert stored.keys == body["keys"] and stored.language == "id"
    html = client.get(f"/tiket/{code}").get_data(as_text=True)
    assert "Kabar akan dikirim lewat: notifikasi browser." in html and "kabari-stop" in html


def test_push_needs_the_csrf_token(make):
    app = make(**VAPID)
    code = new_ticket(app)
    client = app.test_client()
    client.get(f"/tiket/{code}")
    response = post_push(client, code, subscription_json(), None)
    assert response.status_code == 400
    assert "terlalu lama terbuka" in response.get_json()["error"]["message"]
    response = post_push(client, code, subscription_json(), "forged")
    assert response.status_code == 400
    assert subscriptions(app) == []


@pytest.mark.parametrize("body", [
    {"endpoint": "http://fcm.googleapis.com/x", "keys": subscription_json()["keys"]},
    {"endpoint": "https://user:pw@fcm.googleapis.com/x", "keys": subscription_json()["keys"]},
    {"endpoint": "https://fcm.googleapis.com/" + "a" * 1000, "keys": subscription_json()["keys"]},
    {"endpoint": "javascript:alert(1)", "keys": subscription_json()["keys"]},
    {"endpoint": 12, "keys": subscription_json()["keys"]},
    {"endpoint": "https://fcm.googleapis.com/fcm/send/x", "keys": {"p256dh": "abc", "auth": "abc"}},
    {"endpoint": "https://fcm.googleapis.com/fcm/send/x",
     "keys": {"p256dh": b64(b"\x05" + os.urandom(64)), "auth": b64(os.urandom(16))}},
    {"endpoint": "https://fcm.googleapis.com/fcm/send/x",
     "keys": {"p256dh": b64(b"\x04" + os.urandom(64)), "auth": b64(os.urandom(17))}},
    {"endpoint": "https://fcm.googleapis.com/fcm/send/x", "keys": {"p256dh": "!!", "auth": 10**40}},
    {"endpoint": "https://fcm.googleapis.com/fcm/send/x", "keys": []},
    {"endpoint": "https://fcm.googleapis.com/fcm/send/x"},
    [1, 2, 3],
    "text",
    None,
])
def test_bad_subscriptions_are_refused_in_indonesian(make, body):
    app = make(**VAPID)
    code = new_ticket(app)
    client = app.test_client()
    token = page_token(client, f"/tiket/{code}")
    response = post_push(client, code, body, token)
    assert response.status_code in (415, 422)
    assert response.get_json()["error"]["message"]
    assert subscriptions(app) == []


@pytest.mark.parametrize("endpoint", [
    "https://push.example.com/x", "https://169.254.169.254/latest/meta-data",
    "https://fcm.googleapis.com.evil.test/fcm/send/x", "https://127.0.0.1/x",
    "http://127.0.0.1:9/x",
])
def test_only_known_push_services_are_taken(make, endpoint):
    """The worker posts to the endpoint: another host would let a visitor point the server at
    any address (SSRF)."""
    app = make(**VAPID)
    code = new_ticket(app)
    client = app.test_client()
    token = page_token(client, f"/tiket/{code}")
    response = post_push(client, code, {**subscription_json(), "endpoint": endpoint}, token)
    assert response.status_code == 422
    error = response.get_json()["error"]
    if endpoint.startswith("https://"):
        assert error["code"] == "unknown_push_service"
        assert "layanan notifikasi yang tidak dikenal" in error["message"]
    assert subscriptions(app) == []


def test_push_extra_hosts_adds_a_push_service(make):
    app = make(**VAPID, PUSH_EXTRA_HOSTS=["push.example.com"])
    code = new_ticket(app)
    client = app.test_client()
    token = page_token(client, f"/tiket/{code}")
    body = {**subscription_json(), "endpoint": "https://push.example.com/x"}
    assert post_push(client, code, body, token).status_code == 201
    assert post_push(client, code, {**body, "endpoint": "https://other.example.com/x"},
                     token).status_code == 422
    assert subscriptions(app) == [("push", "https://push.example.com/x", True)]
    # Stopping works for any stored address, known host or not.
    stop = client.post(f"/tiket/{code}/kabar/push/berhenti",
                       json={"endpoint": "https://push.example.com/x"},
                       headers={"X-CSRFToken": token})
    assert stop.status_code == 200 and stop.get_json()["stopped"] == 1


def test_broken_json_nul_bytes_and_wrong_types_are_4xx(make):
    app = make(**VAPID)
    code = new_ticket(app)
    client = app.test_client()
    token = page_token(client, f"/tiket/{code}")
    headers = {"X-CSRFToken": token, "Content-Type": "application/json"}
    for raw in (b"{", b'{"endpoint": "https://a\\u0000b"}', b"\xff\xfe", b"[" * 5000):
        response = client.post(f"/tiket/{code}/kabar/push", data=raw, headers=headers)
        assert 400 <= response.status_code < 500, raw[:20]
    response = client.post(f"/tiket/{code}/kabar/push", data="endpoint=x",
                           headers={"X-CSRFToken": token,
                                    "Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 415
    assert subscriptions(app) == []


def test_at_most_five_browsers_per_ticket(make):
    app = make(**VAPID)
    code = new_ticket(app)
    client = app.test_client()
    token = page_token(client, f"/tiket/{code}")
    bodies = [subscription_json(n) for n in range(6)]
    for body in bodies[:5]:
        assert post_push(client, code, body, token).status_code == 201
    refused = post_push(client, code, bodies[5], token)
    assert refused.status_code == 409 and "5 browser" in refused.get_json()["error"]["message"]
    assert post_push(client, code, bodies[0], token).status_code == 201  # the same one again
    stop = client.post(f"/tiket/{code}/kabar/push/berhenti",
                       json={"endpoint": bodies[0]["endpoint"]}, headers={"X-CSRFToken": token})
    assert stop.status_code == 200 and stop.get_json()["stopped"] == 1
    assert post_push(client, code, bodies[5], token).status_code == 201
    assert sum(active for *_, active in subscriptions(app)) == 5


def test_push_when_vapid_is_not_configured_or_the_ticket_unknown(make):
    app = make(**TELEGRAM)
    code = new_ticket(app)
    client = app.test_client()
    token = csrf_token(client.get("/maros/layanan/ktp-el-baru/antre").get_data(as_text=True))
    response = post_push(client, code, subscription_json(), token)
    assert response.status_code == 409
    assert "tidak tersedia" in response.get_json()["error"]["message"]
    assert post_push(client, "nope", subscription_json(), token).status_code == 404
    assert post_push(client, "x" * 5000, subscription_json(), token).status_code == 404
    assert post_push(client, "nope", subscription_json(), token, "berkas").status_code == 404
    assert subscriptions(app) == []


# --- the phone form (no JavaScript) -------------------------------------------------------------

def phone_form(client, path: str) -> dict[str, str]:
    html = client.get(path).get_data(as_text=True)
    form = html[html.index('id="kabari-phone"'):]
    return {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)}


def test_the_phone_form_subscribes_whatsapp_and_sms(make):
    app = make(**WHATSAPP, **SMS)
    code = new_ticket(app)
    client = app.test_client()
    data = {**phone_form(client, f"/tiket/{code}"), "phone": "0812-3456-7890", "consent": "y"}
    response = client.post(f"/tiket/{code}/kabar", data=data)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/tiket/{code}#kabari")
    assert "0812" not in response.headers["Location"]
    assert subscriptions(app) == [("whatsapp", "6281234567890", True),
                                  ("sms", "6281234567890", True)]
    page = client.get(f"/tiket/{code}").get_data(as_text=True)
    assert "Kabar akan dikirim ke nomor HP Anda lewat WhatsApp / SMS." in page
    assert "Kabar akan dikirim lewat: WhatsApp, SMS." in page
    again = client.post(f"/tiket/{code}/kabar", data=data)  # idempotent
    assert again.status_code == 303 and len(subscriptions(app)) == 2


@pytest.mark.parametrize(("fields", "message"), [
    ({"phone": "0812-3456-7890"}, "Centang persetujuan"),
    ({"phone": "", "consent": "y"}, "Isi nomor HP"),
    ({"phone": "12", "consent": "y"}, "Nomor HP tidak dikenali"),
    ({"phone": "9" * 200, "consent": "y"}, "terlalu panjang"),
])
def test_the_phone_form_refuses_bad_input(make, fields, message):
    app = make(**WHATSAPP)
    code = new_ticket(app)
    client = app.test_client()
    data = {**phone_form(client, f"/tiket/{code}"), **fields}
    response = client.post(f"/tiket/{code}/kabar", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'name="csrf_token"' in html
    assert subscriptions(app) == []


def test_the_phone_form_with_nul_bytes_or_an_expired_token(make):
    app = make(**WHATSAPP)
    code = new_ticket(app)
    client = app.test_client()
    data = {**phone_form(client, f"/tiket/{code}"), "phone": "0812\x003456", "consent": "y"}
    assert client.post(f"/tiket/{code}/kabar", data=data).status_code == 400
    data = {"csrf_token": "expired", "phone": "081234567890", "consent": "y"}
    response = client.post(f"/tiket/{code}/kabar", data=data)
    assert response.status_code == 303 and response.headers["Location"].endswith("#kabari")
    page = client.get(f"/tiket/{code}").get_data(as_text=True)
    assert "terlalu lama terbuka" in page
    assert subscriptions(app) == []


@pytest.mark.parametrize("kind", ["tiket", "berkas"])
def test_at_most_two_phone_numbers_per_ticket_or_application(make, monkeypatch, kind):
    app = make(**WHATSAPP, **SMS)
    if kind == "tiket":
        code = new_ticket(app)
    else:
        freeze_monday(monkeypatch)
        _id, code = received(app, phone="")
    client = app.test_client()
    path = f"/tiket/{code}" if kind == "tiket" else f"/berkas/{code}"

    def give(phone):
        data = {**phone_form(client, path), "phone": phone, "consent": "y"}
        return client.post(f"{path}/kabar", data=data)

    assert give("081234567890").status_code == 303
    assert give("081298765432").status_code == 303
    refused = give("081311112222")
    assert refused.status_code == 409
    text = refused.get_data(as_text=True)
    assert "sudah dikirim ke 2 nomor HP" in text and "hentikan kabar dulu" in text
    assert "081311112222" not in text.replace('value="081311112222"', "")
    assert give("+62 812-3456-7890").status_code == 303  # a number already given: fine
    numbers = {address for channel, address, active in subscriptions(app) if active}
    assert numbers == {"6281234567890", "6281298765432"}
    # After "Berhenti", other numbers may be given.
    token = phone_form(client, path)["csrf_token"]
    assert client.post(f"{path}/kabar/berhenti", data={"csrf_token": token}).status_code == 303
    assert give("081311112222").status_code == 303
    assert {a for _c, a, active in subscriptions(app) if active} == {"6281311112222"}


def test_stop_drops_every_subscription(make):
    app = make(**ALL)
    code = new_ticket(app)
    client = app.test_client()
    token = page_token(client, f"/tiket/{code}")
    assert post_push(client, code, subscription_json(), token).status_code == 201
    data = {**phone_form(client, f"/tiket/{code}"), "phone": "081234567890", "consent": "y"}
    assert client.post(f"/tiket/{code}/kabar", data=data).status_code == 303
    response = client.post(f"/tiket/{code}/kabar/berhenti", data={"csrf_token": token})
    assert response.status_code == 303
    assert [active for *_, active in subscriptions(app)] == [False, False, False]
    page = client.get(f"/tiket/{code}").get_data(as_text=True)
    assert "Kabar dihentikan" in page and "kabari-stop" not in page


def test_rate_limited(database_url):
    app = make_app(database_url, **VAPID, FEEDBACK_RATE_LIMIT="3 per minute")
    load_queue_catalog(app)
    try:
        limited(app)
    finally:
        dispose(app)


def limited(app):
    code = new_ticket(app)
    client = app.test_client()
    token = page_token(client, f"/tiket/{code}")
    statuses = [post_push(client, code, subscription_json(), token).status_code
                for _ in range(4)]
    assert statuses == [201, 201, 201, 429]


# --- applications -------------------------------------------------------------------------------

def test_an_open_application_takes_subscriptions_and_a_closed_one_does_not(make, monkeypatch):
    freeze_monday(monkeypatch)
    app = make(**VAPID, **WHATSAPP)
    _id, code = received(app)
    client = app.test_client()
    html = client.get(f"/berkas/{code}").get_data(as_text=True)
    assert 'id="kabari"' in html and "status berkas ini berubah" in html
    token = re.search(r'data-csrf="([^"]+)"', html).group(1)
    assert post_push(client, code, subscription_json(), token, "berkas").status_code == 201
    data = {"csrf_token": token, "phone": "081234567890", "consent": "y"}
    assert client.post(f"/berkas/{code}/kabar", data=data).status_code == 303
    assert {c for c, *_ in subscriptions(app)} == {"push", "whatsapp", "sms"}
    _id, closed = received(app, statuses=("rejected",))
    assert 'id="kabari"' not in client.get(f"/berkas/{closed}").get_data(as_text=True)
    refused = post_push(client, closed, subscription_json(2), token, "berkas")
    assert refused.status_code == 409 and "sudah selesai" in refused.get_json()["error"]["message"]


# --- the booking form's opt-in ------------------------------------------------------------------

def booking(client, **fields):
    path = "/maros/layanan/ktp-el-baru/antre"
    page = client.get(path).get_data(as_text=True)
    data = {**form_values(page), "day": first_day(page), "name": "Siti", **fields}
    return page, client.post(path, data=data)


def test_the_booking_opt_in_subscribes_the_phone(make):
    app = make(**WHATSAPP)
    client = app.test_client()
    page, response = booking(client, phone="0812 3456 7890", notify="y")
    assert "Kirim kabar antrean ke nomor ini (WhatsApp/SMS)" in page
    assert re.search(r'<input[^>]*name="notify"[^>]*>', page) and "checked" not in re.search(
        r'<input[^>]*name="notify"[^>]*>', page).group(0)
    assert response.status_code == 303, response.get_data(as_text=True)
    assert subscriptions(app) == [("whatsapp", "6281234567890", True),
                                  ("sms", "6281234567890", True)]
    with app.app_context():
        assert list(db.session.scalars(sa.select(NotificationEvent.kind))) == ["ticket.booked"]


def test_booking_without_the_opt_in_subscribes_nothing(make):
    app = make(**WHATSAPP)
    _page, response = booking(app.test_client(), phone="0812 3456 7890")
    assert response.status_code == 303
    assert subscriptions(app) == []


def test_the_opt_in_without_a_phone_is_explained(make):
    app = make(**SMS)
    _page, response = booking(app.test_client(), notify="y")
    assert response.status_code == 422
    assert "Untuk menerima kabar, isi nomor HP yang benar" in response.get_data(as_text=True)
    assert subscriptions(app) == []


# --- the weight of the section -------------------------------------------------------------------

def wire_size(client, path: str) -> int:
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200, path
    return len(response.data)


def test_the_ticket_page_with_every_channel_still_fits_one_round_trip(demo_database_url):
    """The demo service with the longest checklist, every channel on, a subscription made (so
    "Berhenti" shows too): under the 14,600-byte page budget and the 30,000-byte first visit
    (tests/test_budgets.py), with notify.js."""
    app = make_app(demo_database_url, **ALL)
    try:
        with app.app_context():
            service = max(db.session.scalars(sa.select(Service).where(Service.active)),
                          key=lambda s: (len(s.requirements), len(s.name)))
            ticket = Ticket(code="notify-budget-ticket-1", idempotency_key="notify-budget-1",
                            site_id=service.site_id, service_id=service.id,
                            day=dt.date(2026, 12, 1), prefix="ZB",
                            sequence=1, name="Uji", status="waiting")
            db.session.add(ticket)
            db.session.commit()
            subscribe(ticket, "telegram", "12345")
            db.session.commit()
            ticket_id = ticket.id
        client = app.test_client()
        try:
            path = "/tiket/notify-budget-ticket-1"
            html = client.get(path).get_data(as_text=True)
            assert "Beri tahu saya" in html and "kabari-stop" in html and "t.me/" in html
            page = wire_size(client, path)
            assert page <= 14_600, page
            assets = re.findall(r'(?:src|href)="(/static/[^"]+\.(?:css|js))"', html)
            assert any("/static/notify." in a for a in assets)
            total = page + sum(wire_size(client, a) for a in set(assets))
            assert total <= 30_000, total
        finally:
            with app.app_context():
                db.session.execute(sa.delete(Subscription).where(
                    Subscription.ticket_id == ticket_id))
                db.session.execute(sa.delete(Ticket).where(Ticket.id == ticket_id))
                db.session.commit()
    finally:
        dispose(app)
