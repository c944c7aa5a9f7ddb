"""Village offices (kantor desa) over HTTP: role boundaries, batch booking under quotas with
idempotent retries, NIK rules, the office's list with filter and pagination, reprint, cancel
with confirmation, print views, the public leaflet, and bad input answered in Indonesian."""
from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from mpp_lite.dates import site_today
from mpp_lite.extensions import db
from mpp_lite.models import Announcement, Service, Site, StaffUser, Ticket, TicketEvent

from support.catalogs import PASSWORD_HASH, open_all_day_sites
from support.html import text
from support.queue import service, staff
from support.staff import login, post

pytestmark = pytest.mark.staff_app(sites=open_all_day_sites)

KEY = re.compile(r'name="idempotency_key" type="hidden" value="([^"]+)"')
DAY = re.compile(r'name="day"[^>]*value="([0-9-]{10})"')
VALID_NIK = "7371014101900001"
# Extra village accounts: a second account of Desa Bontoa, another village at the same MPP,
# and a village of another MPP.
EXTRA = [("desa2.maros", "maros", "Desa Bontoa"), ("lain.maros", "maros", "Desa Lain"),
         ("desa.ngawi", "ngawi", "Desa Karangasri")]


@pytest.fixture
def vapp(web_app):
    with web_app.app_context():
        for username, site_slug, village in EXTRA:
            site = db.session.scalar(sa.select(Site).filter_by(slug=site_slug))
            db.session.add(StaffUser(username=username, role="village", site_id=site.id,
                                     village_name=village, display_name=username,
                                     password_hash=PASSWORD_HASH))
        db.session.commit()
    return web_app


def set_service(app, slug: str, **values) -> None:
    with app.app_context():
        db.session.execute(sa.update(Service).where(Service.id == service(slug).id)
                           .values(**values))
        db.session.commit()


def today(app) -> dt.date:
    with app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        return site_today(site)


