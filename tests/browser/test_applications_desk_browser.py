"""The counter desk in Chromium: axe-core (WCAG 2.2 A/AA) on the receive form, the receipt,
the detail page and the pickup desk; the receipt printed to PDF on A4 and on a 58 mm roll with
its QR code decoded (the public /berkas/<code> address, nothing personal); receiving an
application with JavaScript off.

Applications this module adds to the shared demo database are removed at the end.
"""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from mpp_lite.applications import lifecycle
from mpp_lite.codes import grouped
from mpp_lite.extensions import db
from mpp_lite.models import Application, Service, Site, StaffUser

from support.browser import axe_violations, format_violations, pdf_pages, signed_in_state

pytestmark = pytest.mark.browser

OFFICER = "dukcapil.maros"
SERVICE = "kk-baru"
NAME, PHONE = "Nurhayati Daeng Caya", "081299990001"
A4 = (595.28, 841.89)
SLIP_WIDTH = 58 / 25.4 * 72


def _service() -> Service:
    return db.session.scalar(sa.select(Service).join(Site).where(
        Site.slug == "maros", Service.slug == SERVICE))


@pytest.fixture(scope="module")
def desk(live_app, live_server, browser):
    """Applications of the officer's agency (received, ready for pickup, one with many
    documents) and the
    officer's signed-in cookies; every application of this module is removed afterwards."""
    made: list[str] = []
    with live_app.app_context():
        service = _service()
        staff = db.session.scalar(sa.select(StaffUser).filter_by(username=OFFICER))
        assert staff.agency_id == service.agency_id
        actor = lifecycle.Actor(staff=staff)
        found = {}
        for state in ("received", "ready", "long"):
            documents = [r.text for r in service.requirements][:3]
            if state == "long":  # a receipt with many documents still fits on one slip
                documents = [f"{text} (lembar {n})" for n in range(1, 4) for text in documents]
            application, _created = lifecycle.receive(lifecycle.Receipt(
                site=service.site, service=service, applicant_name=NAME, phone=PHONE,
                documents=documents, documents_note="Surat pengantar RT/RW", actor=actor))
            if state == "ready":
                lifecycle.change(application, lifecycle.Change(status="ready", actor=actor))
            db.session.commit()
            found[state] = (application.id, application.code)
            made.append(application.code)
    state = signed_in_state(browser, live_server, OFFICER)
    yield {"state": state, "made": made, **found}
    with live_app.app_context():
        db.session.execute(sa.delete(Application).where(Application.code.in_(made)))
        db.session.commit()


def officer_page(new_context, desk, **options):
    return new_context(storage_state=desk["state"], **options).new_page()


def check_axe(page, axe_source: str) -> None:
    violations = axe_violations(page, axe_source)
    assert not violations, format_violations(violations)


def test_desk_pages_meet_wcag(live_server, new_context, axe_source, desk):
    page = officer_page(new_context, desk)
    received_id, _code = desk["received"]
    _ready_id, ready_code = desk["ready"]
    with_service = None
    for path in ("/kelola/berkas/terima", f"/kelola/berkas/{received_id}",
                 f"/kelola/berkas/{received_id}/tanda-terima",
                 "/kelola/berkas/ambil", f"/kelola/berkas/ambil?kode={ready_code}"):
        response = page.goto(live_server + path)
        assert response.status == 200, path
        check_axe(page, axe_source)
        if path == "/kelola/berkas/terima":
            with_service = page.locator("select[name=layanan] option").nth(1) \
                .get_attribute("value")
    page.goto(f"{live_server}/kelola/berkas/terima?layanan={with_service}")
    assert page.locator("input[name=applicant_name]").count() == 1
    check_axe(page, axe_source)
    # A refused form with its messages is checked too.
    page.get_by_role("button", name="Simpan dan cetak tanda terima").click()
    assert page.title().startswith("Kesalahan:")
    check_axe(page, axe_source)


@pytest.mark.parametrize("size", ["a4", "58"])
@pytest.mark.parametrize("which", ["received", "long"])
def test_the_receipt_prints_on_one_page_with_a_qr_code_of_the_public_address_only(
        live_server, new_context, desk, size, which):
    page = officer_page(new_context, desk)
    application_id, code = desk[which]
    response = page.goto(f"{live_server}/kelola/berkas/{application_id}/tanda-terima"
                         f"?format={size}")
    assert response.status == 200
    pages = pdf_pages(page.pdf(prefer_css_page_size=True, print_background=True))
    assert len(pages) == 1, [p[:2] for p in pages]
    width, height, text, codes = pages[0]
    if size == "a4":
        assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2
    else:
        assert abs(width - SLIP_WIDTH) < 2 and height > width
    assert codes == [f"{live_server}/berkas/{code}"]
    for personal in (NAME, PHONE, "Nurhayati"):
        assert personal not in codes[0]
    # The paper carries what the citizen needs (their own name is fine on their receipt).
    assert grouped(code) in text and NAME in text
    assert "Tanda terima berkas" in text and "surat kuasa" in text
    assert "Surat pengantar RT/RW" in text
    assert "Cetak" not in text.split("Tanda terima berkas")[0]  # the print bar stays off paper
    assert PHONE not in text and "NIK" not in text


def test_receive_an_application_with_javascript_off(live_app, live_server, new_context, desk):
    page = officer_page(new_context, desk, java_script_enabled=False)
    page.goto(f"{live_server}/kelola/berkas/terima")
    with live_app.app_context():
        service_id = _service().id
        first_requirement = _service().requirements[0].text
    page.get_by_label("Layanan").select_option(str(service_id))
    page.get_by_role("button", name="Lanjut").click()
    page.get_by_label("Nama pemohon").fill("Andi Baso")
    page.get_by_label(first_requirement, exact=True).check()
    page.get_by_role("button", name="Simpan dan cetak tanda terima").click()
    page.wait_for_url(re.compile(r"/kelola/berkas/\d+/tanda-terima$"))
    text = page.locator("main").inner_text()
    code = re.search(r"Kode berkas\s+([0-9A-Z-]{12})", text).group(1).replace("-", "")
    desk["made"].append(code)
    assert "Andi Baso" in text and first_requirement in text
    with live_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Application).where(
            Application.applicant_name == "Andi Baso")) == 1
