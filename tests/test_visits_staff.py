"""Visits with several services from the staff surfaces: the village office (channel "village",
booked for a chosen day), the assistant (channel "assisted", today) and the kiosk (channel
"kiosk", "Tambah layanan lain"). Each makes one visit with its tickets in the planned order,
prints every ticket with its own QR code and one combined checklist, makes one visit of a
double submit, books nothing on a refusal, and refuses what is not its own."""
from __future__ import annotations

import datetime as dt
import gzip
import re

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import Agency, Kiosk, Site, StaffUser, Ticket, Visit

from support.catalogs import PASSWORD_HASH, queue_site
from support.html import text
from support.queue import NOW, book, service
from support.staff import csrf_token, login, post
from support.visits import visit_site


def _sites():
    return (visit_site(), queue_site("ngawi", name="MPP Ngawi", timezone="Asia/Jakarta"))


pytestmark = pytest.mark.staff_app(sites=_sites)

KEY = re.compile(r'name="idempotency_key" type="hidden" value="([^"]+)"')
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
TODAY = dt.date(2026, 11, 24)
# The planned order of kia + kk-perubahan + akta-kelahiran: the birth certificate first (the
# other two need it), then the one with fewer people waiting, then the other.
PLANNED = ["akta-kelahiran", "kia", "kk-perubahan"]


@pytest.fixture(autouse=True)
def at_ten(clock):
    clock(NOW)  # Tuesday 24 November 2026, 10.00 WITA: Maros is open


def visits(app) -> list[Visit]:
    with app.app_context():
        found = list(db.session.scalars(sa.select(Visit).order_by(Visit.id)))
        for v in found:
            v.slugs = [t.service.slug for t in v.tickets]
            v.numbers = [t.number for t in v.tickets]
            v.ticket_rows = [(t.channel, t.booked_by_id, t.assisted_by_id, t.kiosk_id)
                             for t in v.tickets]
        db.session.expunge_all()
        return found


def ticket_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Ticket))


def staff_id(app, username: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(StaffUser.id).filter_by(username=username))


def fill_kia_quota(app) -> None:
    with app.app_context():
        for i in range(3):
            book("kia", name=f"Warga {i}")


def assert_printed(body: str, v: Visit) -> None:
    """Every ticket's number and QR code, in order, and the combined checklist once."""
    positions = [body.index(number) for number in v.numbers]
    assert positions == sorted(positions)
    assert body.count("<svg") >= len(v.numbers)
    plain = text(body)
    # kk-perubahan and kia both need the birth certificate, which step 1 makes: listed apart,
    # not to bring; the KK copy both need is listed once, for both.
    assert "Tidak perlu dibawa: dibuat dalam kunjungan ini" in plain
    assert plain.count("Kutipan akta kelahiran anak") == 1
    assert "Kutipan akta kelahiran anak: dibuat di Akta kelahiran, untuk" in plain
    assert "Untuk: Akta kelahiran, " in plain


# --- village office ---------------------------------------------------------------------------

def village_form(client, slugs=("kia", "kk-perubahan", "akta-kelahiran")):
    query = "&".join(f"layanan={s}" for s in slugs)
    page = client.get(f"/desa/kunjungan?{query}")
    assert page.status_code == 200, page.get_data(as_text=True)
    body = page.get_data(as_text=True)
    days = re.findall(r'name="day"[^>]*value="([0-9-]{10})"', body)
    return f"/desa/kunjungan?{query}", KEY.search(body).group(1), days, body


