"""The citizen's visit pages: choose several services (from a life event or by search), one
form for day and name, one visit with a ticket each; the visit page with where to go next and
one checklist; cancelling the whole visit after a confirmation; the ticket page's link back."""
from __future__ import annotations

import datetime as dt
import gzip
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import Service, Ticket, Visit

from support.booking import csrf_token, input_value
from support.html import parse, page_text, text_of
from support.queue import NOW, book, counter
from support.visits import load_visit_catalog

PAGE_BUDGET = 14_600
BUNDLE = "/maros/kunjungan?peristiwa=punya-anak&layanan=akta-kelahiran&layanan=kia" \
         "&layanan=kk-perubahan"


@pytest.fixture
def visit_app(app, clock):
    load_visit_catalog(app)
    clock(NOW)  # Tuesday 10.00 in Maros: open, inside every window
    return app


@pytest.fixture
def client(visit_app):
    return visit_app.test_client()


def visit_form(client, path: str = BUNDLE) -> tuple[str, dict[str, object]]:
    """The visit form's page and what a browser sends when the first day is kept."""
    page = client.get(path).get_data(as_text=True)
    services = re.findall(r'<input type="hidden" name="services" value="([^"]+)"', page)
    return page, {"csrf_token": csrf_token(page),
                  "idempotency_key": input_value(page, "idempotency_key"),
                  "services": services, "day": input_value(page, "day"), "name": "Ibu Sari"}


def send(client, path: str = BUNDLE, **fields):
    page, data = visit_form(client, path)
    data.update(fields)
    return client.post(path, data=data), data


def visits() -> list[Visit]:
    return list(db.session.scalars(sa.select(Visit).order_by(Visit.id)))


