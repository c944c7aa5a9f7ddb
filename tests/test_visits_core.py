"""Visits with several services: their order, all-or-nothing booking with the queue's
guarantees, and calling that respects the visit (one counter at a time, prerequisites first,
places kept)."""
from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import QueueSequence, Ticket, TicketEvent, Visit
from mpp_lite.queue import calling
from mpp_lite.queue.tickets import transition
from mpp_lite.visits.booking import VisitError
from mpp_lite.visits.planning import order_steps

from support.queue import NOW, book, counter, service, staff
from support.visits import load_visit_catalog, visit


@pytest.fixture
def ctx(app):
    load_visit_catalog(app)
    with app.app_context():
        yield app
        db.session.rollback()


def slugs(v: Visit) -> list[str]:
    return [t.service.slug for t in v.tickets]


def open_counters(*labels: str) -> None:
    for label in labels:
        officer = "imigrasi.maros" if label == "Gerai 7" else "dukcapil.maros"
        calling.set_counter_status(counter(label), staff(officer), "open", "")
    db.session.commit()


def call(label: str):
    officer = "imigrasi.maros" if label == "Gerai 7" else "dukcapil.maros"
    ticket = calling.call_next(counter(label), staff(officer), now=NOW, streak=2)
    return ticket.number if ticket is not None else None


def finish(number: str, label: str) -> None:
    officer = staff("imigrasi.maros" if label == "Gerai 7" else "dukcapil.maros")
    prefix, sequence = number.split("-")
    ticket = db.session.scalar(sa.select(Ticket).filter_by(prefix=prefix,
                                                           sequence=int(sequence)))
    calling.start_service(ticket, counter(label), officer)
    calling.finish(ticket, counter(label), officer)
    db.session.commit()


# --- order ------------------------------------------------------------------------------------

def test_a_document_made_in_the_visit_orders_its_makers_first(ctx):
    """KIA and the KK change need the birth certificate: akta first, whatever the order asked?"""
    v, created = visit("kia", "kk-perubahan", "akta-kelahiran")
    assert created and v.channel == "online"
    assert slugs(v)[0] == "akta-kelahiran"
    steps = {t.service.slug: t for t in v.tickets}
    assert [t.visit_step for t in v.tickets] == [1, 2, 3]
    assert steps["kia"].visit_needs == 1 and steps["kk-perubahan"].visit_needs == 1
    assert steps["akta-kelahiran"].visit_needs == 0


def test_without_a_link_the_queue_with_fewer_people_waiting_goes_first(ctx):
    book("ktp-el-baru"), book("ktp-el-baru")     # two wait for KTP-el, none for passports
    v, _ = visit("ktp-el-baru", "paspor-baru")
    assert slugs(v) == ["paspor-baru", "ktp-el-baru"]
    assert [t.visit_needs for t in v.tickets] == [0, 0]


def test_order_steps_breaks_a_cycle_instead_of_refusing():
    class S:  # the planner reads only ids
        def __init__(self, id):
            self.id = id
    a, b, c = S(1), S(2), S(3)
    steps = order_steps([a, b, c], {1: {2}, 2: {1}, 3: set()}, rank={1: 5, 2: 0, 3: 9})
    # 3 is ready at once; 1 and 2 wait on each other: the fewer waiting (2) goes first
    assert [s.service.id for s in steps] == [3, 2, 1]
    assert steps[2].needs == frozenset({2}) and steps[1].needs == frozenset()


# --- booking ----------------------------------------------------------------------------------

def test_each_ticket_takes_the_next_number_of_its_own_queue(ctx):
    book("ktp-el-baru")
    v, _ = visit("akta-kelahiran", "kia", "ktp-el-baru")     # kia and ktp share prefix A
    numbers = {t.service.slug: t.number for t in v.tickets}
    assert numbers["akta-kelahiran"] == "AC-001"
    assert sorted([numbers["kia"], numbers["ktp-el-baru"]]) == ["A-002", "A-003"]
    assert all(t.visit_id == v.id and t.status == "waiting" for t in v.tickets)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TicketEvent)) == 4


def test_a_service_with_time_windows_gets_the_first_with_room(ctx):
    v, _ = visit("akta-kelahiran", "kk-perubahan")
    kk = next(t for t in v.tickets if t.service.slug == "kk-perubahan")
    assert kk.window is not None and kk.window.starts == dt.time(10, 0)


def test_a_full_quota_refuses_the_whole_visit_and_leaves_no_gap(ctx):
    for _ in range(3):
        book("kia")                                          # quota 3: full
    with pytest.raises(VisitError) as refused:
        visit("akta-kelahiran", "kia")
    assert refused.value.code == "quota_full" and refused.value.service.slug == "kia"
    assert "Kartu Identitas Anak" in str(refused.value.message)
    assert refused.value.next_day is not None and refused.value.next_day > NOW.date()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Visit)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket).where(
        Ticket.prefix == "AC")) == 0
    # the increments were rolled back: the next birth certificate is still AC-001
    assert db.session.scalar(sa.select(QueueSequence.last_number).filter_by(prefix="AC")) is None
    assert book("akta-kelahiran").number == "AC-001"


