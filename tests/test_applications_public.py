"""The citizen's tracking page /berkas/<code> and the lookup form /berkas: the status in one
sentence for every status, the promise (late, paused, none), what to bring and where to go,
privacy (initials only), refusals without a 500, the canonical address, the size budget,
English, cache headers, and the lookup box on the MPP home and "Tiket saya"."""
from __future__ import annotations

import datetime as dt
import gzip
import re

import pytest
import sqlalchemy as sa

from mpp_lite import dates
from mpp_lite.applications.lifecycle import Actor, Change, Receipt, change, receive
from mpp_lite.codes import grouped
from mpp_lite.extensions import db
from mpp_lite.models import Application, ClosedDate, Service, Site, StaffUser

from support.html import page_text, parse

WITA = dt.timezone(dt.timedelta(hours=8))
PAGE_BUDGET = 14_600  # one TCP round trip, as tests/test_budgets.py measures it
NAME, PHONE = "Siti Aminah Rahmawati", "081234567890"
RECEIVED_DOCUMENTS = ["Fotokopi akta nikah orang tua"]
PRIVATE_TEXTS = (NAME, "Siti", "Aminah", PHONE, "0812 3456", "Fotokopi akta nikah",
                 "disimpan di lemari arsip", "Catatan internal rahasia", "Budi Santoso",
                 "adik kandung", "Andi Petugas", "petugas.imigrasi")


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    """`hour` o'clock in Maros, as the app's clock gives it: in UTC (SQLite keeps no offset)."""
    return dt.datetime.combine(day, dt.time(hour), WITA).astimezone(dt.timezone.utc)


@pytest.fixture
def maros(catalog_app, monkeypatch):
    """The small catalogue; the clock on Monday 21 December 2026, 09.00 WITA."""
    dates.freeze(monkeypatch, at(dt.date(2026, 12, 21)))
    return catalog_app


def today_is(monkeypatch, day: dt.date) -> None:
    dates.freeze(monkeypatch, at(day, 10))


def make(maros, *steps: Change, days: int | None = 3, received: dt.date = dt.date(2026, 12, 21),
         **receipt) -> str:
    """A passport application (Imigrasi, Gerai 7) received on `received`, then `steps`;
    committed; returns its code."""
    with maros.app_context():
        service = db.session.scalar(sa.select(Service).filter_by(slug="paspor-baru"))
        service.processing_days = days
        staff = db.session.scalar(sa.select(StaffUser).filter_by(username="petugas.imigrasi"))
        if staff is None:
            staff = StaffUser(username="petugas.imigrasi", display_name="Andi Petugas",
                              password_hash="x", role="officer", site_id=service.site_id,
                              agency_id=service.agency_id)
            db.session.add(staff)
            db.session.flush()
        application, _created = receive(Receipt(
            site=service.site, service=service, applicant_name=NAME, phone=PHONE,
            documents=RECEIVED_DOCUMENTS, documents_note="Asli disimpan di lemari arsip",
            note="Catatan internal rahasia: cek ulang foto", actor=Actor(staff=staff),
            now=at(received), **receipt))
        for step in steps:
            step.actor = Actor(staff=staff)
            change(application, step)
        db.session.commit()
        return application.code


def step(status: str, day: dt.date | None = None, **kw) -> Change:
    return Change(status=status, now=at(day) if day else None, **kw)


def page(maros, code: str, **headers):
    response = maros.test_client().get(f"/berkas/{code}", headers=headers)
    assert response.status_code == 200, response.status_code
    return response


def sentence(response) -> str:
    document = parse(response.get_data(as_text=True))
    element = document.find(".//*[@id='b-status']")
    return " ".join("".join(element.itertext()).split())


def ids(response) -> set[str]:
    return set(re.findall(r'id="([^"]+)"', response.get_data(as_text=True)))


# --- every status: the sentence and the instructions ------------------------------------------

