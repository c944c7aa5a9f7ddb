"""The application tracking page in Chromium: everything shows with JavaScript off and the
lookup form works without it; after one visit with signal the page opens offline with the
saved-copy notice, stays saved across a language switch and is listed in "Tiket saya"; the
page and the lookup form meet WCAG 2.2 AA and fit a small phone.

The applications are added to the shared demo database for the module and removed at the end.
"""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from mpp_lite import dates
from mpp_lite.applications.lifecycle import Change, Receipt, change, receive
from mpp_lite.codes import grouped
from mpp_lite.extensions import db
from mpp_lite.models import Application, ApplicationEvent, NotificationEvent, Service, Site

from support.browser import axe_violations, controlled, format_violations, layout_problems

pytestmark = pytest.mark.browser

NAME = "Rahmat Hidayat Browser"


def _receive(site: Site, service: Service, days_ago: int, *changes: Change) -> Application:
    application, _created = receive(Receipt(
        site=site, service=service, applicant_name=NAME, phone="081298765432",
        now=dates.now() - dt.timedelta(days=days_ago)))
    for step in changes:
        change(application, step)
    return application


@pytest.fixture(scope="module")
def codes(live_app):
    """{"paused": waiting for two documents, "late": in progress past its promise}."""
    with live_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        service = db.session.scalar(sa.select(Service).filter_by(site_id=site.id,
                                                                 slug="kk-baru"))
        paused = _receive(site, service, 3, Change(status="in_progress", note="Data diperiksa."),
                          Change(status="needs_documents",
                                 missing=["Surat pengantar RT/RW", "Buku nikah asli"]))
        late = _receive(site, service, 30, Change(status="in_progress"))
        # A promise long past (set here: the demo service's own processing days may be none).
        late.processing_days = 3
        late.due_date = dates.site_today(site) - dt.timedelta(days=14)
        db.session.commit()
        made = {"paused": paused.code, "late": late.code}
        ids = [paused.id, late.id]
    yield made
    with live_app.app_context():
        db.session.execute(sa.delete(NotificationEvent).where(
            NotificationEvent.application_id.in_(ids)))
        db.session.execute(sa.delete(ApplicationEvent).where(
            ApplicationEvent.application_id.in_(ids)))
        db.session.execute(sa.delete(Application).where(Application.id.in_(ids)))
        db.session.commit()


def test_everything_shows_without_javascript(new_context, live_server, codes):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server}/berkas")
    page.get_by_label("Kode berkas").fill(grouped(codes["paused"]).lower())
    page.get_by_role("button", name="Lacak").click()
    page.wait_for_url(f"{live_server}/berkas/{codes['paused']}")
    expect(page.locator("#b-status")).to_contain_text(
        "Perlu dokumen tambahan: Surat pengantar RT/RW, Buku nikah asli.")
    expect(page.locator("#b-paused")).to_be_visible()
    expect(page.locator("#b-missing li")).to_have_count(2)
    expect(page.locator("#b-bring li")).to_have_count(3)
    expect(page.locator("#b-where")).to_contain_text("Mal Pelayanan Publik")
    expect(page.locator("#b-timeline li")).to_have_count(3)
    expect(page.locator("#b-timeline")).to_contain_text("Data diperiksa.")
    expect(page.locator("#saved-copy")).to_be_hidden()
    expect(page.locator("main")).to_contain_text("R. H. B.")
    expect(page.locator("body")).not_to_contain_text("Rahmat")

    page.goto(f"{live_server}/berkas/{codes['late']}")
    expect(page.locator("#b-late")).to_be_visible()
    expect(page.locator("#b-late a", has_text="SP4N-LAPOR!")).to_be_visible()


def test_unknown_code_shows_the_form_again(new_context, live_server):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server}/maros/")
    page.get_by_label("Kode berkas").fill("ZZZZ-ZZZZ-ZZ")
    page.get_by_role("button", name="Lacak").click()
    expect(page.locator("#kode-berkas-error")).to_contain_text("tidak ditemukan")
    expect(page.get_by_label("Kode berkas")).to_have_value("ZZZZ-ZZZZ-ZZ")


def test_offline_after_one_visit_with_the_saved_copy_notice(new_context, live_server, codes):
    context = new_context()
    page = context.new_page()
    url = f"{live_server}/berkas/{codes['paused']}"
    page.goto(f"{live_server}/tiket-saya")
    controlled(page)
    page.goto(f"{live_server}/tiket-saya")  # this page too opens offline
    page.goto(url)  # saved by the service worker
    expect(page.locator("#saved-copy")).to_be_hidden()

    context.set_offline(True)
    page.goto(url)
    expect(page.locator("#b-status")).to_contain_text("Perlu dokumen tambahan")
    expect(page.locator("#saved-copy")).to_be_visible()
    expect(page.locator("#saved-copy")).not_to_contain_text("{saved_at}")
    page.goto(f"{live_server}/tiket-saya")
    saved = page.locator("#my-saved-list a", has_text=grouped(codes["paused"]))
    expect(saved).to_have_count(1)
    saved.click()
    expect(page.locator("#b-missing li")).to_have_count(2)
    context.set_offline(False)


def test_a_language_switch_keeps_the_saved_page(new_context, live_server, codes):
    context = new_context()
    page = context.new_page()
    url = f"{live_server}/berkas/{codes['late']}"
    page.goto(f"{live_server}/maros/")
    controlled(page)
    page.goto(url)
    page.goto(f"{live_server}/maros/")
    page.locator(".lang-switch a[hreflang=en]").click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    context.set_offline(True)
    page.goto(url)  # saved before the switch: still on the phone
    expect(page.locator("#b-late")).to_be_visible()
    expect(page.locator("#saved-copy")).to_be_visible()
    context.set_offline(False)


@pytest.mark.parametrize("which", ["paused", "late"])
def test_the_tracking_page_meets_wcag_on_a_small_phone(page, live_server, axe_source, codes,
                                                       which):
    response = page.goto(f"{live_server}/berkas/{codes[which]}")
    assert response.status == 200
    violations = axe_violations(page, axe_source)
    assert not violations, format_violations(violations)
    assert not layout_problems(page)


@pytest.mark.parametrize("path, status", [("/berkas", 200), ("/berkas?kode=ZZZZZZZZZZ", 404),
                                          ("/berkas?kode=%21%21", 404)])
def test_the_lookup_form_meets_wcag(page, live_server, axe_source, path, status):
    response = page.goto(f"{live_server}{path}")
    assert response.status == status
    violations = axe_violations(page, axe_source)
    assert not violations, format_violations(violations)
    assert not layout_problems(page)
