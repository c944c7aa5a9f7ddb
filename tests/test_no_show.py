"""No-show grace (issue #15): N calls before "absent" per site or service, and an absent
visitor arriving within X minutes returns once at the back of the line."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import Ticket
from mpp_lite.queue import calling, no_show
from mpp_lite.queue.calling import CallError

from support.catalogs import load_queue_catalog
from support.officer import ids
from support.queue import NOW, book, counter, service, staff
from support.staff import login, post

CONFIG = {"QUEUE_NO_SHOW_AFTER_CALLS": 3, "QUEUE_NO_SHOW_GRACE_MINUTES": 30}


@pytest.fixture
def ctx(app, clock):
    load_queue_catalog(app)
    clock(NOW)
    with app.app_context():
        yield app
        db.session.rollback()


def absent(calls: int = 1, rule_calls: int = 1) -> Ticket:
    """Book A-001..A-003, call A-001 `calls` times and mark it absent."""
    tickets = [book() for _ in range(3)]
    gerai = counter("Gerai 1")
    officer = staff("dukcapil.maros")
    calling.set_counter_status(gerai, officer, "open", "")
    db.session.commit()
    first = calling.call_next(gerai, officer, now=NOW, streak=2)
    for _ in range(calls - 1):
        calling.recall(first, gerai, officer)
    calling.mark_no_show(first, gerai, officer, min_calls=rule_calls)
    db.session.commit()
    assert first.id == tickets[0].id
    return first


def test_the_calls_before_absent_come_from_the_service_then_the_site_then_settings(ctx):
    svc = service("ktp-el-baru")
    ticket = book()
    assert no_show.calls_needed(ticket, CONFIG) == 3
    no_show.save_rule(svc.site, None, 2, 10)
    assert no_show.rule_for(svc, CONFIG) == no_show.Rule(2, 10, "site")
    no_show.save_rule(svc.site, svc, 4, 0)
    assert no_show.calls_needed(ticket, CONFIG) == 4
    assert no_show.rule_for(service("paspor-baru"), CONFIG).after_calls == 2
    no_show.save_rule(svc.site, svc, None, None)  # removed: the site's rule again
    assert no_show.rule_for(svc, CONFIG).source == "site"
    for calls, minutes in ((0, 5), (3, -1), (None, 5)):
        with pytest.raises(ValueError):
            no_show.save_rule(svc.site, svc, calls, minutes)


def test_an_absent_visitor_within_the_grace_returns_once_at_the_back(ctx, clock):
    ticket = absent()
    clock(NOW + dt.timedelta(minutes=20))
    move = no_show.return_to_line(ticket, staff("dukcapil.maros"), CONFIG)
    db.session.commit()
    back = db.session.get(Ticket, ticket.id)
    assert (back.status, back.number, move.from_number) == ("waiting", "A-004", "A-001")
    assert back.checked_in_at is not None and back.call_count == 0
    gerai, officer = counter("Gerai 1"), staff("dukcapil.maros")
    order = []
    for _ in range(3):
        called = calling.call_next(gerai, officer, now=NOW + dt.timedelta(minutes=20),
                                   streak=2)
        order.append(called.number)
        calling.start_service(called, gerai, officer)
        calling.finish(called, gerai, officer)
        db.session.commit()
    assert order == ["A-002", "A-003", "A-004"]
    again = db.session.get(Ticket, ticket.id)
    again.status = "no_show"
    db.session.commit()
    with pytest.raises(CallError) as refused:
        no_show.return_to_line(again, officer, CONFIG)
    assert refused.value.code == "returned_once"


def test_too_late_or_without_grace_the_ticket_stays_absent(ctx, clock):
    ticket = absent()
    clock(NOW + dt.timedelta(minutes=31))
    with pytest.raises(CallError) as late:
        no_show.return_to_line(ticket, staff("dukcapil.maros"), CONFIG)
    assert late.value.code == "too_late"
    clock(NOW + dt.timedelta(minutes=5))
    no_show.save_rule(service("ktp-el-baru").site, None, 3, 0)
    with pytest.raises(CallError) as none:
        no_show.return_to_line(ticket, staff("dukcapil.maros"), CONFIG)
    assert none.value.code == "no_grace"
    with pytest.raises(CallError) as forbidden:
        no_show.return_to_line(ticket, staff("imigrasi.maros"), CONFIG)
    assert forbidden.value.code == "forbidden"
    db.session.rollback()
    assert db.session.get(Ticket, ticket.id).status == "no_show"


def test_officers_return_a_ticket_and_the_console_follows_the_services_rule(staff_app, clock):
    app = staff_app()
    clock(NOW)
    with app.app_context():
        svc = service("ktp-el-baru")
        no_show.save_rule(svc.site, svc, 1, 15)
        db.session.commit()
    client = login(app, "dukcapil.maros")
    gerai = ids(app)
    with app.app_context():
        code = book().code
    post(client, f"/petugas/gerai/{gerai}/status", status="open")
    post(client, f"/petugas/gerai/{gerai}/panggil")
    with app.app_context():
        ticket_id = db.session.scalar(sa.select(Ticket.id).filter_by(code=code))
    page = client.get(f"/petugas/gerai/{gerai}").get_data(as_text=True)
    assert "Bisa setelah dipanggil" not in page  # one call is enough for this service
    absent_now = post(client, f"/petugas/gerai/{gerai}/tiket/{ticket_id}/tidak-hadir")
    assert absent_now.status_code == 303
    listed = client.get("/petugas/tidak-hadir").get_data(as_text=True)
    assert "A-001" in listed and "Kembali ke antrean" in listed
    assert "Kembali ke antrean" in client.get(f"/petugas/tiket/{code}").get_data(as_text=True)
    back = post(client, f"/petugas/tiket/{code}/kembali-antre")
    assert back.status_code == 303
    assert "A-002" in client.get(back.location).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(Ticket.status).filter_by(code=code)) == "waiting"
    outsider = login(app, "imigrasi.maros")
    assert post(outsider, f"/petugas/tiket/{code}/kembali-antre").status_code == 403
    assert login(app, "desa.maros").get("/petugas/tidak-hadir").status_code == 403


def test_the_manager_sets_rules_and_bad_numbers_are_refused_plainly(staff_app):
    app = staff_app()
    client = login(app, "admin.maros")
    assert client.get("/kelola/tidak-hadir").status_code == 200
    saved = post(client, "/kelola/tidak-hadir", service="", after_calls="2", grace_minutes="45")
    assert saved.status_code == 303
    assert "45" in client.get("/kelola/tidak-hadir").get_data(as_text=True)
    for calls, minutes in (("tiga", "10"), ("0", "10"), ("2", "9999")):
        bad = post(client, "/kelola/tidak-hadir", service="", after_calls=calls,
                   grace_minutes=minutes)
        assert bad.status_code == 422 and "Kesalahan" in bad.get_data(as_text=True)
    assert login(app, "dukcapil.maros").get("/kelola/tidak-hadir").status_code == 403