def code_of(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    path = urlsplit(response.location).path
    assert path.startswith("/kunjungan/")
    return path.rsplit("/", 1)[1]


def wire_size(client, path: str) -> int:
    response = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    body = response.data
    if response.headers.get("Content-Encoding") != "gzip":
        body = gzip.compress(body)
    return len(body)


# --- choosing the services ----------------------------------------------------------------

def test_a_life_event_offers_its_bookable_services_as_one_visit(client):
    """"Punya anak" links to one visit with the birth certificate, KK and KIA ticked?"""
    page = client.get("/maros/peristiwa/punya-anak").get_data(as_text=True)
    doc = parse(page)
    link = next(a for a in doc.iter("a") if "/maros/kunjungan" in a.get("href", ""))
    assert "Urus sekaligus dalam satu kunjungan" in page
    query = parse_qs(urlsplit(link.get("href")).query)
    assert sorted(query["layanan"]) == ["akta-kelahiran", "kia", "kk-perubahan"]
    assert query["peristiwa"] == ["punya-anak"]
    form = client.get(link.get("href")).get_data(as_text=True)
    ticked = re.findall(r'name="layanan" value="([^"]+)"[^>]*checked', form)
    assert sorted(ticked) == ["akta-kelahiran", "kia", "kk-perubahan"]
    assert 'name="layanan" value="paspor-baru"' not in form   # not a "punya anak" service


def test_the_bundle_is_booked_as_one_visit_in_order(client, visit_app):
    response, _data = send(client)
    code = code_of(response)
    with visit_app.app_context():
        [visit] = visits()
        assert visit.code == code and visit.life_event == "punya-anak"
        assert visit.channel == "online"
        assert [t.service.slug for t in visit.tickets][0] == "akta-kelahiran"
        assert len(visit.tickets) == 3 and {t.name for t in visit.tickets} == {"Ibu Sari"}
        numbers = [t.number for t in visit.tickets]
    mine = page_text(client.get("/tiket-saya"))
    assert all(number in mine for number in numbers)     # the device's "my tickets"


def test_a_large_life_event_bundles_only_the_services_linked_by_their_documents(
        visit_app, monkeypatch):
    from mpp_lite.models import Requirement
    from mpp_lite.visits import services
    from support.queue import service

    monkeypatch.setattr(services, "MAX_VISIT_SERVICES", 3)
    with visit_app.app_context():
        event = [service(s) for s in ("akta-kelahiran", "kia", "kk-perubahan", "paspor-baru")]
        assert [s.slug for s in services.bundle_of(event)] == [
            "akta-kelahiran", "kia", "kk-perubahan"]           # not the passport
        assert [s.slug for s in services.bundle_of(event[1:3])] == ["kia", "kk-perubahan"]
        db.session.execute(sa.update(Requirement).values(product_of=""))
        assert services.bundle_of(event) == []                # nothing links them: choose


def test_the_demo_child_bundle_is_the_birth_certificate_family_card_and_kia(demo_client):
    page = demo_client.get("/maros/peristiwa/punya-anak").get_data(as_text=True)
    [link] = re.findall(r'href="(/maros/kunjungan\?[^"]+)"', page)
    query = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
    # the event's services with a queue (four in the demo), at most five
    assert {"akta-kelahiran", "kia", "kk-perubahan-data"} <= set(query["layanan"])
    assert len(query["layanan"]) <= 5


def test_a_search_adds_another_service_to_tick(client):
    page = client.get("/maros/kunjungan?layanan=akta-kelahiran&cari=paspor").get_data(
        as_text=True)
    parse(page)
    assert re.search(r'name="layanan" value="akta-kelahiran"[^>]*checked', page)
    assert re.search(r'name="layanan" value="paspor-baru" id="[^"]+">', page)  # not ticked
    assert 'method="post"' not in page                     # one service is not a visit yet
    both = client.get("/maros/kunjungan?layanan=akta-kelahiran&layanan=paspor-baru")
    assert 'method="post"' in both.get_data(as_text=True)


def test_more_services_than_a_visit_takes_are_refused_before_the_form(client, monkeypatch):
    from mpp_lite.visits import routes

    monkeypatch.setattr(routes, "MAX_VISIT_SERVICES", 2)  # the catalogue has five services
    page = client.get(BUNDLE).get_data(as_text=True)
    assert "Satu kunjungan paling banyak 2 layanan." in page and 'method="post"' not in page


def test_nik_is_asked_only_when_a_chosen_service_requires_it(client, visit_app):
    path = "/maros/kunjungan?layanan=akta-kelahiran&layanan=paspor-baru"
    assert 'name="nik"' not in client.get(path).get_data(as_text=True)
    with visit_app.app_context():
        db.session.execute(sa.update(Service).where(Service.slug == "paspor-baru")
                           .values(nik_required=True))
        db.session.commit()
    page = client.get(path).get_data(as_text=True)
    assert 'name="nik"' in page and "Diperlukan untuk Paspor baru" in page


# --- booking --------------------------------------------------------------------------------

def test_a_double_submit_is_one_visit(client, visit_app):
    first, data = send(client)
    again = client.post(BUNDLE, data=data)
    assert code_of(first) == code_of(again)
    with visit_app.app_context():
        assert len(visits()) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 3


def test_a_refusal_names_the_service_and_offers_the_next_day(client, visit_app):
    with visit_app.app_context():
        for _ in range(3):
            book("kia")                                   # KIA's quota of 3 is full today
    response, _data = send(client, path="/maros/kunjungan?layanan=akta-kelahiran&layanan=kia")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    alert = text_of(next(e for e in parse(page).iter("div") if e.get("role") == "alert"))
    assert "Kartu Identitas Anak (KIA)" in alert and "Tiket belum dibuat" in alert
    assert "tanggal=2026-11-25" in page                   # the next day with room
    assert "Ibu Sari" in page                             # what was typed is kept
    with visit_app.app_context():
        assert visits() == []
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 3


def test_a_missing_name_is_a_clear_message_not_a_visit(client, visit_app):
    response, _data = send(client, name="")
    assert response.status_code == 422
    assert "Isi nama atau inisial Anda." in response.get_data(as_text=True)
    with visit_app.app_context():
        assert visits() == []


def test_an_expired_form_keeps_what_was_typed(client, visit_app):
    _page, data = visit_form(client)
    data["csrf_token"] = "expired"
    response = client.post(BUNDLE, data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "terlalu lama terbuka" in page and 'value="Ibu Sari"' in page
    with visit_app.app_context():
        assert visits() == []


# --- the visit page -------------------------------------------------------------------------

def booked(client) -> str:
    return code_of(send(client)[0])


def test_the_visit_page_shows_every_ticket_and_where_to_go_next(client, visit_app):
    code = booked(client)
    page = client.get(f"/kunjungan/{code}").get_data(as_text=True)
    text = page_text(client.get(f"/kunjungan/{code}"))
    assert "Berikutnya: Akta kelahiran, nomor AC-001." in text
    assert text.count("Dipanggil setelah Akta kelahiran selesai") == 2   # KK and KIA wait
    assert 'http-equiv="refresh"' in page and "Ibu Sari" not in page    # no personal data
    with visit_app.app_context():
        visit = visits()[0]
        for ticket in visit.tickets:
            assert f"/tiket/{ticket.code}" in page
        first = visit.tickets[0]
        first.status, first.counter_id = "called", counter("Gerai 2").id
        db.session.commit()
    text = page_text(client.get(f"/kunjungan/{code}"))
    assert "Nomor AC-001 dipanggil: silakan ke Gerai 2." in text


def test_without_a_link_the_shorter_queue_is_next(client, visit_app):
    with visit_app.app_context():
        book("ktp-el-baru"), book("ktp-el-baru")
    response, _data = send(client, path="/maros/kunjungan?layanan=ktp-el-baru"
                                        "&layanan=paspor-baru")
    text = page_text(client.get(f"/kunjungan/{code_of(response)}"))
    assert "Berikutnya: Paspor baru, nomor C-001. 0 orang di depan Anda." in text
    assert "2 orang di depan" in text                       # the KTP-el ticket


def test_the_visit_checklist_lists_each_document_once(client):
    code = booked(client)
    doc = parse(client.get(f"/kunjungan/{code}").get_data(as_text=True))
    section = next(s for s in doc.iter("section") if s.get("aria-labelledby") == "bawa-h")
    items = [text_of(li) for li in section.find(".//ul[@class='checklist']").iter("li")]
    kk = [i for i in items if i.startswith("Kartu Keluarga (KK)")]
    assert len(kk) == 1 and "3 lembar" in kk[0]             # one copy for each service
    assert "Akta kelahiran" in kk[0] and "Kartu Identitas Anak (KIA)" in kk[0]
    assert not any("Kutipan akta kelahiran anak" in i for i in items)
    assert "Kutipan akta kelahiran anak: dibuat di Akta kelahiran" in text_of(section)


def test_cancelling_the_visit_asks_first_then_cancels_what_waits(client, visit_app):
    code = booked(client)
    with visit_app.app_context():
        first = visits()[0].tickets[0]
        first.status = "done"
        db.session.commit()
    confirm = client.get(f"/kunjungan/{code}/batal")
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "Ya, batalkan semua" in page
    assert "AC-001" not in page                             # done: not cancelled
    with visit_app.app_context():
        assert [t.status for t in visits()[0].tickets] == ["done", "waiting", "waiting"]
    done = client.post(f"/kunjungan/{code}/batal", data={"csrf_token": csrf_token(page)})
    assert done.status_code == 303
    text = page_text(client.get(f"/kunjungan/{code}"))
    assert "2 tiket kunjungan ini dibatalkan." in text
    assert "Tidak ada lagi tiket kunjungan ini yang menunggu." in text
    assert "Batalkan kunjungan" not in text
    with visit_app.app_context():
        assert [t.status for t in visits()[0].tickets] == ["done", "cancelled", "cancelled"]


def test_a_cancel_without_its_token_cancels_nothing(client, visit_app):
    code = booked(client)
    response = client.post(f"/kunjungan/{code}/batal", data={})
    assert response.status_code == 303
    with visit_app.app_context():
        assert {t.status for t in visits()[0].tickets} == {"waiting"}


def test_an_unknown_visit_is_not_found(client):
    assert client.get("/kunjungan/no-such-visit-code1").status_code == 404
    assert client.get("/kunjungan/no-such-visit-code1/batal").status_code == 404


def test_the_ticket_page_links_to_its_visit_and_still_sees_changes(client, visit_app):
    code = booked(client)
    with visit_app.app_context():
        ticket_code = visits()[0].tickets[1].code
    first = client.get(f"/tiket/{ticket_code}").get_data(as_text=True)
    assert f'href="/kunjungan/{code}"' in first and "Bagian dari kunjungan" in first
    assert client.get(f"/tiket/{ticket_code}").get_data(as_text=True) == first  # kept
    page = client.get(f"/kunjungan/{code}/batal").get_data(as_text=True)
    client.post(f"/kunjungan/{code}/batal", data={"csrf_token": csrf_token(page)})
    after = page_text(client.get(f"/tiket/{ticket_code}"))
    assert "Dibatalkan" in after
    mine = client.get("/tiket-saya").get_data(as_text=True)
    assert f'href="/kunjungan/{code}"' in mine


def test_a_single_ticket_page_has_no_visit_link(client, visit_app):
    with visit_app.app_context():
        code = book("paspor-baru").code
    assert "/kunjungan/" not in client.get(f"/tiket/{code}").get_data(as_text=True)


def test_the_visit_pages_fit_the_page_budget(client):
    code = booked(client)
    assert wire_size(client, BUNDLE + "&cari=kartu") <= PAGE_BUDGET
    assert wire_size(client, f"/kunjungan/{code}") <= PAGE_BUDGET
    assert wire_size(client, f"/kunjungan/{code}/batal") <= PAGE_BUDGET


def test_a_visit_on_a_later_day_says_when_to_come_and_then_that_it_is_over(client, clock):
    response, _data = send(client, day="2026-11-25")
    code = code_of(response)
    text = page_text(client.get(f"/kunjungan/{code}"))
    assert "Datang pada Rabu, 25 November 2026. Mulai dari Akta kelahiran, nomor AC-001." \
        in text
    assert "orang di depan" not in text       # booked so far is not a queue yet
    clock(NOW + dt.timedelta(days=2))
    text = page_text(client.get(f"/kunjungan/{code}"))
    assert "Hari kunjungan ini sudah lewat." in text and "Berikutnya" not in text


def test_the_demo_bundles_fit_the_page_budget(demo_client):
    """Every life event of the demo catalogue with a bundle: its visit form, also with a
    search's results, stays within one round trip."""
    from mpp_lite.catalog.vocab import LIFE_EVENTS

    bundles = []
    for event in LIFE_EVENTS:
        page = demo_client.get(f"/maros/peristiwa/{event}").get_data(as_text=True)
        bundles += [href.replace("&amp;", "&") for href in
                    re.findall(r'href="(/maros/kunjungan\?[^"]+)"', page)]
    assert bundles                                        # "punya anak" at least
    for path in bundles:
        assert wire_size(demo_client, path) <= PAGE_BUDGET, path
        assert wire_size(demo_client, path + "&cari=surat") <= PAGE_BUDGET, path