def test_received_says_the_promised_date_and_what_to_bring(maros):
    response = page(maros, make(maros))
    assert sentence(response) == ("Berkas Anda sudah diterima dan menunggu diproses. "
                                  "Janji selesai: Kamis, 24 Desember 2026.")
    text = page_text(response)
    assert "3 hari kerja sejak berkas lengkap" in text
    assert "Gerai 7 (Lantai 2), Mal Pelayanan Publik Kabupaten Maros" in text
    assert "Jl. Asoka No. 1, Turikale, Maros" in text  # the MPP's address
    assert "Tanda terima berkas ini" in text and "KTP-el asli pemohon" in text
    assert "surat kuasa" in text
    assert "terlambat" not in text and "b-late" not in ids(response)


def test_without_a_counter_the_page_names_the_agency_at_the_mpp(maros):
    with maros.app_context():
        db.session.scalar(sa.select(Service).filter_by(slug="paspor-baru")).counters = []
        db.session.commit()
    text = page_text(page(maros, make(maros)))
    assert "Gerai Imigrasi, Mal Pelayanan Publik Kabupaten Maros" in text


def test_in_progress_and_at_head_office(maros):
    code = make(maros, step("in_progress"))
    assert sentence(page(maros, code)) == ("Berkas Anda sedang diproses. "
                                         "Janji selesai: Kamis, 24 Desember 2026.")
    code = make(maros, step("at_head_office"))
    assert sentence(page(maros, code)) == ("Berkas Anda sedang diproses di kantor pusat instansi. "
                                         "Janji selesai: Kamis, 24 Desember 2026.")


def test_the_promise_counts_holidays_and_cuti_bersama(maros):
    with maros.app_context():
        site = db.session.scalar(sa.select(Site))
        db.session.add(ClosedDate(site_id=site.id, date=dt.date(2026, 12, 24),
                                  reason="Cuti bersama"))
        db.session.commit()
    # 22, 23, (24 cuti bersama, 25 Christmas, 26–27 weekend), 28: the third working day.
    assert sentence(page(maros, make(maros))).endswith("Janji selesai: Senin, 28 Desember 2026.")


def test_late_says_by_how_many_working_days_with_the_complaint_channels(maros, monkeypatch):
    code = make(maros, step("in_progress"))
    today_is(monkeypatch, dt.date(2026, 12, 29))  # due Thu 24; Mon 28 and Tue 29 are late
    response = page(maros, code)
    html = response.get_data(as_text=True)
    late = parse(html).find(".//*[@id='b-late']")
    late_text = " ".join("".join(late.itertext()).split())
    assert "sudah lewat 2 hari kerja dari janji selesai (Kamis, 24 Desember 2026)" in late_text
    assert "SP4N-LAPOR!" in late_text
    assert 'href="https://www.lapor.go.id/"' in html
    assert 'href="/maros/pengaduan?layanan=paspor-baru"' in html
    assert "terlambat" in page_text(response)


def test_late_on_a_holiday_after_the_due_date_never_says_zero_days(maros, monkeypatch):
    code = make(maros, step("in_progress"))
    today_is(monkeypatch, dt.date(2026, 12, 25))  # due Thu 24; Christmas: no working day yet
    late = parse(page(maros, code).get_data(as_text=True)).find(".//*[@id='b-late']")
    late_text = " ".join("".join(late.itertext()).split())
    assert "sudah lewat dari janji selesai (Kamis, 24 Desember 2026)" in late_text
    assert " 0 hari" not in late_text


def test_on_the_due_date_itself_it_is_not_late(maros, monkeypatch):
    code = make(maros)
    today_is(monkeypatch, dt.date(2026, 12, 24))
    assert "b-late" not in ids(page(maros, code))


