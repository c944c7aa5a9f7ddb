"""The self-service kiosk (anjungan) in a real browser: pairing with a one-time code, then
agency → service → category → ticket, touch-first at 1280×800 (landscape, JavaScript on, the
ticket printed at once) and 800×1280 (portrait, JavaScript off); the 58 mm slip printed to PDF
with its QR code decoded; a network blip retried with the same key (one ticket); axe-core on
every kiosk page and on the admin's kiosk page.

The demo MPP's Akta kelahiran is opened all day for these tests (and put back afterwards): a
kiosk ticket is for today and the real clock decides whether the service is still open.
"""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from mpp_lite.extensions import db
from mpp_lite.models import Agency, Kiosk, Service, Site, StaffUser, Ticket

from support import queue as queue_support
from support.browser import axe_violations, format_violations, pdf_pages, signed_in_state

pytestmark = pytest.mark.browser

SERVICE = "akta-kelahiran"
SLIP_WIDTH_PT = 58 / 25.4 * 72       # 164.4 pt
LANDSCAPE = {"width": 1280, "height": 800}
PORTRAIT = {"width": 800, "height": 1280}
# window.print() is counted, not shown: the kiosk prints the ticket at once by itself.
# The count is also written on <html data-printed>: a selector waits for it (a string
# predicate for wait_for_function is eval'd in the page, which its CSP refuses).
PRINT_STUB = ("window.__printed = 0; window.print = function () { window.__printed += 1; "
              "document.documentElement.setAttribute('data-printed', String(window.__printed)); };")


@pytest.fixture
def kiosk(live_app):
    """A kiosk for Disdukcapil at Maros, with Akta kelahiran open all day; returns a function
    giving a fresh pairing code. Everything is put back afterwards."""
    from mpp_lite.kiosk import services as kiosks

    with queue_support.open_all_day(live_app, SERVICE) as (site_id, service_id):
        with live_app.app_context():
            service = db.session.get(Service, service_id)
            saved_status = {c.id: (c.status, c.status_reason) for c in service.counters}
            for counter in service.counters:
                counter.status, counter.status_reason = "open", ""
            admin = db.session.scalar(sa.select(StaffUser).filter_by(username="admin.maros"))
            kiosk = kiosks.create_kiosk(db.session.get(Site, site_id), kiosks.KioskInput(
                "Anjungan uji peramban", "Lobi", [service.agency_id]), admin)
            db.session.commit()
            kiosk_id, admin_id = kiosk.id, admin.id

        def new_code() -> str:
            with live_app.app_context():
                code = kiosks.new_pairing_code(db.session.get(Kiosk, kiosk_id),
                                               db.session.get(StaffUser, admin_id))
                db.session.commit()
                return code

        yield new_code
        with live_app.app_context():
            db.session.execute(sa.delete(Ticket).where(Ticket.kiosk_id == kiosk_id))
            db.session.execute(sa.delete(Kiosk).where(Kiosk.id == kiosk_id))
            for counter in db.session.get(Service, service_id).counters:
                counter.status, counter.status_reason = saved_status[counter.id]
            db.session.commit()


def kiosk_tickets(live_app) -> list[Ticket]:
    with live_app.app_context():
        found = list(db.session.scalars(sa.select(Ticket).join(Kiosk).where(
            Kiosk.name == "Anjungan uji peramban").order_by(Ticket.id)))
        db.session.expunge_all()
        return found


def agency_name(live_app) -> str:
    with live_app.app_context():
        return db.session.scalar(sa.select(Agency.name).join(Site).join(
            Service, Service.agency_id == Agency.id).where(
            Site.slug == "maros", Service.slug == SERVICE))


def check_axe(page, axe_source: str, where: str) -> None:
    violations = axe_violations(page, axe_source)
    assert not violations, f"axe on {where}:\n{format_violations(violations)}"


def pair(page, live_server, code: str, axe_source: str | None = None) -> None:
    page.goto(f"{live_server}/kios")
    page.wait_for_url(re.compile(r"/kios/pasang$"))
    if axe_source:
        check_axe(page, axe_source, "the pairing page")
    page.get_by_label("Kode pemasangan").fill(code[:4].lower() + "-" + code[4:])
    page.get_by_role("button", name="Pasang").click()
    page.wait_for_url(re.compile(r"/kios$"))


