"""The self-service kiosk (anjungan) over HTTP: the admin registers a kiosk and gets a one-time
pairing code (single use, expiring); the device's credential (a cookie scoped to /kios) can
issue walk-in tickets for its own site and agencies and nothing else; revocation; honest
refusals; a double tap is one ticket; channel "kiosk" and the kiosk are recorded."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import Agency, AuditEntry, Counter, Kiosk, Site, Ticket

from support.catalogs import queue_site
from support.html import text
from support.queue import NOW, book, service
from support.staff import csrf_token, login, post


def _sites():
    return (queue_site(), queue_site("ngawi", name="MPP Ngawi", timezone="Asia/Jakarta"))


pytestmark = pytest.mark.staff_app(sites=_sites)

CODE = re.compile(r'<code id="pairing-code">([A-Z0-9]{4})-([A-Z0-9]{4})</code>')
KEY = re.compile(r'name="idempotency_key" type="hidden" value="([^"]+)"')


@pytest.fixture(autouse=True)
def at_ten(clock):
    clock(NOW)  # Tuesday 24 November 2026, 10.00 WITA: Maros is open


def agency_id(app, slug: str, site: str = "maros") -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Agency.id).join(Site).where(
            Site.slug == site, Agency.slug == slug))


def sid(app, slug: str = "ktp-el-baru", site: str = "maros") -> int:
    with app.app_context():
        return service(slug, site).id


def register(admin, app, name: str = "Anjungan lobi", agencies: tuple[str, ...] = (
        "disdukcapil",)) -> int:
    response = post(admin, "/kelola/anjungan", name=name, location="Lobi lantai 1",
                    agencies=[str(agency_id(app, a)) for a in agencies])
    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        return db.session.scalar(sa.select(Kiosk.id).filter_by(name=name))


def pairing_code(admin, kiosk_id: int) -> str:
    response = post(admin, f"/kelola/anjungan/{kiosk_id}/kode")
    assert response.status_code == 200
    match = CODE.search(response.get_data(as_text=True))
    assert match, "no pairing code shown"
    return match.group(1) + match.group(2)


def pair(app, code: str):
    """(device client, response of the pairing form)."""
    device = app.test_client()
    token = csrf_token(device, "/kios/pasang")
    response = device.post("/kios/pasang", data={"code": code, "csrf_token": token})
    return device, response


def paired_device(app, agencies: tuple[str, ...] = ("disdukcapil",), name: str = "Anjungan lobi"):
    admin = login(app, "admin.maros")
    kiosk_id = register(admin, app, name, agencies)
    device, response = pair(app, pairing_code(admin, kiosk_id))
    assert response.status_code == 303 and response.location == "/kios"
    return device, kiosk_id, admin


def credential(response) -> str:
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("mpp_kiosk="))
    return cookie.split(";", 1)[0].split("=", 1)[1]


def form_key(device, service_id: int) -> tuple[str, str]:
    page = device.get(f"/kios/layanan/{service_id}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    return KEY.search(body).group(1), re.search(
        r'name="csrf_token" type="hidden" value="([^"]+)"', body).group(1)


def tap(device, service_id: int, category: str = "biasa", key: str | None = None):
    fresh_key, token = form_key(device, service_id)
    return device.post(f"/kios/layanan/{service_id}", data={
        "csrf_token": token, "idempotency_key": key or fresh_key, "category": category})


def tickets(app) -> list[Ticket]:
    with app.app_context():
        found = list(db.session.scalars(sa.select(Ticket).order_by(Ticket.id)))
        db.session.expunge_all()
        return found


# --- the admin's pages --------------------------------------------------------------------------

def test_kiosk_list_starts_empty_and_registering_is_audited(web_app):
    admin = login(web_app, "admin.maros")
    page = admin.get("/kelola/anjungan")
    assert page.status_code == 200
    assert "Belum ada anjungan" in page.get_data(as_text=True)
    assert "no-store" in page.headers["Cache-Control"]
    kiosk_id = register(admin, web_app)
    body = admin.get("/kelola/anjungan").get_data(as_text=True)
    assert "Anjungan lobi" in body and "Belum dipasang" in body
    with web_app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).filter_by(entity="kiosk",
                                                                   entity_id=kiosk_id))
        assert entry.action == "create" and "token_hash" not in (entry.after or {})


def test_registering_needs_a_name_and_an_agency_of_this_site(web_app):
    admin = login(web_app, "admin.maros")
    response = post(admin, "/kelola/anjungan", name="", agencies=[])
    assert response.status_code == 422
    body = text(response.get_data(as_text=True))
    assert "Tulis nama anjungan" in body and "paling sedikit satu instansi" in body
    ngawi_agency = agency_id(web_app, "disdukcapil", "ngawi")
    response = post(admin, "/kelola/anjungan", name="X", agencies=[str(ngawi_agency)])
    assert response.status_code == 422
    assert "Pilih instansi di MPP ini" in response.get_data(as_text=True)


def test_only_the_sites_admin_manages_kiosks(web_app):
    admin = login(web_app, "admin.maros")
    kiosk_id = register(admin, web_app)
    assert web_app.test_client().get("/kelola/anjungan").status_code == 302
    for username in ("dukcapil.maros", "pendamping.maros"):
        assert login(web_app, username).get("/kelola/anjungan").status_code == 403
    other = login(web_app, "admin.ngawi")
    assert other.get(f"/kelola/anjungan/{kiosk_id}/ubah").status_code == 404
    assert post(other, f"/kelola/anjungan/{kiosk_id}/kode").status_code == 404


def test_editing_changes_the_agencies_offered(web_app):
    device, kiosk_id, admin = paired_device(web_app)
    paspor = sid(web_app, "paspor-baru")
    assert device.get(f"/kios/layanan/{paspor}").status_code == 404
    response = post(admin, f"/kelola/anjungan/{kiosk_id}/ubah", name="Anjungan lobi",
                    location="", agencies=[str(agency_id(web_app, "imigrasi"))])
    assert response.status_code == 303
    assert device.get(f"/kios/layanan/{paspor}").status_code == 200
    assert device.get(f"/kios/layanan/{sid(web_app)}").status_code == 404


# --- pairing ----------------------------------------------------------------------------------

def test_pairing_sets_a_scoped_httponly_cookie_and_the_code_works_once(web_app):
    admin = login(web_app, "admin.maros")
    kiosk_id = register(admin, web_app)
    code = pairing_code(admin, kiosk_id)
    device, response = pair(web_app, code)
    assert response.status_code == 303
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("mpp_kiosk="))
    assert "Path=/kios" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert device.get("/kios").status_code == 200
    second, again = pair(web_app, code)
    assert again.status_code == 422
    assert "sudah dipakai" in again.get_data(as_text=True)
    assert second.get("/kios").status_code == 303
    with web_app.app_context():
        kiosk = db.session.get(Kiosk, kiosk_id)
        assert kiosk.pairing_hash is None and kiosk.token_hash != credential(response)


def test_a_pairing_code_expires(web_app, clock):
    admin = login(web_app, "admin.maros")
    code = pairing_code(admin, register(admin, web_app))
    clock(NOW + dt.timedelta(minutes=16))
    device, response = pair(web_app, code)
    assert response.status_code == 422
    assert device.get("/kios").status_code == 303


def test_a_new_code_retires_the_previous_device(web_app):
    device, kiosk_id, admin = paired_device(web_app)
    replacement, response = pair(web_app, pairing_code(admin, kiosk_id))
    assert response.status_code == 303
    assert replacement.get("/kios").status_code == 200
    assert device.get("/kios").status_code == 303


def test_a_wrong_or_malformed_code_is_a_clear_message(web_app):
    for code in ("ABCD-EFGH", "x" * 200, "", "🙂"):
        _device, response = pair(web_app, code)
        assert response.status_code == 422
        assert "Kode salah" in response.get_data(as_text=True)


# --- revocation and what the credential may not do --------------------------------------------

def test_a_revoked_kiosk_is_refused_at_once(web_app):
    device, kiosk_id, admin = paired_device(web_app)
    assert "Terpasang" in admin.get("/kelola/anjungan").get_data(as_text=True)
    confirm = admin.get(f"/kelola/anjungan/{kiosk_id}/cabut")
    assert confirm.status_code == 200 and "Cabut anjungan?" in confirm.get_data(as_text=True)
    assert device.get("/kios").status_code == 200  # the confirmation page changed nothing
    assert post(admin, f"/kelola/anjungan/{kiosk_id}/cabut").status_code == 303
    response = device.get("/kios")
    assert response.status_code == 303 and response.location == "/kios/pasang"
    assert device.get(f"/kios/layanan/{sid(web_app)}").status_code == 303
    assert post(admin, f"/kelola/anjungan/{kiosk_id}/kode").status_code == 422
    listed = text(admin.get("/kelola/anjungan").get_data(as_text=True))
    assert "Dicabut 2026-11-24 10.00" in listed and "Buat kode pemasangan" not in listed.split(
        "Daftar anjungan")[1].split("Tiket hari ini per saluran")[0]
    with web_app.app_context():
        actions = list(db.session.scalars(sa.select(AuditEntry.summary).filter_by(
            entity="kiosk", entity_id=kiosk_id)))
        assert any("dicabut" in summary for summary in actions)


STAFF_PATHS = ["/staff/", "/kelola/anjungan", "/pendamping/", "/kelola/pengumuman",
               "/kelola/token-api"]


@pytest.mark.parametrize("path", STAFF_PATHS)
def test_the_kiosk_credential_is_no_staff_login(web_app, path):
    admin = login(web_app, "admin.maros")
    kiosk_id = register(admin, web_app)
    _device, response = pair(web_app, pairing_code(admin, kiosk_id))
    token = credential(response)
    stranger = web_app.test_client()
    # Even sent by hand outside its path, the cookie opens no staff page.
    answer = stranger.get(path, headers={"Cookie": f"mpp_kiosk={token}"})
    assert answer.status_code == 302 and answer.location.startswith("/staff/login")


def test_the_kiosk_credential_is_no_api_token(web_app):
    admin = login(web_app, "admin.maros")
    _device, response = pair(web_app, pairing_code(admin, register(admin, web_app)))
    answer = web_app.test_client().post(
        "/api/v1/sites/maros/applications", json={"service": "ktp-el-baru"},
        headers={"Authorization": f"Bearer {credential(response)}"})
    assert answer.status_code == 401
    assert answer.is_json


def test_a_kiosk_offers_only_its_own_agencies_and_site(web_app):
    device, _kiosk_id, _admin = paired_device(web_app)
    assert device.get(f"/kios/layanan/{sid(web_app, 'paspor-baru')}").status_code == 404
    assert device.get(f"/kios/layanan/{sid(web_app, site='ngawi')}").status_code == 404
    assert device.get(f"/kios/instansi/{agency_id(web_app, 'imigrasi')}").status_code == 404
    key, token = form_key(device, sid(web_app))
    refused = device.post(f"/kios/layanan/{sid(web_app, 'paspor-baru')}", data={
        "csrf_token": token, "idempotency_key": key, "category": "biasa"})
    assert refused.status_code == 404
    start = device.get("/kios").get_data(as_text=True)
    assert "KTP-el baru" in start and "Paspor" not in start
    assert tickets(web_app) == []


def test_a_kiosk_shows_no_ticket_but_its_own_of_today(web_app, clock):
    device, _kiosk_id, admin = paired_device(web_app)
    with web_app.app_context():
        online = book().code
    assert device.get(f"/kios/tiket/{online}").status_code == 404
    other_kiosk = register(admin, web_app, "Anjungan dua")
    other, _response = pair(web_app, pairing_code(admin, other_kiosk))
    mine = tap(device, sid(web_app))
    code = mine.location.split("/kios/tiket/")[1].split("?")[0]
    assert other.get(f"/kios/tiket/{code}").status_code == 404
    assert device.get(f"/kios/tiket/{code}").status_code == 200
    clock(NOW + dt.timedelta(days=1))
    assert device.get(f"/kios/tiket/{code}").status_code == 404


# --- issuing -------------------------------------------------------------------------------

def test_a_ticket_records_channel_kiosk_and_the_kiosk(web_app):
    device, kiosk_id, admin = paired_device(web_app)
    response = tap(device, sid(web_app), "lansia")
    assert response.status_code == 303
    assert "/kios/tiket/" in response.location and "cetak=1" in response.location
    [ticket] = tickets(web_app)
    assert (ticket.channel, ticket.kiosk_id, ticket.priority) == ("kiosk", kiosk_id, "lansia")
    assert ticket.day == dt.date(2026, 11, 24) and ticket.name == "Pengunjung lansia (anjungan)"
    page = device.get(response.location)
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "no-store" in page.headers["Cache-Control"]
    assert ticket.number in body and "<svg" in body and 'data-autoprint="1"' in body
    assert "Kartu Keluarga (KK)" in body  # the checklist
    assert "assist-slip-" in body and "Anjungan lobi" in body
    counts = text(admin.get("/kelola/anjungan").get_data(as_text=True))
    assert "Anjungan mandiri 1" in counts


def test_a_double_tap_is_one_ticket(web_app):
    device, _kiosk_id, _admin = paired_device(web_app)
    key, token = form_key(device, sid(web_app))
    data = {"csrf_token": token, "idempotency_key": key, "category": "biasa"}
    first = device.post(f"/kios/layanan/{sid(web_app)}", data=data)
    second = device.post(f"/kios/layanan/{sid(web_app)}", data=data)
    assert first.status_code == second.status_code == 303
    assert first.location == second.location
    assert len(tickets(web_app)) == 1


def test_a_kiosk_ticket_takes_the_current_time_window(web_app, clock):
    clock(NOW + dt.timedelta(hours=1))  # 11.00 WITA: inside the 10.00–12.00 window
    device, _kiosk_id, _admin = paired_device(web_app)
    assert tap(device, sid(web_app, "kk-perubahan")).status_code == 303
    [ticket] = tickets(web_app)
    with web_app.app_context():
        assert db.session.get(Ticket, ticket.id).window.label() == "10.00–12.00"


def test_an_unknown_category_is_a_clear_message(web_app):
    device, _kiosk_id, _admin = paired_device(web_app)
    response = tap(device, sid(web_app), "vip")
    assert response.status_code == 422
    assert "Pilih salah satu tombol kategori" in response.get_data(as_text=True)
    assert tickets(web_app) == []


# --- honest refusals ---------------------------------------------------------------------------

def test_closed_for_today_says_so_with_the_next_day_and_a_qr_code(web_app, clock):
    device, _kiosk_id, _admin = paired_device(web_app)
    clock(NOW + dt.timedelta(hours=6))  # 16.00 WITA: closed since 15.00
    page = device.get(f"/kios/layanan/{sid(web_app)}")
    body = page.get_data(as_text=True)
    assert "sudah tutup untuk hari ini" in body
    assert "25 November 2026" in body and "<svg" in body
    assert 'class="kiosk-issue"' not in body
    key = "k" * 20
    token = csrf_token(device, "/kios/pasang")
    refused = device.post(f"/kios/layanan/{sid(web_app)}", data={
        "csrf_token": token, "idempotency_key": key, "category": "biasa"})
    assert refused.status_code == 422 and tickets(web_app) == []


def test_quota_used_up_offers_the_next_day_with_room(web_app):
    device, _kiosk_id, _admin = paired_device(web_app)
    with web_app.app_context():
        service("ktp-el-baru").daily_quota = 1
        db.session.commit()
        book()
    page = device.get(f"/kios/layanan/{sid(web_app)}").get_data(as_text=True)
    assert "Kuota layanan ini hari ini sudah habis" in page and "25 November 2026" in page
    assert 'class="kiosk-issue"' not in page  # said before the visitor taps
    key = "q" * 20
    response = device.post(f"/kios/layanan/{sid(web_app)}", data={
        "csrf_token": csrf_token(device, "/kios/pasang"), "idempotency_key": key,
        "category": "biasa"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kuota layanan ini hari ini sudah habis" in body
    assert "25 November 2026" in body and "<svg" in body
    assert len(tickets(web_app)) == 1


def test_quota_used_up_while_choosing_is_refused_by_the_booking_itself(web_app):
    device, _kiosk_id, _admin = paired_device(web_app)
    with web_app.app_context():
        service("ktp-el-baru").daily_quota = 1
        db.session.commit()
    key, token = form_key(device, sid(web_app))
    with web_app.app_context():
        book()  # someone else takes the last place after the page was shown
    response = device.post(f"/kios/layanan/{sid(web_app)}", data={
        "csrf_token": token, "idempotency_key": key, "category": "biasa"})
    assert response.status_code == 422
    assert "Kuota layanan ini hari ini sudah habis" in response.get_data(as_text=True)
    assert len(tickets(web_app)) == 1


def test_counters_closed_with_a_reason_are_named(web_app):
    device, _kiosk_id, _admin = paired_device(web_app)
    with web_app.app_context():
        for label in ("Gerai 1", "Gerai 2"):
            counter = db.session.scalar(sa.select(Counter).join(Site).where(
                Site.slug == "maros", Counter.label == label))
            counter.status, counter.status_reason = "closed", "Jaringan SIAK terputus"
        db.session.commit()
    body = device.get(f"/kios/layanan/{sid(web_app)}").get_data(as_text=True)
    assert "sedang tutup: Jaringan SIAK terputus" in body
    assert 'class="kiosk-issue"' not in body


def test_a_service_that_needs_a_nik_is_not_issued_at_the_kiosk(web_app):
    device, _kiosk_id, _admin = paired_device(web_app)
    with web_app.app_context():
        service("ktp-el-baru").nik_required = True
        db.session.commit()
    body = device.get(f"/kios/layanan/{sid(web_app)}").get_data(as_text=True)
    assert "memerlukan NIK" in body and "<svg" in body


# --- pages --------------------------------------------------------------------------------------

def test_an_unpaired_device_is_sent_to_pairing(web_app):
    device = web_app.test_client()
    for path in ("/kios", f"/kios/layanan/{sid(web_app)}", "/kios/tiket/abc",
                 f"/kios/instansi/{agency_id(web_app, 'disdukcapil')}"):
        response = device.get(path)
        assert response.status_code == 303 and response.location == "/kios/pasang"
    page = device.get("/kios/pasang")
    assert page.status_code == 200 and "no-store" in page.headers["Cache-Control"]


def test_the_start_screen_offers_the_most_asked_and_the_agencies(web_app):
    device, _kiosk_id, _admin = paired_device(web_app, agencies=("disdukcapil", "imigrasi"))
    body = device.get("/kios").get_data(as_text=True)
    assert "Paling sering dipilih" in body
    assert f"/kios/instansi/{agency_id(web_app, 'imigrasi')}" in body
    agency_page = device.get(f"/kios/instansi/{agency_id(web_app, 'imigrasi')}")
    assert "Paspor baru" in agency_page.get_data(as_text=True)
    # No link leaves the kiosk (a visitor cannot wander into the rest of the site).
    hrefs = re.findall(r'href="([^"]+)"', body)
    assert all(h.startswith(("/kios", "/bahasa/", "/static/")) for h in hrefs), hrefs


def test_kiosk_pages_stay_under_14_kb_compressed(web_app):
    device, _kiosk_id, _admin = paired_device(web_app, agencies=("disdukcapil", "imigrasi"))
    ticket = tap(device, sid(web_app)).location.split("?")[0]
    for path in ("/kios", f"/kios/layanan/{sid(web_app)}", ticket,
                 f"/kios/instansi/{agency_id(web_app, 'disdukcapil')}"):
        response = device.get(path, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, path
        assert len(response.get_data()) <= 14 * 1024, (path, len(response.get_data()))
    pairing = web_app.test_client().get("/kios/pasang", headers={"Accept-Encoding": "gzip"})
    assert len(pairing.get_data()) <= 14 * 1024


def test_the_language_toggle_returns_to_indonesian_for_the_next_visitor(web_app):
    device, _kiosk_id, _admin = paired_device(web_app)
    start = device.get("/kios").get_data(as_text=True)
    assert "data-idle" not in start  # in Indonesian the start screen simply waits
    assert device.get("/bahasa/en?next=/kios").status_code == 303
    english = device.get("/kios")
    body = english.get_data(as_text=True)
    assert english.status_code == 200 and '<html lang="en">' in body
    assert 'data-idle="90"' in body and 'data-home="/bahasa/id?next=/kios"' in body
    ticket = device.get(tap(device, sid(web_app)).location).get_data(as_text=True)
    assert 'data-idle="30"' in ticket and 'href="/bahasa/id?next=/kios"' in ticket
    device.get("/bahasa/id?next=/kios")
    assert '<html lang="id">' in device.get("/kios").get_data(as_text=True)