def test_the_village_office_books_one_visit_for_a_chosen_day_and_prints_it(web_app):
    client = login(web_app, "desa.maros")
    chooser = client.get("/desa/kunjungan").get_data(as_text=True)
    assert 'name="layanan" value="kia"' in chooser
    path, key, days, _body = village_form(client)
    assert days[0] == TODAY.isoformat() and len(days) > 1
    response = post(client, path, idempotency_key=key, day=days[1],
                    **{"resident-name": "Ibu Sari", "resident-priority": ""})
    assert response.status_code == 303, response.get_data(as_text=True)
    [v] = visits(web_app)
    assert v.slugs == PLANNED and v.channel == "village" and v.day.isoformat() == days[1]
    booker = staff_id(web_app, "desa.maros")
    assert v.ticket_rows == [("village", booker, None, None)] * 3
    result = client.get(response.location).get_data(as_text=True)
    assert all(n in result for n in v.numbers)
    for size in ("58", "a4"):
        printed = client.get(f"/desa/kunjungan/{v.code}/cetak?ukuran={size}")
        assert printed.status_code == 200
        body = printed.get_data(as_text=True)
        assert_printed(body, v)
        assert "Desa Bontoa" in body
    assert "slip-" in client.get(f"/desa/kunjungan/{v.code}/cetak?ukuran=58").get_data(
        as_text=True)
    # The office's list links each ticket of the visit to the visit's slip.
    listed = client.get(f"/desa/?tanggal={days[1]}").get_data(as_text=True)
    assert f"/desa/kunjungan/{v.code}/cetak" in listed


def test_a_double_submit_at_the_village_office_is_one_visit(web_app):
    client = login(web_app, "desa.maros")
    path, key, days, _body = village_form(client)
    data = dict(idempotency_key=key, day=days[0], **{"resident-name": "Ibu Sari"})
    first, second = post(client, path, **data), post(client, path, **data)
    assert first.status_code == second.status_code == 303
    assert first.location == second.location
    assert len(visits(web_app)) == 1 and ticket_count(web_app) == 3


def test_a_village_refusal_names_the_service_and_books_nothing(web_app):
    fill_kia_quota(web_app)
    client = login(web_app, "desa.maros")
    path, key, days, _body = village_form(client)
    response = post(client, path, idempotency_key=key, day=days[0],
                    **{"resident-name": "Ibu Sari"})
    assert response.status_code == 422
    body = text(response.get_data(as_text=True))
    assert "Kartu Identitas Anak (KIA)" in body and "Tiket belum dibuat" in body
    assert "Tidak ada tiket yang dibuat untuk kunjungan ini." in body
    assert visits(web_app) == [] and ticket_count(web_app) == 3
    # The next day with room for all of them is offered, and booking it works with the form.
    moved = re.search(r'name="day"[^>]*value="([0-9-]{10})"[^>]*checked|'
                      r'checked[^>]*value="([0-9-]{10})"', response.get_data(as_text=True))
    assert moved and TODAY.isoformat() not in moved.group(0)


def test_village_visit_rules_are_explained_in_indonesian(web_app):
    client = login(web_app, "desa.maros")
    one = client.get("/desa/kunjungan?layanan=kia")
    assert one.status_code == 422
    assert "Pilih paling sedikit dua layanan" in one.get_data(as_text=True)
    unknown = client.get("/desa/kunjungan?layanan=kia&layanan=tidak-ada")
    assert unknown.status_code == 422 and "Pilih layanan dari daftar." in unknown.get_data(
        as_text=True)
    path, key, days, _body = village_form(client)
    empty = post(client, path, idempotency_key=key, day=days[0], **{"resident-name": ""})
    assert empty.status_code == 422 and "Isi nama atau inisial warga." in empty.get_data(
        as_text=True)
    no_csrf = client.post(path, data={"idempotency_key": key, "day": days[0],
                                      "resident-name": "Ibu Sari"})
    assert no_csrf.status_code in (400, 422) and ticket_count(web_app) == 0


