"""The assistant's answers from the catalogue (chat/answers.py through chat.engine.respond), on
the demo catalogue: grounded in the service page, cited, true at the given time, honest when
it does not know, in Indonesian and English, with numbered choices."""
from __future__ import annotations

import datetime as dt
import re
import secrets

import pytest
import sqlalchemy as sa

from mpp_lite.chat import answers, conversations
from mpp_lite.chat.engine import Turn, respond
from mpp_lite.extensions import db
from mpp_lite.models import Counter, Service, Site

UTC = dt.timezone.utc
# Maros is WITA (UTC+8): Wednesday 18 November 2026 10:00, open 08.00–15.00.
WEDNESDAY_10 = dt.datetime(2026, 11, 18, 2, 0, tzinfo=UTC)
SATURDAY_10 = dt.datetime(2026, 11, 21, 2, 0, tzinfo=UTC)
FRIDAY_NOON = dt.datetime(2026, 11, 20, 4, 0, tzinfo=UTC)    # between 11.00 and 13.30


@pytest.fixture
def chat(demo_app):
    """chat(text, site="maros", language="id", now=…, conversation=None) → (reply, conversation).
    Runs in one request context; everything is rolled back (the demo database is shared)."""
    with demo_app.test_request_context("/"):
        def ask(text, site="maros", language="id", now=WEDNESDAY_10, conversation=None):
            if conversation is None:
                conversation = conversations.get_or_create(
                    "web", conversations.web_address(secrets.token_urlsafe(32)),
                    language=language, now=now)
                conversation.site_id = db.session.scalar(
                    sa.select(Site.id).filter_by(slug=site))
            reply = respond(Turn(text=text, channel="web", conversation=conversation, now=now))
            return reply, conversation
        try:
            yield ask
        finally:
            db.session.rollback()


def page_text(client, url: str, language: str = "id") -> str:
    path = re.sub(r"^https?://[^/]+", "", url)
    response = client.get(path, query_string={"lang": language} if language != "id" else None)
    assert response.status_code == 200
    return " ".join(answers.plain(response.get_data(as_text=True)))


# Lines the assistant writes around the facts (not facts themselves), in either language (the
# English of the new texts may not be compiled yet).
FRAMING = ("Info lengkap:", "Full details:", "Informasi diperiksa terakhir:",
           "Information last checked:", "(Selengkapnya", "(More on the service page",
           "Persyaratan yang harus dibawa:", "What to bring", "Langkah-langkah:", "Steps:",
           "Layanan ini bisa diurus sampai selesai di MPP.",
           "This service can be completed at the MPP.")
CHOICES = ("Atau maksud Anda", "Or did you mean")


def assert_grounded(reply_text: str, page: str, language: str = "id") -> None:
    """Every fact line of the reply is text of the service page."""
    lines = reply_text.split("\n")
    in_choices = False
    for line in lines[1:]:
        if line.startswith(CHOICES):
            in_choices = True
        if in_choices or line.startswith(FRAMING) or not line.strip():
            continue
        fact = re.sub(r"^(- |\d+\. )", "", line)
        for prefix in ("Salah satu dari: ", "Pilih salah satu: ", "One of: ", "Choose one: "):
            fact = fact.removeprefix(prefix)
        label, sep, value = fact.partition(": ")
        if sep and label in page and value and value in page:
            continue
        for part in fact.split(" / "):
            assert part in page, f"{part!r} is not on the page"


@pytest.mark.parametrize("question,slug,must", [
    ("syarat bikin paspor apa aja", "paspor-baru", "KTP-el pemohon"),
    ("skck bayar berapa", "skck-baru", "Rp30.000"),
    ("akta lahir gratis?", "akta-kelahiran", "Gratis"),
    ("berapa lama buat npwp", "npwp", "±20 menit secara daring"),
    ("dimana loket bpjs", "bpjs-kesehatan-pendaftaran", "Gerai 14"),
    ("paspor bisa selesai di mpp?", "paspor-baru", "Sebagian harus diurus di luar MPP"),
    ("cara perpanjang sim", "sim-perpanjangan", "Langkah-langkah"),
    ("pbg berapa hari", "pbg", "28 hari kerja"),
])
def test_fact_replies_are_the_service_page_text(chat, demo_app, question, slug, must):
    reply, conversation = chat(question)
    service = db.session.scalar(sa.select(Service).join(Site).where(
        Site.slug == "maros", Service.slug == slug))
    url = f"http://mpp.test/maros/layanan/{slug}"
    assert reply.services[0] == {"slug": slug, "name": service.name, "url": url}
    lines = reply.text.split("\n")
    assert lines[0] == service.name                       # names the service
    assert f"Info lengkap: {url}" in lines                # cites its page, absolute
    page = page_text(demo_app.test_client(), url)
    reviewed = next(line for line in lines if line.startswith("Informasi diperiksa terakhir:"))
    assert reviewed in page                               # the date as the page shows it
    assert must in reply.text
    assert_grounded(reply.text, page)
    assert len(reply.text) <= answers.MAX_REPLY
    assert conversation.state["service"] == slug