def test_needs_documents_lists_them_and_pauses_the_clock(maros, monkeypatch):
    code = make(maros, step("needs_documents", dt.date(2026, 12, 22),
                          missing=["Akta kelahiran", "Kartu Keluarga asli"],
                          missing_by=dt.date(2027, 1, 8), note="Bawa ke Gerai 7."))
    today_is(monkeypatch, dt.date(2027, 1, 6))  # long past the first promise: paused, not late
    response = page(maros, code)
    assert sentence(response) == ("Perlu dokumen tambahan: Akta kelahiran, Kartu Keluarga asli. "
                                  "Serahkan paling lambat Jumat, 8 Januari 2027.")
    text = page_text(response)
    assert "Waktu proses berhenti sementara sampai dokumen lengkap" in text
    assert "b-late" not in ids(response) and "b-paused" in ids(response)
    assert "sementara; bergeser selama menunggu dokumen" in text
    missing = parse(response.get_data(as_text=True)).find(".//*[@id='b-missing']")
    assert [li.text for li in missing] == ["Akta kelahiran", "Kartu Keluarga asli"]
    assert "Tempat menyerahkan dokumen" in text
    assert "Bawa ke Gerai 7." in text  # the public note in the timeline


def test_needs_documents_without_a_deadline(maros):
    code = make(maros, step("needs_documents", missing=["Pas foto 4×6"]))
    assert sentence(page(maros, code)) == ("Perlu dokumen tambahan: Pas foto 4×6. "
                                         "Serahkan secepatnya.")


def test_no_promise_is_said_honestly_and_never_late(maros, monkeypatch):
    code = make(maros, days=None)
    today_is(monkeypatch, dt.date(2027, 6, 1))
    response = page(maros, code)
    assert sentence(response) == ("Berkas Anda sudah diterima dan menunggu diproses. "
                                  "Layanan ini tidak mempunyai janji tanggal selesai.")
    text = page_text(response)
    assert "Tidak ada janji tanggal selesai untuk layanan ini." in text
    assert "Waktu proses yang diumumkan: 3–4 hari kerja." in text
    assert "b-late" not in ids(response)


def test_ready_says_where_and_until_when_and_what_to_bring(maros, monkeypatch):
    code = make(maros, step("ready", dt.date(2026, 12, 23), pickup_place="Gerai 7, Lantai 2",
                          pickup_from=dt.date(2026, 12, 28), pickup_until=dt.date(2027, 1, 29)))
    today_is(monkeypatch, dt.date(2026, 12, 28))
    response = page(maros, code)
    assert sentence(response) == ("Siap diambil di Gerai 7, Lantai 2 mulai Senin, 28 Desember "
                                  "2026, paling lambat Jumat, 29 Januari 2027.")
    text = page_text(response)
    assert "Yang dibawa saat mengambil" in text and "Tempat pengambilan" in text
    bring = parse(response.get_data(as_text=True)).find(".//*[@id='b-bring']")
    assert [li.text for li in bring] == [
        "Tanda terima berkas ini", "KTP-el asli pemohon",
        "Jika diwakilkan: surat kuasa dari pemohon dan KTP-el asli orang yang mengambil"]
    assert "Rabu, 23 Desember 2026 · tepat waktu" in text
    assert "Tempat ambil: Gerai 7, Lantai 2" in text  # the timeline's details


def test_ready_without_a_place_names_the_agencys_counter(maros):
    code = make(maros, step("ready"))
    assert sentence(page(maros, code)).startswith(
        "Siap diambil di Gerai 7, Mal Pelayanan Publik Kabupaten Maros mulai Senin, "
        "21 Desember 2026, paling lambat")


def test_ready_past_the_last_pickup_day_warns(maros, monkeypatch):
    code = make(maros, step("ready", pickup_until=dt.date(2026, 12, 31)))
    today_is(monkeypatch, dt.date(2027, 1, 4))
    response = page(maros, code)
    assert "b-expired" in ids(response)
    assert "Batas waktu pengambilan (Kamis, 31 Desember 2026) sudah lewat" in page_text(response)


def test_ready_late_is_shown_as_late_once_done(maros):
    code = make(maros, step("ready", dt.date(2026, 12, 29)), days=1)
    assert "Selasa, 29 Desember 2026 · lewat dari janji" in page_text(page(maros, code))


def test_collected_says_when_and_never_who(maros):
    code = make(maros, step("ready", dt.date(2026, 12, 23)),
                step("collected", dt.date(2026, 12, 28), collected_by="proxy",
                     collector_name="Budi Santoso", collector_relation="adik kandung"))
    response = page(maros, code)
    assert sentence(response) == "Sudah diambil pada Senin, 28 Desember 2026."
    assert {"b-bring", "b-where", "b-late"}.isdisjoint(ids(response))
    html = response.get_data(as_text=True)
    assert "Budi Santoso" not in html and "adik kandung" not in html
    assert "Diwakilkan" not in html and "proxy" not in html


