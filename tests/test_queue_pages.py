"""Citizen queue pages and the ticket API over HTTP."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from mpp_lite import dates
from mpp_lite.extensions import db
from mpp_lite.identity import sign
from mpp_lite.models import Service, Ticket

from support.booking import api_book, book, csrf_token
from support.html import parse


def test_service_page_offers_a_ticket(catalog_app):
    page = catalog_app.test_client().get("/maros/layanan/ktp-el-baru").get_data(as_text=True)
    assert "/maros/layanan/ktp-el-baru/antre" in page


def test_booking_form_is_accessible_html(open_every_day):
    page = open_every_day.test_client().get("/maros/layanan/ktp-el-baru/antre")
    assert page.status_code == 200
    doc = parse(page.get_data(as_text=True))
    assert doc.find(".//form[@method='post']") is not None
    assert doc.find(".//fieldset/legend") is not None


def test_book_then_see_the_ticket_with_a_signed_qr(open_every_day):
    client = open_every_day.test_client()
    response, _ = book(client, priority="lansia")
    assert response.status_code == 303
    code = response.location.rsplit("/", 1)[1]
    page = client.get(f"/tiket/{code}").get_data(as_text=True)
    parse(page)
    assert "A-001" in page and "KTP-el baru" in page
    assert "<svg" in page and "Kode QR tiket A-001" in page
    assert "Lanjut usia" in page
    assert 'http-equiv="refresh"' in page
    assert "Kartu Keluarga (KK)" in page  # what to bring
    assert "https://wa.me/?text=" in page
    with open_every_day.app_context():
        signature = sign(open_every_day.config["SECRET_KEY"], code)
    assert client.get(f"/tiket/{code}?s={signature}").status_code == 200
    assert client.get(f"/tiket/{code}?s=0000{signature[4:]}").status_code == 404
    assert client.get("/tiket/invented-code-xyz").status_code == 404


def test_double_submit_makes_one_ticket(open_every_day):
    client = open_every_day.test_client()
    first, data = book(client)
    again = client.post("/maros/layanan/ktp-el-baru/antre", data=data)
    assert first.location == again.location
    with open_every_day.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 1


def test_form_errors_are_shown_in_indonesian_and_nothing_is_made(open_every_day):
    client = open_every_day.test_client()
    response, _ = book(client, name="", phone="abc")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert page.startswith("<!doctype html>") and "<title>Kesalahan:" in page
    assert "Isi nama atau inisial Anda." in page
    assert 'aria-invalid="true"' in page
    with open_every_day.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 0


def test_full_quota_offers_the_next_day(open_every_day):
    with open_every_day.app_context():
        db.session.execute(sa.update(Service).values(daily_quota=1))
        db.session.commit()
    client = open_every_day.test_client()
    book(client)
    response, _ = book(client, name="Budi")  # another person (same name: the same ticket)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "sudah penuh" in page and "tanggal=" in page


def test_missing_csrf_token_is_refused(open_every_day):
    client = open_every_day.test_client()
    response = client.post("/maros/layanan/ktp-el-baru/antre",
                           data={"day": "2026-11-23", "name": "X", "idempotency_key": "k" * 16})
    assert response.status_code == 400
    assert "Traceback" not in response.get_data(as_text=True)


def test_cancel_asks_first_then_cancels(open_every_day):
    client = open_every_day.test_client()
    response, _ = book(client)
    code = response.location.rsplit("/", 1)[1]
    confirm = client.get(f"/tiket/{code}/batal").get_data(as_text=True)
    assert "Batalkan tiket A-001?" in confirm
    done = client.post(f"/tiket/{code}/batal", data={"csrf_token": csrf_token(confirm)})
    assert done.status_code == 303
    page = client.get(f"/tiket/{code}").get_data(as_text=True)
    assert "Dibatalkan" in page and "/batal" not in page
    with open_every_day.app_context():
        ticket = db.session.scalar(sa.select(Ticket))
        assert [e.to_status for e in ticket.events] == ["waiting", "cancelled"]


def test_info_only_services_have_no_queue(catalog_app):
    with catalog_app.app_context():
        db.session.execute(sa.update(Service).where(Service.slug == "paspor-baru")
                           .values(availability="info"))
        db.session.commit()
    client = catalog_app.test_client()
    page = client.get("/maros/layanan/paspor-baru").get_data(as_text=True)
    assert "/antre" not in page


# --- API ---------------------------------------------------------------------------------------

def test_api_creates_then_returns_the_same_ticket(open_every_day, monkeypatch):
    # Tuesday 24 November 2026, 10.00 WITA: a fixed clock, so "today" cannot change mid-test.
    dates.freeze(monkeypatch, dt.datetime(2026, 11, 24, 2, 0, tzinfo=dt.timezone.utc))
    client = open_every_day.test_client()
    created = api_book(client)
    assert created.status_code == 201
    body = created.json
    assert body["number"] == "A-001" and body["status"] == "waiting"
    assert body["url"].startswith("http://mpp.test/tiket/") and "?s=" in body["url"]
    assert body["day"] == "2026-11-24"
    again = api_book(client)
    assert again.status_code == 200 and again.json["code"] == body["code"]
    # The same key with another request is refused (tests/test_idempotency.py).
    assert api_book(client, name="Someone else").status_code == 409
    status = client.get(f"/api/v1/tickets/{body['code']}")
    assert status.status_code == 200 and status.json["position"] == 0
    assert "no-store" in status.headers["Cache-Control"]


@pytest.mark.parametrize("body, status, code, field", [
    ({"service": "nope"}, 422, "invalid", "service"),
    ({"name": ""}, 422, "invalid", "name"),
    ({"day": "tomorrow"}, 422, "invalid", "day"),
    ({"day": "2020-01-01"}, 422, "past_day", "day"),
    ({"priority": "vip"}, 422, "invalid", "priority"),
    ({"idempotency_key": "x"}, 422, "invalid_idempotency_key", "idempotency_key"),
    ({"name": 42}, 422, "invalid", "name"),
    ({"window": "pagi"}, 422, "invalid", "window"),
])
def test_api_errors_are_json_with_fields(open_every_day, body, status, code, field):
    response = api_book(open_every_day.test_client(), **body)
    assert response.status_code == status
    error = response.json["error"]
    assert error["code"] == code and field in error["fields"]


def test_api_rejects_non_json_and_unknown_sites(open_every_day):
    client = open_every_day.test_client()
    assert client.post("/api/v1/sites/maros/tickets", data="x",
                       content_type="text/plain").status_code == 400
    assert client.post("/api/v1/sites/nowhere/tickets", json={}).status_code == 404
    assert client.get("/api/v1/tickets/unknown").json["error"]["code"] == "not_found"


def test_api_quota_full_is_a_conflict_with_the_next_day(open_every_day):
    with open_every_day.app_context():
        db.session.execute(sa.update(Service).values(daily_quota=1))
        db.session.commit()
    client = open_every_day.test_client()
    api_book(client)
    full = api_book(client, idempotency_key="api-key-0002")
    assert full.status_code == 409
    assert full.json["error"]["code"] == "quota_full"
    assert full.json["error"]["next_available_day"]


def test_api_messages_follow_the_language(open_every_day):
    response = open_every_day.test_client().post(
        "/api/v1/sites/maros/tickets?lang=en",
        json={"service": "ktp-el-baru", "name": "", "idempotency_key": "api-key-0003"})
    if response.headers["Content-Language"] != "en":
        pytest.skip("no compiled English catalogue")
    assert response.json["error"]["fields"]["name"] == "Enter your name or initials."


def test_booking_is_rate_limited(open_every_day):
    open_every_day.config["BOOKING_RATE_LIMIT"] = "3 per minute"
    client = open_every_day.test_client()
    codes = [api_book(client, idempotency_key=f"rate-limit-{i:04d}").status_code
             for i in range(5)]
    assert codes[:3] == [201, 201, 201] and codes[3:] == [429, 429]
    limited = api_book(client, idempotency_key="rate-limit-9999")
    assert limited.json["error"]["code"] == "http_429"


def test_a_form_whose_answer_was_lost_is_the_same_ticket_when_the_phone_sends_it_again(
        open_every_day):
    """The service worker keeps a form it could not send and sends it later through the API
    with the same idempotency key; if the first attempt did arrive, that is still one ticket."""
    client = open_every_day.test_client()
    response, data = book(client, service_name="KTP-el baru")  # the extra field is ignored
    assert response.status_code == 303
    code = response.headers["Location"].rsplit("/", 1)[-1]
    again = client.post("/api/v1/sites/maros/tickets", json={
        "service": "ktp-el-baru", "day": data["day"], "name": "Siti",
        "idempotency_key": data["idempotency_key"]})
    assert again.status_code == 200 and again.get_json()["code"] == code
    with open_every_day.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 1


def test_pending_page_says_plainly_it_is_not_yet_a_ticket(client):
    response = client.get("/tertunda")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    parse(page)
    assert "belum menjadi tiket" in page
    assert 'id="outbox-empty"' in page and 'id="outbox"' in page
    assert '<p id="outbox-note" class="notice notice-warn" hidden>' in page  # JS reveals it


@pytest.mark.parametrize("utc_hour, offers_today", [(6, True), (7, False)])
def test_booking_form_offers_today_only_while_the_service_is_open(app, monkeypatch,
                                                                  utc_hour, offers_today):
    """Tuesday 24 November 2026 in Maros (WITA, open 08.00–15.00): at 14.xx today is a choice;
    at 15.xx it is not (booking would refuse it as closed), and Wednesday comes first."""
    from support.catalogs import load_queue_catalog

    load_queue_catalog(app)
    dates.freeze(monkeypatch, dt.datetime(2026, 11, 24, utc_hour, 30, tzinfo=dt.timezone.utc))
    page = app.test_client().get("/maros/layanan/ktp-el-baru/antre").get_data(as_text=True)
    choices = [field.get("value") for field in parse(page).iter()
               if field.get("name", "day") == "day" and field.get("value", "")[:4] == "2026"]
    assert ("2026-11-24" in choices) is offers_today
    assert choices[0] == ("2026-11-24" if offers_today else "2026-11-25")
