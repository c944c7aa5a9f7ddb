"""The officer console over HTTP: login, roles, counter actions with flash messages and 303
redirects, transfer with confirmation, walk-in tickets, check-in, CSRF, valid HTML."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import CounterStatusChange, Ticket

from support.catalogs import open_all_day_sites
from support.html import parse, text
from support.editing import service_id
from support.officer import ids, ticket_id_of, walkin
from support.queue import counter, staff
from support.staff import login, post


# Maros open all day every day (walk-ins use the real clock), and Ngawi.
pytestmark = pytest.mark.staff_app(sites=open_all_day_sites)


def follow(client, response) -> str:
    assert response.status_code == 303
    return client.get(response.location).get_data(as_text=True)


def current_number(html: str) -> str | None:
    match = re.search(r'class="current-number">([A-Z]-\d+)<', html)
    return match.group(1) if match else None


# --- access -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/petugas/", "/petugas/gerai/1", "/petugas/ambil",
                                  "/petugas/tiket/abc", "/petugas/ambil/abc"])
def test_anonymous_visitors_are_sent_to_login(web_app, path):
    response = web_app.test_client().get(path)
    assert response.status_code == 302
    assert response.location.startswith("/staff/login?next=")


def test_village_and_assistant_accounts_get_403_on_the_console(web_app):
    gerai = ids(web_app)
    for username in ("desa.maros", "pendamping.maros"):
        client = login(web_app, username)
        for path in ("/petugas/", f"/petugas/gerai/{gerai}", "/petugas/tiket/abc"):
            assert client.get(path).status_code == 403, (username, path)
        assert post(client, f"/petugas/gerai/{gerai}/panggil").status_code == 403
    assert login(web_app, "desa.maros").get("/petugas/ambil").status_code == 403
    assert login(web_app, "pendamping.maros").get("/petugas/ambil").status_code == 200


def test_staff_home_shows_the_tools_of_each_role(web_app):
    def tiles(username):
        home = login(web_app, username).get("/staff/").get_data(as_text=True)
        return set(re.findall(r'href="(/petugas/[^"]*)"', home))
    assert tiles("dukcapil.maros") == tiles("admin.maros") == {"/petugas/", "/petugas/ambil",
                                                              "/petugas/tidak-hadir"}
    assert tiles("pendamping.maros") == {"/petugas/ambil"}
    assert tiles("desa.maros") == set()


@pytest.mark.parametrize("username", ["imigrasi.maros", "dukcapil.ngawi", "admin.ngawi"])
def test_officers_cannot_use_another_agencys_or_sites_counter(web_app, username):
    gerai = ids(web_app)
    client = login(web_app, username)
    assert client.get(f"/petugas/gerai/{gerai}").status_code == 403
    for path in ("panggil", "status"):
        assert post(client, f"/petugas/gerai/{gerai}/{path}", status="open").status_code == 403
    with web_app.app_context():
        assert counter("Gerai 1").status == "closed"


def test_console_lists_only_my_counters(web_app):
    page = login(web_app, "dukcapil.maros").get("/petugas/").get_data(as_text=True)
    assert "Gerai 1" in page and "Gerai 2" in page and "Gerai 7" not in page
    admin = login(web_app, "admin.maros").get("/petugas/").get_data(as_text=True)
    assert all(label in admin for label in ("Gerai 1", "Gerai 2", "Gerai 7"))


def test_post_without_csrf_token_is_refused(web_app):
    client = login(web_app, "dukcapil.maros")
    gerai = ids(web_app)
    assert client.post(f"/petugas/gerai/{gerai}/status", data={"status": "open"}).status_code \
        == 400
    assert client.post(f"/petugas/gerai/{gerai}/panggil").status_code == 400
    with web_app.app_context():
        assert counter("Gerai 1").status == "closed"


# --- the counter console ----------------------------------------------------------------------

def test_a_day_at_the_counter(web_app):
    client = login(web_app, "dukcapil.maros")
    gerai = ids(web_app)
    base = f"/petugas/gerai/{gerai}"
    walkin(client, web_app, name="Budi")
    walkin(client, web_app, name="Siti", priority="lansia")

    closed = follow(client, post(client, f"{base}/panggil"))
    assert "Buka gerai dulu" in closed and current_number(closed) is None

    page = follow(client, post(client, f"{base}/status", status="open"))
    assert "sekarang: Buka" in text(page)
    assert 'class="counter-status counter-status-open"' in page

    page = follow(client, post(client, f"{base}/panggil"))
    assert current_number(page) == "A-002"                  # the priority ticket first
    assert "Siti" in page and "Lanjut usia" in page and "dipanggil ke Gerai 1" in page
    assert re.search(r'<button type="submit" class="button-call" disabled', page)

    ticket_id = ticket_id_of(web_app, "A-002")
    action = f"{base}/tiket/{ticket_id}"
    page = follow(client, post(client, f"{action}/mulai"))
    assert "Sedang dilayani" in page
    page = follow(client, post(client, f"{action}/selesai"))
    assert "A-002 selesai dilayani" in page and current_number(page) is None

    page = follow(client, post(client, f"{base}/panggil"))
    assert current_number(page) == "A-001"
    action = f"{base}/tiket/{ticket_id_of(web_app, 'A-001')}"
    assert re.search(r'class="button-secondary" disabled aria-describedby="noshow-', page)
    page = follow(client, post(client, f"{action}/tidak-hadir"))
    assert "Tandai tidak hadir setelah dipanggil 3 kali" in page
    assert "<title>Kesalahan:" in page
    for _ in range(2):
        page = follow(client, post(client, f"{action}/panggil-ulang"))
    assert "3 kali" in page and "noshow-" not in page        # the button is enabled now
    page = follow(client, post(client, f"{action}/tidak-hadir"))
    assert "A-001 ditandai tidak hadir" in page

    page = follow(client, post(client, f"{base}/panggil"))
    assert "Tidak ada antrean yang menunggu" in page
    with web_app.app_context():
        statuses = dict(db.session.execute(sa.select(Ticket.sequence, Ticket.status)).all())
        assert statuses == {1: "no_show", 2: "done"}
        event_staff = set(db.session.scalars(sa.text(
            "SELECT DISTINCT staff_id FROM ticket_event WHERE from_status IS NOT NULL")))
        assert event_staff == {staff("dukcapil.maros").id}


def test_pausing_or_closing_needs_a_reason(web_app):
    client = login(web_app, "dukcapil.maros")
    base = f"/petugas/gerai/{ids(web_app)}"
    post(client, f"{base}/status", status="open")
    page = follow(client, post(client, f"{base}/status", status="closed", reason_text="  "))
    assert "Tulis alasan" in page and "<title>Kesalahan:" in page
    page = follow(client, post(client, f"{base}/status", status="break",
                               reason_choice="jaringan", reason_text="modem mati"))
    assert "Gangguan jaringan: modem mati" in page
    with web_app.app_context():
        changes = db.session.execute(sa.select(CounterStatusChange.status,
                                               CounterStatusChange.reason)
                                     .order_by(CounterStatusChange.id)).all()
        assert changes == [("open", ""), ("break", "Gangguan jaringan: modem mati")]
    page = follow(client, post(client, f"{base}/status", status="bogus"))
    assert "Pilih buka, istirahat atau tutup" in page


def test_unknown_action_and_foreign_ticket(web_app):
    client = login(web_app, "dukcapil.maros")
    gerai = ids(web_app)
    walkin(client, web_app)
    ticket_id = ticket_id_of(web_app, "A-001")
    assert post(client, f"/petugas/gerai/{gerai}/tiket/{ticket_id}/hapus").status_code == 404
    assert post(client, f"/petugas/gerai/{gerai}/tiket/99999/mulai").status_code == 404
    page = follow(client, post(client, f"/petugas/gerai/{gerai}/tiket/{ticket_id}/mulai"))
    assert "tidak sedang di gerai ini" in page


def test_transfer_asks_for_confirmation_and_keeps_the_number(web_app):
    client = login(web_app, "dukcapil.maros")
    base = f"/petugas/gerai/{ids(web_app)}"
    walkin(client, web_app)
    post(client, f"{base}/status", status="open")
    post(client, f"{base}/panggil")
    ticket_id = ticket_id_of(web_app, "A-001")
    path = f"{base}/tiket/{ticket_id}/pindah"
    form = client.get(path)
    assert form.status_code == 200 and "Paspor baru" in form.get_data(as_text=True)
    paspor = str(service_id(web_app, "paspor-baru"))
    confirm = post(client, path, service=paspor, counter="")
    assert confirm.status_code == 200
    assert "Yakin memindahkan" in confirm.get_data(as_text=True)
    with web_app.app_context():
        assert db.session.get(Ticket, ticket_id).status == "called"     # not yet
    page = follow(client, post(client, path, service=paspor, counter="", confirm="1"))
    assert "A-001 dipindahkan" in page and current_number(page) is None
    with web_app.app_context():
        ticket = db.session.get(Ticket, ticket_id)
        assert (ticket.number, ticket.status, ticket.service.slug) == (
            "A-001", "waiting", "paspor-baru")
    assert client.get(path).status_code == 303                           # no longer here


def test_transfer_to_a_counter_that_does_not_serve_it_is_explained(web_app):
    client = login(web_app, "dukcapil.maros")
    base = f"/petugas/gerai/{ids(web_app)}"
    walkin(client, web_app)
    post(client, f"{base}/status", status="open")
    post(client, f"{base}/panggil")
    path = f"{base}/tiket/{ticket_id_of(web_app, 'A-001')}/pindah"
    gerai7 = str(ids(web_app, "Gerai 7"))
    page = follow(client, post(client, path, service="", counter=gerai7, confirm="1"))
    assert "tidak melayani layanan ini" in page


def test_waiting_list_is_paginated(web_app):
    client = login(web_app, "admin.maros")
    for index in range(23):
        walkin(client, web_app, name=f"Warga {index}", priority="hamil" if index == 22 else "")
    page = client.get(f"/petugas/gerai/{ids(web_app)}").get_data(as_text=True)
    rows = re.findall(r'<td class="number">([A-Z]-\d+)</td>', page)
    assert len(rows) == 20 and rows[0] == "A-023" and rows[1] == "A-001"   # calling order
    assert "(23)" in page
    second = client.get(f"/petugas/gerai/{ids(web_app)}?page=2").get_data(as_text=True)
    assert re.findall(r'<td class="number">([A-Z]-\d+)</td>', second) == [
        "A-020", "A-021", "A-022"]


# --- walk-in ----------------------------------------------------------------------------------

def test_walkin_double_submit_makes_one_ticket(web_app):
    client = login(web_app, "dukcapil.maros")
    page = client.get("/petugas/ambil").get_data(as_text=True)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page).group(1)
    data = {"service": str(service_id(web_app, "ktp-el-baru")), "name": "Budi",
            "idempotency_key": key}
    first, second = post(client, "/petugas/ambil", **data), post(client, "/petugas/ambil", **data)
    assert first.status_code == second.status_code == 303
    assert first.location == second.location
    with web_app.app_context():
        tickets = list(db.session.scalars(sa.select(Ticket)))
        assert len(tickets) == 1 and tickets[0].channel == "walkin"
        assert tickets[0].booked_by_id == staff("dukcapil.maros").id


def test_walkin_ticket_page_shows_the_number_and_qr_code(web_app):
    client = login(web_app, "pendamping.maros")
    code = walkin(client, web_app, "paspor-baru", name="Ani", priority="disabilitas")
    page = client.get(f"/petugas/ambil/{code}").get_data(as_text=True)
    assert 'class="slip-number">C-001<' in page and "<svg" in page
    assert f'href="/petugas/ambil/{code}/cetak"' in page
    assert "Dibantu petugas pendamping" in page
    printable = client.get(f"/petugas/ambil/{code}/cetak")
    assert printable.status_code == 200 and "<svg" in printable.get_data(as_text=True)
    with web_app.app_context():
        ticket = db.session.scalar(sa.select(Ticket))
        assert ticket.channel == "assisted" and ticket.assisted_by_id is not None
    assert login(web_app, "admin.ngawi").get(f"/petugas/ambil/{code}").status_code == 404


def test_walkin_form_errors_are_shown_not_raised(web_app):
    client = login(web_app, "dukcapil.maros")
    page = client.get("/petugas/ambil").get_data(as_text=True)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page).group(1)
    response = post(client, "/petugas/ambil", service="", name="", idempotency_key=key)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Pilih layanan." in body and "Isi nama atau inisial" in body
    # An officer cannot pick another agency's service, even by editing the form.
    response = post(client, "/petugas/ambil", service=str(service_id(web_app, "paspor-baru")),
                    name="X", idempotency_key=key)
    assert response.status_code == 422
    options = re.findall(r'<option value="(\d+)"', client.get("/petugas/ambil").get_data(
        as_text=True))
    assert str(service_id(web_app, "paspor-baru")) not in options


# --- check-in ---------------------------------------------------------------------------------

def test_check_in_from_the_ticket_page(web_app):
    code = walkin(login(web_app, "pendamping.maros"), web_app)
    client = login(web_app, "dukcapil.maros")
    page = client.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    assert "Check-in: pengunjung sudah datang" in page
    page = follow(client, post(client, f"/petugas/tiket/{code}/check-in"))
    assert "sudah check-in" in page and "Check-in: pengunjung" not in page
    with web_app.app_context():
        assert db.session.scalar(sa.select(Ticket)).checked_in_at is not None
    other = login(web_app, "imigrasi.maros")
    assert other.get(f"/petugas/tiket/{code}").status_code == 403
    assert post(other, f"/petugas/tiket/{code}/check-in").status_code == 403
    assert client.get("/petugas/tiket/does-not-exist").status_code == 404


# --- valid, accessible HTML -------------------------------------------------------------------

def check_page(html: str) -> None:
    doc = parse(html)
    body = doc.find("body")
    assert len(body.findall(".//main")) == 1
    headings = [int(el.tag[1]) for el in body.iter() if re.fullmatch(r"h[1-6]", str(el.tag))]
    assert headings.count(1) == 1
    for previous, current in zip(headings, headings[1:]):
        assert current <= previous + 1, f"heading jumps from h{previous} to h{current}"
    labels = {label.get("for") for label in body.iter("label")}
    for control in list(body.iter("input")) + list(body.iter("select")):
        if control.get("type") in ("hidden", "submit"):
            continue
        assert control.get("id") in labels, f"control without label: {control.attrib}"
    element_ids = [el.get("id") for el in body.iter() if el.get("id")]
    assert len(element_ids) == len(set(element_ids)), "duplicate ids"
    for script in body.iter("script"):
        assert script.get("src")
    assert all(el.get("style") is None for el in doc.iter())
    head = doc.find("head")
    assert any("officer" in (link.get("href") or "") for link in head.iter("link"))


def test_console_pages_are_valid_html(web_app):
    client = login(web_app, "dukcapil.maros")
    gerai = ids(web_app)
    codes = [walkin(client, web_app, name=f"W{i}", priority="anak" if i == 1 else "")
             for i in range(3)]
    post(client, f"/petugas/gerai/{gerai}/status", status="open")
    post(client, f"/petugas/gerai/{gerai}/panggil")
    called = ticket_id_of(web_app, "A-002")
    transfer = f"/petugas/gerai/{gerai}/tiket/{called}/pindah"
    pages = ["/petugas/", f"/petugas/gerai/{gerai}", "/petugas/ambil",
             f"/petugas/ambil/{codes[0]}", f"/petugas/ambil/{codes[0]}/cetak",
             f"/petugas/tiket/{codes[0]}", transfer]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        check_page(response.get_data(as_text=True))
    confirm = post(client, transfer, service=str(service_id(web_app, "kk-perubahan")))
    assert confirm.status_code == 200
    check_page(confirm.get_data(as_text=True))
    invalid = post(client, "/petugas/ambil", service="", name="", idempotency_key="x" * 20)
    check_page(invalid.get_data(as_text=True))
    post(client, f"/petugas/gerai/{gerai}/status", status="closed")           # flash error
    check_page(client.get(f"/petugas/gerai/{gerai}").get_data(as_text=True))


def test_every_channel_and_priority_has_a_label_in_the_models_order():
    """A channel or priority added to the models must get its label on the console."""
    from mpp_lite.catalog.vocab import PRIORITY_LABELS
    from mpp_lite.models import CHANNELS, PRIORITIES
    from mpp_lite.officer.routes import CHANNEL_LABELS

    assert list(CHANNEL_LABELS) == list(CHANNELS)
    assert list(PRIORITY_LABELS) == list(PRIORITIES)
