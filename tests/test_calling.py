"""Calling tickets at a counter: order (priority, due bookings, interleaving), the officer's
actions, transfers, check-in, who may act, and "call next" under real concurrency."""
from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
import sqlalchemy as sa

from mpp_lite.dates import local_now
from mpp_lite.extensions import db
from mpp_lite.models import (
    Counter, CounterStatusChange, StaffUser, Ticket, TicketEvent,
)
from mpp_lite.queue import calling
from mpp_lite.queue.calling import CallError

from support.catalogs import load_queue_catalog
from support.queue import NOW, book, counter, service, staff


@pytest.fixture
def queue_app(app):
    load_queue_catalog(app)
    return app


@pytest.fixture
def ctx(queue_app):
    with queue_app.app_context():
        yield queue_app
        db.session.rollback()


# --- small helpers (inside an app context) ----------------------------------------------------

def open_counter(label: str = "Gerai 1", username: str = "dukcapil.maros") -> Counter:
    c = counter(label)
    calling.set_counter_status(c, staff(username), "open", "")
    db.session.commit()
    return c


def serve_next(c: Counter, who: StaffUser, *, streak: int = 2,
               now: dt.datetime = NOW) -> str | None:
    """Call the next ticket, serve it and finish it; its number, or None."""
    ticket = calling.call_next(c, who, now=now, streak=streak)
    if ticket is None:
        return None
    number = ticket.number
    calling.start_service(ticket, c, who)
    calling.finish(ticket, c, who)
    db.session.commit()
    return number


def numbers_called(c: Counter, who: StaffUser, count: int, **kwargs) -> list[str | None]:
    return [serve_next(c, who, **kwargs) for _ in range(count)]


# --- calling order ----------------------------------------------------------------------------

def test_call_next_takes_numbers_in_order(ctx):
    for _ in range(3):
        book()
    c, who = open_counter(), staff("dukcapil.maros")
    assert numbers_called(c, who, 4) == ["A-001", "A-002", "A-003", None]


def test_priority_ticket_is_called_before_earlier_regular_ones(ctx):
    book(), book(), book(priority="lansia")
    c, who = open_counter(), staff("dukcapil.maros")
    assert numbers_called(c, who, 3) == ["A-003", "A-001", "A-002"]


def test_after_the_streak_a_regular_ticket_gets_its_turn(ctx):
    """Do priority tickets starve regular ones? No: after 2 in a row, one regular."""
    book(), book()                                   # regular
    for _ in range(4):
        book(priority="disabilitas")                 # A-003 … A-006
    c, who = open_counter(), staff("dukcapil.maros")
    assert numbers_called(c, who, 6, streak=2) == [
        "A-003", "A-004", "A-001", "A-005", "A-006", "A-002"]


def test_streak_of_three(ctx):
    book()
    for _ in range(4):
        book(priority="hamil")
    c, who = open_counter(), staff("dukcapil.maros")
    assert numbers_called(c, who, 5, streak=3) == ["A-002", "A-003", "A-004", "A-001", "A-005"]


def test_streak_zero_means_strict_priority(ctx):
    book(), book()
    for _ in range(3):
        book(priority="anak")
    c, who = open_counter(), staff("dukcapil.maros")
    assert numbers_called(c, who, 5, streak=0) == ["A-003", "A-004", "A-005", "A-001", "A-002"]


def test_streak_counts_calls_at_this_counter_only(ctx):
    book(priority="lansia"), book(priority="lansia"), book(), book(priority="lansia")
    g1, g2 = open_counter("Gerai 1"), open_counter("Gerai 2")
    who = staff("dukcapil.maros")
    assert serve_next(g1, who) == "A-001"
    assert serve_next(g2, who) == "A-002"   # Gerai 2's first priority call: no turn yet
    assert serve_next(g2, who) == "A-004"
    assert serve_next(g2, who) == "A-003"   # two in a row at Gerai 2: the regular one


def test_booked_ticket_whose_window_started_comes_first_and_early_ones_last(ctx):
    book()                                   # A-001 regular
    book("kk-perubahan", window="13:00")     # B-001: window not started at 10.00
    book("kk-perubahan", window="10:00")     # B-002: window started
    book()                                   # A-002 regular
    c, who = open_counter(), staff("dukcapil.maros")
    assert numbers_called(c, who, 5) == ["B-002", "A-001", "A-002", "B-001", None]


