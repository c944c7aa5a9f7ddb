"""Booking at national scale (issue #14): one transaction, the lock held for three statements,
no reload after commit, the calendar read from a per-worker memo that an edit can never leave
stale, and the guarantees (no gaps after a refusal, a retry writes nothing) unchanged."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import ClosedDate, QueueSequence, Service, ServiceWindow, Site, Ticket
from mpp_lite.queue import calendar
from mpp_lite.queue.booking import BookingRequest, issue_ticket

from support.booking import api_book
from support.queries import count_statements

SECRET = "test-secret-key"
WRITES = ("INSERT", "UPDATE", "DELETE", "WITH")
# The API booking: the site and service (one statement), the key, the lock, the ticket, its
# event; the rest is the answer's wait estimate (queue/status.py).
API_CEILING = 8


def writes(statements: list[str]) -> list[str]:
    return [s for s in statements if s.upper().startswith(WRITES)]


def set_service(app, slug: str = "ktp-el-baru", **values) -> None:
    with app.app_context():
        db.session.execute(sa.update(Service).where(Service.slug == slug).values(**values))
        db.session.commit()


def last_number(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.max(QueueSequence.last_number))) or 0


def sequences(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Ticket.sequence).order_by(Ticket.sequence)))


def test_an_api_booking_stays_under_its_statement_ceiling(open_every_day):
    """A warm API booking: at most API_CEILING statements, and under the lock only the
    increment, the ticket (with every check in its INSERT) and its event."""
    client = open_every_day.test_client()
    assert api_book(client, idempotency_key="warm-up-0001").status_code == 201
    with count_statements(open_every_day) as seen:
        response = api_book(client, idempotency_key="measured-0001", phone="0812 3456 7890")
    assert response.status_code == 201
    assert len(seen) <= API_CEILING, str(seen)
    lock = next(i for i, s in enumerate(seen) if s.startswith("INSERT INTO queue_sequence"))
    if open_every_day.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        # The ticket and its event in one statement (WITH new_ticket AS (INSERT …) INSERT …).
        expected = ["INSERT INTO queue_sequence", "WITH new_ticket AS"]
        assert seen[lock + 1].startswith("WITH new_ticket AS (INSERT INTO ticket (")
    else:
        expected = ["INSERT INTO queue_sequence", "INSERT INTO ticket", "INSERT INTO ticket_event"]
    assert [s.split(" (")[0] for s in writes(seen)] == expected, str(seen)
    assert writes(seen) == seen[lock:lock + len(expected)]  # nothing else under the lock
    with open_every_day.app_context():  # the event is written either way
        assert [e.to_status for e in db.session.scalar(
            sa.select(Ticket).filter_by(code=response.json["code"])).events] == ["waiting"]
    # No reload after commit, no lazy load of the site, service or hours.
    assert not [s for s in seen if "FROM site " in s and "service" not in s.split("FROM")[1]]
    assert not [s for s in seen if "FROM site_hours" in s or "FROM closed_date" in s]
    assert not [s for s in seen if "WHERE ticket.id = " in s]


def test_a_retry_writes_nothing_and_returns_the_same_ticket(open_every_day):
    client = open_every_day.test_client()
    first = api_book(client, idempotency_key="retry-key-0001")
    with count_statements(open_every_day) as seen:
        again = api_book(client, idempotency_key="retry-key-0001")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["code"] == first.json["code"]
    assert again.json["number"] == first.json["number"]
    assert writes(seen) == [], str(seen)
    assert len(seen) <= API_CEILING - 2, str(seen)
    assert last_number(open_every_day) == 1


def test_a_full_quota_leaves_no_gap(open_every_day):
    client = open_every_day.test_client()
    set_service(open_every_day, daily_quota=1)
    assert api_book(client, idempotency_key="quota-key-0001").status_code == 201
    refused = api_book(client, idempotency_key="quota-key-0002", name="Ani")
    assert refused.status_code == 409 and refused.json["error"]["code"] == "quota_full"
    assert last_number(open_every_day) == 1  # the refused increment was rolled back
    set_service(open_every_day, daily_quota=5)
    assert api_book(client, idempotency_key="quota-key-0003", name="Ani").json["number"] \
        .endswith("-002")
    assert sequences(open_every_day) == [1, 2]


def test_the_person_rule_refuses_without_a_gap(open_every_day):
    client = open_every_day.test_client()
    set_service(open_every_day, one_per_person=True)
    assert api_book(client, idempotency_key="person-key-01", phone="0812 3456 7890") \
        .status_code == 201
    refused = api_book(client, idempotency_key="person-key-02", name="Budi lagi",
                       phone="0812-3456-7890")
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "duplicate_person"
    assert last_number(open_every_day) == 1
    other = api_book(client, idempotency_key="person-key-03", name="Ani",
                     phone="0813 1111 2222")
    assert other.status_code == 201
    assert sequences(open_every_day) == [1, 2]


def test_a_full_window_is_refused_under_the_lock_without_a_gap(open_every_day):
    with open_every_day.app_context():
        service = db.session.scalar(sa.select(Service).filter_by(slug="ktp-el-baru"))
        window = ServiceWindow(service_id=service.id, starts=dt.time(23, 58),
                               ends=dt.time(23, 59), capacity=1)
        db.session.add(window)
        db.session.commit()
        window_id = window.id
    client = open_every_day.test_client()
    tomorrow = _tomorrow(open_every_day)
    first = api_book(client, idempotency_key="window-key-01", window=window_id, day=tomorrow)
    assert first.status_code == 201 and first.json["window"] == "23.58–23.59"
    refused = api_book(client, idempotency_key="window-key-02", window=window_id, name="Ani",
                       day=tomorrow)
    assert refused.status_code == 409 and refused.json["error"]["code"] == "window_full"
    assert last_number(open_every_day) == 1


def _tomorrow(app) -> str:
    from mpp_lite.dates import site_today

    with app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        return (site_today(site) + dt.timedelta(days=1)).isoformat()


def test_the_ticket_returned_needs_no_further_query(open_every_day):
    """issue_ticket's ticket holds its site, service and window: nothing is reloaded."""
    with open_every_day.test_request_context("/"):
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        service = db.session.scalar(sa.select(Service).filter_by(slug="ktp-el-baru"))
        window = ServiceWindow(service_id=service.id, starts=dt.time(23, 58),
                               ends=dt.time(23, 59), capacity=3)
        db.session.add(window)
        db.session.commit()
        day = dt.date.fromisoformat(_tomorrow(open_every_day))
        ticket, created = issue_ticket(BookingRequest(
            site=site, service=service, day=day, name="Budi", window_id=window.id,
            idempotency_key="no-reload-0001"), secret=SECRET)
        assert created
        with count_statements(open_every_day) as seen:
            shown = (ticket.number, ticket.code, ticket.status, ticket.site.slug,
                     ticket.service.slug, ticket.window.label(), ticket.counter, ticket.day)
        assert seen == [], str(seen)
        assert shown[0] == f"{service.queue_prefix}-001" and shown[5] == "23.58–23.59"
        db.session.expire_all()  # what was kept is what was committed
        assert db.session.get(Ticket, ticket.id).code == shown[1]


