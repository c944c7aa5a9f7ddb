"""Each template component (one macro per file) renders on its own."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import render_template_string

from mpp_lite.catalog.services import site_hours
from mpp_lite.extensions import db
from mpp_lite.models import Service, Site


def render(macro_file: str, call: str, **context) -> str:
    name = call.split("(")[0]
    template = f'{{% from "components/{macro_file}" import {name} %}}{{{{ {call} }}}}'
    return render_template_string(template, **context)


def load(app):
    site = db.session.scalar(sa.select(Site))
    ktp = db.session.scalar(sa.select(Service).filter_by(slug="ktp-el-baru"))
    paspor = db.session.scalar(sa.select(Service).filter_by(slug="paspor-baru"))
    return site, ktp, paspor


def test_checklist_groups_alternatives(catalog_app):
    with catalog_app.test_request_context("/"):
        _site, ktp, _p = load(catalog_app)
        html = render("checklist.html", "checklist(service)", service=ktp)
    assert html.count('type="checkbox"') == 3
    assert html.count("Salah satu dari:") == 1
    assert 'data-checklist="maros/ktp-el-baru"' in html
    assert "Didapat dari: Kantor desa/kelurahan" in html
    assert '<label class="check" for="req-1">' in html


def test_checklist_empty_state(catalog_app):
    with catalog_app.test_request_context("/"):
        _site, ktp, _p = load(catalog_app)
        ktp.requirements = []
        html = render("checklist.html", "checklist(service)", service=ktp)
        db.session.rollback()
    assert "Tidak ada persyaratan dokumen." in html


def test_steps_are_numbered_with_their_facts(catalog_app):
    with catalog_app.test_request_context("/"):
        _site, ktp, _p = load(catalog_app)
        html = render("steps.html", "steps(service)", service=ktp)
    assert html.startswith("\n<ol") or "<ol class=\"steps\">" in html
    assert html.count("<li>") == 2
    assert "Di mana: Gerai 1 · Lama: ±5 menit" in html
    assert "Oleh: Petugas Disdukcapil" in html


def test_fee_says_free_plainly_or_the_amount(catalog_app):
    with catalog_app.test_request_context("/"):
        _site, ktp, paspor = load(catalog_app)
        free = render("fee.html", "fee(service)", service=ktp)
        paid = render("fee.html", "fee(service)", service=paspor)
    assert "Gratis" in free and "UU 24/2013" in free
    assert "Rp350.000" in paid and "Gratis" not in paid


def test_elsewhere_notice_only_when_needed(catalog_app):
    with catalog_app.test_request_context("/"):
        _site, ktp, paspor = load(catalog_app)
        assert render("elsewhere_notice.html", "elsewhere_notice(service)", service=ktp).strip() == ""
        html = render("elsewhere_notice.html", "elsewhere_notice(service)", service=paspor)
    assert "Sebagian harus diurus di luar MPP" in html and "Km. 13" in html


def test_service_list_marks_partial_services(catalog_app):
    with catalog_app.test_request_context("/"):
        site, ktp, paspor = load(catalog_app)
        html = render("service_list.html", "service_list(site, services)", site=site,
                      services=[ktp, paspor])
    assert html.count("<li>") == 2
    assert "/maros/layanan/paspor-baru" in html
    assert "Sebagian di kantor instansi" in html and "Gratis" in html


def test_hours_today_on_a_holiday(catalog_app):
    with catalog_app.test_request_context("/"):
        site, _k, _p = load(catalog_app)
        christmas = dt.datetime(2026, 12, 25, 2, 0, tzinfo=dt.timezone.utc)
        html = render("hours_today.html", "hours_today(hours)", hours=site_hours(site, christmas))
    assert "Tutup: Hari Raya Natal" in html
    assert "Buka lagi: 28 Desember 2026 pukul 08.00" in html


def test_hours_today_open(catalog_app):
    with catalog_app.test_request_context("/"):
        site, _k, _p = load(catalog_app)
        monday_10_wita = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.timezone.utc)
        html = render("hours_today.html", "hours_today(hours)",
                      hours=site_hours(site, monday_10_wita))
    assert "Buka sekarang" in html and "08.00–15.00" in html and "WITA" in html


def test_search_form_keeps_the_query(catalog_app):
    with catalog_app.test_request_context("/"):
        site, _k, _p = load(catalog_app)
        html = render("search_form.html", "search_form(site, query)", site=site,
                      query='akte "lahir"')
    assert 'value="akte &#34;lahir&#34;"' in html and 'role="search"' in html
    assert '<label for="q">' in html


def test_pagination_links(catalog_app):
    with catalog_app.test_request_context("/maros/layanan/?page=2"):
        html = render("pagination.html", "pagination(2, 3, page_url)")
        single = render("pagination.html", "pagination(1, 1, page_url)")
    assert 'rel="prev"' in html and 'rel="next"' in html and "Halaman 2 dari 3" in html
    assert "page=1" in html and "page=3" in html
    assert single.strip() == ""


def test_breadcrumbs_mark_the_current_page(catalog_app):
    with catalog_app.test_request_context("/"):
        html = render("breadcrumbs.html", "breadcrumbs(items)",
                      items=[("MPP Maros", "/maros/"), ("KTP-el", None)])
    assert '<a href="/maros/">MPP Maros</a>' in html
    assert '<span aria-current="page">KTP-el</span>' in html


def test_lang_switch_marks_the_current_language(catalog_app):
    with catalog_app.test_request_context("/maros/"):
        html = render("lang_switch.html", "lang_switch()")
    assert 'aria-current="true" lang="id">Bahasa Indonesia' in html


def test_hours_today_says_today_or_tomorrow(catalog_app):
    with catalog_app.test_request_context("/"):
        site, _k, _p = load(catalog_app)
        monday_6_wita = dt.datetime(2026, 11, 22, 22, 0, tzinfo=dt.timezone.utc)
        early = render("hours_today.html", "hours_today(hours)", hours=site_hours(site, monday_6_wita))
        monday_16_wita = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.timezone.utc)
        late = render("hours_today.html", "hours_today(hours)", hours=site_hours(site, monday_16_wita))
    assert "Buka hari ini pukul 08.00" in early
    assert "Buka besok pukul 08.00" in late


def test_choice_field_is_a_fieldset_with_its_errors(catalog_app):
    from wtforms import Form, RadioField

    class Day(Form):
        day = RadioField("Hari", choices=["Senin", "Selasa"])

    form = Day()
    form.validate()
    with catalog_app.test_request_context():
        page = render("choice_field.html", "choice_field(form.day, extra_class='q')", form=form)
    assert '<fieldset class="field q field-error">' in page
    assert "<legend>Hari</legend>" in page and page.count('class="choice"') == 2
    assert 'class="error"' in page


def test_form_field_links_its_hint_and_errors(catalog_app):
    from wtforms import Form, StringField
    from wtforms.validators import InputRequired

    class Name(Form):
        name = StringField("Nama", validators=[InputRequired(message="Isi nama.")])

    form = Name()
    form.validate()
    with catalog_app.test_request_context():
        page = render("form_field.html", "form_field(form.name, hint='Sesuai KTP-el')", form=form)
    assert '<div class="field field-error">' in page and '<label for="name">Nama</label>' in page
    assert '<p class="hint" id="name-hint">Sesuai KTP-el</p>' in page
    assert '<p class="error" id="name-error">Isi nama.</p>' in page
    assert 'aria-describedby="name-hint name-error"' in page and 'aria-invalid="true"' in page


def test_refusal_says_no_ticket_was_made_and_why(catalog_app):
    with catalog_app.test_request_context():
        page = render("refusal.html", "refusal('Kuota hari ini habis.', 'Coba besok.')")
    assert 'role="alert"' in page and "<h2>Tiket belum dibuat</h2>" in page
    assert "<p>Kuota hari ini habis.</p>" in page and "<p>Coba besok.</p>" in page


def test_service_facts_list_time_fee_product_place_and_quota(catalog_app):
    with catalog_app.test_request_context("/"):
        _site, ktp, _p = load(catalog_app)
        page = render("service_facts.html", "service_facts(service)", service=ktp)
    assert '<dl class="facts">' in page and "Selesai di tempat, ±30 menit" in page
    assert "Gratis" in page and "<dd>KTP-el</dd>" in page
    assert "Gerai 1, Lantai 1" in page and "100 pemohon" in page


def include(partial: str, **context) -> str:
    """Render a partial (a components/_*.html file included by pages) with `context`."""
    return render_template_string(f'{{% include "components/{partial}" %}}', **context)


def test_flash_shows_errors_as_alerts_and_the_rest_as_status(catalog_app):
    from flask import flash

    with catalog_app.test_request_context("/"):
        flash("Tersimpan.", "ok")
        flash("Gagal menyimpan.", "error")
        page = include("_flash.html")
    assert '<div class="notice notice-ok" role="status"><p>Tersimpan.</p></div>' in page
    assert '<div class="notice notice-error" role="alert"><p>Gagal menyimpan.</p></div>' in page


def test_footer_links_lead_to_the_sites_complaints_and_ikm(catalog_app):
    with catalog_app.test_request_context("/maros/"):
        site, _k, _p = load(catalog_app)
        page = include("_footer_links.html", site=site)
        none = include("_footer_links.html", site=None)
    assert "/maros/pengaduan" in page and "Hasil survei kepuasan (IKM)" in page
    assert none.strip() == ""


def test_notices_show_the_announcements_in_force_on_citizen_pages(catalog_app, monkeypatch):
    from mpp_lite import dates
    from mpp_lite.models import Announcement

    monday_10_wita = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.timezone.utc)
    dates.freeze(monkeypatch, monday_10_wita)
    with catalog_app.test_request_context("/maros/"):
        site, _k, _p = load(catalog_app)
        db.session.add(Announcement(site_id=site.id, severity="outage",
                                    message="Jaringan Dukcapil terganggu.",
                                    starts_at=monday_10_wita - dt.timedelta(hours=1),
                                    ends_at=monday_10_wita + dt.timedelta(hours=2)))
        db.session.flush()
        page = include("_notices.html", site=site)
        db.session.rollback()
    assert '<aside class="announcements" aria-label="Pengumuman">' in page
    assert "Gangguan layanan" in page and "Jaringan Dukcapil terganggu." in page
    assert "Berlaku sampai 12.00" in page


def test_ticket_feedback_invites_the_survey_once_the_service_is_done(catalog_app):
    from support.queue import book

    with catalog_app.test_request_context("/"):
        site, ktp, _p = load(catalog_app)
        ticket = book()
        waiting = include("_ticket_feedback.html", ticket=ticket, site=site, service=ktp)
        ticket.status = "done"
        done = include("_ticket_feedback.html", ticket=ticket, site=site, service=ktp)
        code = ticket.code
        db.session.rollback()
    assert "Isi survei" not in waiting and "pengaduan" not in waiting
    assert "Bagaimana layanan tadi?" in done and "Isi survei" in done and code in done
    assert "/maros/pengaduan?layanan=ktp-el-baru" in done


def test_every_component_has_a_render_test():
    """Each file in templates/components/ is rendered by a test in this module (found by
    reading this module: render("file", ...) or include("file", ...) with a literal name)."""
    import ast
    from pathlib import Path

    import mpp_lite

    directory = Path(mpp_lite.__file__).parent / "templates" / "components"
    components = {path.name for path in directory.glob("*.html")}
    tree = ast.parse(Path(__file__).read_text(encoding="utf-8"))
    rendered = {node.args[0].value for node in ast.walk(tree)
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("render", "include") and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)}
    assert components, directory
    assert sorted(components - rendered) == [], "add a render test to tests/test_components.py"


def test_berkas_lookup_with_and_without_an_error(catalog_app):
    with catalog_app.test_request_context("/"):
        plain = render("berkas_lookup.html", "berkas_lookup(heading=True)")
        refused = render("berkas_lookup.html",
                         "berkas_lookup(value='ABCD', error='Tidak ditemukan.')")
    assert 'action="/berkas"' in plain and 'id="berkas-h"' in plain
    assert "aria-invalid" not in plain
    assert 'aria-invalid="true"' in refused and 'value="ABCD"' in refused
    assert "<section" not in refused
