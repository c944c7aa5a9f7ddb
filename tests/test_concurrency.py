"""Correct under load: numbering, quotas, retries and codes against real server processes.

The HTTP tests share two server processes (the `live` fixture, tests/support/live.py) over one
database, started once per worker because starting a pair costs seconds; each test books its
own service, and so its own queue prefix, so the tests stay independent of each other and of
their order.
"""
from __future__ import annotations

import collections
import datetime as dt
import secrets
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.identity import sign
from mpp_lite.models import QueueSequence, Service, Site, Ticket, TicketEvent

from support.catalogs import base_catalog
from support.live import live_service, round_the_clock_site, run_together, summary
from support.server import SECRET_KEY, Response, request

UTC = dt.timezone.utc


# --- booking over HTTP ----------------------------------------------------------------------

def test_concurrent_bookings_get_unique_contiguous_numbers(live):
    """8 clients × 15 bookings over two processes: A-001…A-120, no gap, no error?"""
    threads, per_thread = 8, 15

    def client(index: int) -> list[Response]:
        return [live.book(index + j, "together", f"together-{index:02d}-{j:03d}")
                for j in range(per_thread)]

    responses = [r for batch in run_together(threads, client) for r in batch]
    assert all(r.status == 201 for r in responses), summary(responses)
    expected = [f"A-{n:03d}" for n in range(1, threads * per_thread + 1)]
    assert sorted(r.json()["number"] for r in responses) == expected
    assert len({r.json()["code"] for r in responses}) == len(responses)
    tickets = live.tickets("together")
    assert [t.sequence for t in tickets] == list(range(1, threads * per_thread + 1))
    assert all([e.to_status for e in t.events] == ["waiting"] for t in tickets)
    assert live.last_number("together") == threads * per_thread
    assert live.servers.new_log_errors() == []


def test_daily_quota_is_exact_under_concurrency(live):
    """60 simultaneous requests for a quota of 20: 20 tickets, 40 refusals, no gap?"""
    threads, per_thread = 12, 5

    def client(index: int) -> list[Response]:
        return [live.book(index + j, "quota", f"quota-{index:02d}-{j:03d}")
                for j in range(per_thread)]

    responses = [r for batch in run_together(threads, client) for r in batch]
    statuses = collections.Counter(r.status for r in responses)
    assert statuses == {201: 20, 409: 40}, summary(responses)
    refusals = [r.json()["error"] for r in responses if r.status == 409]
    assert {e["code"] for e in refusals} == {"quota_full"}
    next_day = (live.day + dt.timedelta(days=1)).isoformat()
    assert {e["next_available_day"] for e in refusals} == {next_day}
    numbers = sorted(r.json()["number"] for r in responses if r.status == 201)
    assert numbers == [f"B-{n:03d}" for n in range(1, 21)]
    assert [t.sequence for t in live.tickets("quota")] == list(range(1, 21))
    assert live.last_number("quota") == 20  # refusals rolled their increment back
    assert live.servers.new_log_errors() == []


def test_simultaneous_retries_with_one_key_make_one_ticket(live):
    """10 clients send the same idempotency key at once: one ticket, one code for all?"""
    # The live servers are shared by this worker's tests (test_idempotency also books "retry").
    before = live.last_number("retry") or 0
    for round_ in range(1, 4):
        key = f"double-tap-{round_}-{secrets.token_hex(4)}"
        responses = run_together(10, lambda i: live.book(i, "retry", key, name="Warga"))
        assert collections.Counter(r.status for r in responses) == {201: 1, 200: 9}, \
            summary(responses)
        assert len({r.json()["code"] for r in responses}) == 1
        assert {r.json()["number"] for r in responses} == {f"C-{before + round_:03d}"}
    assert [t.sequence for t in live.tickets("retry")] == list(range(1, before + 4))
    assert live.last_number("retry") == before + 3  # the losing retries left no gaps
    assert live.servers.new_log_errors() == []