def test_window_tickets_become_due_as_time_passes(ctx):
    book(), book("kk-perubahan", window="13:00")
    c, who = open_counter(), staff("dukcapil.maros")
    later = NOW + dt.timedelta(hours=3, minutes=5)   # 13.05 WITA
    assert serve_next(c, who, now=later) == "B-001"


def test_only_todays_tickets_of_the_counters_services_are_called(ctx):
    book(day=dt.date(2026, 11, 25))          # tomorrow
    book("paspor-baru")                      # served at Gerai 7 only
    c, who = open_counter(), staff("dukcapil.maros")
    assert calling.call_next(c, who, now=NOW, streak=2) is None
    assert serve_next(open_counter("Gerai 7", "imigrasi.maros"), staff("imigrasi.maros")) \
        == "C-001"


def test_today_is_the_sites_local_day(ctx):
    """At 00.30 WITA on Tuesday (Monday 16.30 UTC) Tuesday's tickets are today's."""
    just_after_midnight = dt.datetime(2026, 11, 23, 16, 30, tzinfo=dt.timezone.utc)
    ticket = book()                          # Tuesday's ticket
    c, who = open_counter(), staff("dukcapil.maros")
    called = calling.call_next(c, who, now=just_after_midnight, streak=2)
    assert called is not None and called.id == ticket.id


# --- counter status ---------------------------------------------------------------------------

def test_counter_must_be_open_to_call(ctx):
    book()
    c, who = counter("Gerai 1"), staff("dukcapil.maros")
    assert c.status == "closed"
    with pytest.raises(CallError) as refused:
        calling.call_next(c, who, now=NOW, streak=2)
    assert refused.value.code == "counter_not_open"
    calling.set_counter_status(c, who, "open", "")
    calling.set_counter_status(c, who, "break", "Istirahat siang")
    db.session.commit()
    with pytest.raises(CallError):
        calling.call_next(c, who, now=NOW, streak=2)


def test_pausing_or_closing_needs_a_reason_and_is_recorded(ctx):
    c, who = counter("Gerai 1"), staff("dukcapil.maros")
    for status in ("break", "closed"):
        with pytest.raises(CallError) as refused:
            calling.set_counter_status(c, who, status, "   ")
        assert refused.value.code == "reason_required"
    with pytest.raises(CallError):
        calling.set_counter_status(c, who, "away", "x")
    calling.set_counter_status(c, who, "open", "")
    calling.set_counter_status(c, who, "open", "")          # a double tap records nothing
    calling.set_counter_status(c, who, "break", "  Gangguan   jaringan ")
    db.session.commit()
    changes = list(db.session.scalars(sa.select(CounterStatusChange)
                                      .order_by(CounterStatusChange.id)))
    assert [(x.status, x.reason, x.staff_id, x.counter_id) for x in changes] == [
        ("open", "", who.id, c.id), ("break", "Gangguan jaringan", who.id, c.id)]
    assert c.status == "break" and c.status_reason == "Gangguan jaringan" and c.status_since


def test_a_counter_with_a_current_ticket_cannot_call_the_next(ctx):
    book(), book()
    c, who = open_counter(), staff("dukcapil.maros")
    calling.call_next(c, who, now=NOW, streak=2)
    with pytest.raises(CallError) as refused:
        calling.call_next(c, who, now=NOW, streak=2)
    assert refused.value.code == "busy" and "A-001" in str(refused.value.message)


# --- the officer's actions --------------------------------------------------------------------

def test_every_step_is_an_event_with_staff_and_counter_and_sets_the_times(ctx):
    book()
    c, who = open_counter(), staff("dukcapil.maros")
    ticket = calling.call_next(c, who, now=NOW, streak=2)
    assert ticket.status == "called" and ticket.counter_id == c.id and ticket.call_count == 1
    assert ticket.called_at is not None
    calling.start_service(ticket, c, who)
    db.session.commit()
    assert ticket.status == "serving" and ticket.served_at is not None
    calling.finish(ticket, c, who)
    db.session.commit()
    assert ticket.status == "done" and ticket.finished_at is not None
    events = [(e.from_status, e.to_status, e.staff_id, e.counter_id) for e in ticket.events]
    assert events == [(None, "waiting", None, None), ("waiting", "called", who.id, c.id),
                      ("called", "serving", who.id, c.id), ("serving", "done", who.id, c.id)]


def test_actions_in_the_wrong_state_are_refused(ctx):
    book()
    c, who = open_counter(), staff("dukcapil.maros")
    ticket = calling.call_next(c, who, now=NOW, streak=2)
    with pytest.raises(CallError) as refused:
        calling.finish(ticket, c, who)          # not started
    assert refused.value.code == "wrong_status"
    calling.start_service(ticket, c, who)
    with pytest.raises(CallError):
        calling.recall(ticket, c, who)          # already being served
    with pytest.raises(CallError):
        calling.mark_no_show(ticket, c, who, min_calls=1)


