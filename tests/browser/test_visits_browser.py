"""Several services in one visit, in Chromium over the demo catalogue: from a life event's
bundle to the visit page with JavaScript off, axe-core (WCAG 2.2 A/AA) on the visit form, the
visit page and its cancel page, and the whole visit cancelled after the confirmation. What this
module books in the shared demo database is removed at the end."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from mpp_lite.extensions import db
from mpp_lite.models import QueueSequence, Ticket, Visit

from support.browser import axe_violations, format_violations

pytestmark = pytest.mark.browser

VALID_NIK = "7309014507900001"


def assert_accessible(page, axe_source: str) -> None:
    violations = axe_violations(page, axe_source)
    assert not violations, f"axe found on {page.url}:\n{format_violations(violations)}"


@pytest.fixture(scope="module")
def booked(live_app):
    """Visit codes booked by this module's tests; their visits are removed at the end."""
    codes: list[str] = []
    yield codes
    with live_app.app_context():
        for visit in db.session.scalars(sa.select(Visit).where(Visit.code.in_(codes))):
            for ticket in list(visit.tickets):
                db.session.execute(sa.delete(QueueSequence).where(
                    QueueSequence.site_id == ticket.site_id, QueueSequence.day == ticket.day,
                    QueueSequence.prefix == ticket.prefix,
                    QueueSequence.last_number == ticket.sequence))
                db.session.delete(ticket)
            db.session.delete(visit)
        db.session.commit()


def book_the_bundle(page, origin: str, booked: list[str]) -> str:
    """From the "punya anak" page to a booked visit, as a citizen does; the visit's code."""
    page.goto(f"{origin}/maros/peristiwa/punya-anak")
    page.get_by_role("link", name="Ambil nomor antrean untuk semuanya").click()
    expect(page.get_by_role("heading", name="Beberapa layanan dalam satu kunjungan")) \
        .to_be_visible()
    days = page.locator("input[name=day]")
    days.nth(days.count() - 1).check()           # a later day: open whatever the clock says
    page.get_by_label("Nama atau inisial").fill("Uji Kunjungan")
    if page.locator("input[name=nik]").count():
        page.get_by_label("NIK (16 angka)").fill(VALID_NIK)
    page.get_by_role("button", name="Ambil semua nomor antrean").click()
    page.wait_for_url(re.compile(r"/kunjungan/[A-Za-z0-9_-]+$"))
    code = page.url.rsplit("/", 1)[1]
    booked.append(code)
    return code


def test_a_life_event_bundle_is_booked_and_cancelled_without_javascript(
        new_context, live_server, live_app, booked):
    page = new_context(java_script_enabled=False).new_page()
    code = book_the_bundle(page, live_server, booked)
    expect(page.get_by_role("heading", name="Kunjungan Anda")).to_be_visible()
    expect(page.get_by_role("heading", name="Yang perlu dibawa untuk semua layanan")) \
        .to_be_visible()
    tickets = page.locator("#v-tickets > li")
    assert tickets.count() >= 2
    expect(page.locator("#v-next")).to_contain_text("Mulai dari")
    page.get_by_role("link", name="Batalkan kunjungan").click()
    expect(page.get_by_role("heading", name="Batalkan kunjungan?")).to_be_visible()
    page.get_by_role("button", name="Ya, batalkan semua").click()
    page.wait_for_url(re.compile(rf"/kunjungan/{code}$"))
    expect(page.locator("#v-next")).to_contain_text("Tidak ada lagi tiket")
    with live_app.app_context():
        statuses = db.session.scalars(sa.select(Ticket.status).join(Visit).where(
            Visit.code == code))
        assert set(statuses) == {"cancelled"}


def test_the_visit_form_and_pages_meet_wcag(new_context, live_server, booked, axe_source):
    page = new_context().new_page()
    page.goto(f"{live_server}/maros/kunjungan?peristiwa=punya-anak&cari=kartu")
    assert_accessible(page, axe_source)
    code = book_the_bundle(page, live_server, booked)
    page.goto(f"{live_server}/maros/peristiwa/punya-anak")
    assert_accessible(page, axe_source)
    page.goto(f"{live_server}/kunjungan/{code}")
    assert_accessible(page, axe_source)
    page.goto(f"{live_server}/kunjungan/{code}/batal")
    assert_accessible(page, axe_source)