def test_one_ticket_per_phone_under_concurrency(live):
    """8 clients book with the same phone (typed differently) at once: one ticket?"""
    spellings = ["0812 3456 7890", "081234567890", "+62 812-3456-7890", "62 812 3456 7890"]
    responses = run_together(8, lambda i: live.book(
        i, "person", f"person-{i:02d}-{secrets.token_hex(4)}", phone=spellings[i % 4]))
    assert collections.Counter(r.status for r in responses) == {201: 1, 409: 7}, \
        summary(responses)
    assert {r.json()["error"]["code"] for r in responses if r.status == 409} \
        == {"duplicate_person"}
    other = live.book(0, "person", f"person-other-{secrets.token_hex(4)}", phone="0813 1111 2222")
    assert other.status == 201 and other.json()["number"] == "D-002"  # no gap left behind
    tickets = live.tickets("person")
    assert [t.sequence for t in tickets] == [1, 2]
    assert len({t.person_key for t in tickets}) == 2
    assert live.servers.new_log_errors() == []


# --- ticket codes ---------------------------------------------------------------------------

def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def test_forged_ticket_codes_are_not_found(live):
    """Invented codes, tampered codes and wrong signatures: 404 on every server?"""
    booked = live.book(0, "codes", f"codes-{secrets.token_hex(6)}")
    assert booked.status == 201
    code, signed_url = booked.json()["code"], booked.json()["url"]
    signature = sign(SECRET_KEY, code)
    assert _path(signed_url) == f"/tiket/{code}?s={signature}"
    wrong = sign(SECRET_KEY, code[::-1])
    tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
    for origin in live.servers.origins:
        def get(path: str) -> Response:
            return request(origin, "GET", path)

        assert get(f"/tiket/{secrets.token_urlsafe(16)}").status == 404
        assert get(f"/tiket/{tampered}?s={signature}").status == 404
        assert get(f"/tiket/{code}?s={wrong}").status == 404
        assert get(f"/tiket/{code}?s=").status == 404
        assert get(f"/tiket/{'x' * 200}").status == 404
        page = get(_path(signed_url))
        assert page.status == 200 and booked.json()["number"].encode() in page.body
        missing = get(f"/api/v1/tickets/{secrets.token_urlsafe(16)}")
        assert missing.status == 404 and missing.headers["content-type"] == "application/json"
        assert missing.json()["error"]["code"] == "not_found"
        found = get(f"/api/v1/tickets/{code}")
        assert found.status == 200 and found.json()["number"] == booked.json()["number"]
    assert live.servers.new_log_errors() == []


def test_a_truncated_signature_is_rejected(live):
    """A prefix of the right signature is not the signature: 404?"""
    booked = live.book(1, "codes", f"codes-{secrets.token_hex(6)}")
    code = booked.json()["code"]
    signature = sign(SECRET_KEY, code)
    for length in (1, 4, 11):
        response = request(live.servers.origins[0], "GET",
                           f"/tiket/{code}?s={signature[:length]}")
        assert response.status == 404, f"signature cut to {length} characters was accepted"


# --- time zones -----------------------------------------------------------------------------

def test_numbering_restarts_at_local_midnight_in_wita(app, load_catalog):
    """00:05 WITA is a new day in Maros while UTC (and Jakarta) still say yesterday?"""
    from mpp_lite.dates import site_today
    from mpp_lite.queue.booking import BookingError, BookingRequest, issue_ticket

    load_catalog(base_catalog(round_the_clock_site(live_service("ktp-el-baru", "A"))))
    before_midnight = dt.datetime(2027, 2, 28, 15, 50, tzinfo=UTC)  # Sun 23:50 WITA
    after_midnight = dt.datetime(2027, 2, 28, 16, 5, tzinfo=UTC)    # Mon 00:05 WITA
    keys = iter(f"midnight-{n:04d}" for n in range(1000))
    with app.test_request_context("/"):
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        service = db.session.scalar(sa.select(Service).filter_by(slug="ktp-el-baru"))

        def book(now: dt.datetime, day: dt.date | None = None) -> Ticket:
            today = day or site_today(site, now)  # as the API and form do
            ticket, created = issue_ticket(BookingRequest(
                site=site, service=service, day=today, name="Andi",
                idempotency_key=next(keys), now=now), secret=SECRET_KEY)
            assert created
            return ticket

        late = [book(before_midnight), book(before_midnight)]
        assert [(t.day, t.number) for t in late] == [(dt.date(2027, 2, 28), "A-001"),
                                                     (dt.date(2027, 2, 28), "A-002")]
        assert after_midnight.date() == dt.date(2027, 2, 28)  # UTC: still Sunday
        assert after_midnight.astimezone(ZoneInfo("Asia/Jakarta")).date() == dt.date(2027, 2, 28)
        early = book(after_midnight)
        assert (early.day, early.number) == (dt.date(2027, 3, 1), "A-001")
        with pytest.raises(BookingError) as refused:
            book(after_midnight, day=after_midnight.date())  # "today" by the UTC calendar
        assert refused.value.code == "past_day"
        assert book(after_midnight).number == "A-002"
        sequences = db.session.execute(sa.select(QueueSequence.day, QueueSequence.last_number)
                                       .order_by(QueueSequence.day)).all()
        assert [tuple(s) for s in sequences] == [(dt.date(2027, 2, 28), 2),
                                                 (dt.date(2027, 3, 1), 2)]
        db.session.remove()