def booking_form(client, slug: str = "ktp-el-baru") -> tuple[str, list[str], str]:
    """(idempotency key, day choices, page) of the details form."""
    response = client.get(f"/desa/pesan?layanan={slug}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)

    return KEY.search(page).group(1), DAY.findall(page), page


def rows(names: list[str], niks: list[str] | None = None,
         priorities: list[str] | None = None) -> dict[str, str]:
    data = {}
    for i, name in enumerate(names):
        data[f"residents-{i}-name"] = name
        if niks:
            data[f"residents-{i}-nik"] = niks[i]
        if priorities:
            data[f"residents-{i}-priority"] = priorities[i]
    return data


def submit(client, slug: str, key: str, day: str, names: list[str], **extra):
    return post(client, f"/desa/pesan?layanan={slug}", idempotency_key=key, day=day,
                **rows(names, extra.pop("niks", None), extra.pop("priorities", None)), **extra)


def tickets(app) -> list[Ticket]:
    with app.app_context():
        found = list(db.session.scalars(sa.select(Ticket).order_by(Ticket.id)))
        db.session.expunge_all()
        return found


def book_now(app, client, names: list[str], slug: str = "ktp-el-baru") -> list[str]:
    key, days, _page = booking_form(client, slug)
    response = submit(client, slug, key, days[0], names)
    assert response.status_code == 303, response.get_data(as_text=True)
    return re.findall(r"tiket=([A-Za-z0-9_-]+)", response.location)


# --- role boundaries --------------------------------------------------------------------------

VILLAGE_PATHS = ["/desa/", "/desa/pesan", "/desa/pesan?layanan=ktp-el-baru", "/desa/hasil?tiket=x",
                 "/desa/cetak?tiket=x", "/desa/tiket/x/batal", "/desa/selebaran"]


@pytest.mark.parametrize("path", VILLAGE_PATHS)
def test_anonymous_visitors_are_sent_to_login(vapp, path):
    response = vapp.test_client().get(path)
    assert response.status_code == 302 and response.location.startswith("/staff/login?next=")


@pytest.mark.parametrize("username", ["dukcapil.maros", "admin.maros", "pendamping.maros"])
def test_other_roles_get_403_on_village_pages(vapp, username):
    client = login(vapp, username)
    for path in VILLAGE_PATHS:
        assert client.get(path).status_code == 403, path
    assert post(client, "/desa/pesan?layanan=ktp-el-baru", name="x").status_code == 403


def test_a_village_office_cannot_use_the_counter_tools(vapp):
    client = login(vapp, "desa.maros")
    for path in ("/petugas/", "/petugas/ambil", "/petugas/tiket/abc"):
        assert client.get(path).status_code == 403, path
    home = client.get("/staff/").get_data(as_text=True)
    assert set(re.findall(r'href="(/desa/[^"]*)"', home)) >= {"/desa/", "/desa/pesan",
                                                                "/desa/selebaran"}
    assert "/petugas/" not in home


# --- booking ----------------------------------------------------------------------------------

def test_step_one_lists_bookable_services_only(vapp):
    set_service(vapp, "paspor-baru", availability="info")
    client = login(vapp, "desa.maros")
    page = client.get("/desa/pesan").get_data(as_text=True)
    assert 'value="ktp-el-baru"' in page and 'value="kk-perubahan"' in page
    assert 'value="paspor-baru"' not in page
    refused = client.get("/desa/pesan?layanan=paspor-baru")
    assert refused.status_code == 422 and "Pilih layanan dari daftar." in refused.get_data(
        as_text=True)
    ngawi_only = client.get("/desa/pesan?layanan=tidak-ada")
    assert ngawi_only.status_code == 422


def test_batch_booking_records_channel_and_booker_and_retries_make_no_new_tickets(vapp):
    client = login(vapp, "desa.maros")
    key, days, page = booking_form(client)
    assert 'name="residents-9-name"' in page and 'name="residents-0-nik"' not in page
    data = rows(["Ibu Ani", "", "Pak Budi"], priorities=["lansia", "", ""])
    first = post(client, "/desa/pesan?layanan=ktp-el-baru", idempotency_key=key, day=days[0],
                 **data)
    assert first.status_code == 303 and first.location.startswith("/desa/hasil?")
    again = post(client, "/desa/pesan?layanan=ktp-el-baru", idempotency_key=key, day=days[0],
                 **data)
    assert again.status_code == 303 and again.location == first.location
    made = tickets(vapp)
    assert [(t.name, t.number, t.priority) for t in made] == [
        ("Ibu Ani", "A-001", "lansia"), ("Pak Budi", "A-002", None)]
    with vapp.app_context():
        desa = staff("desa.maros").id
    assert all(t.channel == "village" and t.booked_by_id == desa for t in made)
    assert [t.idempotency_key.rsplit("-", 1)[0] for t in made] == [f"{key}-0", f"{key}-2"]
    result = client.get(first.location)
    body = result.get_data(as_text=True)
    assert result.status_code == 200 and "A-001" in body and "A-002" in body
    assert "ukuran=a4" in body and "ukuran=58" in body


def test_quota_books_what_fits_and_names_who_was_refused(vapp):
    set_service(vapp, "ktp-el-baru", daily_quota=3)
    client = login(vapp, "desa.maros")
    key, days, _page = booking_form(client)
    names = ["Ani", "Budi", "Citra", "Dedi", "Eka"]
    response = submit(client, "ktp-el-baru", key, days[0], names)
    assert response.status_code == 200
    body = text(response.get_data(as_text=True))
    assert "3 tiket sudah dibuat" in body and "2 warga belum dapat tiket" in body
    assert re.search(r"Dedi ?: Kuota layanan ini untuk tanggal tersebut sudah penuh\.", body)
    assert re.search(r"Eka ?: Kuota", body)
    next_day = dt.date.fromisoformat(days[1])
    from flask_babel import format_date
    with vapp.test_request_context():
        label = format_date(next_day, format="long")
    assert f"Hari terdekat yang masih ada tempat: {label}." in body
    assert [t.name for t in tickets(vapp)] == ["Ani", "Budi", "Citra"]
    html = response.get_data(as_text=True)
    # The form keeps only the refused rows, with the date moved to the next day with room.
    assert 'value="Dedi"' in html and 'value="Eka"' in html and 'value="Ani"' not in html
    assert re.search(rf'checked[^>]*value="{days[1]}"|value="{days[1]}"[^>]*checked', html)
    # The same form sent again: no new tickets, the same two refused.
    again = submit(client, "ktp-el-baru", key, days[0], names)
    assert again.status_code == 200 and len(tickets(vapp)) == 3
    # The re-shown form, sent for the next day: only Dedi and Eka are booked.
    rest = post(client, "/desa/pesan?layanan=ktp-el-baru", idempotency_key=key, day=days[1],
                **{"residents-3-name": "Dedi", "residents-4-name": "Eka"})
    assert rest.status_code == 303
    made = tickets(vapp)
    assert [(t.name, t.day.isoformat()) for t in made[3:]] == [("Dedi", days[1]),
                                                               ("Eka", days[1])]
    assert len(made) == 5


def test_a_new_resident_typed_into_a_booked_row_gets_a_ticket_of_their_own(vapp):
    """After a partial refusal the form keeps its key: does row 0 still mean Ani's ticket?"""
    set_service(vapp, "ktp-el-baru", daily_quota=3)
    client = login(vapp, "desa.maros")
    key, days, _page = booking_form(client)
    first = submit(client, "ktp-el-baru", key, days[0], ["Ani", "Budi", "Citra", "Dedi", "Eka"])
    assert first.status_code == 200 and [t.name for t in tickets(vapp)] == ["Ani", "Budi",
                                                                            "Citra"]
    # The re-shown form (same key, Ani's row blanked): Fajar typed into row 0, for the next day.
    rest = post(client, "/desa/pesan?layanan=ktp-el-baru", idempotency_key=key, day=days[1],
                **{"residents-0-name": "Fajar", "residents-3-name": "Dedi",
                   "residents-4-name": "Eka"})
    assert rest.status_code == 303, rest.get_data(as_text=True)
    made = tickets(vapp)
    assert [(t.name, t.day.isoformat()) for t in made[3:]] == [
        ("Fajar", days[1]), ("Dedi", days[1]), ("Eka", days[1])]
    fajar = made[3]
    assert fajar.code in rest.location and made[0].code not in rest.location
    # The same second form sent again (a double tap) still makes nothing new.
    again = post(client, "/desa/pesan?layanan=ktp-el-baru", idempotency_key=key, day=days[1],
                 **{"residents-0-name": "Fajar", "residents-3-name": "Dedi",
                    "residents-4-name": "Eka"})
    assert again.status_code == 303 and again.location == rest.location
    assert len(tickets(vapp)) == 6
    assert all(len(t.idempotency_key) <= 80 for t in made)


def test_the_booking_form_shows_the_services_notices_in_force(vapp):
    """A village office booking KTP-el must see "Jaringan Dukcapil terganggu" first."""
    now = dt.datetime.now(dt.timezone.utc)
    with vapp.app_context():
        ktp, paspor = service("ktp-el-baru"), service("paspor-baru")
        for message, agency_id, service_id in [
                ("SITE-WIDE parkir penuh", None, None),
                ("AGENCY Jaringan Dukcapil terganggu", ktp.agency_id, None),
                ("OTHER paspor", None, paspor.id)]:
            db.session.add(Announcement(
                site_id=ktp.site_id, agency_id=agency_id, service_id=service_id,
                severity="outage", message=message, translations={},
                starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=2)))
        db.session.commit()
    client = login(vapp, "desa.maros")
    _key, _days, page = booking_form(client)
    assert set(re.findall(r"SITE-WIDE|AGENCY|OTHER", page)) == {"SITE-WIDE", "AGENCY"}
    assert "Jaringan Dukcapil terganggu" in page
    # The office's list is not about one service: unchanged.
    assert "AGENCY" not in client.get("/desa/").get_data(as_text=True)
    # Another village office at another MPP sees none of them.
    ngawi = login(vapp, "desa.ngawi")
    assert "SITE-WIDE" not in ngawi.get("/desa/pesan?layanan=ktp-el-baru").get_data(
        as_text=True)


