"""Declared closures (issue #15): the MPP or a counter closed on a day moves that day's
tickets of the services it closes to the next day with room, and booking refuses the day."""
from __future__ import annotations

import datetime as dt
import uuid

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import AuditEntry, ClosedDate, Service, Ticket
from mpp_lite.models.moving import CounterClosure, TicketMove
from mpp_lite.queue import closures
from mpp_lite.queue.booking import BookingError, BookingRequest, issue_ticket

from support.catalogs import load_queue_catalog
from support.queue import NOW, book, counter, service, staff
from support.staff import login, post

TUESDAY = dt.date(2026, 11, 24)
WEDNESDAY, THURSDAY = TUESDAY + dt.timedelta(days=1), TUESDAY + dt.timedelta(days=2)


@pytest.fixture
def ctx(app, clock):
    load_queue_catalog(app)
    clock(NOW)
    with app.app_context():
        yield app
        db.session.rollback()


def declare(day, label=None, reason="Pemadaman listrik", horizon=14):
    outcome = closures.declare(staff("admin.maros"), service("ktp-el-baru").site, day,
                               counter(label) if label else None, reason,
                               horizon_days=horizon, today=TUESDAY)
    db.session.commit()
    return outcome


def booking(slug, day):
    svc = service(slug)
    return issue_ticket(BookingRequest(site=svc.site, service=svc, day=day, name="Warga",
                                       idempotency_key=uuid.uuid4().hex, now=NOW),
                        secret="test")


def test_a_closed_mpp_moves_the_days_tickets_to_the_next_day_with_a_new_number(ctx):
    book(day=THURSDAY)
    codes = [book(day=WEDNESDAY).code, book("paspor-baru", day=WEDNESDAY).code]
    outcome = declare(WEDNESDAY)
    assert len(outcome.moved) == 2 and outcome.cancelled == []
    moved = {t.code: t for t in db.session.scalars(sa.select(Ticket).where(
        Ticket.code.in_(codes)))}
    assert {(t.day, t.number, t.status) for t in moved.values()} == {
        (THURSDAY, "A-002", "waiting"), (THURSDAY, "C-001", "waiting")}
    assert db.session.scalar(sa.select(ClosedDate.reason).filter_by(date=WEDNESDAY)) == \
        "Pemadaman listrik"
    assert set(db.session.scalars(sa.select(TicketMove.kind))) == {"closure"}
    with pytest.raises(BookingError) as refused:
        booking("ktp-el-baru", WEDNESDAY)
    assert refused.value.code == "closed_day" and refused.value.next_day == THURSDAY
    assert closures.closure_reason(service("ktp-el-baru").site, service("ktp-el-baru"),
                                   WEDNESDAY) == "Pemadaman listrik"


def test_a_closed_counter_moves_only_the_services_left_without_a_counter(ctx):
    ktp = book(day=WEDNESDAY).code            # Gerai 1 and 2
    paspor = book("paspor-baru", day=WEDNESDAY).code  # Gerai 7 only
    declare(WEDNESDAY, "Gerai 7", "Aplikasi imigrasi pemeliharaan")
    declare(WEDNESDAY, "Gerai 2", "Petugas dinas luar")
    days = dict(db.session.execute(sa.select(Ticket.code, Ticket.day)).all())
    assert days[ktp] == WEDNESDAY and days[paspor] == THURSDAY
    with pytest.raises(BookingError) as refused:
        booking("paspor-baru", WEDNESDAY)
    assert refused.value.code == "closed_day"
    booking("ktp-el-baru", WEDNESDAY)  # Gerai 1 still serves it
    assert closures.closure_reason(service("paspor-baru").site, service("paspor-baru"),
                                   WEDNESDAY) == "Aplikasi imigrasi pemeliharaan"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) >= 2


def test_a_ticket_with_no_day_with_room_is_cancelled_with_the_reason(ctx):
    db.session.execute(sa.update(Service).where(Service.slug == "ktp-el-baru")
                       .values(daily_quota=1))
    db.session.commit()
    waiting = book(day=WEDNESDAY)
    book(day=THURSDAY)
    outcome = declare(WEDNESDAY, horizon=2)  # Thursday full, Friday beyond the horizon
    assert [t.id for t in outcome.cancelled] == [waiting.id]
    assert db.session.get(Ticket, waiting.id).status == "cancelled"
    page = ctx.test_client().get(f"/tiket/{waiting.code}").get_data(as_text=True)
    assert "Tiket dibatalkan karena layanan tutup" in page and "Pemadaman listrik" in page


def test_a_closure_is_refused_without_a_reason_twice_or_in_the_past(ctx):
    site = service("ktp-el-baru").site
    for day, label, reason in ((WEDNESDAY, None, " "), (TUESDAY - dt.timedelta(days=1), None,
                                                         "Banjir"), (None, None, "Banjir")):
        with pytest.raises(closures.ClosureError):
            closures.declare(staff("admin.maros"), site, day,
                             counter(label) if label else None, reason, horizon_days=14,
                             today=TUESDAY)
        db.session.rollback()
    declare(WEDNESDAY, "Gerai 7", "Banjir")
    with pytest.raises(closures.ClosureError):
        declare(WEDNESDAY, "Gerai 7", "Banjir")
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CounterClosure)) == 1


def test_the_manager_declares_a_closure_after_a_confirmation(staff_app, clock):
    app = staff_app()
    clock(NOW)
    with app.app_context():
        code = book("paspor-baru", day=WEDNESDAY).code
        gerai7 = counter("Gerai 7").id
    client = login(app, "admin.maros")
    assert client.get("/kelola/penutupan").status_code == 200
    data = {"day": WEDNESDAY.isoformat(), "counter": str(gerai7), "reason": "Banjir"}
    preview = post(client, "/kelola/penutupan", **data)
    assert preview.status_code == 200 and "Yakin mencatat" in preview.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CounterClosure)) == 0
    done = post(client, "/kelola/penutupan", confirm="1", **data)
    assert done.status_code == 303
    page = client.get(f"/tiket/{code}").get_data(as_text=True)
    assert "karena layanan tutup" in page and "Banjir" in page
    bad = post(client, "/kelola/penutupan", day="besok", counter="", reason="Banjir")
    assert bad.status_code == 422 and "YYYY-MM-DD" in bad.get_data(as_text=True)
    assert login(app, "dukcapil.maros").get("/kelola/penutupan").status_code == 403
