"""Queue tickets in a real browser: booking with JavaScript off, live status with it on.

These tests add tickets to the shared demo database; catalogue pages do not show tickets, so
the read-only contract of the demo catalogue still holds.
"""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from mpp_lite.dates import local_now
from mpp_lite.extensions import db
from mpp_lite.models import Counter, Service, Site, Ticket

pytestmark = pytest.mark.browser


def test_book_a_ticket_with_javascript_off(live_server, new_context):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/maros/layanan/kk-baru")
    page.get_by_role("link", name="Ambil nomor antrean").click()
    form_url = page.url
    page.get_by_label("Nama atau inisial").fill("Ibu Ani")
    page.get_by_label("Layanan prioritas").select_option("lansia")
    fields = {name: page.locator(f"input[name={name}]").first.input_value()
              for name in ("csrf_token", "idempotency_key")}
    fields.update(day=page.locator("input[name=day]:checked").input_value(), name="Ibu Ani",
                  priority="lansia")
    page.get_by_role("button", name="Ambil nomor antrean").click()
    page.wait_for_url(re.compile(r"/tiket/"))
    number = page.locator(".ticket-number").inner_text()
    assert re.fullmatch(r"[A-Z]{1,2}-\d{3}", number)
    assert page.locator(".qr svg").count() == 1
    assert "Lanjut usia" in page.content()
    # The same form sent again (a double tap, a retry on a bad connection): the same ticket.
    again = context.request.post(form_url, form=fields, max_redirects=0)
    assert again.status == 303 and again.headers["location"].endswith(page.url.split("/")[-1])


def test_ticket_status_updates_without_reload(live_app, live_server, new_context):
    with live_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        service = db.session.scalar(sa.select(Service).filter_by(site_id=site.id,
                                                                 slug="akta-kematian"))
        counter = service.counters[0]
        today = local_now(site.timezone).date()
        ticket = Ticket(code="browser-live-ticket-01", idempotency_key="browser-live-ticket-01",
                        site_id=site.id, service_id=service.id, day=today, prefix="ZZ",
                        sequence=1, name="Uji", status="waiting")
        db.session.add(ticket)
        db.session.commit()
        ticket_id, counter_id, label = ticket.id, counter.id, counter.label
    live_app.config["TICKET_REFRESH_SECONDS"] = 1
    page = new_context().new_page()
    page.clock.install()
    page.goto(f"{live_server}/tiket/browser-live-ticket-01")
    page.wait_for_load_state("load")
    page.evaluate("window.notReloaded = true")
    page.wait_for_timeout(2500)  # real time: a 1 s meta refresh would have reloaded by now
    assert page.evaluate("window.notReloaded === true"), "the page reloaded itself"
    live_app.config["TICKET_REFRESH_SECONDS"] = 30
    assert page.locator("#meta-refresh").count() == 0  # the script took over
    assert page.locator("#t-status").inner_text() == "Menunggu"
    with live_app.app_context():
        db.session.execute(sa.update(Ticket).where(Ticket.id == ticket_id)
                           .values(status="called", counter_id=counter_id))
        db.session.execute(sa.update(Counter).where(Counter.id == counter_id)
                           .values(status="open"))
        db.session.commit()
    page.clock.run_for(16_000)
    expect(page.locator("#t-status")).to_contain_text("Dipanggil")
    expect(page.locator("#t-status")).to_contain_text(label)
    with live_app.app_context():
        db.session.execute(sa.delete(Ticket).where(Ticket.id == ticket_id))
        db.session.commit()


@pytest.fixture
def queue_pages(live_app, live_server):
    """URLs of the booking form and of a waiting ticket (made for today)."""
    with live_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        service = db.session.scalar(sa.select(Service).filter_by(site_id=site.id,
                                                                 slug="ktp-el-hilang"))
        ticket = Ticket(code="browser-a11y-ticket-01", idempotency_key="browser-a11y-ticket-01",
                        site_id=site.id, service_id=service.id,
                        day=local_now(site.timezone).date(), prefix="ZY", sequence=7,
                        name="Uji", status="waiting", priority="disabilitas")
        db.session.add(ticket)
        db.session.commit()
        ticket_id = ticket.id
    yield {"booking": f"{live_server}/maros/layanan/ktp-el-hilang/antre",
           "ticket": f"{live_server}/tiket/browser-a11y-ticket-01",
           "cancel": f"{live_server}/tiket/browser-a11y-ticket-01/batal"}
    with live_app.app_context():
        db.session.execute(sa.delete(Ticket).where(Ticket.id == ticket_id))
        db.session.commit()


@pytest.mark.parametrize("name", ["booking", "ticket", "cancel"])
def test_queue_pages_meet_wcag_and_fit_a_small_phone(new_context, queue_pages, axe_source, name):
    from support.browser import (
        LAYOUT_CHECK, MIN_FONT_PX, MIN_TARGET_PX, axe_violations, format_violations,
    )

    for width in (320, 360):
        page = new_context(viewport={"width": width, "height": 640}).new_page()
        page.goto(queue_pages[name])
        violations = axe_violations(page, axe_source)
        assert not violations, format_violations(violations)
        layout = page.evaluate(LAYOUT_CHECK, [MIN_TARGET_PX])
        assert layout["scrollWidth"] <= layout["clientWidth"], layout["overflowing"]
        assert layout["bodyFontSize"] >= MIN_FONT_PX
        assert not layout["small"], layout["small"]