def test_when_nobody_fits_the_answer_is_422(vapp):
    set_service(vapp, "ktp-el-baru", daily_quota=1)
    client = login(vapp, "desa.maros")
    book_now(vapp, client, ["Ani"])
    key, days, _page = booking_form(client)
    response = submit(client, "ktp-el-baru", key, days[0], ["Budi"])
    assert response.status_code == 422
    assert "1 warga belum dapat tiket" in text(response.get_data(as_text=True))


def test_nik_is_asked_only_where_required_and_never_shown(vapp):
    client = login(vapp, "desa.maros")
    key, days, _page = booking_form(client)
    submit(client, "ktp-el-baru", key, days[0], ["Ani"], niks=[VALID_NIK])
    assert tickets(vapp)[0].nik_hash is None  # not required: not even hashed

    set_service(vapp, "kk-perubahan", nik_required=True)
    key, days, page = booking_form(client, "kk-perubahan")
    assert 'name="residents-0-nik"' in page
    window = re.search(r'name="window" type="radio" value="(\d+)"', page).group(1)
    day = days[1]  # tomorrow: today's windows may be over
    missing = submit(client, "kk-perubahan", key, day, ["Budi", "Citra"],
                     niks=["", "12345"], window=window)
    assert missing.status_code == 422
    body = missing.get_data(as_text=True)
    assert "Layanan ini memerlukan NIK warga." in body and "NIK harus 16 angka." in body
    assert len(tickets(vapp)) == 1  # nothing booked while a row is wrong
    ok = submit(client, "kk-perubahan", key, day, ["Budi"], niks=[VALID_NIK], window=window)
    assert ok.status_code == 303
    ticket = tickets(vapp)[-1]
    assert ticket.nik_last4 == "0001" and ticket.nik_hash and VALID_NIK not in ticket.nik_hash
    for path in (ok.location, "/desa/", f"/desa/cetak?tiket={ticket.code}&ukuran=a4",
                 f"/desa/cetak?tiket={ticket.code}&ukuran=58", f"/desa/?tanggal={day}"):
        assert VALID_NIK not in client.get(path).get_data(as_text=True), path