def test_another_office_or_role_cannot_see_or_book_a_village_visit(web_app):
    with web_app.app_context():
        ngawi = db.session.scalar(sa.select(Site).filter_by(slug="ngawi"))
        maros = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        db.session.add_all([
            StaffUser(username="desa.ngawi", role="village", site_id=ngawi.id,
                      village_name="Desa Karangasri", display_name="x",
                      password_hash=PASSWORD_HASH),
            StaffUser(username="lain.maros", role="village", site_id=maros.id,
                      village_name="Desa Lain", display_name="y", password_hash=PASSWORD_HASH)])
        db.session.commit()
    client = login(web_app, "desa.maros")
    path, key, days, _body = village_form(client)
    post(client, path, idempotency_key=key, day=days[0], **{"resident-name": "Ibu Sari"})
    [v] = visits(web_app)
    for other in ("desa.ngawi", "lain.maros"):
        stranger = login(web_app, other)
        assert stranger.get(f"/desa/kunjungan/{v.code}").status_code == 404
        assert stranger.get(f"/desa/kunjungan/{v.code}/cetak?ukuran=58").status_code == 404
        # Replaying the form's key from another office shows nothing of that visit.
        replay = post(stranger, path, idempotency_key=key, day=days[0],
                      **{"resident-name": "Ibu Sari"})
        assert replay.status_code == 422 and v.code not in replay.get_data(as_text=True)
    ngawi = login(web_app, "desa.ngawi")
    refused = ngawi.get("/desa/kunjungan?layanan=kia&layanan=akta-kelahiran")
    assert refused.status_code == 422  # Maros's services are not Ngawi's
    officer = login(web_app, "dukcapil.maros")
    assert officer.get("/desa/kunjungan").status_code == 403
    assert officer.get(f"/desa/kunjungan/{v.code}").status_code == 403
    assert len(visits(web_app)) == 1


# --- assisted mode ----------------------------------------------------------------------------

def assist_form(client):
    page = client.get("/pendamping/kunjungan")
    assert page.status_code == 200
    return KEY.search(page.get_data(as_text=True)).group(1)


def service_ids(app, *slugs: str) -> list[str]:
    with app.app_context():
        return [str(service(s).id) for s in slugs]


def test_the_assistant_issues_one_visit_for_today_and_prints_it(web_app):
    client = login(web_app, "pendamping.maros")
    assert "/pendamping/kunjungan" in client.get("/pendamping/").get_data(as_text=True)
    key = assist_form(client)
    response = post(client, "/pendamping/kunjungan", idempotency_key=key, category="lansia",
                    services=service_ids(web_app, "kia", "kk-perubahan", "akta-kelahiran"))
    assert response.status_code == 303, response.get_data(as_text=True)
    [v] = visits(web_app)
    assistant = staff_id(web_app, "pendamping.maros")
    assert v.slugs == PLANNED and v.channel == "assisted" and v.day == TODAY
    assert v.ticket_rows == [("assisted", None, assistant, None)] * 3
    shown = client.get(response.location).get_data(as_text=True)
    assert_printed(shown, v)
    printed = client.get(f"/pendamping/kunjungan/{v.code}/cetak").get_data(as_text=True)
    assert_printed(printed, v)
    assert "assist-slip-" in printed and "Dibantu oleh pendamping.maros" in printed
    with web_app.app_context():
        assert {t.priority for t in db.session.scalars(sa.select(Ticket))} == {"lansia"}


def test_a_double_submit_by_the_assistant_is_one_visit(web_app):
    client = login(web_app, "pendamping.maros")
    key = assist_form(client)
    data = dict(idempotency_key=key, category="biasa",
                services=service_ids(web_app, "ktp-el-baru", "paspor-baru"))
    first = post(client, "/pendamping/kunjungan", **data)
    second = post(client, "/pendamping/kunjungan", **data)
    assert first.status_code == second.status_code == 303 and first.location == second.location
    assert len(visits(web_app)) == 1 and ticket_count(web_app) == 2


