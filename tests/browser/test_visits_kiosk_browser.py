"""A visit of several services at the kiosk in a real browser: the birth certificate, then
"Tambah layanan lain", the child ID card (KIA), "Lanjut" and one category tap; one slip with
both tickets and one checklist, printed at once. Touch at 1280×800 with JavaScript (axe-core on
the new screens, tap targets of at least 44×44) and at 800×1280 without it.

The demo MPP's Akta kelahiran and KIA are opened all day for these tests (and put back
afterwards): a kiosk visit is for today and the real clock decides what is still open.
"""
from __future__ import annotations

import contextlib
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from mpp_lite.extensions import db
from mpp_lite.models import Agency, Counter, Kiosk, Service, Site, StaffUser, Ticket, Visit

from support import queue as queue_support
from support.browser import axe_violations, format_violations

pytestmark = pytest.mark.browser

SERVICES = ("akta-kelahiran", "kia")
KIOSK_NAME = "Anjungan kunjungan peramban"
# The count is also written on <html data-printed>: a selector waits for it (a string
# predicate for wait_for_function is eval'd in the page, which its CSP refuses).
PRINT_STUB = ("window.__printed = 0; window.print = function () { window.__printed += 1; "
              "document.documentElement.setAttribute('data-printed', String(window.__printed)); };")


@pytest.fixture
def visit_kiosk(live_app):
    """A paired-to-be Disdukcapil kiosk at Maros with both services open all day and their
    counters open; returns a one-time pairing code. Everything is put back afterwards."""
    from mpp_lite.kiosk import services as kiosks

    with contextlib.ExitStack() as stack:
        ids = [stack.enter_context(queue_support.open_all_day(live_app, slug))[1]
               for slug in SERVICES]
        with live_app.app_context():
            counters = [c for i in ids for c in db.session.get(Service, i).counters]
            saved = {c.id: (c.status, c.status_reason) for c in counters}
            for counter in counters:
                counter.status, counter.status_reason = "open", ""
            admin = db.session.scalar(sa.select(StaffUser).filter_by(username="admin.maros"))
            first = db.session.get(Service, ids[0])
            kiosk = kiosks.create_kiosk(db.session.get(Site, first.site_id), kiosks.KioskInput(
                KIOSK_NAME, "Lobi", [first.agency_id]), admin)
            code = kiosks.new_pairing_code(kiosk, admin)
            db.session.commit()
            kiosk_id = kiosk.id
        yield code
        with live_app.app_context():
            visit_ids = sa.select(Ticket.visit_id).where(Ticket.kiosk_id == kiosk_id)
            db.session.execute(sa.update(Ticket).where(Ticket.kiosk_id == kiosk_id)
                               .values(visit_id=None))
            db.session.execute(sa.delete(Ticket).where(Ticket.kiosk_id == kiosk_id))
            db.session.execute(sa.delete(Visit).where(Visit.id.in_(visit_ids)))
            db.session.execute(sa.delete(Kiosk).where(Kiosk.id == kiosk_id))
            for counter_id, (status, reason) in saved.items():
                counter = db.session.get(Counter, counter_id)
                counter.status, counter.status_reason = status, reason
            db.session.commit()


def visits_of_the_kiosk(live_app) -> list[list[tuple[str, str]]]:
    """Each visit the test kiosk made: its tickets' (service slug, channel), sorted (the
    order is the planner's, tested in tests/test_visits_core.py)."""
    with live_app.app_context():
        kiosk_id = db.session.scalar(sa.select(Kiosk.id).filter_by(name=KIOSK_NAME))
        found = db.session.scalars(sa.select(Visit).join(Ticket, Ticket.visit_id == Visit.id)
                                   .where(Ticket.kiosk_id == kiosk_id).distinct())
        return [sorted((t.service.slug, t.channel) for t in v.tickets) for v in found]


def small_targets(page) -> list[str]:
    return page.evaluate("""() => Array.from(document.querySelectorAll(
        "main a, main button")).filter(el => el.offsetParent !== null)
        .map(el => [el.textContent.trim(), el.getBoundingClientRect()])
        .filter(([t, r]) => r.width < 44 || r.height < 44).map(([t, r]) => t)""")


def agency_name(live_app) -> str:
    with live_app.app_context():
        return db.session.scalar(sa.select(Agency.name).join(Service, Service.agency_id == Agency.id)
                                 .join(Site, Site.id == Service.site_id)
                                 .where(Site.slug == "maros", Service.slug == SERVICES[0]))


def make_visit(page, live_app, live_server, code: str, axe_source: str | None = None) -> None:
    """Pair, open Akta kelahiran, add KIA, continue and tap "Bukan prioritas"."""
    def checked(where: str) -> None:
        if axe_source:
            violations = axe_violations(page, axe_source)
            assert not violations, f"axe on {where}:\n{format_violations(violations)}"
            assert not small_targets(page), where

    page.goto(f"{live_server}/kios")
    page.wait_for_url(re.compile(r"/kios/pasang$"))
    page.get_by_label("Kode pemasangan").fill(code)
    page.get_by_role("button", name="Pasang").tap()
    page.wait_for_url(re.compile(r"/kios$"))
    page.get_by_role("link", name=re.compile(re.escape(agency_name(live_app)))).first.tap()
    page.get_by_role("link", name=re.compile(r"^Akta kelahiran")).first.tap()
    page.wait_for_url(re.compile(r"/kios/layanan/\d+$"))
    page.get_by_role("link", name="Tambah layanan lain").tap()
    page.wait_for_url(re.compile(r"/kios/kunjungan/tambah\?"))
    checked("the list of services chosen")
    page.get_by_role("link", name=re.compile(r"^Kartu Identitas Anak")).tap()
    expect(page.locator(".kiosk-chosen li")).to_have_count(2)
    page.get_by_role("link", name="Lanjut").tap()
    page.wait_for_url(re.compile(r"/kios/kunjungan\?"))
    checked("the visit's category step")
    page.get_by_role("button", name="Bukan prioritas").tap()
    page.wait_for_url(re.compile(r"/kios/tiket/kunjungan/[^/?]+"))
    expect(page.locator(".slip-number")).to_have_count(2)
    assert page.locator(".slip-qr svg").count() == 2
    expect(page.locator(".visit-slip")).to_contain_text("Bawa dokumen berikut ke MPP")


def test_a_kiosk_visit_with_javascript_prints_one_slip_at_once(live_app, live_server,
                                                               new_context, visit_kiosk,
                                                               axe_source):
    context = new_context(viewport={"width": 1280, "height": 800}, has_touch=True)
    context.add_init_script(PRINT_STUB)
    page = context.new_page()
    make_visit(page, live_app, live_server, visit_kiosk, axe_source)
    page.locator("html[data-printed='1']").wait_for(state="attached")
    assert visits_of_the_kiosk(live_app) == [[("akta-kelahiran", "kiosk"), ("kia", "kiosk")]]
    violations = axe_violations(page, axe_source)
    assert not violations, format_violations(violations)


def test_a_kiosk_visit_works_without_javascript(live_app, live_server, new_context,
                                                visit_kiosk):
    context = new_context(viewport={"width": 800, "height": 1280}, has_touch=True,
                          java_script_enabled=False)
    page = context.new_page()
    make_visit(page, live_app, live_server, visit_kiosk)
    assert visits_of_the_kiosk(live_app) == [[("akta-kelahiran", "kiosk"), ("kia", "kiosk")]]
    page.get_by_role("link", name="Selesai").tap()
    page.wait_for_url(re.compile(r"/kios$"))