def take_ticket(page, live_app, touch: bool, axe_source: str | None = None) -> Ticket:
    """From the start screen: the agency, the service, "Bukan prioritas"; the ticket shown."""
    def press(locator):
        locator.tap() if touch else locator.click()

    expect(page.locator("h1")).to_have_text("Ambil tiket antrean")
    if axe_source:
        check_axe(page, axe_source, "the start screen")
    press(page.get_by_role("link", name=re.compile(re.escape(agency_name(live_app)))))
    page.wait_for_url(re.compile(r"/kios/instansi/\d+$"))
    if axe_source:
        check_axe(page, axe_source, "the agency's services")
    press(page.get_by_role("link", name=re.compile(r"^Akta kelahiran")).first)
    page.wait_for_url(re.compile(r"/kios/layanan/\d+$"))
    expect(page.locator("h1")).to_have_text("Akta kelahiran")
    if axe_source:
        check_axe(page, axe_source, "the category step")
    press(page.get_by_role("button", name="Bukan prioritas"))
    page.wait_for_url(re.compile(r"/kios/tiket/[^/?]+"))
    expect(page.locator(".slip-number")).to_have_text(re.compile(r"^AC-\d{3}$"))
    assert page.locator(".slip-qr svg").count() == 1
    expect(page.locator(".kiosk-checklist")).to_contain_text("Kartu Keluarga")
    code = page.url.split("/kios/tiket/")[1].split("?")[0]
    [ticket] = [t for t in kiosk_tickets(live_app) if t.code == code]
    assert ticket.channel == "kiosk" and ticket.priority is None
    return ticket


def tap_targets_too_small(page) -> list[str]:
    """Links and buttons of <main> smaller than 44×44 CSS pixels (WCAG 2.5.5's size)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll(
        "main a, main button")).filter(el => el.offsetParent !== null)
        .map(el => [el.textContent.trim(), el.getBoundingClientRect()])
        .filter(([t, r]) => r.width < 44 || r.height < 44).map(([t, r]) => t)""")


def test_landscape_touch_flow_prints_at_once(live_app, live_server, new_context, kiosk,
                                             axe_source):
    context = new_context(viewport=LANDSCAPE, has_touch=True)
    context.add_init_script(PRINT_STUB)
    page = context.new_page()
    pair(page, live_server, kiosk(), axe_source)
    assert not tap_targets_too_small(page)
    take_ticket(page, live_app, touch=True, axe_source=axe_source)
    page.locator("html[data-printed='1']").wait_for(state="attached")
    assert "cetak" not in page.url  # a reload does not print again
    assert not tap_targets_too_small(page)
    check_axe(page, axe_source, "the ticket")
    page.get_by_role("link", name="Selesai").tap()
    page.wait_for_url(re.compile(r"/kios$"))


def test_portrait_touch_flow_without_javascript(live_app, live_server, new_context, kiosk,
                                                axe_source):
    context = new_context(viewport=PORTRAIT, has_touch=True, java_script_enabled=False)
    page = context.new_page()
    pair(page, live_server, kiosk())
    take_ticket(page, live_app, touch=True)
    expect(page.locator("[data-print]")).to_be_hidden()  # printing needs JavaScript
    page.get_by_role("link", name="Selesai").tap()
    page.wait_for_url(re.compile(r"/kios$"))
    expect(page.locator("h1")).to_have_text("Ambil tiket antrean")


def test_the_portrait_screen_passes_axe_and_does_not_scroll_sideways(live_app, live_server,
                                                                     new_context, kiosk,
                                                                     axe_source):
    context = new_context(viewport=PORTRAIT, has_touch=True)
    context.add_init_script(PRINT_STUB)
    page = context.new_page()
    pair(page, live_server, kiosk())
    take_ticket(page, live_app, touch=True)
    check_axe(page, axe_source, "the ticket, portrait")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PORTRAIT["width"], width


