"""Village office pages in Chromium: tickets printed to PDF on A4 and on a 58 mm roll (page
sizes, tickets per page, QR codes that decode to the ticket's signed URL, the checklist text),
WCAG checks of the booking form and the list, and booking with JavaScript off.

The tickets are added to the shared demo database for days ahead and removed afterwards;
catalogue pages do not show tickets, so the demo catalogue stays as it was.
"""
from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
import sqlalchemy as sa

from mpp_lite.dates import local_now
from mpp_lite.extensions import db
from mpp_lite.identity import sign
from mpp_lite.models import Service, ServiceWindow, StaffUser, Ticket
from mpp_lite.queue.booking import BookingRequest, issue_ticket
from mpp_lite.queue.calendar import next_service_days
from mpp_lite.village.slips import a4_sheets, slip_page

from support.browser import axe_violations, format_violations, pdf_pages, sign_in

pytestmark = pytest.mark.browser

USERNAME, VILLAGE = "desa.bontoa", "Desa Bontoa"
A4 = (595.28, 841.89)
SLIP_WIDTH = 58 / 25.4 * 72  # 164.4 pt
# A short, a long (8 requirements) and a windowed service.
SERVICES = ["kk-baru", "pendaftaran-nikah", "paspor-baru", "akta-kematian", "kia"]


def log_in(context, live_server: str):
    page = context.new_page()
    sign_in(page, live_server, USERNAME)
    return page


@pytest.fixture
def village_tickets(live_app):
    """Tickets booked by the village office for a working day a few days ahead."""
    made = []
    with live_app.app_context():
        staff = db.session.scalar(sa.select(StaffUser).filter_by(username=USERNAME))
        start = local_now(staff.site.timezone).date() + dt.timedelta(days=4)
        for slug in SERVICES:
            service = db.session.scalar(sa.select(Service).filter_by(site_id=staff.site_id,
                                                                     slug=slug))
            window = db.session.scalar(sa.select(ServiceWindow).filter_by(service_id=service.id)
                                       .order_by(ServiceWindow.starts))
            day = next_service_days(staff.site, service, start, 1)[0]
            ticket, _created = issue_ticket(BookingRequest(
                site=staff.site, service=service, day=day, name=f"Warga {slug}",
                idempotency_key=uuid.uuid4().hex, window_id=window.id if window else None,
                priority="lansia", channel="village", booked_by=staff,
                phone="0812345678" + str(len(made) + 10)), secret=live_app.config["SECRET_KEY"])
            made.append({"code": ticket.code, "number": ticket.number, "slug": slug,
                         "service": service.name, "slip": slip_page(service),
                         "requirements": [r.text for r in service.requirements],
                         "ticket": ticket})
        # The A4 layout the server will choose: two per sheet, a long ticket alone.
        sheets = [[item["code"] for item in sheet]
                  for sheet in a4_sheets(made, ticket_of=lambda item: item["ticket"])]
        for item in made:
            item["sheets"] = sheets
            del item["ticket"]
    yield made
    with live_app.app_context():
        db.session.execute(sa.delete(Ticket).where(Ticket.code.in_([m["code"] for m in made])))
        db.session.commit()


def signed_url(live_app, live_server: str, code: str) -> str:
    return f"{live_server}/tiket/{code}?s={sign(live_app.config['SECRET_KEY'], code)}"


def check_ticket_text(text: str, item: dict) -> None:
    assert item["number"] in text
    assert VILLAGE in text and "Bawa dokumen berikut ke MPP" in text
    for requirement in item["requirements"]:
        # The PDF text layer breaks lines; compare the first words of each requirement.
        start = " ".join(requirement.split()[:3])
        assert start in text, (item["slug"], start)


