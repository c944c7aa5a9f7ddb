"""The agency's list of applications in a real browser: axe finds nothing on the list and the
confirmation page, a phone shows them without sideways scrolling, and a bulk action works
from ticking to saving with JavaScript off."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from mpp_lite import dates
from mpp_lite.applications.lifecycle import Change, Receipt, change, receive
from mpp_lite.codes import grouped
from mpp_lite.extensions import db
from mpp_lite.models import Application, Service, Site
from support.browser import axe_violations, format_violations, layout_problems, shots
from support.catalogs import PASSWORD


@pytest.fixture
def served(staff_app):
    """A staff app of its own (the bulk action writes), served over HTTP, with applications
    for Maros' KTP-el: two overdue, one waiting for documents, two due later."""
    app = staff_app(SERVER_NAME=None)
    codes = {}
    with app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        service = db.session.scalar(sa.select(Service).filter_by(site_id=site.id,
                                                                 slug="ktp-el-baru"))
        service.processing_days = 3
        long_ago = dates.now() - dt.timedelta(days=21)
        for name, received, walk in [
                ("Siti Aminah", long_ago, ("in_progress",)),
                ("Budi Santoso", long_ago, ()),
                ("Wati Lestari", long_ago, ("needs_documents",)),
                ("Andi Pratama", None, ()),
                ("Rina Kurnia", None, ("in_progress",))]:
            application, _created = receive(Receipt(site=site, service=service,
                                                    applicant_name=name, now=received))
            for status in walk:
                extra = {"missing": ["Akta kelahiran"]} if status == "needs_documents" else {}
                change(application, Change(status=status, now=received, **extra))
            codes[name] = application.code
        db.session.commit()
    with shots.serve(app) as origin:
        yield app, origin, codes


def signed_in_page(new_context, origin: str, javascript: bool = True):
    page = new_context(java_script_enabled=javascript).new_page()
    page.goto(f"{origin}/staff/login")
    page.get_by_label("Nama pengguna").fill("dukcapil.maros")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    return page


def test_list_and_confirmation_pass_axe_and_fit_a_phone(served, new_context, axe_source):
    _app, origin, codes = served
    page = signed_in_page(new_context, origin)
    page.goto(f"{origin}/kelola/berkas")
    expect(page.locator("h1")).to_have_text("Daftar berkas")
    expect(page.locator("tbody tr")).to_have_count(5)
    violations = axe_violations(page, axe_source)
    assert not violations, format_violations(violations)
    assert not layout_problems(page)
    page.get_by_label(f"Pilih berkas {grouped(codes['Andi Pratama'])}").check()
    page.get_by_label("Tandai sedang diproses").check()
    page.get_by_role("button", name="Lanjut ke konfirmasi").click()
    expect(page.locator("h1")).to_have_text("Konfirmasi perubahan berkas")
    violations = axe_violations(page, axe_source)
    assert not violations, format_violations(violations)
    assert not layout_problems(page)


def test_a_batch_becomes_ready_with_javascript_off(served, new_context):
    app, origin, codes = served
    page = signed_in_page(new_context, origin, javascript=False)
    page.goto(f"{origin}/kelola/berkas")
    rows = page.locator("tbody td:nth-child(2)").all_inner_texts()
    overdue = {grouped(codes["Siti Aminah"]), grouped(codes["Budi Santoso"])}
    assert set(rows[:2]) == overdue  # first
    # "select all" without JavaScript: a link that reloads the page with every box ticked
    page.get_by_role("link", name="Pilih semua di halaman ini").click()
    for box in page.locator('input[name="berkas"]').all():
        expect(box).to_be_checked()
    page.get_by_label(f"Pilih berkas {grouped(codes['Wati Lestari'])}").uncheck()
    page.get_by_label("Tandai siap diambil").check()
    page.get_by_label("Tempat pengambilan").fill("Meja pengambilan KTP-el")
    page.get_by_role("button", name="Lanjut ke konfirmasi").click()
    expect(page.locator("main")).to_contain_text(
        '4 berkas ini akan diubah menjadi "Siap diambil". Belum ada yang disimpan.')
    with app.app_context():
        assert not db.session.scalars(sa.select(Application).filter_by(status="ready")).all()
    page.get_by_role("button", name="Ya, ubah 4 berkas").click()
    expect(page.locator(".notice-ok")).to_contain_text('4 berkas diubah menjadi "Siap diambil".')
    with app.app_context():
        ready = {a.code: a.pickup_place for a in db.session.scalars(
            sa.select(Application).filter_by(status="ready"))}
    assert ready == {codes[name]: "Meja pengambilan KTP-el" for name in (
        "Siti Aminah", "Budi Santoso", "Andi Pratama", "Rina Kurnia")}