def test_actions_on_a_ticket_of_another_counter_are_refused(ctx):
    book()
    g1, g2 = open_counter("Gerai 1"), open_counter("Gerai 2")
    who = staff("dukcapil.maros")
    ticket = calling.call_next(g1, who, now=NOW, streak=2)
    with pytest.raises(CallError) as refused:
        calling.start_service(ticket, g2, who)
    assert refused.value.code == "not_at_counter"


def test_no_show_only_after_the_minimum_calls(ctx):
    book()
    c, who = open_counter(), staff("dukcapil.maros")
    ticket = calling.call_next(c, who, now=NOW, streak=2)
    with pytest.raises(CallError) as refused:
        calling.mark_no_show(ticket, c, who, min_calls=3)
    assert refused.value.code == "too_few_calls"
    calling.recall(ticket, c, who)
    calling.recall(ticket, c, who)
    db.session.commit()
    assert ticket.call_count == 3
    calling.mark_no_show(ticket, c, who, min_calls=3)
    db.session.commit()
    assert ticket.status == "no_show" and ticket.finished_at is not None
    recalls = [e for e in ticket.events if e.from_status == e.to_status == "called"]
    assert len(recalls) == 2 and all(e.staff_id == who.id for e in recalls)


def test_return_to_waiting_frees_the_ticket_for_any_counter(ctx):
    book()
    g1, g2 = open_counter("Gerai 1"), open_counter("Gerai 2")
    who = staff("dukcapil.maros")
    ticket = calling.call_next(g1, who, now=NOW, streak=2)
    calling.return_to_waiting(ticket, g1, who)
    db.session.commit()
    assert (ticket.status, ticket.counter_id, ticket.call_count) == ("waiting", None, 0)
    again = calling.call_next(g2, who, now=NOW, streak=2)
    assert again.id == ticket.id and again.counter_id == g2.id


# --- transfers --------------------------------------------------------------------------------

def test_transfer_to_another_service_keeps_the_number_and_records_it(ctx):
    book(), book()
    c, who = open_counter(), staff("dukcapil.maros")
    ticket = calling.call_next(c, who, now=NOW, streak=2)
    calling.start_service(ticket, c, who)
    calling.transfer(ticket, who, service=service("paspor-baru"))
    db.session.commit()
    assert ticket.number == "A-001" and ticket.status == "waiting"
    assert ticket.service.slug == "paspor-baru" and ticket.counter_id is None
    event = ticket.events[-1]
    assert (event.from_status, event.to_status, event.staff_id, event.counter_id) == (
        "serving", "waiting", who.id, c.id)
    assert "transfer" in event.note and "ktp-el-baru" in event.note and "paspor-baru" in event.note
    g7, imigrasi = open_counter("Gerai 7", "imigrasi.maros"), staff("imigrasi.maros")
    assert serve_next(g7, imigrasi) == "A-001"
    assert serve_next(c, who) == "A-002"


def test_transfer_to_a_counter_reserves_the_ticket_for_it(ctx):
    book(), book(), book()
    g1, g2 = open_counter("Gerai 1"), open_counter("Gerai 2")
    who = staff("dukcapil.maros")
    ticket = calling.call_next(g1, who, now=NOW, streak=2)
    calling.transfer(ticket, who, counter=g2)
    db.session.commit()
    assert ticket.status == "waiting" and ticket.counter_id == g2.id and ticket.call_count == 0
    assert serve_next(g1, who) == "A-002"     # Gerai 1 leaves it to Gerai 2
    assert serve_next(g2, who) == "A-001"


def test_a_ticket_sent_to_a_closed_counter_is_not_stranded(ctx):
    book()
    g1, g2 = open_counter("Gerai 1"), counter("Gerai 2")
    who = staff("dukcapil.maros")
    ticket = calling.call_next(g1, who, now=NOW, streak=2)
    calling.transfer(ticket, who, counter=g2)                          # Gerai 2 is closed
    db.session.commit()
    assert serve_next(g1, who) == "A-001"