def test_rejected_gives_the_reason(maros):
    code = make(maros, step("rejected", reason="Foto tidak memenuhi syarat."))
    response = page(maros, code)
    assert sentence(response) == "Ditolak: Foto tidak memenuhi syarat."
    assert "Alasan: Foto tidak memenuhi syarat." in page_text(response)
    assert "b-bring" not in ids(response)


def test_withdrawn(maros):
    code = make(maros, step("withdrawn", dt.date(2026, 12, 22)))
    assert sentence(page(maros, code)) == ("Dibatalkan atas permintaan pemohon pada "
                                         "Selasa, 22 Desember 2026.")


def test_timeline_in_local_time_oldest_first(maros):
    code = make(maros, step("in_progress", dt.date(2026, 12, 22)),
                step("ready", dt.date(2026, 12, 23)))
    timeline = parse(page(maros, code).get_data(as_text=True)).find(".//*[@id='b-timeline']")
    rows = [" ".join("".join(li.itertext()).split()) for li in timeline]
    assert rows[0].startswith("Senin, 21 Desember 2026, 09.00 Berkas diterima")
    assert rows[1].startswith("Selasa, 22 Desember 2026, 09.00 Sedang diproses")
    assert rows[2].startswith("Rabu, 23 Desember 2026, 09.00 Siap diambil")
    assert timeline.find(".//time").get("datetime") == "2026-12-21T09:00:00+08:00"


# --- privacy ------------------------------------------------------------------------------------

def test_the_page_shows_initials_and_nothing_personal(maros):
    code = make(maros, step("in_progress", note="Catatan internal rahasia dua", public=False),
                step("needs_documents", missing=["Akta kelahiran"]),
                step("in_progress"), step("ready"),
                step("collected", collected_by="proxy", collector_name="Budi Santoso",
                     collector_relation="adik kandung"))
    response = page(maros, code)
    html = response.get_data(as_text=True)
    assert "S. A. R." in page_text(response)
    for secret in PRIVATE_TEXTS:
        assert secret not in html, secret
    assert "Akta kelahiran" in html  # what was missing is the citizen's to know


def test_after_the_personal_data_is_erased_the_page_still_works(maros):
    code = make(maros, step("rejected", reason="Data tidak sesuai."))
    with maros.app_context():
        application = db.session.scalar(sa.select(Application).filter_by(code=code))
        application.applicant_name = ""
        db.session.commit()
    response = page(maros, code)
    assert "Pemohon" not in page_text(response)
    assert sentence(response) == "Ditolak: Data tidak sesuai."


# --- addresses: canonical, lookup, refusals -------------------------------------------------------

def test_a_non_canonical_code_redirects_to_the_one_address(maros):
    code = make(maros)
    client = maros.test_client()
    for typed in (code.lower(), grouped(code), grouped(code).lower()):
        response = client.get(f"/berkas/{typed}")
        assert response.status_code == 301
        assert response.location.endswith(f"/berkas/{code}")


def test_lookup_finds_the_code_however_it_is_typed_or_scanned(maros):
    code = make(maros)
    client = maros.test_client()
    for typed in (code, grouped(code).lower(), f" {grouped(code)} ",
                  f"http://mpp.test/berkas/{code}"):
        response = client.get("/berkas", query_string={"kode": typed})
        assert response.status_code == 303, typed
        assert response.location.endswith(f"/berkas/{code}")


def test_lookup_form_without_a_code(maros):
    response = maros.test_client().get("/berkas")
    assert response.status_code == 200
    document = parse(response.get_data(as_text=True))
    form = document.find(".//form[@action='/berkas']")
    assert form.get("method") == "get" and form.find(".//input[@name='kode']") is not None
    assert document.find(".//label[@for='kode-berkas']").text == "Kode berkas"
    assert "kode-berkas-error" not in ids(response)


