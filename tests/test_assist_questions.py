"""Assisted mode asks each requirement in words that fit it: a paper document is "brought", a
digital one is "had", and a requirement with form "none" is not a document at all: a
condition on the applicant ("Apakah pemohon datang sendiri?") or something to have at hand.
Checked on hand-made requirements, over HTTP, and over every requirement of the demo
catalogue."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from mpp_lite.assist.services import PAPER_FORMS, question_text, questions
from mpp_lite.extensions import db
from mpp_lite.models import Requirement, Service

from support.catalogs import base_service, queue_site
from support.html import text
from support.staff import login, open_staff_app


def req(text: str, form: str = "none", group: int | None = None) -> Requirement:
    return Requirement(text=text, form=form, alt_group=group, quantity=1, optional=False,
                       condition="", detail="", source="", translations={})


@pytest.mark.parametrize("requirement, question", [
    (req("Pemohon datang sendiri"), "Apakah pemohon datang sendiri?"),
    (req("Berusia 17 tahun"), "Apakah pemohon berusia 17 tahun?"),
    (req("Sudah menikah"), "Apakah pemohon sudah menikah?"),
    (req("Nomor ponsel aktif"), "Apakah ini sudah ada: Nomor ponsel aktif?"),
    (req("Dua orang saksi dengan KTP-el"),
     "Apakah ini sudah ada: Dua orang saksi dengan KTP-el?"),
    (req("Kartu Keluarga (KK)", "copy"), "Apakah pengunjung membawa Kartu Keluarga (KK)?"),
    (req("KTP-el pemohon", "original_and_copy"), "Apakah pengunjung membawa KTP-el pemohon?"),
    (req("Akun Coretax", "digital"), "Apakah pengunjung punya Akun Coretax?"),
])
def test_each_kind_of_requirement_gets_its_own_question(demo_app, requirement, question):
    with demo_app.test_request_context("/"):
        assert question_text([requirement]) == question


def test_alternatives_are_documents_only_when_every_one_is_on_paper(demo_app):
    with demo_app.test_request_context("/"):
        paper = [req("Akta kelahiran", "copy", 1), req("Ijazah", "original", 1)]
        assert question_text(paper) == "Apakah pengunjung membawa salah satu dokumen ini?"
        mixed = [req("Akta kelahiran", "copy", 1), req("Dua orang saksi", "none", 1)]
        assert question_text(mixed) == "Apakah salah satu dari ini sudah ada?"


def test_no_demo_question_asks_to_bring_what_is_not_a_document(demo_app):
    """Over every requirement of the demo catalogue: "membawa" only for paper documents, and
    every question is a question (ends with "?", names the requirement or lists it)."""
    asked = 0
    with demo_app.test_request_context("/"):
        services = db.session.scalars(sa.select(Service).where(Service.active.is_(True)))
        for service in services:
            for group in questions(service):
                question = question_text(group)
                asked += 1
                assert question.startswith("Apakah ") and question.endswith("?"), question
                if "membawa" in question:
                    assert all(r.form in PAPER_FORMS for r in group), (service.slug, question)
                for r in group:
                    if r.form == "none":
                        assert "membawa" not in question, (service.slug, question)
                if len(group) == 1 and r.text == "Pemohon datang sendiri":
                    assert question == "Apakah pemohon datang sendiri?"
    assert asked > 200


def test_the_question_screen_uses_the_wording(database_url):
    site = queue_site()
    site["services"][0] = base_service(counters=["Gerai 1", "Gerai 2"], daily_quota=None,
                                       requirements=[
        {"text": "Pemohon datang sendiri"},
        {"text": "Berusia 17 tahun"},
        {"text": "Kartu Keluarga (KK)", "form": "copy"},
    ])
    with open_staff_app(database_url, site,
                   queue_site("ngawi", name="MPP Ngawi", timezone="Asia/Jakarta")) as app:
        with app.app_context():
            service_id = db.session.scalar(sa.select(Service.id).filter_by(slug="ktp-el-baru"))
        client = login(app, "pendamping.maros")
        base = f"/pendamping/layanan/{service_id}/tanya?j="
        pages = [text(client.get(base + answers).get_data(as_text=True))
                 for answers in ("", "y", "yy")]
        assert "Apakah pemohon datang sendiri?" in pages[0]
        assert "Apakah pemohon berusia 17 tahun?" in pages[1]
        assert "Apakah pengunjung membawa Kartu Keluarga (KK)?" in pages[2]
        assert not any(re.search(r"membawa (Pemohon|Berusia)", page) for page in pages)
        summary = text(client.get(f"/pendamping/layanan/{service_id}/ringkasan?j=nyy")
                       .get_data(as_text=True))
        assert "Persyaratan belum lengkap" in summary and "Belum ada" in summary
        assert "dibawa" not in summary
