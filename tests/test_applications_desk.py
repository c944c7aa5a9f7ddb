"""The counter desk over HTTP: receive an application (with and without a ticket, once for a
double submit), the receipt on screen and for print, the staff detail page with its one status
form (allowed changes only, stale forms, confirmations), and the pickup desk (code or scanned
address, not ready, another agency's, already collected). Roles and agencies throughout."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from mpp_lite.codes import grouped
from mpp_lite.extensions import db
from mpp_lite.models import Application, ApplicationEvent, Ticket

from support.desk import (
    application, freeze_monday, hidden_fields, received, set_processing_days,
)
from support.editing import service_id
from support.html import page_text, parse, text
from support.officer import ids, walkin
from support.staff import login, post

RECEIVE, PICKUP = "/kelola/berkas/terima", "/kelola/berkas/ambil"


@pytest.fixture(autouse=True)
def monday(monkeypatch):
    return freeze_monday(monkeypatch)


def receive_form(client, **query) -> tuple[str, dict[str, str]]:
    response = client.get(RECEIVE, query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    html = response.get_data(as_text=True)
    return html, hidden_fields(html)


def detail_form(client, application_id: int) -> dict[str, str]:
    response = client.get(f"/kelola/berkas/{application_id}")
    assert response.status_code == 200
    return hidden_fields(response.get_data(as_text=True))


def change(client, application_id: int, hidden: dict[str, str], **data):
    return post(client, f"/kelola/berkas/{application_id}/status",
                version=hidden["version"], idempotency_key=hidden["idempotency_key"], **data)


# --- roles and tools --------------------------------------------------------------------------

def test_officers_and_admins_have_the_desk_tools_and_others_get_403(web_app):
    for username in ("dukcapil.maros", "admin.maros"):
        home = login(web_app, username).get("/staff/").get_data(as_text=True)
        assert f'href="{RECEIVE}"' in home and f'href="{PICKUP}"' in home
    application_id, _code = received(web_app)
    for username in ("desa.maros", "pendamping.maros"):
        client = login(web_app, username)
        assert f'href="{RECEIVE}"' not in client.get("/staff/").get_data(as_text=True)
        for path in (RECEIVE, PICKUP, f"/kelola/berkas/{application_id}",
                     f"/kelola/berkas/{application_id}/tanda-terima"):
            assert client.get(path).status_code == 403, (username, path)
    anonymous = web_app.test_client().get(f"/kelola/berkas/{application_id}")
    assert anonymous.status_code == 302 and "/staff/login" in anonymous.location


def test_another_agency_gets_403_and_another_site_404(web_app):
    application_id, _code = received(web_app)
    imigrasi = login(web_app, "imigrasi.maros")
    ngawi = login(web_app, "admin.ngawi")
    for path in (f"/kelola/berkas/{application_id}",
                 f"/kelola/berkas/{application_id}/tanda-terima"):
        assert imigrasi.get(path).status_code == 403
        assert ngawi.get(path).status_code == 404
    assert login(web_app, "admin.maros").get(f"/kelola/berkas/{application_id}").status_code \
        == 200
    hidden = detail_form(login(web_app, "dukcapil2.maros"), application_id)
    refused = change(imigrasi, application_id, hidden, status="in_progress")
    assert refused.status_code == 403
    assert application(web_app, application_id).status == "received"
    for path in ("/kelola/berkas/99999999999999999999999", "/kelola/berkas/0"):
        assert imigrasi.get(path).status_code == 404


# --- receive ----------------------------------------------------------------------------------

def test_an_officer_picks_only_their_agencys_services(web_app):
    client = login(web_app, "dukcapil.maros")
    html, _hidden = receive_form(client)
    options = set(re.findall(r'<option value="(\d+)"', html))
    mine = {str(service_id(web_app, "ktp-el-baru")), str(service_id(web_app, "kk-perubahan"))}
    assert options == mine
    admin_html, _ = receive_form(login(web_app, "admin.maros"))
    assert str(service_id(web_app, "paspor-baru")) in admin_html
    # Another agency's service typed into the address: refused with a message, not received.
    refused = client.get(RECEIVE, query_string={"layanan": service_id(web_app, "paspor-baru")})
    assert refused.status_code == 422
    assert "Pilih layanan dari daftar." in page_text(refused)
    assert client.get(RECEIVE, query_string={"layanan": "é" * 5}).status_code == 422


def test_receive_shows_the_promise_and_makes_one_application_for_a_double_submit(web_app):
    ktp = set_processing_days(web_app, "ktp-el-baru", 3)
    client = login(web_app, "dukcapil.maros")
    html, hidden = receive_form(client, layanan=ktp)
    words = text(html)
    # Monday 1 March + 3 working days → Thursday 4 March 2027.
    assert "3 hari kerja: paling lambat 4 Maret 2027" in words
    assert "Kartu Keluarga (KK)" in words and "Surat keterangan lahir" in words
    data = dict(service=hidden["service"], ticket="", idempotency_key=hidden["idempotency_key"],
                applicant_name="Siti Aminah", phone="0812 3456 7890",
                documents=["Kartu Keluarga (KK)", "Surat keterangan lahir"],
                documents_note="Fotokopi akta nikah orang tua", note="Foto ulang besok")
    first = post(client, RECEIVE, **data)
    assert first.status_code == 303 and first.location.endswith("/tanda-terima")
    again = post(client, RECEIVE, **data)  # the same form sent twice (double tap, retry)
    assert again.status_code == 303 and again.location == first.location
    with web_app.app_context():
        stored = db.session.scalars(sa.select(Application)).all()
        assert len(stored) == 1
        record = stored[0]
        assert record.applicant_name == "Siti Aminah" and record.phone == "0812 3456 7890"
        assert record.documents == ["Kartu Keluarga (KK)", "Surat keterangan lahir"]
        assert record.documents_note == "Fotokopi akta nikah orang tua"
        assert record.due_date == dt.date(2027, 3, 4) and record.processing_days == 3
        assert record.received_by.username == "dukcapil.maros"
        assert [e.status for e in record.events] == ["received"]


def test_a_service_without_processing_days_promises_no_date(web_app):
    ktp = set_processing_days(web_app, "ktp-el-baru", None)
    client = login(web_app, "dukcapil.maros")
    html, hidden = receive_form(client, layanan=ktp)
    assert "Tanpa janji tanggal: layanan selesai di tempat / belum ditentukan" in text(html)
    response = post(client, RECEIVE, service=hidden["service"],
                    idempotency_key=hidden["idempotency_key"], applicant_name="Budi")
    assert response.status_code == 303
    receipt = client.get(response.location)
    assert "Tanpa janji tanggal" in page_text(receipt)


@pytest.mark.parametrize("fields, message", [
    ({"applicant_name": ""}, "Tulis nama pemohon."),
    ({"applicant_name": "x" * 81}, "Nama paling panjang 80 karakter."),
    ({"phone": "bukan nomor"}, "Tulis nomor HP dengan angka saja"),
    ({"documents": ["Dokumen yang tidak ada di daftar"]}, "Periksa lagi centangnya."),
    ({"note": "a" * 1001}, "Paling panjang 1000 karakter."),
])
def test_bad_receive_input_gets_a_message_and_saves_nothing(web_app, fields, message):
    ktp = set_processing_days(web_app, "ktp-el-baru", 3)
    client = login(web_app, "dukcapil.maros")
    _html, hidden = receive_form(client, layanan=ktp)
    data = {"service": hidden["service"], "idempotency_key": hidden["idempotency_key"],
            "applicant_name": "Siti", **fields}
    response = post(client, RECEIVE, **data)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message in text(body) and "<title>Kesalahan:" in body
    with web_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 0


def test_nul_bytes_and_a_stale_form_get_clear_messages(web_app):
    ktp = set_processing_days(web_app, "ktp-el-baru", 3)
    client = login(web_app, "dukcapil.maros")
    _html, hidden = receive_form(client, layanan=ktp)
    # The edge (web/edge.py) refuses control characters before the view: a page, no record.
    response = post(client, RECEIVE, service=hidden["service"],
                    idempotency_key=hidden["idempotency_key"], applicant_name="Si\x00ti")
    assert response.status_code == 400 and "<h1>" in response.get_data(as_text=True)
    assert client.get(PICKUP, query_string={"kode": "\x00"}).status_code == 400
    with web_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 0
    # An expired form (staff.routes.form_expired): back to the page, told, nothing saved.
    stale = client.post(RECEIVE, data={"service": hidden["service"], "applicant_name": "Budi",
                                       "csrf_token": "kedaluwarsa"},
                        headers={"Referer": f"http://localhost{RECEIVE}?layanan={ktp}"})
    assert stale.status_code == 303
    assert "Formulir ini sudah kedaluwarsa" in page_text(client.get(stale.location))
    with web_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Application)) == 0
    # A service id from another page, or a broken one, is refused, never a 500.
    for service in ("99999999999999999999", "-1", "é"):
        refused = post(client, RECEIVE, service=service, applicant_name="Budi")
        assert refused.status_code == 422, service


def test_receive_from_a_ticket_is_prefilled_and_linked_to_it(web_app):
    client = login(web_app, "dukcapil.maros")
    code = walkin(client, web_app, name="Rahmat Hidayat")
    with web_app.app_context():
        ticket = db.session.scalar(sa.select(Ticket).filter_by(code=code))
        ticket.phone = "081355550000"
        db.session.commit()
        ticket_id = ticket.id
    html, hidden = receive_form(client, tiket=ticket_id)
    assert 'value="Rahmat Hidayat"' in html and 'value="081355550000"' in html
    assert hidden["ticket"] == str(ticket_id)
    assert hidden["service"] == str(service_id(web_app, "ktp-el-baru"))
    response = post(client, RECEIVE, service=hidden["service"], ticket=hidden["ticket"],
                    idempotency_key=hidden["idempotency_key"], applicant_name="Rahmat Hidayat",
                    phone="081355550000")
    assert response.status_code == 303
    with web_app.app_context():
        assert db.session.scalar(sa.select(Application.ticket_id)) == ticket_id
    # Another agency's officer may not receive from it; another site's does not see it.
    assert login(web_app, "imigrasi.maros").get(RECEIVE, query_string={"tiket": ticket_id}) \
        .status_code == 403
    assert login(web_app, "admin.ngawi").get(RECEIVE, query_string={"tiket": ticket_id}) \
        .status_code == 404
    for raw in ("abc", "99999999999999999999", "0"):
        assert client.get(RECEIVE, query_string={"tiket": raw}).status_code == 404


def test_the_console_offers_terima_berkas_for_a_ticket_being_served_or_done(web_app):
    client = login(web_app, "dukcapil.maros")
    code = walkin(client, web_app)
    gerai = ids(web_app, "Gerai 1")
    with web_app.app_context():
        ticket_id = db.session.scalar(sa.select(Ticket.id).filter_by(code=code))
    link = f'href="{RECEIVE}?tiket={ticket_id}"'
    assert post(client, f"/petugas/gerai/{gerai}/status", status="open").status_code == 303
    assert post(client, f"/petugas/gerai/{gerai}/panggil").status_code == 303
    console = f"/petugas/gerai/{gerai}"
    assert link not in client.get(console).get_data(as_text=True)  # called, not yet served
    assert post(client, f"{console}/tiket/{ticket_id}/mulai").status_code == 303
    assert link in client.get(console).get_data(as_text=True)
    assert post(client, f"{console}/tiket/{ticket_id}/selesai").status_code == 303
    assert link in client.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    # The link leads to the form filled in from the ticket.
    html, hidden = receive_form(client, tiket=ticket_id)
    assert hidden["ticket"] == str(ticket_id) and 'value="Warga"' in html
    # "Ganti layanan" goes back to the choice of service, keeping the ticket.
    picker, _ = receive_form(client, tiket=ticket_id, pilih=1)
    assert 'name="layanan"' in picker and f'name="tiket" value="{ticket_id}"' in picker


# --- the receipt ------------------------------------------------------------------------------

def test_the_receipt_shows_what_the_citizen_needs_and_no_nik(web_app):
    application_id, code = received(web_app, documents=["Kartu Keluarga (KK)"],
                                    documents_note="Surat pengantar RT")
    client = login(web_app, "dukcapil.maros")
    response = client.get(f"/kelola/berkas/{application_id}/tanda-terima")
    assert response.status_code == 200
    words = page_text(response)
    for expected in ("Mal Pelayanan Publik Kabupaten Maros",
                     "Dinas Kependudukan dan Pencatatan Sipil", "KTP-el baru", grouped(code),
                     "Siti Aminah", "1 Maret 2027", "4 Maret 2027", "Kartu Keluarga (KK)",
                     "Surat pengantar RT",
                     "tanda terima ini dan KTP-el Anda", "surat kuasa"):
        assert expected in words, expected
    assert "NIK" not in words
    assert re.search(rf"https?://[^ /]+/berkas/{code}\b", words)  # the public address
    body = response.get_data(as_text=True)
    assert "<svg" in body and "?format=a4" in body and "?format=58" in body
    for size, layout in (("a4", "rc-a4"), ("58", "rc-58 slip-")):
        printed = client.get(f"/kelola/berkas/{application_id}/tanda-terima?format={size}")
        assert printed.status_code == 200
        html = printed.get_data(as_text=True)
        parse(html)  # valid HTML
        assert layout in html and grouped(code) in html
        assert re.search(r'href="[^"]*/print\.[^"]*css"', html), "the print stylesheet"
    # An unknown format is the screen view, not an error.
    assert client.get(f"/kelola/berkas/{application_id}/tanda-terima?format=pdf") \
        .status_code == 200


# --- detail and status changes ----------------------------------------------------------------

def test_detail_offers_only_the_allowed_next_statuses_and_records_who(web_app):
    application_id, _code = received(web_app, statuses=("ready",))
    client = login(web_app, "dukcapil2.maros")
    html = client.get(f"/kelola/berkas/{application_id}").get_data(as_text=True)
    parse(html)
    assert re.findall(r'name="status"[^>]*value="([a-z_]+)"', html) == ["collected"]
    received_id, _ = received(web_app)
    html = client.get(f"/kelola/berkas/{received_id}").get_data(as_text=True)
    offered = re.findall(r'name="status"[^>]*value="([a-z_]+)"', html)
    assert offered == ["in_progress", "at_head_office", "needs_documents", "ready",
                       "collected", "rejected", "withdrawn"]
    hidden = hidden_fields(html)
    response = change(client, received_id, hidden, status="in_progress",
                      note="Berkas dikirim ke bagian cetak", public="y")
    assert response.status_code == 303
    stored = application(web_app, received_id)
    assert stored.status == "in_progress"
    assert stored.events[-1].note == "Berkas dikirim ke bagian cetak"
    page = page_text(client.get(f"/kelola/berkas/{received_id}"))
    assert "dukcapil2.maros" in page and "dukcapil.maros" in page  # who did each step
    assert "4 Maret 2027 (3 hari kerja)" in page and "Siti Aminah" in page


def test_a_status_the_application_cannot_take_is_refused(web_app):
    application_id, _code = received(web_app, statuses=("ready",))
    client = login(web_app, "dukcapil.maros")
    hidden = detail_form(client, application_id)
    response = change(client, application_id, hidden, status="in_progress")
    assert response.status_code == 422
    assert "Pilih salah satu status yang tersedia." in page_text(response)
    assert application(web_app, application_id).status == "ready"


def test_needs_documents_wants_the_list_and_a_sensible_date(web_app):
    application_id, _code = received(web_app)
    client = login(web_app, "dukcapil.maros")
    hidden = detail_form(client, application_id)
    empty = change(client, application_id, hidden, status="needs_documents")
    assert empty.status_code == 422
    assert "Sebutkan dokumen yang masih kurang." in page_text(empty)
    for bad, message in (("2027-13-45", "Tanggal tidak sah"),
                         ("2026-01-01", "tidak boleh sebelum hari ini"),
                         ("9" * 40, "Tanggal tidak sah")):
        refused = change(client, application_id, hidden, status="needs_documents",
                         missing="Akta kelahiran", missing_by=bad)
        assert refused.status_code == 422 and message in page_text(refused), bad
    done = change(client, application_id, hidden, status="needs_documents",
                  missing="Akta kelahiran\nSurat nikah", missing_by="2027-03-08")
    assert done.status_code == 303
    stored = application(web_app, application_id)
    assert stored.missing == ["Akta kelahiran", "Surat nikah"]
    assert stored.missing_by == dt.date(2027, 3, 8) and stored.paused_on == dt.date(2027, 3, 1)
    assert "Jam berhenti" in page_text(client.get(f"/kelola/berkas/{application_id}"))


def test_ready_records_where_and_when_to_pick_up(web_app):
    application_id, _code = received(web_app)
    client = login(web_app, "dukcapil.maros")
    hidden = detail_form(client, application_id)
    bad = change(client, application_id, hidden, status="ready", pickup_from="2027-03-10",
                 pickup_until="2027-03-05")
    assert bad.status_code == 422
    assert "Batas ambil harus sesudah tanggal mulai ambil." in page_text(bad)
    done = change(client, application_id, hidden, status="ready",
                  pickup_place="Gerai 1, lantai 1", pickup_until="2027-03-31")
    assert done.status_code == 303
    stored = application(web_app, application_id)
    assert (stored.pickup_place, stored.pickup_from, stored.pickup_until) == (
        "Gerai 1, lantai 1", dt.date(2027, 3, 1), dt.date(2027, 3, 31))


@pytest.mark.parametrize("status", ["rejected", "withdrawn"])
def test_rejecting_or_withdrawing_needs_a_confirmation(web_app, status):
    application_id, _code = received(web_app)
    client = login(web_app, "dukcapil.maros")
    hidden = detail_form(client, application_id)
    unconfirmed = change(client, application_id, hidden, status=status, reason="Data beda")
    assert unconfirmed.status_code == 422
    assert "Centang kotak ini untuk memastikan." in page_text(unconfirmed)
    assert application(web_app, application_id).status == "received"
    confirmed = change(client, application_id, hidden, status=status, reason="Data beda",
                       confirm="y")
    assert confirmed.status_code == 303
    assert application(web_app, application_id).status == status
    final = client.get(f"/kelola/berkas/{application_id}")
    assert "statusnya tidak bisa diubah lagi" in page_text(final)
    assert 'name="status"' not in final.get_data(as_text=True)


def test_rejection_without_a_reason_is_refused(web_app):
    application_id, _code = received(web_app)
    client = login(web_app, "dukcapil.maros")
    hidden = detail_form(client, application_id)
    response = change(client, application_id, hidden, status="rejected", confirm="y")
    assert response.status_code == 422
    assert "Tulis alasan penolakan" in page_text(response)


def test_a_stale_form_says_someone_else_changed_it_and_a_resend_is_harmless(web_app):
    application_id, _code = received(web_app)
    first, second = login(web_app, "dukcapil.maros"), login(web_app, "dukcapil2.maros")
    hidden_first = detail_form(first, application_id)
    hidden_second = detail_form(second, application_id)
    assert change(first, application_id, hidden_first, status="in_progress").status_code == 303
    # The same form sent again (a double tap): done the first time, no error.
    again = change(first, application_id, hidden_first, status="in_progress")
    assert again.status_code == 303
    # The colleague's page was opened before the change: told, not overwritten.
    stale = change(second, application_id, hidden_second, status="at_head_office")
    assert stale.status_code == 409
    assert "sudah diubah petugas lain" in page_text(stale)
    assert "Sedang diproses" in page_text(stale)
    stored = application(web_app, application_id)
    assert stored.status == "in_progress" and len(stored.events) == 2
    # The page shown with the message carries the new version: sending it again works.
    retry = change(second, application_id, hidden_fields(stale.get_data(as_text=True)),
                   status="at_head_office")
    assert retry.status_code == 303
    assert application(web_app, application_id).status == "at_head_office"


def test_an_internal_note_is_marked_and_stays_off_the_public_page(web_app):
    application_id, code = received(web_app)
    client = login(web_app, "dukcapil.maros")
    hidden = detail_form(client, application_id)
    assert change(client, application_id, hidden, status="in_progress",
                  note="Foto pemohon buram, cetak ulang").status_code == 303  # public unticked
    assert "(hanya petugas)" in page_text(client.get(f"/kelola/berkas/{application_id}"))
    stored = application(web_app, application_id)
    assert stored.events[-1].public is False
    public = web_app.test_client().get(f"/berkas/{code}")
    if public.status_code == 200:  # the citizen's page (another module) leaves it out
        assert "Foto pemohon buram" not in public.get_data(as_text=True)


# --- pickup -----------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", [
    "{code}", "{grouped_lower}", " {grouped} ", "http://localhost/berkas/{code}",
    "https://mpp.example.id/berkas/{code}?utm=x",
])
def test_pickup_finds_the_application_by_code_or_scanned_address(web_app, typed):
    application_id, code = received(web_app, statuses=("ready",))
    client = login(web_app, "dukcapil.maros")
    kode = typed.format(code=code, grouped=grouped(code), grouped_lower=grouped(code).lower())
    response = client.get(PICKUP, query_string={"kode": kode})
    assert response.status_code == 200
    words = page_text(response)
    assert "Siti Aminah" in words and "KTP-el baru" in words and "Siap diambil" in words
    assert hidden_fields(response.get_data(as_text=True))["application"] == str(application_id)


@pytest.mark.parametrize("typed", ["", "ZZZZZZZZZZ", "x" * 5000, "%ff", "<b>", "/berkas/"])
def test_pickup_with_an_unknown_code_says_so(web_app, typed):
    received(web_app, statuses=("ready",))
    response = login(web_app, "dukcapil.maros").get(PICKUP, query_string={"kode": typed})
    assert response.status_code == 404
    assert "Kode berkas tidak ditemukan" in page_text(response)


def test_pickup_refuses_another_agencys_and_another_sites_application(web_app):
    _id, code = received(web_app, statuses=("ready",))
    other = login(web_app, "imigrasi.maros").get(PICKUP, query_string={"kode": code})
    assert other.status_code == 403
    words = page_text(other)
    assert "bukan instansi Anda" in words and "Siti Aminah" not in words
    ngawi = login(web_app, "dukcapil.ngawi").get(PICKUP, query_string={"kode": code})
    assert ngawi.status_code == 404 and "Siti Aminah" not in page_text(ngawi)


def test_pickup_of_an_application_not_ready_says_its_status_and_offers_no_handover(web_app):
    _id, code = received(web_app, statuses=("in_progress",))
    response = login(web_app, "dukcapil.maros").get(PICKUP, query_string={"kode": code})
    assert response.status_code == 200
    assert "Belum siap diambil. Status sekarang: Sedang diproses." in page_text(response)
    assert 'name="collected_by"' not in response.get_data(as_text=True)


def test_handover_to_a_proxy_is_recorded_and_never_twice(web_app):
    application_id, code = received(web_app, statuses=("ready",))
    client = login(web_app, "dukcapil.maros")
    page = client.get(PICKUP, query_string={"kode": code})
    hidden = hidden_fields(page.get_data(as_text=True))
    form = {k: hidden[k] for k in ("application", "version", "idempotency_key")}
    nameless = post(client, PICKUP, collected_by="proxy", **form)
    assert nameless.status_code == 422
    assert "Tulis nama orang yang mengambil." in page_text(nameless)
    done = post(client, PICKUP, collected_by="proxy", collector_name="Andi",
                collector_relation="suami", **form)
    assert done.status_code == 303
    after = client.get(done.location)
    words = page_text(after)
    assert "Sudah diambil: jangan diserahkan lagi." in words
    assert "Andi (suami)" in words and "Petugas: dukcapil.maros" in words
    assert 'name="collected_by"' not in after.get_data(as_text=True)
    # The same form again (double tap): no second handover, no error.
    assert post(client, PICKUP, collected_by="proxy", collector_name="Andi",
                collector_relation="suami", **form).status_code == 303
    # A colleague's page opened before: refused with the conflict, and who took it when.
    late = post(login(web_app, "dukcapil2.maros"), PICKUP, collected_by="applicant",
                **{**form, "idempotency_key": "another-page"})
    assert late.status_code == 409
    assert "Sudah diambil" in page_text(late)
    stored = application(web_app, application_id)
    assert stored.status == "collected" and stored.collector_name == "Andi"
    assert [e.status for e in stored.events].count("collected") == 1


def test_handover_with_forged_hidden_fields_is_refused(web_app):
    application_id, code = received(web_app, statuses=("ready",))
    client = login(web_app, "dukcapil.maros")
    for forged in ("", "abc", "99999999999999999999", "-4"):
        response = post(client, PICKUP, application=forged, version="1",
                        collected_by="applicant")
        assert response.status_code == 404, forged
    version = hidden_fields(client.get(PICKUP, query_string={"kode": code})
                            .get_data(as_text=True))["version"]
    imigrasi = login(web_app, "imigrasi.maros")
    assert post(imigrasi, PICKUP, application=str(application_id), version=version,
                collected_by="applicant").status_code == 403
    odd = post(client, PICKUP, application=str(application_id), version=version,
               collected_by="someone")
    assert odd.status_code == 422 and "Pilih siapa yang mengambil." in page_text(odd)
    assert application(web_app, application_id).status == "ready"
    with web_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ApplicationEvent)
                                 .where(ApplicationEvent.status == "collected")) == 0
