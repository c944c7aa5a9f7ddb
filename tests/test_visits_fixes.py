"""Visits whose tickets left them (moved to another day): every staff, kiosk and citizen page of
the visit says so plainly, never a 500 or a false "nothing waits"; the visit API and "Tiket
saya" read a constant number of statements however many tickets; the kiosk's service ids are
ASCII digits only."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import Agency, Kiosk, Site, Ticket, Visit
from mpp_lite.queue.moving import move_ticket

from support.catalogs import queue_site
from support.html import text
from support.queries import count_statements
from support.queue import NOW, service, staff
from support.staff import csrf_token, login, post
from support.visits import visit, visit_site


def _sites():
    return (visit_site(), queue_site("ngawi", name="MPP Ngawi", timezone="Asia/Jakarta"))


pytestmark = pytest.mark.staff_app(sites=_sites)

TOMORROW = NOW.date() + dt.timedelta(days=1)
NO_TICKETS_LEFT = "Kunjungan ini tidak punya tiket lagi"


@pytest.fixture(autouse=True)
def at_ten(clock):
    clock(NOW)  # Tuesday 24 November 2026, 10.00 WITA: Maros is open


def book(app, *slugs: str, **fields) -> str:
    """A visit of `slugs` today at Maros; its code."""
    with app.app_context():
        for name in ("booked_by", "assisted_by"):
            if name in fields:
                fields[name] = staff(fields[name])
        made, _created = visit(*slugs, **fields)
        return made.code


def move_away(app, code: str, *slugs: str) -> None:
    """Move the visit's tickets of `slugs` (all when none are named) to tomorrow."""
    with app.app_context():
        made = db.session.scalar(sa.select(Visit).where(Visit.code == code))
        for ticket in list(made.tickets):
            if not slugs or ticket.service.slug in slugs:
                move_ticket(ticket, TOMORROW, None, kind="staff", now=NOW)
        db.session.commit()


# --- a visit whose tickets all moved ---------------------------------------------------------

def test_the_assisted_visit_pages_say_no_ticket_is_left(web_app):
    code = book(web_app, "ktp-el-baru", "paspor-baru", channel="assisted",
                assisted_by="pendamping.maros")
    client = login(web_app, "pendamping.maros")
    assert client.get(f"/pendamping/kunjungan/{code}").status_code == 200
    move_away(web_app, code)
    for path in (f"/pendamping/kunjungan/{code}", f"/pendamping/kunjungan/{code}/cetak"):
        page = client.get(path)
        assert page.status_code == 404
        assert NO_TICKETS_LEFT in text(page.get_data(as_text=True))


def test_the_village_visit_pages_of_a_visit_without_tickets_are_not_found(web_app):
    code = book(web_app, "ktp-el-baru", "paspor-baru", channel="village",
                booked_by="desa.maros")
    client = login(web_app, "desa.maros")
    assert client.get(f"/desa/kunjungan/{code}").status_code == 200
    move_away(web_app, code)
    for path in (f"/desa/kunjungan/{code}", f"/desa/kunjungan/{code}/cetak"):
        assert client.get(path).status_code == 404


def kiosk_device(app):
    """A kiosk of Maros's Disdukcapil, paired: (device client, kiosk id)."""
    admin = login(app, "admin.maros")
    with app.app_context():
        agency = db.session.scalar(sa.select(Agency.id).join(Site).where(
            Site.slug == "maros", Agency.slug == "disdukcapil"))
    assert post(admin, "/kelola/anjungan", name="Anjungan lobi", location="Lobi",
                agencies=[str(agency)]).status_code == 303
    with app.app_context():
        kiosk_id = db.session.scalar(sa.select(Kiosk.id).filter_by(name="Anjungan lobi"))
    page = post(admin, f"/kelola/anjungan/{kiosk_id}/kode").get_data(as_text=True)
    code = "".join(re.search(r'<code id="pairing-code">(\w{4})-(\w{4})</code>', page).groups())
    device = app.test_client()
    token = csrf_token(device, "/kios/pasang")
    assert device.post("/kios/pasang", data={"code": code, "csrf_token": token}
                       ).status_code == 303
    return device, kiosk_id


def test_the_kiosk_visit_ticket_page_says_no_ticket_is_left(web_app):
    device, kiosk_id = kiosk_device(web_app)
    code = book(web_app, "ktp-el-baru", "akta-kelahiran", channel="kiosk", kiosk_id=kiosk_id)
    assert device.get(f"/kios/tiket/kunjungan/{code}").status_code == 200
    move_away(web_app, code)
    page = device.get(f"/kios/tiket/kunjungan/{code}")
    assert page.status_code == 404
    body = text(page.get_data(as_text=True))
    assert NO_TICKETS_LEFT in body and "0 nomor" not in body