def test_an_assisted_refusal_names_the_service_and_books_nothing(web_app):
    fill_kia_quota(web_app)
    client = login(web_app, "pendamping.maros")
    key = assist_form(client)
    response = post(client, "/pendamping/kunjungan", idempotency_key=key, category="biasa",
                    services=service_ids(web_app, "kia", "paspor-baru"))
    assert response.status_code == 422
    body = text(response.get_data(as_text=True))
    assert "Kartu Identitas Anak (KIA)" in body and "Tiket belum dibuat" in body
    assert visits(web_app) == [] and ticket_count(web_app) == 3
    one = post(client, "/pendamping/kunjungan", idempotency_key=key, category="biasa",
               services=service_ids(web_app, "kia"))
    assert one.status_code == 422 and "paling sedikit dua layanan" in one.get_data(as_text=True)
    assert visits(web_app) == []


def test_only_the_assistant_of_the_site_uses_assisted_visits(web_app):
    client = login(web_app, "pendamping.maros")
    key = assist_form(client)
    post(client, "/pendamping/kunjungan", idempotency_key=key, category="biasa",
         services=service_ids(web_app, "ktp-el-baru", "paspor-baru"))
    [v] = visits(web_app)
    for other in ("desa.maros", "dukcapil.maros", "admin.ngawi"):
        stranger = login(web_app, other)
        assert stranger.get("/pendamping/kunjungan").status_code == 403
        assert stranger.get(f"/pendamping/kunjungan/{v.code}").status_code == 403
    assert client.get("/pendamping/kunjungan/tidak-ada").status_code == 404


# --- kiosk ------------------------------------------------------------------------------------

def kiosk_device(app, agencies=("disdukcapil",)):
    """A kiosk paired through the admin's pages: (device client, kiosk id, admin client)."""
    admin = login(app, "admin.maros")
    with app.app_context():
        ids = [str(db.session.scalar(sa.select(Agency.id).join(Site).where(
            Site.slug == "maros", Agency.slug == a))) for a in agencies]
    assert post(admin, "/kelola/anjungan", name="Anjungan lobi", location="Lobi",
                agencies=ids).status_code == 303
    with app.app_context():
        kiosk_id = db.session.scalar(sa.select(Kiosk.id).filter_by(name="Anjungan lobi"))
    page = post(admin, f"/kelola/anjungan/{kiosk_id}/kode").get_data(as_text=True)
    code = "".join(re.search(r'<code id="pairing-code">(\w{4})-(\w{4})</code>', page).groups())
    device = app.test_client()
    token = csrf_token(device, "/kios/pasang")
    assert device.post("/kios/pasang", data={"code": code, "csrf_token": token}
                       ).status_code == 303
    return device, kiosk_id, admin


def kiosk_path(app, *slugs: str) -> str:
    return "/kios/kunjungan?" + "&".join(f"layanan={i}" for i in service_ids(app, *slugs))


def kiosk_confirm(device, path: str) -> dict[str, str]:
    page = device.get(path)
    assert page.status_code == 200, page.get_data(as_text=True)
    body = page.get_data(as_text=True)
    return {"idempotency_key": KEY.search(body).group(1),
            "csrf_token": CSRF.search(body).group(1)}


def test_the_kiosk_adds_services_then_issues_one_visit_and_one_slip(web_app):
    device, kiosk_id, _admin = kiosk_device(web_app)
    kia, kk, akta = service_ids(web_app, "kia", "kk-perubahan", "akta-kelahiran")
    single_page = device.get(f"/kios/layanan/{kia}")
    single = single_page.get_data(as_text=True)
    add = re.search(r'href="(/kios/kunjungan/tambah\?[^"]+)"', single).group(1)
    listing = device.get(add.replace("&amp;", "&")).get_data(as_text=True)
    assert f"layanan={kia}&amp;layanan={kk}" in listing
    assert service_ids(web_app, "paspor-baru")[0] not in re.findall(r"layanan=(\d+)", listing)
    chosen = device.get(f"/kios/kunjungan/tambah?layanan={kia}&layanan={kk}&layanan={akta}")
    assert chosen.status_code == 200 and "Lanjut" in chosen.get_data(as_text=True)
    path = f"/kios/kunjungan?layanan={kia}&layanan={kk}&layanan={akta}"
    form = kiosk_confirm(device, path)
    response = device.post(path, data={**form, "category": "hamil"})
    # Under /kios/tiket/: kiosk.js follows such a redirect at once (no second post).
    assert response.status_code == 303 and "cetak=1" in response.location
    assert response.location.startswith("/kios/tiket/kunjungan/")
    [v] = visits(web_app)
    assert v.slugs == PLANNED and v.channel == "kiosk" and v.day == TODAY
    assert v.ticket_rows == [("kiosk", None, None, kiosk_id)] * 3
    page = device.get(response.location)
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "no-store" in page.headers["Cache-Control"]
    assert 'data-autoprint="1"' in body and body.count('class="assist-slip') == 1
    assert_printed(body, v)
    # Kiosk pages stay small for the device's connection, every step of the visit included.
    for page in (single_page, chosen, device.get(path), page):
        assert len(gzip.compress(page.get_data())) <= 14 * 1024


