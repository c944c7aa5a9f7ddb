"""Issue #15's rescheduling, closure and no-show pages in Chromium: axe-core (WCAG 2.2 A/AA)
on each, and a ticket moved to another day with JavaScript off. The ticket this module books
in the shared demo database is removed at the end."""
from __future__ import annotations

import re
import uuid

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from mpp_lite.dates import local_now
from mpp_lite.extensions import db
from mpp_lite.models import QueueSequence, Service, Site, Ticket
from mpp_lite.queue.booking import BookingRequest, issue_ticket
from mpp_lite.queue.calendar import next_service_days

from support.browser import axe_violations, format_violations, shots

pytestmark = pytest.mark.browser

PASSWORD = "mpp-demo-2026"


@pytest.fixture(scope="module")
def waiting_code(live_app):
    with live_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        service = db.session.scalar(sa.select(Service).filter_by(site_id=site.id,
                                                                slug="ktp-el-baru"))
        today = local_now(site.timezone).date()
        day = next_service_days(site, service, today.replace(day=today.day), 3)[1]
        ticket, _created = issue_ticket(BookingRequest(
            site=site, service=service, day=day, name="Uji Pindah",
            idempotency_key=uuid.uuid4().hex), secret=live_app.config["SECRET_KEY"])
        code = ticket.code
    yield code
    with live_app.app_context():
        ticket = db.session.scalar(sa.select(Ticket).filter_by(code=code))
        if ticket is not None:
            db.session.execute(sa.delete(QueueSequence).where(
                QueueSequence.site_id == ticket.site_id, QueueSequence.day == ticket.day,
                QueueSequence.prefix == ticket.prefix,
                QueueSequence.last_number == ticket.sequence, ticket.sequence == 1))
            db.session.delete(ticket)
            db.session.commit()


def assert_accessible(page, axe_source: str) -> None:
    violations = axe_violations(page, axe_source)
    assert not violations, f"axe found on {page.url}:\n{format_violations(violations)}"


def test_the_move_pages_are_accessible(new_context, live_server, waiting_code, axe_source):
    page = new_context().new_page()
    page.goto(f"{live_server}/tiket/{waiting_code}/pindah")
    assert_accessible(page, axe_source)
    options = page.locator("#day option")
    page.select_option("#day", options.nth(options.count() - 1).get_attribute("value"))
    page.get_by_role("button", name="Lanjut").click()
    expect(page.get_by_role("heading", name="Yakin memindahkan tiket ini?")).to_be_visible()
    assert_accessible(page, axe_source)


def test_a_ticket_is_moved_without_javascript(new_context, live_server, waiting_code):
    """(axe needs JavaScript: it runs in the test above.)"""
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server}/tiket/{waiting_code}")
    page.get_by_role("link", name="Pindah ke hari atau jam lain").click()
    options = page.locator("#day option")
    assert options.count() >= 2
    page.select_option("#day", options.nth(options.count() - 1).get_attribute("value"))
    page.get_by_role("button", name="Lanjut").click()
    page.get_by_role("button", name="Ya, pindahkan").click()
    page.wait_for_url(re.compile(rf"/tiket/{waiting_code}$"))
    expect(page.get_by_text("Dipindah dari")).to_be_visible()


@pytest.mark.parametrize("username, path", [
    ("admin.maros", "/kelola/penutupan"),
    ("admin.maros", "/kelola/tidak-hadir"),
    ("dukcapil.maros", "/petugas/tidak-hadir"),
])
def test_the_staff_pages_are_accessible(browser, new_context, live_server, axe_source,
                                        username, path):
    context = new_context(viewport=shots.VIEWPORT, locale=shots.LOCALE)
    page = context.new_page()
    page.goto(f"{live_server}/staff/login")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    response = page.goto(f"{live_server}{path}")
    assert response.status == 200
    assert_accessible(page, axe_source)
