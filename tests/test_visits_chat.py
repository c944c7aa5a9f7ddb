"""Several services in one visit from the chat: from a life event's answer and after booking
one ticket; a short numbered list, a day, a name, a confirmation; one visit with a ticket per
service in the visit's order; a retried inbound message or a doubled "Ya" is the same visit."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import OutboxMessage, Subscription, Ticket, Visit

from support.chat import CHANNELS_ON, Chat
from support.queue import book
from support.visits import load_visit_catalog


TODAY = dt.date(2026, 11, 24)  # support.queue.NOW in Maros (Tuesday)


@pytest.fixture
def ctx(app):
    load_visit_catalog(app)
    app.config.update(CHANNELS_ON)
    with app.test_request_context("/"):
        yield app
        db.session.rollback()


def visits() -> list[Visit]:
    return list(db.session.scalars(sa.select(Visit).order_by(Visit.id)))


def tickets() -> list[Ticket]:
    return list(db.session.scalars(sa.select(Ticket).order_by(Ticket.id)))


def choice(reply: str, label: str) -> str:
    """The digit of the numbered line containing `label`."""
    for line in reply.splitlines():
        number, dot, text = line.partition(". ")
        if dot and number.isdigit() and label in text:
            return number
    raise AssertionError(f"{label!r} not offered in:\n{reply}")


def test_a_life_event_answer_books_its_services_as_one_visit_in_order(ctx):
    chat = Chat()
    reply = chat.say("punya anak")
    for name in ("Akta kelahiran", "Perubahan Kartu Keluarga", "Kartu Identitas Anak (KIA)"):
        assert name in reply
    assert "Paspor baru" not in reply
    reply = chat.say("semua")
    assert "Hari apa Anda datang?" in reply
    reply = chat.say(choice(reply, "Besok"))
    assert "nama atau inisial" in reply
    reply = chat.say("Ibu Sari")
    order = reply.split("Urutan layanan:")[1].splitlines()
    assert order[1] == "1. Akta kelahiran"  # its product is needed by the two others
    assert visits() == []
    reply = chat.say("Ya")
    [visit] = visits()
    assert (visit.channel, visit.life_event, len(visit.tickets)) == ("chat", "punya-anak", 3)
    assert all(t.name == "Ibu Sari" and t.channel == "chat" for t in visit.tickets)
    for ticket in visit.tickets:
        assert f"{ticket.visit_step}. {ticket.number}: {ticket.service.name}" in reply
    assert visit.tickets[0].service.slug == "akta-kelahiran"
    assert f"http://mpp.test/kunjungan/{visit.code}" in reply
    # A double tap on "Ya" is the same visit, not a second one.
    again = chat.say("ya")
    assert visits() == [visit] and len(tickets()) == 3
    assert visit.tickets[0].number in again
    # The web chat remembers the tickets for "tiket saya".
    assert visit.tickets[2].number in chat.say("tiket saya")


def test_after_one_ticket_the_whatsapp_chat_books_a_visit_once_per_message(ctx):
    chat = Chat("whatsapp")
    reply = chat.say("ambil nomor akta kelahiran")
    reply = chat.say(choice(reply, "Besok"))
    reply = chat.say("Budi")
    reply = chat.say("Ya")
    [single] = tickets()
    assert single.service.slug == "akta-kelahiran" and "Ketik \"kunjungan\"" in reply
    reply = chat.say("kunjungan")
    assert "Perubahan Kartu Keluarga" in reply and "Kartu Identitas Anak (KIA)" in reply
    assert "1. Akta kelahiran" not in reply  # already booked
    picked = f"{choice(reply, 'Perubahan Kartu Keluarga')} {choice(reply, 'KIA')}"
    reply = chat.say(picked)
    reply = chat.say(choice(reply, "Besok"))
    reply = chat.say("Budi")
    assert "Ambil 2 nomor antrean sekarang?" in reply
    reply = chat.say("Ya", message_id="wamid.VISIT==")
    [visit] = visits()
    assert sorted(t.service.slug for t in visit.tickets) == ["kia", "kk-perubahan"]
    assert all(t.phone == chat.address for t in visit.tickets)
    for ticket in visit.tickets:
        assert ticket.number in reply
    followed = set(db.session.scalars(sa.select(Subscription.ticket_id).where(
        Subscription.channel == "whatsapp", Subscription.address == chat.address,
        Subscription.conversation_id == chat.conversation.id)))
    assert {t.id for t in visit.tickets} <= followed
    # The platform delivers the same message again: nothing new is booked or answered.
    assert chat.say("Ya", message_id="wamid.VISIT==") == ""
    assert visits() == [visit] and len(tickets()) == 3


def test_a_visit_needs_two_to_five_listed_services(ctx):
    chat = Chat()
    reply = chat.say("kunjungan")
    assert "Paspor baru" in reply and "KTP-el baru" in reply
    assert "minimal dua layanan" in chat.say("1")
    assert "1 sampai 5" in chat.say("1 9")
    reply = chat.say("batal")
    assert "tidak dilanjutkan" in reply
    assert visits() == []


def test_a_life_event_with_one_service_here_books_no_visit(ctx):
    reply = Chat().say("menikah")
    assert "minimal dua layanan" in reply
    assert visits() == []


def test_the_list_names_services_in_the_chat_language(ctx):
    chat = Chat(language="en")
    reply = chat.say("punya anak")
    assert "Birth certificate" in reply and "Child ID card (KIA)" in reply


def test_a_failure_after_the_visit_is_booked_still_answers_with_its_tickets(ctx, monkeypatch):
    """book_visit commits mid-turn: when the rest of the turn fails, the error answer
    (chat.inbox.answer_failure) gives the visit's numbers, not an apology."""
    from mpp_lite.chat import flows_visit, inbox

    chat = Chat("whatsapp")
    reply = chat.say("punya anak")
    reply = chat.say("1 2")
    chat.say(choice(reply, "Besok"))
    chat.say("Budi")

    def broken(turn, visit):
        raise RuntimeError("after the booking")

    monkeypatch.setattr(flows_visit, "visit_text", broken)
    with pytest.raises(RuntimeError):
        inbox.receive("whatsapp", chat.address, "wamid.FAIL==", "Ya", now=chat.now)
    db.session.rollback()
    monkeypatch.undo()
    [visit] = visits()  # the visit lasted
    assert inbox.answer_failure("whatsapp", chat.address, "wamid.FAIL==", now=chat.now)
    [answer] = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.dedupe_key == "reply:whatsapp:wamid.FAIL==:error")).all()
    for ticket in visit.tickets:
        assert ticket.number in answer.body["text"]
    assert "belum bisa diproses" not in answer.body["text"]
    assert visit.tickets[1].number in chat.say("tiket saya")


def test_a_refusal_names_the_service_and_asks_for_another_day(ctx):
    chat = Chat()
    reply = chat.say("punya anak")
    picked = f"{choice(reply, 'Akta kelahiran')} {choice(reply, 'KIA')}"
    reply = chat.say(picked)
    tomorrow = choice(reply, "Besok")
    chat.say(tomorrow)
    chat.say("Ibu Sari")
    day = TODAY + dt.timedelta(days=1)
    for _ in range(3):  # KIA's quota of 3 is taken meanwhile
        book("kia", day=day)
    db.session.commit()
    reply = chat.say("Ya")
    assert visits() == [] and len(tickets()) == 3
    assert "Kartu Identitas Anak (KIA)" in reply.splitlines()[0]
    assert "Hari apa Anda datang?" in reply and "Besok" not in reply


def test_a_visit_started_after_asking_about_a_service_includes_it(ctx):
    chat = Chat()
    chat.say("syarat kia")
    reply = chat.say("kunjungan")
    lines = reply.splitlines()
    assert lines[1] == "1. Kartu Identitas Anak (KIA)"
    assert "Akta kelahiran" in reply and "Paspor baru" not in reply