def test_a_window_must_be_chosen_where_the_service_has_windows(vapp):
    client = login(vapp, "desa.maros")
    key, days, _page = booking_form(client, "kk-perubahan")
    response = submit(client, "kk-perubahan", key, days[1], ["Ani"])
    assert response.status_code == 422 and "Pilih jam kedatangan." in response.get_data(
        as_text=True)
    assert tickets(vapp) == []


@pytest.mark.parametrize("change, message", [
    ({"day": "2020-01-01"}, "Pilih tanggal dari daftar."),
    ({"day": "bukan-tanggal"}, "Pilih tanggal dari daftar."),
    ({"day": ""}, "Pilih tanggal."),
    ({"idempotency_key": "x"}, "Formulir kedaluwarsa."),
    ({"residents-0-name": ""}, "Isi nama minimal satu warga."),
    ({"residents-0-name": "A" * 81}, "Nama terlalu panjang (maksimal 80 karakter)."),
    ({"residents-0-priority": "raja"}, "Kategori prioritas tidak dikenal."),
    ({"window": "abc"}, None),  # a window on a service without windows is ignored
])
def test_bad_input_is_answered_in_indonesian_never_500(vapp, change, message):
    client = login(vapp, "desa.maros")
    key, days, _page = booking_form(client)
    data = {"idempotency_key": key, "day": days[0], "residents-0-name": "Ani", **change}
    response = post(client, "/desa/pesan?layanan=ktp-el-baru", **data)
    if message is None:
        assert response.status_code == 303
        return
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message in body and "<title>Kesalahan:" in body
    assert tickets(vapp) == []


def test_a_post_without_csrf_token_books_nothing(vapp):
    client = login(vapp, "desa.maros")
    key, days, _page = booking_form(client)
    response = client.post("/desa/pesan?layanan=ktp-el-baru",
                           data={"idempotency_key": key, "day": days[0],
                                 "residents-0-name": "Ani"})
    assert response.status_code in (400, 422)
    assert tickets(vapp) == []


# --- the office's bookings --------------------------------------------------------------------

def test_offices_see_only_their_own_village(vapp):
    bontoa = login(vapp, "desa.maros")
    codes = book_now(vapp, bontoa, ["Ani"])
    code = codes[0]
    colleague = login(vapp, "desa2.maros")  # another account of the same village office
    assert "A-001" in colleague.get("/desa/").get_data(as_text=True)
    assert colleague.get(f"/desa/cetak?tiket={code}").status_code == 200
    for username in ("lain.maros", "desa.ngawi"):
        other = login(vapp, username)
        assert "A-001" not in other.get("/desa/").get_data(as_text=True)
        assert other.get(f"/desa/cetak?tiket={code}&ukuran=a4").status_code == 404
        assert other.get(f"/desa/cetak?tiket={code}&ukuran=58").status_code == 404
        assert other.get(f"/desa/hasil?tiket={code}").status_code == 404
        assert other.get(f"/desa/tiket/{code}/batal").status_code == 404
        assert post(other, f"/desa/tiket/{code}/batal").status_code == 404
    assert tickets(vapp)[0].status == "waiting"