def test_an_empty_code_asks_for_one(maros):
    response = maros.test_client().get("/berkas?kode=+")
    assert response.status_code == 200
    assert "Tulis kode berkas dari tanda terima Anda." in page_text(response)
    assert parse(response.get_data(as_text=True)).find(".//title").text.startswith("Kesalahan:")


@pytest.mark.parametrize("path", ["/berkas?kode=ABCD-EFGH-JK", "/berkas/ABCDEFGHJK",
                                  "/berkas/abcd-efgh-jk"])
def test_an_unknown_code_shows_the_form_again_with_404(maros, path):
    response = maros.test_client().get(path)
    assert response.status_code == 404
    text = page_text(response)
    assert "Berkas dengan kode ABCD-EFGH-JK tidak ditemukan." in text
    field = parse(response.get_data(as_text=True)).find(".//input[@name='kode']")
    assert field.get("value") == "ABCD-EFGH-JK" and field.get("aria-invalid") == "true"


@pytest.mark.parametrize("path, status, message", [
    ("/berkas?kode=" + "A" * 100_000, 404, "Kode berkas tidak dikenali"),
    ("/berkas/" + "A" * 5_000, 404, "Kode berkas tidak dikenali"),
    ("/berkas?kode=%40%23%24%25", 404, "Kode berkas tidak dikenali"),
    ("/berkas?kode=%E2%80%94%F0%9F%98%80", 404, "Kode berkas tidak dikenali"),
    ("/berkas?kode=" + "9" * 400, 404, "Kode berkas tidak dikenali"),
    ("/berkas?kode=AB%00CD", 400, "karakter yang tidak diizinkan"),
    ("/berkas?kode=%FF%FE", 400, "karakter yang tidak diizinkan"),
    ("/berkas?kode=%ZZ", 400, "karakter yang tidak diizinkan"),
    ("/berkas/AB%00CD", 404, "tidak ditemukan"),
    # Refused at the edge by a real server; Werkzeug's test client hands the view U+FFFD.
    ("/berkas/%FF%FE", 404, ("tidak ditemukan", "Kode berkas tidak dikenali")),
])
def test_bad_input_gets_an_indonesian_message_never_a_500(maros, path, status, message):
    response = maros.test_client().get(path)
    assert response.status_code == status
    messages = message if isinstance(message, tuple) else (message,)
    assert any(m in response.get_data(as_text=True) for m in messages)


def test_the_typed_text_is_not_echoed_raw(maros):
    response = maros.test_client().get("/berkas", query_string={"kode": "<b>x</b>"})
    assert response.status_code == 404
    assert "<b>x</b>" not in response.get_data(as_text=True)


# --- the page as delivered: size, cache, English ---------------------------------------------

