"""Assisted mode in a real browser: the whole flow with JavaScript off and on, large text,
accessibility (axe-core), the read-aloud button, and the 58 mm thermal slip printed to PDF
with a QR code that decodes to the ticket's URL.

The demo MPP is opened all day for these tests (and put back afterwards): a walk-in ticket is
for today and the real clock decides whether the service is still open.
"""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from mpp_lite.extensions import db
from mpp_lite.models import Ticket

from support import queue as queue_support
from support.browser import axe_violations, format_violations, pdf_pages, signed_in_state

pytestmark = pytest.mark.browser

USERNAME = "pendamping.maros"
SERVICE = "akta-kelahiran"           # two groups of alternatives among five questions
# The answers given: alternatives 1 yes, alternatives 2 no, KK yes, parents' KTP no, form yes.
ANSWERS = ["Ya", "Tidak", "Ya", "Tidak", "Ya"]
MIN_BODY_PX = 20
SLIP_WIDTH_PT = 58 / 25.4 * 72       # 164.4 pt
SPEECH_STUB = """
window.__spoken = [];
window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ""; };
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  speak: function (u) { window.__spoken.push({text: u.text, lang: u.lang,
                                              voice: u.voice ? u.voice.lang : null}); },
  cancel: function () {},
  getVoices: function () { return [{lang: "en-US", name: "English"},
                                   {lang: "id-ID", name: "Bahasa Indonesia"}]; }
}});
"""
NO_SPEECH = """Object.defineProperty(window, "speechSynthesis",
                                     {configurable: true, value: undefined});"""


@pytest.fixture
def open_all_day(live_app):
    """The Maros MPP and the service's counters open 00.00–23.59 every day, for this test."""
    with queue_support.open_all_day(live_app, SERVICE) as (_site_id, service_id):
        yield
        with live_app.app_context():
            db.session.execute(sa.delete(Ticket).where(Ticket.service_id == service_id,
                                                       Ticket.channel == "assisted"))
            db.session.commit()


@pytest.fixture(scope="module")
def signed_in(browser, live_server) -> dict:
    """The cookies of pendamping.maros, logged in once (each test reuses this session)."""
    return signed_in_state(browser, live_server, USERNAME)


def log_in(page, live_server) -> None:
    """From the staff home page (already signed in) to assisted mode through its tile."""
    page.goto(f"{live_server}/staff/")
    page.get_by_role("link", name="Mode pendampingan").click()
    page.wait_for_url(re.compile(r"/pendamping/$"))


def choose_service(page) -> None:
    page.get_by_label("Cari layanan").fill("akta lahir")
    page.get_by_role("button", name="Cari", exact=True).click()
    page.get_by_role("link", name=re.compile(r"^Akta kelahiran")).first.click()
    expect(page.locator("h1")).to_have_text("Akta kelahiran")
    page.get_by_role("link", name="Mulai").click()


def answer(page, label: str) -> None:
    before = page.url
    page.get_by_role("link", name=label, exact=True).click()
    page.wait_for_url(lambda url: url != before)


def check_summary(page) -> None:
    assert "/ringkasan?j=ynyny" in page.url
    expect(page.locator("h1")).to_have_text("Persyaratan belum lengkap")
    missing = page.locator(".assist-missing").inner_text()
    assert "Buku nikah atau kutipan akta perkawinan orang tua" in missing
    assert "SPTJM kebenaran sebagai pasangan suami istri" in missing   # its alternative
    assert "KTP-el ayah dan ibu" in missing and "Didapat dari:" in missing
    complete = page.locator(".assist-complete").inner_text()
    assert "Kartu Keluarga (KK)" in complete and "KTP-el ayah" not in complete
    assert "Gratis" in page.locator(".facts").inner_text()


def take_ticket(page, live_app) -> Ticket:
    page.get_by_role("link", name="Ambil tiket prioritas").click()          # tap 1
    page.get_by_role("button", name=re.compile(r"^Lanjut usia")).click()   # tap 2
    page.wait_for_url(re.compile(r"/pendamping/tiket/[^/]+$"))
    code = page.url.rsplit("/", 1)[-1]
    expect(page.locator(".slip-number")).to_have_text(re.compile(r"^AC-\d{3}$"))
    assert page.locator(".slip-qr svg").count() == 1
    expect(page.locator(".assisted-by")).to_contain_text("Dibantu oleh")
    with live_app.app_context():
        ticket = db.session.scalar(sa.select(Ticket).filter_by(code=code))
        db.session.expunge(ticket)
    assert ticket.channel == "assisted" and ticket.priority == "lansia"
    assert ticket.assisted_by_id is not None and ticket.name == "Pengunjung lansia"
    return ticket


def test_assisted_flow_with_javascript_off(live_app, live_server, new_context, signed_in,
                                           open_all_day):
    page = new_context(java_script_enabled=False, storage_state=signed_in).new_page()
    log_in(page, live_server)
    choose_service(page)
    for number, label in enumerate(ANSWERS, start=1):
        expect(page.locator(".step-count")).to_contain_text(f"Pertanyaan {number} dari 5")
        expect(page.locator("button.speak")).to_be_hidden()        # no JS, no read-aloud
        if number == 2:   # Back works, and the answers already given are kept
            page.get_by_role("link", name="Kembali").click()
            expect(page.locator(".step-count")).to_contain_text("Pertanyaan 1 dari 5")
            answer(page, "Ya")
        answer(page, label)
    check_summary(page)
    take_ticket(page, live_app)