def test_list_filters_by_date_and_pages(vapp):
    client = login(vapp, "desa.maros")
    with vapp.app_context():
        desa = staff("desa.maros")
        ktp = service("ktp-el-baru")
        day0 = site_today(desa.site)
        for i in range(30):
            day = day0 + dt.timedelta(days=0 if i < 27 else 1)
            db.session.add(Ticket(code=f"code-{i:03d}", idempotency_key=f"key-{i:03d}",
                                  site_id=desa.site_id, service_id=ktp.id, day=day,
                                  prefix="A", sequence=i + 1, name=f"Warga {i:02d}",
                                  channel="village", booked_by_id=desa.id))
        db.session.add(Ticket(code="code-past", idempotency_key="key-past", site_id=desa.site_id,
                              service_id=ktp.id, day=day0 - dt.timedelta(days=3), prefix="A",
                              sequence=1, name="Warga lama", channel="village",
                              booked_by_id=desa.id))
        db.session.commit()
    first = text(client.get("/desa/").get_data(as_text=True))
    assert "Warga 00" in first and "Warga 24" in first and "Warga 25" not in first
    assert "Halaman 1 dari 2" in first and "Warga lama" not in first
    second = text(client.get("/desa/?page=2").get_data(as_text=True))
    assert "Warga 25" in second and "Warga 29" in second and "Warga 00" not in second
    tomorrow = (day0 + dt.timedelta(days=1)).isoformat()
    only = text(client.get(f"/desa/?tanggal={tomorrow}").get_data(as_text=True))
    assert "Warga 27" in only and "Warga 26" not in only
    past = (day0 - dt.timedelta(days=3)).isoformat()
    assert "Warga lama" in client.get(f"/desa/?tanggal={past}").get_data(as_text=True)
    empty = client.get(f"/desa/?tanggal={(day0 + dt.timedelta(days=9)).isoformat()}")
    assert "Belum ada pemesanan untuk tanggal ini." in empty.get_data(as_text=True)
    bad = client.get("/desa/?tanggal=kemarin")
    assert bad.status_code == 422 and "Tanggal tidak sah." in bad.get_data(as_text=True)
    assert client.get("/desa/?page=abc").status_code == 200
    # Reprint all of a day: only that day's waiting tickets, and nothing is booked again.
    before = len(tickets(vapp))
    sheet = client.get(f"/desa/cetak?tanggal={tomorrow}&ukuran=a4").get_data(as_text=True)
    assert sheet.count('class="vt-number"') == 3 and len(tickets(vapp)) == before


@pytest.mark.parametrize("raw", ["9999-12-31", "0001-01-01", "1999-12-31"])
def test_list_and_print_refuse_years_outside_2000_2100(vapp, raw):
    client = login(vapp, "desa.maros")
    listing = client.get(f"/desa/?tanggal={raw}")
    assert listing.status_code == 422 and "Tanggal tidak sah." in listing.get_data(as_text=True)
    assert client.get(f"/desa/cetak?tanggal={raw}&ukuran=a4").status_code == 422


def test_a_new_office_sees_an_empty_state(vapp):
    page = login(vapp, "desa.maros").get("/desa/").get_data(as_text=True)
    assert "Belum ada pemesanan untuk hari ini dan seterusnya." in page


def test_cancel_asks_first_then_cancels_only_waiting_tickets(vapp):
    client = login(vapp, "desa.maros")
    code = book_now(vapp, client, ["Ani"])[0]
    confirm = client.get(f"/desa/tiket/{code}/batal")
    body = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "Batalkan tiket A-001?" in body
    assert "Ya, batalkan tiket" in body
    assert tickets(vapp)[0].status == "waiting"  # looking is not cancelling
    done = post(client, f"/desa/tiket/{code}/batal")
    assert done.status_code == 303
    assert "Tiket A-001 dibatalkan." in client.get(done.location).get_data(as_text=True)
    ticket = tickets(vapp)[0]
    assert ticket.status == "cancelled"
    with vapp.app_context():
        event = db.session.scalar(sa.select(TicketEvent).where(
            TicketEvent.ticket_id == ticket.id, TicketEvent.to_status == "cancelled"))
        assert event.staff_id == staff("desa.maros").id and event.note == "village"
    again = post(client, f"/desa/tiket/{code}/batal")
    assert again.status_code == 303
    assert "tidak bisa dibatalkan" in client.get(again.location).get_data(as_text=True)
    # Reprinting a single cancelled ticket still works and books nothing.
    assert client.get(f"/desa/cetak?tiket={code}&ukuran=58").status_code == 200
    assert len(tickets(vapp)) == 1


# --- printing and the leaflet -----------------------------------------------------------------