def test_an_edit_of_the_hours_is_seen_by_the_next_booking(open_every_day):
    """The memo is keyed by the catalogue version: closing a day shows at once."""
    client = open_every_day.test_client()
    tomorrow = _tomorrow(open_every_day)
    assert api_book(client, idempotency_key="memo-key-0001", day=tomorrow).status_code == 201
    with open_every_day.app_context():
        db.session.add(ClosedDate(site_id=1, date=dt.date.fromisoformat(tomorrow),
                                  reason="Cuti bersama"))
        db.session.commit()
    refused = api_book(client, idempotency_key="memo-key-0002", day=tomorrow, name="Ani")
    assert refused.status_code == 422 and refused.json["error"]["code"] == "closed_day"
    with open_every_day.app_context():
        service = db.session.scalar(sa.select(Service).filter_by(slug="ktp-el-baru"))
        db.session.add(ServiceWindow(service_id=service.id, starts=dt.time(9),
                                     ends=dt.time(10), capacity=3))
        db.session.commit()
    needs_window = api_book(client, idempotency_key="memo-key-0003", name="Ani")
    assert needs_window.json["error"]["code"] == "window_required"


def test_the_calendar_memo_is_bounded(open_every_day):
    open_every_day.config["CALENDAR_MEMO_ENTRIES"] = 1
    client = open_every_day.test_client()
    assert api_book(client, idempotency_key="bound-key-01").status_code == 201
    assert api_book(client, idempotency_key="bound-key-02", service="paspor-baru") \
        .status_code == 201
    assert len(open_every_day.extensions[calendar.MEMO]) == 1


@pytest.mark.parametrize("body", [
    {"service": ["ktp"]}, {"service": "tidak-ada"}, {"service": "x" * 5000},
    {"service": None}, {"window": "1"}, {"day": "2026-13-45"}, {"idempotency_key": "kurz"},
])
def test_bad_booking_input_is_a_4xx(open_every_day, body):
    response = api_book(open_every_day.test_client(), **body)
    assert 400 <= response.status_code < 500
    assert response.json["error"]["code"]


def test_room_freed_between_the_insert_and_the_question_is_taken(open_every_day, monkeypatch):
    """On PostgreSQL a cancellation elsewhere may commit between the refused insert and the
    question "which rule held?": then none holds, and the booking tries again under the lock
    (it once crashed with StopIteration)."""
    from mpp_lite.queue import booking

    set_service(open_every_day, daily_quota=1)
    client = open_every_day.test_client()
    assert api_book(client, idempotency_key="freed-room-0001").status_code == 201
    real, calls = booking._insert_ticket, []

    def refused_once(values, rules, checked, event, columns):
        calls.append(1)
        if len(calls) == 1:   # refused (quota full) ... then the first ticket is cancelled
            result = real(values, rules, checked, event, columns)
            db.session.execute(sa.update(Ticket).values(status="cancelled"))
            return result
        return real(values, rules, checked, event, columns)

    monkeypatch.setattr(booking, "_insert_ticket", refused_once)
    response = api_book(client, idempotency_key="freed-room-0002")
    assert response.status_code == 201, response.json
    assert len(calls) == 2
    assert sequences(open_every_day) == [1, 2]


def test_a_queue_whose_room_keeps_flickering_answers_busy_not_500(open_every_day, monkeypatch):
    from mpp_lite.queue import booking

    monkeypatch.setattr(booking, "_insert_ticket", lambda *a: (None, False))
    monkeypatch.setattr(booking, "_why_refused", lambda *a: None)
    response = api_book(open_every_day.test_client(), idempotency_key="flicker-0001")
    assert response.status_code == 409 and response.json["error"]["code"] == "busy"
    assert sequences(open_every_day) == [] and last_number(open_every_day) == 0
