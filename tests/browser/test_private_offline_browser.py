"""Nothing private stays on a device, with the service worker active in a real browser: staff
pages are never stored (they bypass the worker, so flashes arrive), signing out drops the saved
pages, and the booking form of a saved service works without signal."""
from __future__ import annotations

import json
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from mpp_lite.extensions import db, limiter
from mpp_lite.models import Service, Site, Ticket
from mpp_lite.offline.private import private_rules

from support.browser import controlled, sign_in

pytestmark = pytest.mark.browser

ADMIN = "admin.maros"
SAVED_PAGES = """async () => {
  const cache = await caches.open("mpp-pages");
  return (await cache.keys()).map(k => new URL(k.url).pathname);
}"""


def sign_in_fresh(page, origin: str) -> None:
    """Sign in through the form; the login limit's counts of earlier tests (all from
    127.0.0.1, in this process's memory store) are cleared first."""
    limiter.reset()
    sign_in(page, origin, ADMIN)


def service_id(live_app, slug: str) -> int:
    with live_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        return db.session.scalar(sa.select(Service.id).filter_by(site_id=site.id, slug=slug))


def test_a_manager_sees_the_saved_flash_and_no_staff_page_is_stored(live_app, new_context,
                                                                     live_server):
    page = new_context().new_page()
    page.goto(f"{live_server}/maros/")
    controlled(page)
    sign_in_fresh(page, live_server)
    edit = f"{live_server}/kelola/layanan/{service_id(live_app, 'akta-kelahiran')}"
    page.goto(edit)  # an old worker kept this page and answered the redirect from it
    page.goto(edit)
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_url(edit)
    expect(page.locator(".notice-ok")).to_contain_text("Layanan disimpan.")
    page.goto(f"{live_server}/kelola/akun")
    page.goto(f"{live_server}/maros/layanan/akta-kelahiran")  # seen while signed in
    stored = page.evaluate(SAVED_PAGES)
    assert not [p for p in stored if p.startswith(("/kelola", "/staff", "/petugas"))], stored
    assert "/maros/layanan/akta-kelahiran" not in stored  # it showed a signed-in page


def test_signing_out_drops_the_saved_pages(new_context, live_server):
    context = new_context()
    page = context.new_page()
    page.goto(f"{live_server}/maros/layanan/akta-kelahiran")
    controlled(page)
    page.goto(f"{live_server}/maros/layanan/akta-kelahiran")
    page.wait_for_function(f"""async () => {{
      const cache = await caches.open("mpp-pages");
      return !!(await cache.match("{live_server}/maros/layanan/akta-kelahiran"));
    }}""")
    sign_in_fresh(page, live_server)
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(re.compile(r"/staff/login$"))
    expect(page.locator(".notice-ok")).to_contain_text("Anda sudah keluar.")
    assert page.evaluate(SAVED_PAGES) == []
    context.set_offline(True)
    page.goto(f"{live_server}/maros/layanan/akta-kelahiran")  # nothing of it left
    expect(page.locator("h1")).to_have_text("Anda sedang tidak tersambung")
    context.set_offline(False)


def test_the_workers_test_matches_the_url_map(live_app, page, live_server):
    """isPrivate() in sw.js, run on every route of the app, agrees with the URL map."""
    source = page.context.request.get(f"{live_server}/sw.js").text()
    private_config = re.search(r"var PRIVATE = (\{.*?\});", source).group(1)
    function = re.search(r"function isPrivate\(path\) \{.*?\n\}", source, re.S).group(0)
    private, public = private_rules(live_app)

    def concrete(rule) -> str:
        return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?\w+>",
                      lambda m: "1" if m.group(1) == "int" else "x", rule.rule)

    page.goto(f"{live_server}/offline")
    verdicts = page.evaluate(f"""paths => {{
      var PRIVATE = {private_config};
      {function}
      return paths.map(isPrivate);
    }}""", [concrete(r) for r in private] + [concrete(r) for r in public])
    assert verdicts == [True] * len(private) + [False] * len(public)
    assert json.loads(private_config)["prefixes"]


def test_the_booking_form_of_a_saved_service_works_offline(live_app, new_context, live_server):
    context = new_context()
    page = context.new_page()
    service_url = f"{live_server}/maros/layanan/akta-kematian"
    page.goto(service_url)
    controlled(page)
    page.goto(service_url)  # stored, and its booking form with it
    page.wait_for_function(f"""async () => {{
      const cache = await caches.open("mpp-pages");
      return !!(await cache.match("{service_url}/antre"));
    }}""")
    # Fetched without cookies: its answer set no session cookie that could replace the one
    # of a form opened at the same moment (and spoil that form's CSRF token).
    assert [c["name"] for c in context.cookies() if c["name"] == "session"] == []
    context.set_offline(True)
    page.goto(service_url)
    page.get_by_role("link", name="Ambil nomor antrean").click()
    expect(page.locator("h1")).to_have_text("Ambil nomor antrean")
    expect(page.locator("#saved-copy")).to_be_visible()
    keys = [page.locator("input[name=idempotency_key]").input_value()]
    page.reload()
    keys.append(page.locator("input[name=idempotency_key]").input_value())
    assert keys[0] != keys[1]  # every form shown offline is a booking of its own
    page.get_by_label("Nama atau inisial").fill("Bu Tanpa Sinyal")
    page.get_by_role("button", name="Ambil nomor antrean").click()
    page.wait_for_url(f"{live_server}/tertunda")
    item = page.locator("#outbox li")
    expect(item).to_contain_text("Belum menjadi tiket: menunggu sinyal")
    expect(item).to_contain_text("Bu Tanpa Sinyal")

    context.set_offline(False)
    page.goto(f"{live_server}/tertunda")
    expect(item).to_contain_text("Sudah menjadi tiket", timeout=15000)
    with live_app.app_context():
        tickets = list(db.session.scalars(sa.select(Ticket).filter_by(idempotency_key=keys[1])))
        assert len(tickets) == 1 and tickets[0].name == "Bu Tanpa Sinyal"
        db.session.execute(sa.delete(Ticket).where(Ticket.idempotency_key == keys[1]))
        db.session.commit()


def test_a_booking_form_not_saved_gets_an_indonesian_page_offering_the_outbox(new_context,
                                                                              live_server):
    context = new_context()
    page = context.new_page()
    page.goto(f"{live_server}/maros/")
    controlled(page)
    context.set_offline(True)
    page.goto(f"{live_server}/maros/layanan/pbg/antre")
    expect(page.locator("h1")).to_have_text("Anda sedang tidak tersambung")
    expect(page.locator("#offline-booking")).to_be_visible()
    expect(page.locator("#offline-booking")).to_contain_text("Formulir antrean")
    expect(page.get_by_role("link", name="Lihat pemesanan yang menunggu sinyal")).to_have_attribute(
        "href", "/tertunda")
    context.set_offline(False)