def test_a_long_history_still_fits_one_round_trip(maros):
    """Twelve changes, each with its own note of 200 characters and five missing documents."""
    words = ("berkas", "sidik", "jari", "foto", "wawancara", "verifikasi", "data", "arsip",
             "pusat", "cetak", "kirim", "ulang", "antrean", "tanda", "tangan", "kantor")
    steps = []
    for n in range(12):
        note = " ".join(words[(n * 7 + i * 3) % len(words)] + str(n * 31 + i) for i in range(25))
        status = ("in_progress", "at_head_office", "needs_documents")[n % 3]
        missing = [f"Dokumen pendukung {n}-{m} ({words[(n + m) % len(words)]})"
                   for m in range(5)] if status == "needs_documents" else []
        steps.append(step(status, note=note[:200], missing=missing))
    steps += [step("in_progress"), step("ready", pickup_place="Gerai 7, Lantai 2")]
    code = make(maros, *steps)
    response = maros.test_client().get(f"/berkas/{code}", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert len(response.data) <= PAGE_BUDGET, len(response.data)
    timeline = parse(gzip.decompress(response.data).decode()).find(".//*[@id='b-timeline']")
    assert len(timeline) == 15  # every event is on the page that was measured


def test_cached_like_a_ticket_page_revalidated_never_stale(maros):
    code = make(maros)
    client = maros.test_client()
    response = client.get(f"/berkas/{code}")
    cache = response.headers["Cache-Control"]
    assert "no-cache" in cache and "no-store" not in cache and "private" not in cache
    again = client.get(f"/berkas/{code}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304
    assert "Set-Cookie" not in response.headers  # nothing of this visit kept on the server


def test_a_change_shows_at_once(maros):
    code = make(maros)
    client = maros.test_client()
    first = client.get(f"/berkas/{code}")
    with maros.app_context():
        application = db.session.scalar(sa.select(Application).filter_by(code=code))
        change(application, step("ready"))
        db.session.commit()
    second = client.get(f"/berkas/{code}", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    assert sentence(second).startswith("Siap diambil di")


def test_english(maros):
    code = make(maros, step("needs_documents", missing=["Akta kelahiran"],
                          missing_by=dt.date(2026, 12, 30)))
    response = page(maros, code, **{"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert '<html lang="en">' in html
    assert sentence(response) == ("More documents needed: Akta kelahiran. Hand them in by "
                                  "Wednesday, December 30, 2026.")
    text = page_text(response)
    assert "Processing time is paused until the documents are complete" in text
    assert "What to bring to collect it later" in text
    assert "Application history" in text
    lookup = maros.test_client().get("/berkas?kode=!!", headers={"Accept-Language": "en"})
    assert "Application code not recognised" in page_text(lookup)
    assert "Berkas" not in parse(lookup.get_data(as_text=True)).find(".//h1").text


def test_english_late_and_ready_sentences(maros, monkeypatch):
    code = make(maros, step("in_progress"))
    today_is(monkeypatch, dt.date(2026, 12, 28))
    response = page(maros, code, **{"Accept-Language": "en"})
    assert sentence(response) == ("Your application is being processed. Promised completion: "
                                  "Thursday, December 24, 2026.")
    assert "1 working day past the promised completion date" in page_text(response)
    code = make(maros, step("ready", pickup_place="Counter 7", pickup_until=dt.date(2027, 1, 29)))
    assert sentence(page(maros, code, **{"Accept-Language": "en"})) == (
        "Ready for collection at Counter 7 from Monday, December 28, 2026, until Friday, "
        "January 29, 2027.")


# --- the lookup box elsewhere -------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/maros/", "/tiket-saya"])
def test_the_mpp_home_and_my_tickets_carry_the_lookup_box(maros, path):
    response = maros.test_client().get(path)
    document = parse(response.get_data(as_text=True))
    form = document.find(".//form[@action='/berkas']")
    assert form is not None and form.get("method") == "get"
    assert form.find(".//input[@name='kode']").get("id") == "kode-berkas"
    assert document.find(".//*[@id='berkas-h']").text == "Lacak berkas"


@pytest.mark.parametrize("path", ["/maros/", "/ngawi/", "/tiket-saya"])
def test_the_demo_pages_with_the_box_fit_one_round_trip(demo_app, path):
    response = demo_app.test_client().get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert 'action="/berkas"' in gzip.decompress(response.data).decode()
    assert len(response.data) <= PAGE_BUDGET, len(response.data)


def test_the_lookup_component_alone_with_and_without_an_error(maros):
    from flask import render_template_string

    call = '{% from "components/berkas_lookup.html" import berkas_lookup %}{{ berkas_lookup('
    with maros.test_request_context("/"):
        plain = render_template_string(call + "heading=True) }}")
        refused = render_template_string(call + "value='ABCD', error='Tidak ditemukan.') }}")
    assert 'action="/berkas"' in plain and 'method="get"' in plain and 'name="kode"' in plain
    assert '<h2 id="berkas-h">Lacak berkas</h2>' in plain and "aria-invalid" not in plain
    assert "<section" not in refused and 'value="ABCD"' in refused
    assert 'aria-invalid="true"' in refused and "Tidak ditemukan." in refused
    assert 'aria-describedby="kode-berkas-hint kode-berkas-error"' in refused
    parse(f"<!doctype html><title>t</title>{plain}{refused.replace('kode-berkas', 'k2')}")