def test_a_retry_with_the_same_key_returns_the_same_visit(ctx):
    first, created = visit("akta-kelahiran", "kia", key="visit-key-0001")
    again, created_again = visit("kia", "akta-kelahiran", key="visit-key-0001")
    assert created and not created_again and again.id == first.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 2


def test_the_same_key_for_another_request_is_refused(ctx):
    visit("akta-kelahiran", "kia", key="visit-key-0002")
    with pytest.raises(VisitError) as refused:
        visit("akta-kelahiran", "paspor-baru", key="visit-key-0002")
    assert refused.value.code == "idempotency_key_reused"


@pytest.mark.parametrize("chosen, code", [
    (("kia",), "too_few_services"),
    (("kia", "kia"), "duplicate_service"),
    (("kia", "akta-kelahiran", "paspor-baru", "ktp-el-baru", "kk-perubahan", "kia"),
     "too_many_services"),
])
def test_a_visit_needs_two_to_five_different_services(ctx, chosen, code):
    with pytest.raises(VisitError) as refused:
        visit(*chosen)
    assert refused.value.code == code


def test_another_sites_service_cannot_join_the_visit(ctx):
    from mpp_lite.visits.booking import VisitRequest, book_visit

    maros = service("kia")
    with pytest.raises(VisitError) as refused:
        book_visit(VisitRequest(site=maros.site, services=[maros, service("paspor-baru",
                                                                          "ngawi")],
                                day=NOW.date(), name="Sari", idempotency_key="visit-key-0003",
                                now=NOW), secret="test")
    assert refused.value.code == "not_queued"


def test_tickets_at_the_mpp_are_for_today_only(ctx):
    with pytest.raises(VisitError) as refused:
        visit("akta-kelahiran", "kia", channel="kiosk", day=NOW.date() + dt.timedelta(days=1))
    assert refused.value.code == "not_today"


def test_a_field_error_names_the_service(ctx):
    with pytest.raises(VisitError) as refused:
        visit("akta-kelahiran", "kia", name="")
    assert refused.value.code == "invalid" and "name" in refused.value.fields


def test_two_visits_for_the_last_slot_one_wins(ctx, app):
    """Two visits want the last KIA place at once: one visit, one refusal, no gap?"""
    book("kia"), book("kia")                                  # one place left
    db.session.remove()
    barrier, results = threading.Barrier(2), {}

    def attempt(index: int) -> None:
        with app.app_context():
            barrier.wait(timeout=30)
            try:
                v, _ = visit("akta-kelahiran", "kia", name=f"Warga {index}",
                             key=f"race-visit-{index:04d}")
                results[index] = v.id
            except VisitError as refusal:
                results[index] = refusal.code
            db.session.remove()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(map(str, results.values()))[-1] == "quota_full"
    assert sum(isinstance(r, int) for r in results.values()) == 1
    kia = service("kia")
    assert sorted(db.session.scalars(sa.select(Ticket.sequence).where(
        Ticket.service_id == kia.id))) == [1, 2, 3]
    assert list(db.session.scalars(sa.select(Ticket.sequence).where(
        Ticket.prefix == "AC"))) == [1]