def test_a4_prints_two_tickets_per_sheet_with_decodable_qr_codes(
        live_app, live_server, new_context, village_tickets):
    page = log_in(new_context(), live_server)
    query = "&".join(f"tiket={t['code']}" for t in village_tickets)
    response = page.goto(f"{live_server}/desa/cetak?{query}&ukuran=a4")
    assert response.status == 200
    pages = pdf_pages(page.pdf(prefer_css_page_size=True, print_background=True))
    by_code = {item["code"]: item for item in village_tickets}
    sheets = [[by_code[code] for code in sheet] for sheet in village_tickets[0]["sheets"]]
    assert len(pages) == len(sheets) < len(village_tickets)
    assert max(len(sheet) for sheet in sheets) == 2
    for (width, height, text, codes), sheet in zip(pages, sheets):
        assert abs(width - A4[0]) < 2 and abs(height - A4[1]) < 2
        assert sorted(codes) == sorted(signed_url(live_app, live_server, item["code"])
                                       for item in sheet)
        for item in sheet:
            check_ticket_text(text, item)


def test_58mm_prints_one_ticket_per_slip(live_app, live_server, new_context, village_tickets):
    page = log_in(new_context(), live_server)
    query = "&".join(f"tiket={t['code']}" for t in village_tickets)
    page.goto(f"{live_server}/desa/cetak?{query}&ukuran=58")
    pages = pdf_pages(page.pdf(prefer_css_page_size=True, print_background=True))
    assert len(pages) == len(village_tickets)
    for (width, height, text, codes), item in zip(pages, village_tickets):
        assert abs(width - SLIP_WIDTH) < 2
        slip_mm = int(item["slip"].split("-")[1])
        assert abs(height - slip_mm / 25.4 * 72) < 2
        assert codes == [signed_url(live_app, live_server, item["code"])]
        check_ticket_text(text, item)


def test_leaflet_prints_on_a4_with_the_service_page_qr_code(live_server, new_context):
    page = new_context().new_page()  # public: no login
    page.goto(f"{live_server}/desa/selebaran/maros/kk-baru")
    pages = pdf_pages(page.pdf(prefer_css_page_size=True, print_background=True))
    assert all(abs(w - A4[0]) < 2 and abs(h - A4[1]) < 2 for w, h, _t, _c in pages)
    codes = [code for _w, _h, _t, found in pages for code in found]
    assert codes == [f"{live_server}/maros/layanan/kk-baru"]
    text = " ".join(t for _w, _h, t, _c in pages)
    assert "Persyaratan yang harus dibawa" in text and "Langkah-langkah" in text


@pytest.mark.parametrize("path", ["/desa/", "/desa/pesan", "/desa/pesan?layanan=paspor-baru"])
def test_village_pages_meet_wcag(live_server, new_context, axe_source, path, village_tickets):
    page = log_in(new_context(), live_server)
    page.goto(live_server + path)
    violations = axe_violations(page, axe_source)
    assert not violations, format_violations(violations)


def test_book_for_two_residents_with_javascript_off(live_app, live_server, new_context):
    page = log_in(new_context(java_script_enabled=False), live_server)
    page.goto(f"{live_server}/desa/pesan")
    page.get_by_label("Layanan").select_option("akta-kematian")
    page.get_by_role("button", name="Lanjut").click()
    page.locator("input[name='residents-0-name']").fill("Ibu Sari")
    page.locator("select[name='residents-0-priority']").select_option("lansia")
    page.locator("input[name='residents-1-name']").fill("Pak Tono")
    page.get_by_role("button", name="Pesan tiket").click()
    page.wait_for_url(re.compile(r"/desa/hasil\?"))
    numbers = page.locator("td.number").all_inner_texts()
    codes = re.findall(r"tiket=([A-Za-z0-9_-]+)", page.url)
    try:
        assert len(numbers) == 2 and all(re.fullmatch(r"[A-Z]{1,2}-\d{3}", n) for n in numbers)
        page.get_by_role("link", name="Cetak struk 58 mm").click()
        assert page.locator(".vt-58").count() == 2
        with live_app.app_context():
            made = list(db.session.scalars(sa.select(Ticket).where(Ticket.code.in_(codes))))
            assert {t.name for t in made} == {"Ibu Sari", "Pak Tono"}
            assert {t.channel for t in made} == {"village"}
    finally:
        with live_app.app_context():
            db.session.execute(sa.delete(Ticket).where(Ticket.code.in_(codes)))
            db.session.commit()