def test_the_58mm_slip_prints_with_a_qr_code_of_the_ticket_url(live_app, live_server,
                                                                new_context, kiosk):
    from flask import url_for

    from mpp_lite.identity import sign

    context = new_context(viewport=LANDSCAPE, has_touch=True)
    context.add_init_script(PRINT_STUB)
    page = context.new_page()
    pair(page, live_server, kiosk())
    ticket = take_ticket(page, live_app, touch=True)
    pages = pdf_pages(page.pdf(prefer_css_page_size=True))
    assert len(pages) == 1, f"the slip takes {len(pages)} pages"
    width, _height, text, found = pages[0]
    assert abs(width - SLIP_WIDTH_PT) < 2, width
    assert re.search(r"AC\s*-\s*\d{3}", text) and "Akta kelahiran" in text
    assert "Anjungan uji peramban" in text and "Kartu Keluarga" not in text
    with live_app.test_request_context(base_url=live_server):
        expected = url_for("queue.ticket", code=ticket.code,
                           s=sign(live_app.config["SECRET_KEY"], ticket.code), _external=True)
    assert found == [expected]


def test_a_network_blip_is_retried_with_the_same_key(live_app, live_server, new_context,
                                                     kiosk):
    context = new_context(viewport=LANDSCAPE, has_touch=True)
    context.add_init_script(PRINT_STUB)
    page = context.new_page()
    pair(page, live_server, kiosk())
    sent: list[str] = []

    def flaky(route):
        sent.append(route.request.post_data or "")
        if len(sent) == 1:
            route.abort("internetdisconnected")  # the first try never reaches the server
        else:
            route.continue_()

    page.route(re.compile(r".*/kios/layanan/\d+$"),
               lambda route: flaky(route) if route.request.method == "POST"
               else route.continue_())
    take_ticket(page, live_app, touch=True)
    assert len(sent) == 2
    key = re.compile(r'name="idempotency_key"\r?\n\r?\n([^\r\n]+)')
    assert key.search(sent[0]).group(1) == key.search(sent[1]).group(1)
    assert len(kiosk_tickets(live_app)) == 1


def test_the_admins_kiosk_page_passes_axe(live_server, browser, new_context, kiosk,
                                          axe_source):
    state = signed_in_state(browser, live_server, "admin.maros")
    page = new_context(viewport=LANDSCAPE, storage_state=state).new_page()
    page.goto(f"{live_server}/kelola/anjungan")
    expect(page.locator("h1")).to_have_text("Anjungan mandiri")
    expect(page.locator("main")).to_contain_text("Anjungan uji peramban")
    page.get_by_role("button", name="Buat kode pemasangan Anjungan uji peramban").click()
    expect(page.locator("#pairing-code")).to_have_text(re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$"))
    check_axe(page, axe_source, "the admin's kiosk page")


def test_an_unreachable_server_is_said_plainly(live_app, live_server, new_context, kiosk):
    context = new_context(viewport=LANDSCAPE, has_touch=True)
    page = context.new_page()
    pair(page, live_server, kiosk())
    sent: list[str] = []

    def unreachable(route):
        if route.request.method == "POST":
            sent.append(route.request.post_data or "")
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(re.compile(r".*/kios/layanan/\d+$"), unreachable)
    page.get_by_role("link", name=re.compile(re.escape(agency_name(live_app)))).tap()
    page.get_by_role("link", name=re.compile(r"^Akta kelahiran")).first.tap()
    page.wait_for_url(re.compile(r"/kios/layanan/\d+$"))
    # The retries' first wait, shortened (1 second in service); the waits still double.
    page.locator("form.kiosk-issue").evaluate("f => f.setAttribute('data-retry-ms', '20')")
    page.get_by_role("button", name="Bukan prioritas").tap()
    expect(page.locator(".kiosk-status")).to_contain_text("Server tidak dapat dihubungi")
    expect(page.get_by_role("button", name="Bukan prioritas")).to_be_enabled()
    assert len(sent) == 5  # the first try and four retries, all with the same key
    key = re.compile(r'name="idempotency_key"\r?\n\r?\n([^\r\n]+)')
    assert len({key.search(body).group(1) for body in sent}) == 1
    assert kiosk_tickets(live_app) == []