def test_print_views_hold_everything_a_resident_needs(vapp):
    client = login(vapp, "desa.maros")
    codes = book_now(vapp, client, ["Ani", "Budi", "Citra"])
    query = "&".join(f"tiket={c}" for c in codes)
    a4 = client.get(f"/desa/cetak?{query}&ukuran=a4").get_data(as_text=True)
    assert a4.count('class="sheet') == 2 and a4.count("<svg") == 3
    slips = client.get(f"/desa/cetak?{query}&ukuran=58").get_data(as_text=True)
    assert slips.count('class="vt vt-58 slip-') == 3 and 'class="sheet' not in slips
    for page in (a4, slips):
        words = text(page)
        for expected in ("A-001", "A-003", "KTP-el baru", "Kartu Keluarga (KK)",
                         "Bawa dokumen berikut ke MPP", "Desa Bontoa", "Gerai 1",
                         "Mal Pelayanan Publik Kabupaten Maros",
                         "Jl. Asoka No. 1, Turikale, Maros"):
            assert expected in words, expected
    for bad, message in (("ukuran=a5&" + query, "Ukuran kertas tidak dikenal."),
                         ("ukuran=a4", "Pilih tiket yang akan dicetak."),
                         ("tanggal=besok", "Tanggal tidak sah.")):
        response = client.get(f"/desa/cetak?{bad}")
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert client.get("/desa/cetak?tiket=tidak-ada&ukuran=a4").status_code == 404


def test_leaflet_is_public_and_complete(vapp):
    set_service(vapp, "paspor-baru", availability="partial", fee_free=False, fee_amount=350000,
                processing_time="3–4 hari kerja",
                elsewhere_note="Wawancara di kantor Imigrasi bila gerai penuh.")
    client = vapp.test_client()
    response = client.get("/desa/selebaran/maros/paspor-baru")
    assert response.status_code == 200
    words = text(response.get_data(as_text=True))
    for expected in ("Paspor baru", "Persyaratan yang harus dibawa", "Kartu Keluarga (KK)",
                     "Langkah-langkah", "Ambil nomor antrean", "Rp350.000", "3–4 hari kerja",
                     "Sebagian harus diurus di luar MPP", "Wawancara di kantor Imigrasi", "Gerai 7",
                     "Jl. Asoka No. 1, Turikale, Maros"):
        assert expected in words, expected
    assert "<svg" in response.get_data(as_text=True)
    full = text(client.get("/desa/selebaran/maros/ktp-el-baru").get_data(as_text=True))
    assert "Bisa diurus sampai selesai di MPP." in full and "Gratis" in full
    assert client.get("/desa/selebaran/maros/tidak-ada").status_code == 404
    assert client.get("/desa/selebaran/tidak-ada/ktp-el-baru").status_code == 404
    index = login(vapp, "desa.maros").get("/desa/selebaran").get_data(as_text=True)
    assert 'href="/desa/selebaran/maros/paspor-baru"' in index


def test_village_pages_stay_small_for_weak_connections(vapp):
    client = login(vapp, "desa.maros")
    book_now(vapp, client, ["Ani", "Budi"])
    for path in ("/desa/", "/desa/pesan", "/desa/pesan?layanan=kk-perubahan",
                 "/desa/selebaran/maros/paspor-baru"):
        body = client.get(path).get_data()
        assert len(gzip.compress(body)) <= 14 * 1024, (path, len(gzip.compress(body)))


def test_print_css_has_a_named_page_for_every_slip_length():
    from mpp_lite.village.slips import page_rules

    css = (Path(__file__).resolve().parents[1] / "mpp_lite" / "static" / "print.css").read_text()
    assert page_rules() in css


def test_paper_checklist_keeps_a_space_between_the_parts_of_a_requirement(vapp):
    """"(asli) tidak wajib", not "(asli)tidak wajib": the words are separate in the page's
    text itself (what a printout, copy and paste or a screen reader gets), not only on screen."""
    with vapp.app_context():
        kk = service("ktp-el-baru").requirements[0]
        kk.form, kk.optional, kk.condition = "original", True, "KK hilang"
        kk.detail = "Bawa yang terbaru."
        db.session.commit()
    html = vapp.test_client().get("/desa/selebaran/maros/ktp-el-baru").get_data(as_text=True)
    words = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert ("Kartu Keluarga (KK) (asli) tidak wajib Hanya jika: KK hilang Bawa yang terbaru. "
            "Didapat dari: Kantor desa/kelurahan") in words
    assert "(asli)tidak" not in words and "wajibHanya" not in words