def test_a_double_tap_at_the_kiosk_is_one_visit(web_app):
    device, _kiosk_id, _admin = kiosk_device(web_app)
    path = kiosk_path(web_app, "ktp-el-baru", "akta-kelahiran")
    form = kiosk_confirm(device, path)
    first = device.post(path, data={**form, "category": "biasa"})
    second = device.post(path, data={**form, "category": "biasa"})
    assert first.status_code == second.status_code == 303 and first.location == second.location
    assert len(visits(web_app)) == 1 and ticket_count(web_app) == 2


def test_a_kiosk_refusal_names_the_service_and_books_nothing(web_app):
    device, _kiosk_id, _admin = kiosk_device(web_app)
    path = kiosk_path(web_app, "kia", "akta-kelahiran")
    form = kiosk_confirm(device, path)
    fill_kia_quota(web_app)  # filled while the visitor was choosing
    response = device.post(path, data={**form, "category": "biasa"})
    assert response.status_code == 422
    body = text(response.get_data(as_text=True))
    assert "Kartu Identitas Anak (KIA)" in body and "Tiket belum dibuat" in body
    assert visits(web_app) == [] and ticket_count(web_app) == 3
    # Asked again, the kiosk says so before the tap and offers to drop that service.
    again = text(device.get(path).get_data(as_text=True))
    assert "Kartu Identitas Anak (KIA):" in again and "Hapus Kartu Identitas Anak (KIA)" in again


def test_a_kiosk_offers_only_its_agencies_and_a_revoked_kiosk_cannot(web_app):
    device, kiosk_id, admin = kiosk_device(web_app)
    assert device.get(kiosk_path(web_app, "ktp-el-baru", "paspor-baru")).status_code == 404
    path = kiosk_path(web_app, "ktp-el-baru", "akta-kelahiran")
    form = kiosk_confirm(device, path)
    assert post(admin, f"/kelola/anjungan/{kiosk_id}/cabut").status_code == 303
    response = device.post(path, data={**form, "category": "biasa"})
    assert response.status_code == 303 and response.location == "/kios/pasang"
    assert visits(web_app) == [] and ticket_count(web_app) == 0


def test_the_kiosk_shows_no_visit_but_its_own(web_app):
    client = login(web_app, "pendamping.maros")
    key = assist_form(client)
    post(client, "/pendamping/kunjungan", idempotency_key=key, category="biasa",
         services=service_ids(web_app, "ktp-el-baru", "akta-kelahiran"))
    [v] = visits(web_app)
    device, _kiosk_id, _admin = kiosk_device(web_app)
    assert device.get(f"/kios/tiket/kunjungan/{v.code}").status_code == 404
    # The assistant's key replayed at the kiosk is no way to that visit either.
    path = kiosk_path(web_app, "ktp-el-baru", "akta-kelahiran")
    form = kiosk_confirm(device, path)
    replay = device.post(path, data={**form, "idempotency_key": key, "category": "biasa"})
    assert replay.status_code == 422 and v.code not in replay.get_data(as_text=True)
    assert len(visits(web_app)) == 1