def test_english_reply_uses_the_english_page(chat, demo_app):
    reply, _conversation = chat("passport requirements", language="en")
    assert reply.services[0]["slug"] == "paspor-baru"
    assert reply.text.startswith("New passport")
    page = page_text(demo_app.test_client(), reply.services[0]["url"], "en")
    assert "Information last checked:" in reply.text
    reviewed = next(line for line in reply.text.split("\n")
                    if line.startswith("Information last checked:"))
    assert reviewed in page
    assert "Persyaratan" not in reply.text
    assert_grounded(reply.text, page, "en")


def test_follow_up_question_keeps_the_service(chat):
    first, conversation = chat("syarat paspor")
    assert first.services[0]["slug"] == "paspor-baru"
    second, _ = chat("biayanya berapa?", conversation=conversation)
    assert second.services[0]["slug"] == "paspor-baru"
    assert "Biaya: mulai Rp350.000" in second.text   # the page's headline, "mulai"


def test_several_matches_are_numbered_choices_and_a_digit_picks(chat):
    reply, conversation = chat("dimana loket bpjs")
    assert reply.choices, reply.text
    offered = conversation.state["offer"]
    assert len(offered) == len(reply.choices)
    for number, name in enumerate(reply.choices, 1):
        assert f"{number}. {name}" in reply.text
    picked, _ = chat("2", conversation=conversation)
    assert picked.services[0]["slug"] == offered[1]
    assert "Tempat di MPP: Gerai" in picked.text         # still answers "where"


def test_nothing_found_says_so_and_offers_where_to_ask(chat):
    for question in ("harga emas hari ini", "cara daftar cpns", "skor bola psm tadi malam"):
        reply, _ = chat(question)
        assert "saya tidak menemukan jawabannya" in reply.text, question
        assert reply.services == []
        assert "http://mpp.test/maros/layanan/" in reply.text       # the service list
        assert "(0411) 372 500" in reply.text                      # the MPP's phone
        assert "http://mpp.test/maros/pengaduan" in reply.text     # the complaint page


def test_need_outside_the_mpp_says_where_to_go(chat):
    reply, _ = chat("bikin sktm dimana")
    assert reply.services[0]["slug"] == "sktm"
    assert "Tidak dilayani di MPP ini: urus di kantor desa/kelurahan" in reply.text


def test_unknown_in_english(chat):
    reply, _ = chat("visa schengen requirements", language="en")
    assert reply.services == []
    assert "Maros Regency Public Service Mall" in reply.text      # the English site name
    assert "http://mpp.test/maros/pengaduan" in reply.text


def _hours(chat, now):
    reply, _ = chat("jam buka hari ini", now=now)
    return reply.text


def test_hours_are_true_at_the_given_time(chat):
    assert "Buka sekarang" in _hours(chat, WEDNESDAY_10)
    assert "Jam layanan: 08.00–15.00 (WITA)" in _hours(chat, WEDNESDAY_10)
    saturday = _hours(chat, SATURDAY_10)
    assert "Tutup hari ini" in saturday and "Buka sekarang" not in saturday
    friday = _hours(chat, FRIDAY_NOON)
    assert "Sedang tutup" in friday and "Buka hari ini pukul 13.30" in friday
    assert "Sabtu: Tutup" in chat("mpp buka sabtu gak")[0].text
    christmas = _hours(chat, dt.datetime(2026, 12, 25, 2, 0, tzinfo=UTC))
    assert "Tutup: Hari Raya Natal" in christmas


def test_open_counters_are_the_live_status(chat):
    reply, _ = chat("gerai yang buka sekarang")
    assert "Saat ini tidak ada gerai yang buka." in reply.text
    counter = db.session.scalar(sa.select(Counter).join(Site).where(
        Site.slug == "maros", Counter.label == "Gerai 4"))
    counter.status = "open"
    db.session.flush()
    reply, _ = chat("gerai yang buka sekarang")
    assert "Gerai yang buka sekarang:" in reply.text
    assert "- Gerai 4 (" in reply.text
    assert "http://mpp.test/maros/gerai" in reply.text


def test_menu_digits_reach_the_answers(chat):
    menu, conversation = chat("menu")
    assert menu.choices
    hours, _ = chat("5", conversation=conversation)           # "jam buka"
    assert "Jam layanan" in hours.text
    menu, conversation = chat("menu")
    ask, _ = chat("1", conversation=conversation)             # "tanya layanan"
    assert "syarat paspor" in ask.text


def test_understanding_splits_what_is_asked_from_the_service():
    assert answers.asked("skck bayar berapa") == ["fee"]
    assert answers.asked("syarat bikin paspor apa aja") == ["requirements"]
    assert answers.asked("berapa lama buat npwp") == ["time"]
    assert answers.asked("mpp buka sabtu gak") == ["hours"]
    assert answers.service_words("syarat bikin paspor apa aja") == "paspor"
    assert answers.service_words("akte lahir gratis?") == "akta kelahiran"