# --- calling --------------------------------------------------------------------------------

def test_concurrent_call_next_calls_every_ticket_exactly_once(app, load_catalog):
    """Six officers at two counters press "call next" as fast as they can: nobody is called
    twice, nobody is skipped?"""
    from mpp_lite.models import Counter
    from mpp_lite.queue.booking import BookingRequest, issue_ticket
    from mpp_lite.queue.calling import CallError, call_next, finish, start_service
    from mpp_lite.staff.services import create_user

    officers, tickets_to_call = 6, 30
    now = dt.datetime(2027, 3, 1, 2, 0, tzinfo=UTC)  # Monday 10:00 WITA
    load_catalog(base_catalog(round_the_clock_site(live_service("ktp-el-baru", "A"))))
    with app.test_request_context("/"):
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        service = db.session.scalar(sa.select(Service).filter_by(slug="ktp-el-baru"))
        for n in range(tickets_to_call):
            issue_ticket(BookingRequest(
                site=site, service=service, day=dt.date(2027, 3, 1), name=f"Warga {n}",
                idempotency_key=f"call-next-{n:04d}", now=now,
                priority="lansia" if n % 5 == 0 else None), secret=SECRET_KEY)
        staff_ids = [create_user(f"petugas{i}", "kata-sandi-rahasia", "officer", "maros",
                                 "disdukcapil").id for i in range(officers)]
        db.session.execute(sa.update(Counter).values(status="open"))
        counter_ids = list(db.session.scalars(sa.select(Counter.id).order_by(Counter.label)))
        assert len(counter_ids) == 2
        db.session.commit()
        db.session.remove()

    def officer(index: int) -> list[tuple[int, int, int]]:
        """Call, serve and finish until nobody waits; (ticket, counter, staff) per call."""
        from mpp_lite.models import StaffUser

        called = []
        with app.app_context():
            staff = db.session.get(StaffUser, staff_ids[index])
            counter = db.session.get(Counter, counter_ids[index % 2])
            for _attempt in range(10 * tickets_to_call):  # bounded: "busy" answers repeat
                try:
                    ticket = call_next(counter, staff, now=now, streak=2)
                except CallError as refusal:
                    db.session.rollback()
                    assert refusal.code == "busy", refusal.code  # a colleague's ticket is up
                    continue
                if ticket is None:
                    break
                called.append((ticket.id, counter.id, staff.id))
                try:
                    start_service(ticket, counter, staff)
                    finish(ticket, counter, staff)
                except CallError:  # someone else holds "our" ticket: the asserts below say so
                    db.session.rollback()
                    continue
                db.session.commit()
            else:
                pytest.fail("an officer never saw the queue empty")
            db.session.remove()
        return called

    calls = [c for batch in run_together(officers, officer) for c in batch]
    called_ids = [ticket_id for ticket_id, _counter, _staff in calls]
    with app.app_context():
        all_ids = set(db.session.scalars(sa.select(Ticket.id)))
        assert len(called_ids) == len(set(called_ids)), "a ticket was called twice"
        assert set(called_ids) == all_ids
        assert set(db.session.scalars(sa.select(Ticket.status))) == {"done"}
        first_calls = db.session.execute(
            sa.select(TicketEvent.ticket_id, TicketEvent.counter_id, TicketEvent.staff_id)
            .where(TicketEvent.from_status == "waiting", TicketEvent.to_status == "called")
        ).all()
        assert sorted(tuple(row) for row in first_calls) == sorted(calls)
        histories = collections.defaultdict(list)
        for ticket_id, to_status in db.session.execute(
                sa.select(TicketEvent.ticket_id, TicketEvent.to_status)
                .order_by(TicketEvent.id)):
            histories[ticket_id].append(to_status)
        assert all(h == ["waiting", "called", "serving", "done"] for h in histories.values())
        assert set(db.session.scalars(sa.select(Ticket.call_count))) == {1}
        db.session.remove()