def test_the_kiosk_refuses_service_ids_that_are_not_ascii_digits(web_app):
    device, _kiosk_id = kiosk_device(web_app)
    with web_app.app_context():
        ktp = service("ktp-el-baru").id
    assert device.get(f"/kios/kunjungan/tambah?layanan={ktp}").status_code == 200
    for bad in ("²", "١٢", f"{ktp}&layanan=²", "99999999999", "-1"):
        assert device.get(f"/kios/kunjungan/tambah?layanan={bad}").status_code == 404
        assert device.get(f"/kios/kunjungan?layanan={bad}").status_code == 404


# --- the citizen's visit page ----------------------------------------------------------------

def test_the_visit_page_says_a_ticket_moved_to_another_day(web_app):
    client = web_app.test_client()
    code = book(web_app, "ktp-el-baru", "paspor-baru")
    move_away(web_app, code, "paspor-baru")
    body = text(client.get(f"/kunjungan/{code}").get_data(as_text=True))
    assert "1 tiket kunjungan ini sudah dipindah ke hari lain" in body
    # Cancelling what still waits leaves nothing waiting that day: said of the day, not the
    # visit (the moved ticket still waits, tomorrow).
    with web_app.app_context():
        for ticket in db.session.scalars(sa.select(Ticket).where(Ticket.status == "waiting",
                                                                 Ticket.day == NOW.date())):
            ticket.status = "cancelled"
        db.session.commit()
    body = text(client.get(f"/kunjungan/{code}").get_data(as_text=True))
    assert "Tidak ada lagi tiket kunjungan ini yang menunggu" not in body
    assert "Tidak ada lagi tiket yang menunggu pada hari kunjungan ini" in body
    assert "1 tiket kunjungan ini sudah dipindah ke hari lain" in body


def test_the_visit_page_counts_a_moved_last_step_too(web_app):
    client = web_app.test_client()
    code = book(web_app, "ktp-el-baru", "paspor-baru", "akta-kelahiran")
    with web_app.app_context():
        made = db.session.scalar(sa.select(Visit).where(Visit.code == code))
        last = made.tickets[-1].service.slug  # no gap in the steps left: 1, 2
    move_away(web_app, code, last)
    body = text(client.get(f"/kunjungan/{code}").get_data(as_text=True))
    assert "1 tiket kunjungan ini sudah dipindah ke hari lain" in body
    api = client.get(f"/api/v1/visits/{code}").get_json()
    assert [t["step"] for t in api["tickets"]] == [1, 2]


def test_the_visit_page_of_a_visit_without_tickets_says_so(web_app):
    client = web_app.test_client()
    code = book(web_app, "ktp-el-baru", "paspor-baru")
    move_away(web_app, code)
    page = client.get(f"/kunjungan/{code}")
    assert page.status_code == 200
    body = text(page.get_data(as_text=True))
    assert "Tiket kunjungan ini sudah dipindah ke hari lain atau dibatalkan" in body
    assert "Tidak ada lagi tiket" not in body
    assert "Tiket dalam kunjungan ini" not in body
    assert "Tidak ada persyaratan dokumen" not in body


def test_a_visit_without_moves_says_nothing_of_moves(web_app):
    client = web_app.test_client()
    code = book(web_app, "ktp-el-baru", "paspor-baru")
    body = text(client.get(f"/kunjungan/{code}").get_data(as_text=True))
    assert "dipindah" not in body and "Tiket dalam kunjungan ini" in body


# --- statements --------------------------------------------------------------------------------

def statements(app, client, path: str) -> int:
    assert client.get(path).status_code == 200  # warm: per-worker memos filled
    with count_statements(app) as seen:
        assert client.get(path).status_code == 200
    return len(seen)


def test_the_visit_api_reads_the_same_statements_for_two_or_four_tickets(web_app):
    client = web_app.test_client()
    two = book(web_app, "ktp-el-baru", "paspor-baru")
    four = book(web_app, "ktp-el-baru", "paspor-baru", "akta-kelahiran", "kia",
                name="Bapak Andi")
    small = statements(web_app, client, f"/api/v1/visits/{two}")
    large = statements(web_app, client, f"/api/v1/visits/{four}")
    assert large == small
    tickets = client.get(f"/api/v1/visits/{four}").get_json()["tickets"]
    assert len(tickets) == 4 and all(t["position"] is not None for t in tickets)


def test_my_tickets_reads_the_same_statements_for_one_or_two_visits(web_app):
    one = book(web_app, "ktp-el-baru", "paspor-baru")
    other = book(web_app, "akta-kelahiran", "kia", name="Bapak Andi")
    few, many = web_app.test_client(), web_app.test_client()
    few.get(f"/kunjungan/{one}")
    many.get(f"/kunjungan/{one}")
    many.get(f"/kunjungan/{other}")
    small = statements(web_app, few, "/tiket-saya")
    large = statements(web_app, many, "/tiket-saya")
    assert large == small
    body = many.get("/tiket-saya").get_data(as_text=True)
    assert f"/kunjungan/{one}" in body and f"/kunjungan/{other}" in body
