"""What a ticket says about the wait is true at every hour: one estimate (queue/status.py) for
the ticket page and the API. The small catalogue's Maros site opens Monday–Friday 08.00–15.00
WITA; Gerai 1 (KTP-el baru, prefix A) has the same schedule."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import Counter, Service, Site, SiteHours, Ticket
from mpp_lite.queue import status
from mpp_lite.queue.booking import BookingRequest, issue_ticket

from support.html import parse

WITA = ZoneInfo("Asia/Makassar")
THURSDAY = dt.date(2026, 12, 3)


def at(hour: int, minute: int = 0, day: dt.date = THURSDAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=WITA)


@pytest.fixture
def take(catalog_app):
    """take(n, day=, now=) books n tickets for KTP-el baru; returns their codes."""
    def book(count: int, day: dt.date = THURSDAY, now: dt.datetime | None = None,
             start: int = 0) -> list[str]:
        codes = []
        with catalog_app.app_context():
            site = db.session.scalar(sa.select(Site))
            service = db.session.scalar(sa.select(Service).filter_by(slug="ktp-el-baru"))
            for i in range(start, start + count):
                ticket, _ = issue_ticket(BookingRequest(
                    site=site, service=service, day=day, name=f"Warga {i}",
                    idempotency_key=f"wait-test-{i:04d}", now=now or at(4, 20)),
                    secret="test-secret-key")
                codes.append(ticket.code)
        return codes
    return book


def set_counter(app, state: str) -> None:
    with app.app_context():
        db.session.execute(sa.update(Counter).where(Counter.label == "Gerai 1")
                           .values(status=state))
        db.session.commit()


def api(app, code: str) -> dict:
    response = app.test_client().get(f"/api/v1/tickets/{code}")
    assert response.status_code == 200
    return response.get_json()


def page(app, code: str) -> str:
    response = app.test_client().get(f"/tiket/{code}")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    parse(text)
    return text


def test_before_opening_says_when_it_opens_and_when_you_will_be_called(
        catalog_app, take, clock):
    """At 04.20, with the MPP opening at 08.00: no "0 orang · Sebentar lagi", no 0 minutes."""
    codes = take(3)
    set_counter(catalog_app, "open")  # left open last night: not a reason to say "soon"
    clock(at(4, 20))
    first = api(catalog_app, codes[0])
    assert first["wait_state"] == "before_opening"
    assert first["estimated_wait_minutes"] is None
    assert first["position"] == 0
    assert first["service_opens_at"] == "2026-12-03T08:00:00+08:00"
    assert first["expected_call_from"] == "2026-12-03T08:00:00+08:00"
    assert first["expected_call_to"] == "2026-12-03T08:10:00+08:00"  # one 10-minute service
    third = api(catalog_app, codes[2])
    assert third["position"] == 2
    # Two people ahead at 10 minutes on the one planned counter: 08.15–08.35.
    assert (third["expected_call_from"], third["expected_call_to"]) == (
        "2026-12-03T08:15:00+08:00", "2026-12-03T08:35:00+08:00")
    text = page(catalog_app, codes[0])
    assert "Sebentar lagi" not in text
    assert "Hari ini pukul 08.00 WITA" in text
    assert "Perkiraan dipanggil" in text and "08.00–08.10" in text
    assert 'data-wait-state="before_opening"' in text


def test_a_later_day_says_that_days_opening_and_the_people_booked_ahead(
        catalog_app, take, clock):
    codes = take(2, day=THURSDAY + dt.timedelta(days=1))
    clock(at(10, 0))
    set_counter(catalog_app, "open")
    doc = api(catalog_app, codes[1])
    assert doc["wait_state"] == "later_day"
    assert doc["estimated_wait_minutes"] is None
    assert doc["position"] == 1
    assert doc["service_opens_at"] == "2026-12-04T08:00:00+08:00"
    assert doc["expected_call_from"].startswith("2026-12-04T08:")
    text = page(catalog_app, codes[1])
    assert "Sebentar lagi" not in text
    assert "Jumat, 4 Desember 2026 pukul 08.00 WITA" in text
    assert "yang sudah memesan sejauh ini" in text


def test_in_hours_with_a_counter_open_the_wait_is_in_minutes(catalog_app, take, clock):
    codes = take(2)
    set_counter(catalog_app, "open")
    clock(at(9, 0))
    first, second = api(catalog_app, codes[0]), api(catalog_app, codes[1])
    assert first["wait_state"] == "today_open" and first["estimated_wait_minutes"] == 0
    assert second["estimated_wait_minutes"] == 10
    assert second["expected_call_from"] == "2026-12-03T09:05:00+08:00"
    assert second["expected_call_to"] == "2026-12-03T09:25:00+08:00"
    assert "Sebentar lagi" in page(catalog_app, codes[0])
    assert "±10 menit" in page(catalog_app, codes[1])


def test_real_service_times_set_the_pace(catalog_app, take, clock):
    codes = take(3)
    with catalog_app.app_context():
        done = db.session.scalar(sa.select(Ticket).filter_by(code=codes[0]))
        done.status, done.served_at = "done", at(8, 0)
        done.finished_at = done.served_at + dt.timedelta(minutes=20)
        db.session.commit()
    set_counter(catalog_app, "open")
    clock(at(9, 0))
    assert api(catalog_app, codes[2])["estimated_wait_minutes"] == 20  # one ahead × 20 min


def test_in_hours_with_no_counter_open_no_minutes_are_invented(catalog_app, take, clock):
    codes = take(1)
    set_counter(catalog_app, "closed")
    clock(at(9, 0))
    doc = api(catalog_app, codes[0])
    assert doc["wait_state"] == "no_counter_open"
    assert doc["estimated_wait_minutes"] is None and doc["expected_call_from"] is None
    text = page(catalog_app, codes[0])
    assert "Sebentar lagi" not in text and "belum ada gerai layanan ini yang buka" in text


def test_after_closing_it_never_says_soon(catalog_app, take, clock):
    codes = take(1)
    set_counter(catalog_app, "open")
    clock(at(15, 30))
    doc = api(catalog_app, codes[0])
    assert doc["wait_state"] == "closed"
    assert doc["estimated_wait_minutes"] is None and doc["expected_call_to"] is None
    text = page(catalog_app, codes[0])
    assert "Sebentar lagi" not in text
    assert "sudah berakhir (tutup pukul 15.00 WITA)" in text


def test_a_past_day_is_closed(catalog_app, take, clock):
    codes = take(1)
    clock(at(9, 0, day=THURSDAY + dt.timedelta(days=1)))
    assert api(catalog_app, codes[0])["wait_state"] == "closed"
    assert "Tanggal tiket ini sudah lewat" in page(catalog_app, codes[0])


def test_a_break_between_opening_intervals_counts_as_before_opening(catalog_app, take, clock):
    """Friday 08.00–11.00 and 13.30–15.00: at 12.00 the service reopens at 13.30, and a call
    range is counted only in opening time."""
    friday = THURSDAY + dt.timedelta(days=1)
    with catalog_app.app_context():
        db.session.execute(sa.delete(SiteHours).where(SiteHours.weekday == 5))
        db.session.add_all([
            SiteHours(site_id=1, weekday=5, opens=dt.time(8), closes=dt.time(11)),
            SiteHours(site_id=1, weekday=5, opens=dt.time(13, 30), closes=dt.time(15))])
        db.session.commit()
    codes = take(7, day=friday, now=at(7, 0, day=friday))
    clock(at(12, 0, day=friday))
    doc = api(catalog_app, codes[6])
    assert doc["wait_state"] == "before_opening"
    assert doc["service_opens_at"] == "2026-12-04T13:30:00+08:00"
    assert doc["expected_call_from"] >= "2026-12-04T13:30:00+08:00"
    clock(at(10, 30, day=friday))
    set_counter(catalog_app, "open")
    # Six ahead at 10 minutes: the range skips the 11.00–13.30 break.
    late = api(catalog_app, codes[6])
    assert late["wait_state"] == "today_open"
    assert late["expected_call_to"] > "2026-12-04T13:30:00+08:00"


def test_the_estimate_unit_rounds_and_clamps_to_closing(catalog_app, take, clock):
    codes = take(40, now=at(4, 0))
    set_counter(catalog_app, "open")
    clock(at(14, 0))
    with catalog_app.app_context():
        ticket = db.session.scalar(sa.select(Ticket).filter_by(code=codes[-1]))
        estimate = status.estimate(ticket, 10)
        assert estimate.state == "today_open" and estimate.runs_past_closing
        assert estimate.call_to == at(15, 0)
        assert estimate.call_from <= estimate.call_to


@pytest.mark.parametrize("state", ["cancelled", "done", "no_show"])
def test_finished_tickets_are_not_presented_to_show_to_the_officer(catalog_app, take, clock,
                                                                   state):
    codes = take(1)
    with catalog_app.app_context():
        db.session.execute(sa.update(Ticket).values(status=state))
        db.session.commit()
    clock(at(9, 0))
    text = page(catalog_app, codes[0])
    assert "Tunjukkan kode ini" not in text and "<svg" not in text
    assert "sudah tidak berlaku untuk antrean" in text
    doc = api(catalog_app, codes[0])
    assert doc["wait_state"] == "not_waiting" and doc["estimated_wait_minutes"] is None


def test_the_openapi_document_describes_the_wait_fields(client):
    ticket = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["Ticket"]
    for name in ("wait_state", "expected_call_from", "expected_call_to", "service_opens_at"):
        assert name in ticket["properties"]
    assert "before_opening" in ticket["properties"]["wait_state"]["enum"]
