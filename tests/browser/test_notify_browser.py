""""Kabari saya" in Chromium: with VAPID configured the ticket page reveals "Beri tahu saya";
a tap subscribes this browser (PushManager.subscribe stands in for the push service headless
Chromium lacks) and posts the subscription, which is stored; with JavaScript off the button
stays hidden and the phone form works. Tickets and subscriptions made here are removed."""
from __future__ import annotations

import base64
import json
import os

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from playwright.sync_api import expect

from mpp_lite.dates import local_now
from mpp_lite.extensions import db
from mpp_lite.models import Service, Site, Subscription, Ticket

from support.browser import shots
from support.database import dispose, make_app

pytestmark = pytest.mark.browser


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def vapid() -> dict[str, str]:
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(serialization.Encoding.X962,
                                           serialization.PublicFormat.UncompressedPoint)
    return {"VAPID_PRIVATE_KEY": b64(key.private_numbers().private_value.to_bytes(32, "big")),
            "VAPID_PUBLIC_KEY": b64(public), "VAPID_SUBJECT": "mailto:admin@mpp.test"}


SETTINGS = {**vapid(), "WHATSAPP_TOKEN": "t", "WHATSAPP_PHONE_NUMBER_ID": "1",
            "WHATSAPP_NUMBER": "62811000111"}
ENDPOINT = "https://fcm.googleapis.com/fcm/send/browser-subscription-1"
KEYS = {"p256dh": b64(b"\x04" + os.urandom(64)), "auth": b64(os.urandom(16))}

# Headless Chromium has no push service: subscribe() answers what a browser would, and keeps
# the options it was given so the test can check the VAPID key the page passed.
PUSH_STUB = """
(() => {
  const subscription = {endpoint: %(endpoint)s,
    toJSON() { return {endpoint: %(endpoint)s, expirationTime: null, keys: %(keys)s}; }};
  if (window.Notification) {
    Notification.requestPermission = () => Promise.resolve("granted");
  }
  if (window.PushManager) {
    let made = null;
    PushManager.prototype.getSubscription = () => Promise.resolve(made);
    PushManager.prototype.subscribe = function (options) {
      made = subscription;
      window.pushOptions = Array.from(new Uint8Array(options.applicationServerKey));
      window.pushUserVisible = options.userVisibleOnly;
      return Promise.resolve(subscription);
    };
  }
})();
""" % {"endpoint": json.dumps(ENDPOINT), "keys": json.dumps(KEYS)}


@pytest.fixture(scope="module")
def push_app(demo_database_url):
    app = make_app(demo_database_url, SERVER_NAME=None, RATELIMIT_ENABLED=False, **SETTINGS)
    yield app
    dispose(app)


@pytest.fixture(scope="module")
def push_server(push_app):
    with shots.serve(push_app) as origin:
        yield origin


@pytest.fixture
def ticket_code(push_app, request):
    code = f"notify-browser-{request.node.name[-20:]}"[:32]
    with push_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        service = db.session.scalar(sa.select(Service).filter_by(site_id=site.id,
                                                                 slug="akta-kematian"))
        ticket = Ticket(code=code, idempotency_key=code, site_id=site.id, service_id=service.id,
                        day=local_now(site.timezone).date(), prefix="ZN", sequence=3,
                        name="Uji", status="waiting")
        db.session.add(ticket)
        db.session.commit()
        ticket_id = ticket.id
    yield code
    with push_app.app_context():
        db.session.execute(sa.delete(Subscription).where(Subscription.ticket_id == ticket_id))
        db.session.execute(sa.delete(Ticket).where(Ticket.id == ticket_id))
        db.session.commit()


def stored(app, code: str) -> list[tuple[str, str, dict, bool]]:
    with app.app_context():
        return [(s.channel, s.address, s.keys, s.active) for s in db.session.scalars(
            sa.select(Subscription).join(Ticket, Subscription.ticket_id == Ticket.id)
            .where(Ticket.code == code).order_by(Subscription.id))]