def test_transfer_targets_are_checked(ctx):
    book()
    c, who = open_counter(), staff("dukcapil.maros")
    ticket = calling.call_next(c, who, now=NOW, streak=2)
    cases = [({"counter": counter("Gerai 7")}, "bad_counter"),
             ({"service": service("ktp-el-baru", "ngawi")}, "bad_service"),
             ({"service": service("ktp-el-baru")}, "nothing_to_transfer"),
             ({}, "nothing_to_transfer")]
    for kwargs, code in cases:
        with pytest.raises(CallError) as refused:
            calling.transfer(ticket, who, **kwargs)
        assert refused.value.code == code
    calling.start_service(ticket, c, who)
    calling.finish(ticket, c, who)
    with pytest.raises(CallError) as refused:
        calling.transfer(ticket, who, service=service("paspor-baru"))
    assert refused.value.code == "wrong_status"


# --- check-in and walk-in ---------------------------------------------------------------------

def _todays(ticket: Ticket) -> Ticket:
    """Move a ticket to the real current day (check-in has no clock argument)."""
    today = local_now(ticket.site.timezone).date()
    db.session.execute(sa.update(Ticket).where(Ticket.id == ticket.id).values(day=today))
    db.session.commit()
    db.session.expire(ticket)
    return ticket


def test_check_in_once_with_an_event(ctx):
    ticket = _todays(book())
    who = staff("dukcapil.maros")
    calling.check_in(ticket, who)
    calling.check_in(ticket, who)          # the second scan changes nothing
    db.session.commit()
    assert ticket.checked_in_at is not None and ticket.status == "waiting"
    notes = [(e.note, e.staff_id) for e in ticket.events if e.note == "check-in"]
    assert notes == [("check-in", who.id)]


def test_check_in_boundaries(ctx):
    ticket = _todays(book())
    for username in ("imigrasi.maros", "dukcapil.ngawi", "admin.ngawi", "pendamping.maros",
                     "desa.maros"):
        with pytest.raises(CallError) as refused:
            calling.check_in(ticket, staff(username))
        assert refused.value.code == "forbidden", username
    calling.check_in(ticket, staff("admin.maros"))
    other_day = book(day=dt.date(2026, 11, 25))
    with pytest.raises(CallError) as refused:
        calling.check_in(other_day, staff("dukcapil.maros"))
    assert refused.value.code == "not_today"


def test_walkin_channels_and_idempotency(ctx):
    ktp = service("ktp-el-baru")
    officer, assistant = staff("dukcapil.maros"), staff("pendamping.maros")
    ticket, created = calling.issue_walkin(officer, ktp, name="Budi", idempotency_key="k" * 20,
                                           secret="s", priority="lansia", now=NOW)
    assert created and ticket.channel == "walkin" and ticket.booked_by_id == officer.id
    assert ticket.number == "A-001" and ticket.priority == "lansia"
    again, created = calling.issue_walkin(officer, ktp, name="Budi", idempotency_key="k" * 20,
                                          secret="s", priority="lansia", now=NOW)
    assert not created and again.id == ticket.id
    helped, _ = calling.issue_walkin(assistant, service("paspor-baru"), name="Ani",
                                     idempotency_key="a" * 20, secret="s", now=NOW)
    assert helped.channel == "assisted" and helped.assisted_by_id == assistant.id
    with pytest.raises(CallError) as refused:
        calling.issue_walkin(staff("imigrasi.maros"), ktp, name="X", idempotency_key="b" * 20,
                             secret="s", now=NOW)
    assert refused.value.code == "forbidden"


def test_walkin_takes_the_current_time_window(ctx):
    ticket, _ = calling.issue_walkin(staff("dukcapil.maros"), service("kk-perubahan"),
                                     name="Sari", idempotency_key="w" * 20, secret="s",
                                     now=NOW + dt.timedelta(hours=1))     # 11.00 WITA
    assert ticket.window.starts == dt.time(10, 0)


def test_walkin_services_follow_the_role(ctx):
    assert {s.slug for s in calling.walkin_services(staff("dukcapil.maros"))} == {
        "ktp-el-baru", "kk-perubahan"}
    assert len(calling.walkin_services(staff("admin.maros"))) == 3
    assert len(calling.walkin_services(staff("pendamping.maros"))) == 3
    assert calling.walkin_services(staff("desa.maros")) == []


# --- who may act ------------------------------------------------------------------------------

def test_my_counters_follow_agency_and_site(ctx):
    def labels(username):
        return [c.label for c in calling.my_counters(staff(username))]
    assert labels("dukcapil.maros") == ["Gerai 1", "Gerai 2"]
    assert labels("imigrasi.maros") == ["Gerai 7"]
    assert labels("admin.maros") == ["Gerai 1", "Gerai 2", "Gerai 7"]
    assert labels("pendamping.maros") == labels("desa.maros") == []
    assert [c.site.slug for c in calling.my_counters(staff("admin.ngawi"))] == ["ngawi"] * 3