def test_simultaneous_retries_of_one_visit_make_one_visit(ctx, app):
    db.session.remove()
    barrier, results = threading.Barrier(3), []

    def attempt(_index: int) -> None:
        with app.app_context():
            barrier.wait(timeout=30)
            v, _ = visit("akta-kelahiran", "kia", key="same-visit-key-01")
            results.append(v.id)
            db.session.remove()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == 3 and len(set(results)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 2


# --- calling ----------------------------------------------------------------------------------

def test_a_step_is_not_called_before_the_step_it_needs_is_over(ctx):
    v, _ = visit("akta-kelahiran", "kk-perubahan")           # AC-001 then B-001
    open_counters("Gerai 1", "Gerai 2")
    assert call("Gerai 1") is None                            # B-001 waits for the akta
    assert call("Gerai 2") == "AC-001"
    assert call("Gerai 1") is None                            # the akta is being made
    finish("AC-001", "Gerai 2")
    assert call("Gerai 1") == "B-001"


def test_a_visitor_is_not_called_to_two_counters_at_once(ctx):
    v, _ = visit("paspor-baru", "ktp-el-baru")               # C-001 and A-001, no link
    book("ktp-el-baru")                                       # A-002, someone else
    open_counters("Gerai 1", "Gerai 2", "Gerai 7")
    assert call("Gerai 7") == "C-001"
    assert call("Gerai 1") == "A-002"                          # A-001's holder is at Gerai 7
    assert call("Gerai 2") is None                            # nobody else waits


def test_a_held_back_ticket_keeps_its_place_when_free_again(ctx):
    v, _ = visit("paspor-baru", "ktp-el-baru")               # C-001 and A-001
    book("ktp-el-baru"), book("ktp-el-baru")
    open_counters("Gerai 1", "Gerai 7")
    assert call("Gerai 7") == "C-001"
    assert call("Gerai 1") == "A-002"                          # A-001 is held back
    finish("A-002", "Gerai 1")
    finish("C-001", "Gerai 7")
    assert call("Gerai 1") == "A-001"                          # before A-003: its place kept


def test_the_call_itself_rechecks_the_visit(ctx):
    """A counter that chose a ticket before the visitor was called elsewhere loses it?"""
    v, _ = visit("paspor-baru", "ktp-el-baru")
    ktp = next(t for t in v.tickets if t.service.slug == "ktp-el-baru")
    open_counters("Gerai 7")
    assert call("Gerai 7") == "C-001"
    assert not transition(ktp, ("waiting",), "called", staff("dukcapil.maros"),
                          condition=calling.visit_allows())
    assert db.session.get(Ticket, ktp.id).status == "waiting"


def test_a_missed_prerequisite_no_longer_holds_the_next_step(ctx):
    """The visitor missed the birth certificate call: the officer decides at the KK counter."""
    visit("akta-kelahiran", "kk-perubahan")
    open_counters("Gerai 1", "Gerai 2")
    assert call("Gerai 2") == "AC-001"
    akta = db.session.scalar(sa.select(Ticket).filter_by(prefix="AC"))
    calling.mark_no_show(akta, counter("Gerai 2"), staff("dukcapil.maros"), min_calls=1)
    db.session.commit()
    assert call("Gerai 1") == "B-001"


def test_the_console_list_leaves_out_held_back_tickets(ctx):
    visit("akta-kelahiran", "kk-perubahan")
    book("kk-perubahan", window="10:00")                     # B-002
    waiting = db.session.scalars(calling.waiting_tickets(counter("Gerai 1"), now=NOW)).all()
    assert [t.number for t in waiting] == ["B-002"]


def test_a_ticket_moved_to_another_day_leaves_its_visit(ctx):
    from mpp_lite.queue.moving import move_ticket

    v, _ = visit("akta-kelahiran", "kk-perubahan")
    akta = next(t for t in v.tickets if t.service.slug == "akta-kelahiran")
    move_ticket(akta, NOW.date() + dt.timedelta(days=1), None, kind="citizen", now=NOW)
    db.session.commit()
    moved = db.session.get(Ticket, akta.id)
    assert moved.visit_id is None and moved.visit_step is None and moved.visit_needs == 0
    open_counters("Gerai 1")
    assert call("Gerai 1") == "B-001"      # the KK change no longer waits for it


# --- the checklist ----------------------------------------------------------------------------

def test_a_document_two_services_need_is_listed_once_with_copies_added(ctx):
    from mpp_lite.visits.checklist import combined_checklist

    checklist = combined_checklist([service("akta-kelahiran"), service("paspor-baru")])
    kk = [e for e in checklist.entries if e.text.startswith("Kartu Keluarga")]
    assert len(kk) == 1 and kk[0].form == "copy" and kk[0].quantity == 2
    assert [s.slug for s in kk[0].for_services] == ["akta-kelahiran", "paspor-baru"]


def test_combined_numbers_do_not_depend_on_the_order(monkeypatch):
    from types import SimpleNamespace

    from mpp_lite.visits import checklist

    def requirement(service_id, form, quantity):
        return SimpleNamespace(service_id=service_id, text="KTP-el", condition="", form=form,
                               quantity=quantity, product_of="", alt_group=None,
                               optional=False)

    a, b = SimpleNamespace(id=1, slug="a"), SimpleNamespace(id=2, slug="b")
    rows = {1: [requirement(1, "original", 1)], 2: [requirement(2, "copy", 2)]}
    monkeypatch.setattr(checklist, "requirements_of", lambda services: rows)
    one, other = checklist.combined_checklist([a, b]), checklist.combined_checklist([b, a])
    for result in (one, other):
        entry, = result.entries
        assert (entry.form, entry.originals, entry.copies, entry.quantity) == (
            "original_and_copy", 1, 2, 2)


def test_a_document_made_by_a_step_that_ended_unserved_must_be_brought(ctx):
    from mpp_lite.queue.tickets import cancel_ticket
    from mpp_lite.visits.checklist import checklist_for_tickets

    v, _ = visit("akta-kelahiran", "kia")
    made = checklist_for_tickets(v.tickets)
    assert [m.made_by.slug for m in made.made_here] == ["akta-kelahiran"]
    assert not any(e.text.startswith("Kutipan akta") for e in made.entries)
    akta = next(t for t in v.tickets if t.service.slug == "akta-kelahiran")
    assert cancel_ticket(akta, None)
    db.session.commit()
    v = db.session.get(Visit, v.id)
    after = checklist_for_tickets(v.tickets)
    assert after.made_here == []
    assert any(e.text.startswith("Kutipan akta") for e in after.entries)


# --- refusals and messages --------------------------------------------------------------------

def test_fewest_waiting_counts_the_queue_a_service_shares(ctx):
    book("ktp-el-baru"), book("ktp-el-baru")           # prefix A: two wait (kia shares it)
    v, _ = visit("kia", "paspor-baru")
    assert slugs(v) == ["paspor-baru", "kia"]


def test_a_closed_day_offers_a_day_every_service_is_open(ctx):
    saturday = dt.date(2026, 11, 28)                   # the test site opens Monday–Friday
    with pytest.raises(VisitError) as refused:
        visit("akta-kelahiran", "kia", day=saturday)
    assert refused.value.code == "closed_day"
    assert refused.value.next_day == dt.date(2026, 11, 30)


def test_a_visit_is_confirmed_in_one_message_and_the_chat_confirms_itself(ctx):
    from mpp_lite.models import NotificationEvent

    visit("akta-kelahiran", "kia", subscriptions=[("sms", "6281234567890")])
    kinds = list(db.session.scalars(sa.select(NotificationEvent.kind)))
    assert kinds == ["ticket.booked"]
    visit("akta-kelahiran", "paspor-baru", name="Budi",
          subscriptions=[("sms", "6281234567891")], confirm=False)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(NotificationEvent)) == 1


