"""Rescheduling a waiting ticket (issue #15): same rules and quotas as booking, the old slot
freed at once, a new number, the same link; and two people taking the last slot at once."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import QueueSequence, Service, Ticket, TicketEvent
from mpp_lite.models.moving import TicketMove
from mpp_lite.queue.booking import BookingError, BookingRequest, issue_ticket
from mpp_lite.queue.moving import MoveError, move_ticket

from support.catalogs import load_queue_catalog
from support.live import run_together
from support.queue import NOW, book, service
from support.staff import csrf_token

TUESDAY = dt.date(2026, 11, 24)
WEDNESDAY = TUESDAY + dt.timedelta(days=1)


@pytest.fixture
def queue_app(app, clock):
    load_queue_catalog(app)
    clock(NOW)
    return app


@pytest.fixture
def ctx(queue_app):
    with queue_app.app_context():
        yield queue_app
        db.session.rollback()


def set_quota(slug: str, quota: int | None) -> None:
    db.session.execute(sa.update(Service).where(Service.slug == slug).values(daily_quota=quota))
    db.session.commit()


def last_number(day: dt.date, prefix: str = "A") -> int | None:
    return db.session.scalar(sa.select(QueueSequence.last_number).filter_by(day=day,
                                                                            prefix=prefix))


def test_a_moved_ticket_gets_a_new_number_and_keeps_its_code(ctx):
    book()
    moving = book()
    code = moving.code
    book(day=WEDNESDAY)
    move = move_ticket(moving, WEDNESDAY, None, kind="citizen")
    db.session.commit()
    ticket = db.session.scalar(sa.select(Ticket).filter_by(code=code))
    assert (ticket.day, ticket.number, ticket.status) == (WEDNESDAY, "A-002", "waiting")
    assert (move.from_day, move.from_number, move.to_number) == (TUESDAY, "A-002", "A-002")
    # The old slot is free at once: Tuesday now counts one ticket.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket).filter_by(
        day=TUESDAY)) == 1
    notes = db.session.scalars(sa.select(TicketEvent.note).filter_by(ticket_id=ticket.id))
    assert any(note.startswith("pindah (citizen)") for note in notes)


def test_a_move_respects_the_daily_quota_and_hands_the_number_back(ctx):
    set_quota("ktp-el-baru", 1)
    waiting = book()
    book(day=WEDNESDAY)
    with pytest.raises(MoveError) as refused:
        move_ticket(waiting, WEDNESDAY, None, kind="citizen")
    assert refused.value.code == "quota_full"
    db.session.commit()
    assert last_number(WEDNESDAY) == 1  # no gap left by the refused move
    assert db.session.get(Ticket, waiting.id).day == TUESDAY
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TicketMove)) == 0


def test_a_move_to_another_window_checks_its_capacity_not_the_quota_twice(ctx):
    set_quota("kk-perubahan", 1)  # the ticket itself is the day's one: moving within it is fine
    ticket = book("kk-perubahan", window="10:00")
    afternoon = db.session.scalar(sa.text(
        "SELECT id FROM service_window WHERE starts > '12:00' ORDER BY starts"))
    move_ticket(ticket, TUESDAY, afternoon, kind="citizen")
    db.session.commit()
    moved = db.session.get(Ticket, ticket.id)
    assert moved.window_id == afternoon and moved.number == "B-002"


def test_a_closed_or_past_day_and_the_same_slot_are_refused(ctx):
    ticket = book()
    with pytest.raises(BookingError) as closed:
        move_ticket(ticket, dt.date(2026, 11, 28), None, kind="citizen")  # a Saturday
    assert closed.value.code == "closed_day"
    with pytest.raises(BookingError) as past:
        move_ticket(ticket, TUESDAY - dt.timedelta(days=1), None, kind="citizen")
    assert past.value.code == "past_day"
    with pytest.raises(MoveError) as same:
        move_ticket(ticket, TUESDAY, None, kind="citizen")
    assert same.value.code == "same_slot"


def test_only_a_waiting_ticket_moves(ctx):
    ticket = book()
    ticket.status = "cancelled"
    db.session.commit()
    with pytest.raises(MoveError) as refused:
        move_ticket(ticket, WEDNESDAY, None, kind="citizen")
    assert refused.value.code == "not_waiting"


def test_the_citizen_moves_a_ticket_through_the_pages(staff_app, clock):
    app = staff_app()
    clock(NOW)
    with app.app_context():
        code = book().code
    client = app.test_client()
    page = client.get(f"/tiket/{code}")
    assert f"/tiket/{code}/pindah" in page.get_data(as_text=True)
    token = csrf_token(client, f"/tiket/{code}/pindah")
    confirm = client.post(f"/tiket/{code}/pindah", data={"csrf_token": token,
                                                        "day": WEDNESDAY.isoformat()})
    assert confirm.status_code == 200
    assert "Yakin memindahkan" in confirm.get_data(as_text=True)
    with app.app_context():  # nothing moved before the confirmation
        assert db.session.scalar(sa.select(Ticket.day).filter_by(code=code)) == TUESDAY
    done = client.post(f"/tiket/{code}/pindah", data={"csrf_token": token, "confirm": "1",
                                                     "day": WEDNESDAY.isoformat()})
    assert done.status_code == 303 and done.location.endswith(f"/tiket/{code}")
    text = client.get(f"/tiket/{code}").get_data(as_text=True)
    assert "Dipindah dari" in text and "A-001" in text and "Rabu" in text


def test_bad_input_on_the_move_page_is_a_clear_message(staff_app, clock):
    app = staff_app()
    clock(NOW)
    with app.app_context():
        code = book().code
    client = app.test_client()
    token = csrf_token(client, f"/tiket/{code}/pindah")
    for day in ("kemarin", "2026-11-21", "9999-99-99"):
        response = client.post(f"/tiket/{code}/pindah", data={"csrf_token": token, "day": day})
        assert response.status_code == 422, day
        assert "Kesalahan" in response.get_data(as_text=True)
    assert client.post(f"/tiket/{code}/pindah", data={"day": "2026-11-25"}).status_code == 400
    assert client.get("/tiket/tidak-ada/pindah").status_code == 404


@pytest.mark.parametrize("rival", ["move", "booking"])
def test_two_people_taking_the_last_slot_at_once_one_wins(queue_app, rival):
    """A move racing another move, or a new booking, for the last slot of a day: one wins."""
    with queue_app.app_context():
        set_quota("ktp-el-baru", 2)
        first = book().code
        second = book().code
        book(day=WEDNESDAY)  # one slot left on Wednesday
        svc_id = service("ktp-el-baru").id
        db.session.remove()

    def attempt(index: int) -> str:
        with queue_app.app_context():
            try:
                if index == 1 and rival == "booking":
                    svc = db.session.get(Service, svc_id)
                    issue_ticket(BookingRequest(
                        site=svc.site, service=svc, day=WEDNESDAY, name="Pesaing",
                        idempotency_key=uuid.uuid4().hex, now=NOW), secret="test")
                else:
                    code = (first, second)[index]
                    ticket = db.session.scalar(sa.select(Ticket).filter_by(code=code))
                    move_ticket(ticket, WEDNESDAY, None, kind="citizen", now=NOW)
                    db.session.commit()
                return "won"
            except (MoveError, BookingError) as refusal:
                db.session.rollback()
                return refusal.code
            finally:
                db.session.remove()

    outcomes = run_together(2, attempt)
    assert sorted(outcomes) == ["quota_full", "won"], outcomes
    with queue_app.app_context():
        wednesday = list(db.session.scalars(sa.select(Ticket).filter_by(day=WEDNESDAY)))
        assert len(wednesday) == 2
        assert sorted(t.sequence for t in wednesday) == [1, 2]  # unique, no gap
        assert last_number(WEDNESDAY) == 2


def test_an_officer_moves_a_visitors_ticket_and_is_recorded(staff_app, clock):
    from support.staff import login, post

    app = staff_app()
    clock(NOW)
    with app.app_context():
        code = book().code
    officer = login(app, "dukcapil.maros")
    assert f"/tiket/{code}/pindah" in officer.get(f"/petugas/tiket/{code}").get_data(
        as_text=True)
    done = post(officer, f"/tiket/{code}/pindah", confirm="1", day=WEDNESDAY.isoformat())
    assert done.status_code == 303
    with app.app_context():
        move = db.session.scalar(sa.select(TicketMove))
        assert move.kind == "staff" and move.staff_id is not None