@pytest.mark.parametrize("username", [
    "imigrasi.maros", "dukcapil.ngawi", "admin.ngawi", "pendamping.maros", "desa.maros"])
def test_others_cannot_act_on_a_counter_or_its_tickets(ctx, username):
    book()
    c, owner = open_counter(), staff("dukcapil.maros")
    ticket = calling.call_next(c, owner, now=NOW, streak=2)
    intruder = staff(username)
    attempts = [
        lambda: calling.call_next(c, intruder, now=NOW, streak=2),
        lambda: calling.set_counter_status(c, intruder, "closed", "x"),
        lambda: calling.recall(ticket, c, intruder),
        lambda: calling.start_service(ticket, c, intruder),
        lambda: calling.finish(ticket, c, intruder),
        lambda: calling.mark_no_show(ticket, c, intruder, min_calls=0),
        lambda: calling.return_to_waiting(ticket, c, intruder),
        lambda: calling.transfer(ticket, intruder, counter=counter("Gerai 2")),
    ]
    for attempt in attempts:
        with pytest.raises(CallError) as refused:
            attempt()
        assert refused.value.code == "forbidden"
    db.session.rollback()
    assert ticket.status == "called" and c.status == "open"


def test_the_sites_admin_may_act_on_any_counter(ctx):
    book("paspor-baru")
    admin = staff("admin.maros")
    c = counter("Gerai 7")
    calling.set_counter_status(c, admin, "open", "")
    db.session.commit()
    assert serve_next(c, admin) == "C-001"


def test_an_inactive_account_cannot_act(ctx):
    c, who = counter("Gerai 1"), staff("dukcapil.maros")
    who.active = False
    with pytest.raises(CallError):
        calling.set_counter_status(c, who, "open", "")


# --- concurrency ------------------------------------------------------------------------------

TICKETS = 40
THREADS_PER_COUNTER = 4
DEADLINE_SECONDS = 90


def test_concurrent_call_next_never_gives_a_ticket_twice(queue_app):
    """Eight officers at two counters press "call next" at the same moment, again and again,
    until the queue is empty: every ticket is called exactly once."""
    app = queue_app
    with app.app_context():
        for index in range(TICKETS):
            book(priority="lansia" if index % 5 == 0 else None)
        open_counter("Gerai 1"), open_counter("Gerai 2")
        ticket_ids = set(db.session.scalars(sa.select(Ticket.id)))
    usernames = ["dukcapil.maros", "dukcapil2.maros"]
    barrier = threading.Barrier(2 * THREADS_PER_COUNTER, timeout=30)
    deadline = time.monotonic() + DEADLINE_SECONDS
    called: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def officer(label: str, username: str) -> None:
        try:
            with app.app_context():
                c, who = counter(label), staff(username)
                barrier.wait()
                while time.monotonic() < deadline:
                    try:
                        ticket = calling.call_next(c, who, now=NOW, streak=2)
                    except CallError as refusal:
                        assert refusal.code == "busy", refusal.code
                        db.session.rollback()
                        time.sleep(0.002)
                        continue
                    if ticket is None:
                        return
                    with lock:
                        called.append(ticket.id)
                    calling.start_service(ticket, c, who)
                    calling.finish(ticket, c, who)
                    db.session.commit()
                raise TimeoutError("officer thread did not finish in time")
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    threads = [threading.Thread(target=officer, args=(label, usernames[i % 2]), daemon=True)
               for label in ("Gerai 1", "Gerai 2") for i in range(THREADS_PER_COUNTER)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE_SECONDS + 30)
    assert not any(thread.is_alive() for thread in threads), "threads still running"
    assert not errors, errors
    assert len(called) == len(set(called)) == TICKETS
    assert set(called) == ticket_ids
    with app.app_context():
        first_calls = db.session.execute(
            sa.select(TicketEvent.ticket_id, sa.func.count())
            .where(TicketEvent.from_status == "waiting", TicketEvent.to_status == "called")
            .group_by(TicketEvent.ticket_id)).all()
        assert len(first_calls) == TICKETS and all(n == 1 for _id, n in first_calls)
        assert set(db.session.scalars(sa.select(Ticket.status))) == {"done"}
        both = set(db.session.scalars(sa.select(Ticket.counter_id)))
        assert len(both) == 2  # both counters got work
