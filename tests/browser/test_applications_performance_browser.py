"""The performance pages in Chromium: axe-core (WCAG 2.2 A/AA) on the public /<site>/kinerja
and the managers' /kelola/kinerja-berkas, small phones (320 and 360 px) without sideways
scrolling or small targets, the period chooser with JavaScript off, and no personal data on
the public page.

The applications this module adds to the shared demo database (received over the last days,
some completed) are removed at its end.
"""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from mpp_lite import dates
from mpp_lite.applications.lifecycle import Change, Receipt, change, receive
from mpp_lite.extensions import db
from mpp_lite.models import Application, ApplicationEvent, NotificationEvent, Service, Site

from support.browser import (
    axe_violations, format_violations, layout_problems, signed_in_state,
)

pytestmark = pytest.mark.browser

SITE = "maros"
APPLICANT = "Halimah Daeng Ngai"
PHONE = "081355501234"
# (service slug, received days ago, statuses with days ago)
PLAN = [("paspor-baru", 9, [("ready", 5)]), ("paspor-baru", 8, [("ready", 2)]),
        ("paspor-baru", 3, []), ("akta-perkawinan", 7, [("ready", 6), ("collected", 4)]),
        ("akta-perkawinan", 6, [("needs_documents", 5)]), ("kk-baru", 4, [("ready", 3)])]


@pytest.fixture(scope="module")
def applications(live_app):
    """Applications at Maros made through the lifecycle (their codes); removed afterwards."""
    ids: list[int] = []
    codes: list[str] = []
    now = dates.now()
    try:
        with live_app.app_context():
            site = db.session.scalar(sa.select(Site).filter_by(slug=SITE))
            for slug, received, steps in PLAN:
                service = db.session.scalar(sa.select(Service).filter_by(site_id=site.id,
                                                                         slug=slug))
                assert service is not None, slug
                application, _created = receive(Receipt(
                    site=site, service=service, applicant_name=APPLICANT, phone=PHONE,
                    now=now - dt.timedelta(days=received)))
                for status, ago in steps:
                    extra = {"needs_documents": {"missing": ["Surat pengantar"]},
                             "collected": {"collected_by": "applicant"}}.get(status, {})
                    change(application, Change(status=status, now=now - dt.timedelta(days=ago),
                                               **extra))
                db.session.flush()
                ids.append(application.id)
                codes.append(application.code)
            db.session.commit()
        yield codes
    finally:
        with live_app.app_context():
            db.session.execute(sa.delete(NotificationEvent).where(
                NotificationEvent.application_id.in_(ids)))
            db.session.execute(sa.delete(ApplicationEvent).where(
                ApplicationEvent.application_id.in_(ids)))
            db.session.execute(sa.delete(Application).where(Application.id.in_(ids)))
            db.session.commit()


@pytest.fixture(scope="module")
def admin_state(browser, live_server):
    return signed_in_state(browser, live_server, "admin.maros")


def _check(page, axe_source: str) -> None:
    violations = axe_violations(page, axe_source)
    assert not violations, f"{page.url}\n" + format_violations(violations)


@pytest.mark.parametrize("width", [320, 360])
def test_public_page_is_accessible_and_fits_a_small_phone(new_context, live_server,
                                                          applications, axe_source, width):
    page = new_context(viewport={"width": width, "height": 640}).new_page()
    response = page.goto(f"{live_server}/{SITE}/kinerja", wait_until="networkidle")
    assert response.status == 200
    # Lists rather than tables: they never scroll sideways on a phone.
    assert page.locator("table").count() == 0
    assert page.locator("h5").count() >= 3  # one per service
    _check(page, axe_source)
    assert layout_problems(page) == []
    body = page.content()
    assert APPLICANT not in body and PHONE not in body
    for code in applications:
        assert code not in body


def test_bad_period_page_is_accessible(page, live_server, axe_source):
    response = page.goto(f"{live_server}/{SITE}/kinerja?dari=2026-02-30", wait_until="networkidle")
    assert response.status == 422
    assert page.title().startswith("Kesalahan:")
    field = page.locator("#dari")
    assert field.get_attribute("aria-invalid") == "true"
    _check(page, axe_source)
    assert layout_problems(page) == []


def test_period_chooser_works_with_javascript_off(new_context, live_server, applications):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server}/{SITE}/kinerja")
    today = dates.now().date()
    page.fill("#dari", (today - dt.timedelta(days=2)).isoformat())
    page.fill("#sampai", today.isoformat())
    page.get_by_role("button", name="Tampilkan").click()
    page.wait_for_load_state()
    assert "dari=" in page.url and "sampai=" in page.url
    assert page.locator("h2").first.inner_text()  # the period heading of the chosen days
    assert page.locator("#dari").input_value() == (today - dt.timedelta(days=2)).isoformat()


def test_staff_page_is_accessible(new_context, live_server, applications, admin_state,
                                  axe_source):
    context = new_context(storage_state=admin_state)
    page = context.new_page()
    response = page.goto(f"{live_server}/kelola/kinerja-berkas", wait_until="networkidle")
    assert response.status == 200
    assert page.locator("table").count() == 2
    _check(page, axe_source)
    # Wide tables scroll inside their own region; the page itself does not scroll sideways.
    assert layout_problems(page) == []
    page.goto(f"{live_server}/kelola/kinerja-berkas?instansi=tidak-ada",
              wait_until="networkidle")
    assert page.locator("#instansi").get_attribute("aria-invalid") == "true"
    _check(page, axe_source)