def test_beri_tahu_saya_subscribes_this_browser(push_app, push_server, ticket_code,
                                                 new_context):
    context = new_context()
    context.add_init_script(PUSH_STUB)
    page = context.new_page()
    posts = []
    page.on("request", lambda r: posts.append(r) if r.method == "POST" else None)
    page.goto(f"{push_server}/tiket/{ticket_code}")
    button = page.get_by_role("button", name="Beri tahu saya")
    expect(button).to_be_visible()
    button.click()
    expect(page.locator("#kabari-msg")).to_contain_text("Pemberitahuan aktif")
    [post] = [r for r in posts if r.url.endswith("/kabar/push")]
    assert post.url == f"{push_server}/tiket/{ticket_code}/kabar/push"
    assert post.headers["content-type"] == "application/json"
    assert post.headers.get("x-csrftoken")
    assert post.post_data_json == {"endpoint": ENDPOINT, "expirationTime": None, "keys": KEYS}
    assert bytes(page.evaluate("window.pushOptions")) == base64.urlsafe_b64decode(
        SETTINGS["VAPID_PUBLIC_KEY"] + "=")
    assert page.evaluate("window.pushUserVisible") is True
    assert stored(push_app, ticket_code) == [("push", ENDPOINT, KEYS, True)]
    # Reloaded, the page says where news goes and offers to stop it.
    page.reload()
    expect(page.locator("#kabari-active")).to_contain_text("notifikasi browser")
    # "Matikan di browser ini" stops push to this browser for this ticket.
    page.get_by_role("button", name="Beri tahu saya").click()
    page.get_by_role("button", name="Matikan di browser ini").click()
    expect(page.locator("#kabari-msg")).to_contain_text("dihentikan")
    expect(page.get_by_role("button", name="Matikan di browser ini")).to_be_hidden()
    assert stored(push_app, ticket_code) == [("push", ENDPOINT, KEYS, False)]


def test_without_javascript_the_phone_form_works(push_app, push_server, ticket_code,
                                                 new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{push_server}/tiket/{ticket_code}")
    expect(page.get_by_role("button", name="Beri tahu saya")).to_be_hidden()
    page.get_by_label("Nomor HP untuk kabar (WhatsApp/SMS)").fill("0812 3456 7890")
    page.get_by_label("Saya setuju menerima kabar lewat WhatsApp atau SMS ke nomor ini.").check()
    page.get_by_role("button", name="Kirim kabar ke nomor ini").click()
    expect(page.locator(".notice-ok")).to_contain_text("Kabar akan dikirim ke nomor HP")
    assert "0812" not in page.url and "6281" not in page.url
    assert [(c, a, on) for c, a, _k, on in stored(push_app, ticket_code)] == [
        ("whatsapp", "6281234567890", True), ("sms", "6281234567890", True)]
    page.get_by_role("button", name="Berhenti").click()
    expect(page.locator(".notice-ok")).to_contain_text("Kabar dihentikan")
    assert [on for *_rest, on in stored(push_app, ticket_code)] == [False, False]


def test_the_ticket_page_with_kabari_meets_wcag(push_server, ticket_code, new_context,
                                                axe_source):
    from support.browser import LAYOUT_CHECK, MIN_TARGET_PX, axe_violations, format_violations

    context = new_context(viewport={"width": 320, "height": 640})
    context.add_init_script(PUSH_STUB)
    page = context.new_page()
    page.goto(f"{push_server}/tiket/{ticket_code}")
    expect(page.get_by_role("button", name="Beri tahu saya")).to_be_visible()
    violations = axe_violations(page, axe_source)
    assert not violations, format_violations(violations)
    layout = page.evaluate(LAYOUT_CHECK, [MIN_TARGET_PX])
    assert layout["scrollWidth"] <= layout["clientWidth"], layout["overflowing"]
    assert not layout["small"], layout["small"]


def test_the_service_worker_shows_a_pushed_message(push_server, ticket_code, new_context):
    """A push message delivered to the registered worker (DevTools protocol) becomes a
    notification with the title, text, tag and the page to open."""
    context = new_context()
    context.grant_permissions(["notifications"], origin=push_server)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    registrations: list[dict] = []
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda event: registrations.extend(event["registrations"]))
    page.goto(f"{push_server}/tiket/{ticket_code}")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    cdp.send("ServiceWorker.enable")

    def mine() -> list[dict]:
        return [r for r in registrations
                if r["scopeURL"].startswith(push_server) and not r["isDeleted"]]

    # DevTools reports the registrations as events; let them arrive (bounded poll, no fixed
    # wait: it returns as soon as the worker's registration is known).
    for _attempt in range(200):
        if mine():
            break
        page.wait_for_timeout(50)
    assert mine(), registrations
    message = {"title": "MPP Kabupaten Maros", "body": "Nomor ZN-003 dipanggil: ke Loket 1.",
               "url": f"{push_server}/tiket/{ticket_code}", "tag": f"tiket-{ticket_code}"}
    # Deliver, then ask the worker's registration for its notifications; a message that
    # reached a worker still starting is delivered again (same tag: it replaces itself).
    # Bounded, and done as soon as the notification is there (no fixed wait).
    for _attempt in range(100):
        cdp.send("ServiceWorker.deliverPushMessage", {
            "origin": push_server, "registrationId": mine()[-1]["registrationId"],
            "data": json.dumps(message)})
        found = page.evaluate("""() => navigator.serviceWorker.ready
            .then(r => r.getNotifications())
            .then(n => n.map(x => ({title: x.title, body: x.body, tag: x.tag,
                                    url: x.data && x.data.url})))""")
        if found:
            break
        page.wait_for_timeout(100)
    assert found == [{"title": message["title"], "body": message["body"],
                      "tag": message["tag"], "url": message["url"]}]
    cdp.detach()

