"""Offline in a real browser: saved pages and tickets show without signal, with a notice;
unsaved pages show the offline page; a new deploy replaces the old caches."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from mpp_lite.extensions import db
from mpp_lite.models import Ticket

from support.browser import controlled, waiting_ticket

pytestmark = pytest.mark.browser


@pytest.fixture
def ticket_code(live_app):
    with waiting_ticket(live_app, "browser-offline-ticket", "ZX", 3) as code:
        yield code


def test_seen_pages_and_tickets_work_offline(new_context, live_server, ticket_code):
    context = new_context()
    page = context.new_page()
    service_url = f"{live_server}/maros/layanan/akta-kelahiran"
    ticket_url = f"{live_server}/tiket/{ticket_code}"
    page.goto(service_url)
    controlled(page)
    page.goto(service_url)  # now stored by the service worker
    page.goto(ticket_url)
    expect(page.locator("#saved-copy")).to_be_hidden()

    context.set_offline(True)
    page.goto(service_url)
    expect(page.locator("h1")).to_contain_text("Akta kelahiran")
    expect(page.locator("#saved-copy")).to_be_visible()
    expect(page.locator("#saved-copy")).not_to_contain_text("{saved_at}")
    page.goto(ticket_url)
    expect(page.locator(".ticket-number")).to_have_text("ZX-003")
    expect(page.locator(".qr svg")).to_have_count(1)
    expect(page.locator("#saved-copy")).to_be_visible()

    page.goto(f"{live_server}/maros/layanan/pbg")  # never opened: the offline page
    expect(page.locator("h1")).to_have_text("Anda sedang tidak tersambung")
    expect(page.locator("#saved-tickets a")).to_have_count(1)
    expect(page.locator("#saved-services a").first).to_be_visible()
    context.set_offline(False)


def test_a_new_deploy_replaces_the_old_caches(live_app, new_context, live_server):
    page = new_context().new_page()
    page.goto(f"{live_server}/maros/")
    controlled(page)
    first = page.evaluate("caches.keys()")
    assert [name for name in first if name.startswith("mpp-shell-")]
    live_app.config["OFFLINE_CACHE_SALT"] = "deploy-2"
    try:
        page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
        for _attempt in range(50):
            shells = [n for n in page.evaluate("caches.keys()") if n.startswith("mpp-shell-")]
            if len(shells) == 1 and shells[0] not in first:
                break
            page.wait_for_timeout(200)
        assert len(shells) == 1 and shells[0] not in first, shells
    finally:
        live_app.config["OFFLINE_CACHE_SALT"] = ""


@pytest.mark.parametrize("path", ["/offline", "/tertunda"])
def test_offline_pages_meet_wcag(page, live_server, axe_source, path):
    from support.browser import axe_violations, format_violations

    page.goto(f"{live_server}{path}")
    violations = axe_violations(page, axe_source)
    assert not violations, format_violations(violations)


def test_save_the_whole_mpp_then_read_any_service_offline(new_context, live_server):
    context = new_context()
    page = context.new_page()
    page.goto(f"{live_server}/maros/")
    controlled(page)
    section = page.locator("#save-offline")
    # The section shows once /maros/simpan.json has answered (it renders every page of the MPP
    # to give their size): generous waits, as a loaded CI machine takes seconds for it.
    expect(section).to_be_visible(timeout=60_000)
    expect(page.locator("#save-size")).to_contain_text("KB", timeout=60_000)
    page.get_by_role("button", name="Simpan semua layanan MPP ini").click()
    expect(page.locator("#save-size")).to_contain_text("Tersimpan", timeout=60_000)
    context.set_offline(True)
    page.goto(f"{live_server}/maros/layanan/pdam-sambungan-baru")  # never opened before
    expect(page.locator("#saved-copy")).to_be_visible()
    expect(page.locator("h1")).not_to_have_text("Anda sedang tidak tersambung")
    context.set_offline(False)


def test_save_section_stays_hidden_without_javascript(new_context, live_server):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server}/maros/")
    expect(page.locator("#save-offline")).to_be_hidden()


def _tickets_with_key(live_app, key: str) -> list[Ticket]:
    with live_app.app_context():
        return list(db.session.scalars(sa.select(Ticket).filter_by(idempotency_key=key)))


def _fill_booking_offline(context, page, live_server, service: str, name: str) -> str:
    """Open the booking form with signal, lose it, send the form; returns its idempotency key."""
    form_url = f"{live_server}/maros/layanan/{service}/antre"
    page.goto(form_url)
    controlled(page)
    page.goto(form_url)
    key = page.locator("input[name=idempotency_key]").input_value()
    page.get_by_label("Nama atau inisial").fill(name)
    context.set_offline(True)
    page.get_by_role("button", name="Ambil nomor antrean").click()
    page.wait_for_url(f"{live_server}/tertunda")
    return key


def test_a_booking_sent_offline_becomes_exactly_one_ticket(live_app, new_context, live_server):
    context = new_context()
    page = context.new_page()
    key = _fill_booking_offline(context, page, live_server, "akta-kematian", "Pak Offline")
    expect(page.locator("h1")).to_have_text("Pemesanan tanpa sinyal")
    item = page.locator("#outbox li")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Belum menjadi tiket: menunggu sinyal")
    expect(item).to_contain_text("Pak Offline")
    expect(item).to_contain_text("Akta kematian")
    assert _tickets_with_key(live_app, key) == []  # kept on the phone, not on the server
    # The note follows the citizen to other saved pages while the booking waits.
    page.goto(f"{live_server}/offline")
    expect(page.locator("#outbox-note")).to_be_visible()

    context.set_offline(False)
    page.goto(f"{live_server}/tertunda")  # the next page load sends it
    expect(item).to_contain_text("Sudah menjadi tiket", timeout=15000)
    for _ in range(3):  # more loads, the online event, Background Sync: still one ticket
        page.reload()
        page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_timeout(500)
    tickets = _tickets_with_key(live_app, key)
    assert len(tickets) == 1
    number = tickets[0].number
    expect(item).to_contain_text(f"nomor antrean {number}")

    # Its ticket page was stored too: it shows at the MPP without signal.
    context.set_offline(True)
    page.get_by_role("link", name=f"Lihat tiket {number}").click()
    expect(page.locator(".ticket-number")).to_have_text(number)
    expect(page.locator(".qr svg")).to_have_count(1)
    context.set_offline(False)
    page.goto(f"{live_server}/tertunda")  # opened: forgotten from the outbox
    expect(page.locator("#outbox-empty")).to_be_visible()
    expect(page.locator("#outbox")).to_be_hidden()
    with live_app.app_context():
        db.session.execute(sa.delete(Ticket).where(Ticket.idempotency_key == key))
        db.session.commit()


def test_a_refused_offline_booking_says_why_and_can_be_removed(live_app, new_context,
                                                               live_server, axe_source):
    from support.browser import axe_violations, format_violations

    context = new_context()
    page = context.new_page()
    key = _fill_booking_offline(context, page, live_server, "akta-kematian", "")  # no name
    context.set_offline(False)
    # Coming back online may already have sent it (the button then hides itself); pressing
    # "Kirim sekarang" again sends with the same key, so the outcome is the same either way.
    page.evaluate("document.getElementById('outbox-send').click()")
    item = page.locator("#outbox li")
    expect(item).to_contain_text("Tidak berhasil, belum ada tiket", timeout=15000)
    expect(item).to_contain_text("nama")
    assert _tickets_with_key(live_app, key) == []
    expect(page.get_by_role("link", name="Pesan lagi")).to_have_attribute(
        "href", "/maros/layanan/akta-kematian/antre")
    violations = axe_violations(page, axe_source)  # the list as JS draws it
    assert not violations, format_violations(violations)
    page.once("dialog", lambda dialog: dialog.dismiss())  # "No": nothing is removed
    page.get_by_role("button", name="Hapus dari ponsel").click()
    expect(item).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Hapus dari ponsel").click()
    expect(item).to_have_count(0)
    expect(page.locator("#outbox-empty")).to_be_visible()