def test_assisted_flow_with_javascript_on(live_app, live_server, new_context, signed_in,
                                          axe_source, open_all_day):
    context = new_context(storage_state=signed_in)
    context.add_init_script(SPEECH_STUB)
    page = context.new_page()
    log_in(page, live_server)
    choose_service(page)

    # The first question: large text, read aloud in Indonesian, and no WCAG A/AA violation.
    sizes = page.evaluate("""() => Array.from(document.querySelectorAll(
        "main p, main li, main h1, .assist-question, .answer-buttons a"))
        .filter(el => el.offsetParent !== null)
        .map(el => [el.className || el.tagName, parseFloat(getComputedStyle(el).fontSize)])""")
    body = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body >= MIN_BODY_PX, body
    small = [(name, size) for name, size in sizes if size < MIN_BODY_PX]
    assert not small, f"text under {MIN_BODY_PX}px: {small}"
    speak = page.get_by_role("button", name="Bacakan")
    expect(speak).to_be_visible()
    speak.click()
    spoken = page.evaluate("window.__spoken")
    assert len(spoken) == 1, spoken
    assert spoken[0]["lang"] == "id-ID" and spoken[0]["voice"] == "id-ID"
    assert "Apakah pengunjung membawa salah satu dokumen ini?" in spoken[0]["text"]
    assert "Surat keterangan lahir" in spoken[0]["text"]
    violations = axe_violations(page, axe_source)
    assert not violations, f"axe on the question:\n{format_violations(violations)}"

    for label in ANSWERS:
        answer(page, label)
    check_summary(page)
    violations = axe_violations(page, axe_source)
    assert not violations, f"axe on the summary:\n{format_violations(violations)}"
    page.get_by_role("button", name="Bacakan").click()
    assert "Persyaratan belum lengkap" in page.evaluate("window.__spoken")[-1]["text"]

    take_ticket(page, live_app)
    violations = axe_violations(page, axe_source)
    assert not violations, f"axe on the ticket:\n{format_violations(violations)}"


def test_read_aloud_button_stays_hidden_without_speech(live_server, new_context, signed_in):
    context = new_context(storage_state=signed_in)
    context.add_init_script(NO_SPEECH)
    page = context.new_page()
    log_in(page, live_server)
    assert page.locator("button.speak").count() == 1
    expect(page.locator("button.speak")).to_be_hidden()


def test_the_58mm_slip_prints_with_a_qr_code_of_the_ticket_url(live_app, live_server,
                                                                new_context, signed_in,
                                                                open_all_day):
    from flask import url_for

    from mpp_lite.identity import sign

    page = new_context(storage_state=signed_in).new_page()
    log_in(page, live_server)
    choose_service(page)
    for label in ANSWERS:
        answer(page, label)
    ticket = take_ticket(page, live_app)
    page.get_by_role("link", name="Cetak tiket").click()
    page.wait_for_url(re.compile(r"/cetak$"))
    pages = pdf_pages(page.pdf(prefer_css_page_size=True))
    assert len(pages) == 1, f"the slip takes {len(pages)} pages"
    width, _height, text, found = pages[0]
    assert abs(width - SLIP_WIDTH_PT) < 2, width
    assert re.search(r"AC\s*-\s*\d{3}", text) and "Akta kelahiran" in text
    with live_app.test_request_context(base_url=live_server):
        expected = url_for("queue.ticket", code=ticket.code,
                           s=sign(live_app.config["SECRET_KEY"], ticket.code), _external=True)
    assert found == [expected]


def test_enter_in_the_name_field_takes_no_category(new_context, live_server, live_app,
                                                   signed_in, open_all_day):
    """Typing the visitor's name and pressing Enter must not book "Lanjut usia" (the first
    category button): the form asks for the category and no ticket is made."""
    page = new_context(storage_state=signed_in).new_page()
    log_in(page, live_server)
    choose_service(page)
    for label in ANSWERS:
        answer(page, label)
    page.get_by_role("link", name="Ambil tiket prioritas").click()
    with live_app.app_context():
        before = db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)
                                   .where(Ticket.channel == "assisted"))
    page.get_by_label("Nama pengunjung (tidak wajib)").fill("Bu Ina")
    page.get_by_label("Nama pengunjung (tidak wajib)").press("Enter")
    expect(page.locator("#category-error")).to_have_text("Pilih kategori pengunjung.")
    expect(page.get_by_label("Nama pengunjung (tidak wajib)")).to_have_value("Bu Ina")
    with live_app.app_context():
        after = db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)
                                  .where(Ticket.channel == "assisted"))
    assert after == before
    page.get_by_role("button", name=re.compile(r"^Ibu hamil")).click()   # then one tap
    page.wait_for_url(re.compile(r"/pendamping/tiket/[^/]+$"))