def test_the_visit_message_lists_every_step_and_links_the_visit(ctx):
    from mpp_lite.models import NotificationEvent
    from mpp_lite.notify import messages

    v, _ = visit("akta-kelahiran", "kk-perubahan", subscriptions=[("sms", "6281234567890")])
    event = db.session.scalar(sa.select(NotificationEvent))
    ctx.config["SERVER_NAME"] = "mpp.example.id"
    with ctx.test_request_context("/"):
        rendered = messages._booked(event, NOW)
    assert "1. AC-001 Akta kelahiran" in rendered.text
    assert "2. B-001 Perubahan Kartu Keluarga (10.00–12.00)" in rendered.text
    assert rendered.url == f"http://mpp.example.id/kunjungan/{v.code}"
    assert rendered.tag == f"visit-{v.id}"


def test_two_counters_calling_a_visitors_two_tickets_at_once_call_one(ctx, app):
    """Gerai 7 and Gerai 1 press "call next" at the same instant, each with a ticket of the
    same visitor first in line: one is called, the other counter gets nobody?"""
    from mpp_lite.models import Counter, StaffUser

    open_counters("Gerai 1", "Gerai 7")
    ids = {label: counter(label).id for label in ("Gerai 1", "Gerai 7")}
    officers = {label: staff("imigrasi.maros" if label == "Gerai 7" else "dukcapil.maros").id
                for label in ids}
    for round_ in range(4):
        v, _ = visit("paspor-baru", "ktp-el-baru", name=f"Warga {round_}")
        db.session.remove()
        barrier, called = threading.Barrier(2), {}

        def press(label: str) -> None:
            with app.app_context():
                here = db.session.get(Counter, ids[label])
                who = db.session.get(StaffUser, officers[label])
                barrier.wait(timeout=30)
                ticket = calling.call_next(here, who, now=NOW, streak=2)
                called[label] = ticket.id if ticket is not None else None
                db.session.remove()

        threads = [threading.Thread(target=press, args=(label,)) for label in ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        made = [i for i in called.values() if i is not None]
        assert len(called) == 2 and len(made) == 1, called
        statuses = sorted(db.session.scalars(sa.select(Ticket.status).where(
            Ticket.visit_id == v.id)))
        assert statuses == ["called", "waiting"]
        for label, ticket_id in called.items():   # finish, so both counters are free again
            if ticket_id is not None:
                ticket = db.session.get(Ticket, ticket_id)
                calling.start_service(ticket, counter(label), staff(
                    "imigrasi.maros" if label == "Gerai 7" else "dukcapil.maros"))
                calling.finish(ticket, counter(label), staff(
                    "imigrasi.maros" if label == "Gerai 7" else "dukcapil.maros"))
        db.session.commit()
        # the other ticket is now callable at its own counter: finish it too
        other = "Gerai 1" if called["Gerai 7"] else "Gerai 7"
        number = call(other)
        assert number is not None
        finish(number, other)
