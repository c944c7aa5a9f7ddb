"""Assisted mode and village prints in Chromium: the Ya / Tidak buttons on the first screen of a
360×640 phone for the longest questions of the demo catalogue, the 58 mm assisted slip on one
page for every demo service (with a long assistant name), and the paper checklist's spacing.
"""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from mpp_lite.assist.services import questions
from mpp_lite.dates import local_now
from mpp_lite.extensions import db
from mpp_lite.models import Service, Site, StaffUser, Ticket

from support.browser import signed_in_state

pytestmark = pytest.mark.browser

USERNAME = "pendamping.maros"
PHONE = {"width": 360, "height": 640}
LONG_NAME = "Andi Muhammad Nurhidayatullah Syamsuddin Daeng Mappaseng"


@pytest.fixture(scope="module")
def signed_in(browser, live_server) -> dict:
    return signed_in_state(browser, live_server, USERNAME)


def longest_questions(live_app, count: int = 12) -> list[tuple[int, str, int]]:
    """(service id, answers so far, question number) of the `count` questions with the most
    text on screen (requirement texts, conditions, details), plus each service's first."""
    ranked = []
    with live_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        for service in db.session.scalars(sa.select(Service).filter_by(site_id=site.id,
                                                                       active=True)):
            for index, group in enumerate(questions(service)):
                size = sum(len(r.text) + len(r.condition) + len(r.detail) for r in group)
                size += len(service.name)
                ranked.append((size, service.id, index))
    ranked.sort(reverse=True)
    return [(service_id, "y" * index, index + 1) for _size, service_id, index in ranked[:count]]


def test_yes_and_no_are_on_the_first_phone_screen(live_app, live_server, new_context,
                                                  signed_in):
    """At 360×640 the two answers are visible without scrolling, above the fold, for the
    questions with the most text in the demo catalogue; the question itself too."""
    page = new_context(storage_state=signed_in, viewport=PHONE).new_page()
    checked = 0
    for service_id, answers, number in longest_questions(live_app):
        page.goto(f"{live_server}/pendamping/layanan/{service_id}/tanya?j={answers}")
        assert f"Pertanyaan {number} dari" in page.locator(".step-count").inner_text()
        boxes = page.evaluate("""() => {
          const box = el => { const r = el.getBoundingClientRect();
                              return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
          return {yes: box(document.querySelector(".answer-yes")),
                  no: box(document.querySelector(".answer-no")),
                  h1: box(document.querySelector("main h1")),
                  height: innerHeight, width: innerWidth,
                  scrollY: scrollY};
        }""")
        assert boxes["scrollY"] == 0
        for name in ("yes", "no"):
            box = boxes[name]
            assert box["top"] >= 0 and box["bottom"] <= boxes["height"], (service_id, number,
                                                                          name, box)
            assert box["left"] >= 0 and box["right"] <= boxes["width"], (name, box)
            assert box["bottom"] - box["top"] >= 48  # still a big tap target
        assert boxes["h1"]["top"] >= 0 and boxes["h1"]["bottom"] <= boxes["yes"]["top"], boxes
        checked += 1
    assert checked >= 12


@pytest.fixture
def assisted_tickets(live_app):
    """One assisted ticket of today for every active Maros service, made by an assistant
    with a long name (put back afterwards)."""
    made: list[str] = []
    with live_app.app_context():
        staff = db.session.scalar(sa.select(StaffUser).filter_by(username=USERNAME))
        saved_name, staff.display_name = staff.display_name, LONG_NAME
        today = local_now(staff.site.timezone).date()
        services = db.session.scalars(sa.select(Service).filter_by(site_id=staff.site_id,
                                                                   active=True)
                                      .order_by(Service.id))
        for sequence, service in enumerate(services, start=801):
            code = f"floor-slip-{sequence}"
            db.session.add(Ticket(
                code=code, idempotency_key=code, site_id=staff.site_id, service_id=service.id,
                day=today, prefix="ZZ", sequence=sequence, status="waiting",
                name="Pengunjung lansia", channel="assisted", priority="disabilitas",
                assisted_by_id=staff.id))
            made.append(code)
        db.session.commit()
        staff_id = staff.id
    yield made
    with live_app.app_context():
        db.session.execute(sa.delete(Ticket).where(Ticket.code.in_(made)))
        db.session.get(StaffUser, staff_id).display_name = saved_name
        db.session.commit()


def test_the_58mm_slip_is_one_page_for_every_demo_service(live_server, new_context, signed_in,
                                                         assisted_tickets):
    """"Dibantu oleh …" never spills onto a second slip, whatever the service's name."""
    import pypdfium2 as pdfium

    page = new_context(storage_state=signed_in).new_page()
    spilled = []
    for code in assisted_tickets:
        response = page.goto(f"{live_server}/pendamping/tiket/{code}/cetak")
        assert response is not None and response.status == 200
        document = pdfium.PdfDocument(page.pdf(prefer_css_page_size=True))
        try:
            count = len(document)
            text = " ".join(document[0].get_textpage().get_text_range().split())
            width = document[0].get_size()[0]
        finally:
            document.close()
        assert abs(width - 58 / 25.4 * 72) < 2, width
        if count != 1 or "Dibantu oleh" not in text or "Mappaseng" not in text:
            spilled.append((code, count))
    assert not spilled, spilled
    assert len(assisted_tickets) > 40


def test_village_prints_keep_the_space_after_the_form(live_app, live_server, new_context):
    """The printed leaflet of a demo service with an optional original document reads
    "(asli) tidak wajib" in the PDF's own text."""
    from mpp_lite.models import Requirement

    import pypdfium2 as pdfium

    with live_app.app_context():
        slug = db.session.scalar(
            sa.select(Service.slug).join(Requirement, Requirement.service_id == Service.id)
            .join(Site, Site.id == Service.site_id)
            .where(Site.slug == "maros", Service.active.is_(True),
                   Requirement.form == "original", Requirement.optional.is_(True))
            .order_by(Service.slug).limit(1))
    assert slug, "the demo has an optional original document"
    page = new_context().new_page()
    page.goto(f"{live_server}/desa/selebaran/maros/{slug}")
    document = pdfium.PdfDocument(page.pdf(prefer_css_page_size=True))
    try:
        text = " ".join(" ".join(document[i].get_textpage().get_text_range().split())
                        for i in range(len(document)))
    finally:
        document.close()
    assert "(asli) tidak wajib" in text
    assert not re.search(r"\)tidak wajib", text)
