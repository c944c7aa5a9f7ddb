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
