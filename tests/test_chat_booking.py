"""Taking a ticket in the chat, with the web's rules: through the engine (web channel) and
through the WhatsApp inbox (reply queued, the chat subscribed, a retried message id books
nothing new), days with room, time windows, quota refusals, bad input and English."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import OutboxMessage, Subscription, Ticket

from support.chat import Chat, chat_context
from support.queue import NOW, book, service

TODAY = dt.date(2026, 11, 24)  # NOW in Maros (Tuesday)


@pytest.fixture
def ctx(app):
    with chat_context(app):
        yield app


def tickets() -> list[Ticket]:
    return list(db.session.scalars(sa.select(Ticket).order_by(Ticket.id)))


def choice(reply: str, label: str) -> str:
    """The digit of the numbered line containing `label`."""
    for line in reply.splitlines():
        number, dot, text = line.partition(". ")
        if dot and number.isdigit() and label in text:
            return number
    raise AssertionError(f"{label!r} not offered in:\n{reply}")


def test_the_whole_booking_through_the_menu_on_the_web(ctx):
    chat = Chat()
    reply = chat.menu_choice("antre")
    assert "KTP-el baru" in reply and "Paspor baru" in reply
    reply = chat.say(choice(reply, "KTP-el baru"))
    assert "Hari ini, Selasa, 24 November 2026" in reply
    reply = chat.say(choice(reply, "Besok"))
    assert "nama atau inisial" in reply
    reply = chat.say("Siti A.")
    assert "Rabu, 25 November 2026" in reply and "Siti A." in reply
    assert tickets() == []
    reply = chat.say("Ya")
    [ticket] = tickets()
    assert (ticket.channel, ticket.name, ticket.day) == ("chat", "Siti A.", TODAY + dt.timedelta(1))
    assert ticket.idempotency_key.startswith("chat-")
    assert f"Nomor antrean Anda: {ticket.number}" in reply
    assert f"http://mpp.test/tiket/{ticket.code}?s=" in reply
    assert "Kartu Keluarga (KK)" in reply and "http://mpp.test/maros/layanan/ktp-el-baru" in reply
    assert chat.last.services[0]["slug"] == "ktp-el-baru"
    # A second "Ya" (a double tap) is the same booking, not a second ticket.
    again = chat.say("ya")
    assert tickets() == [ticket] and f"Nomor antrean Anda: {ticket.number}" in again
    # Web chats have no subscription: the state remembers the ticket for "tiket saya".
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Subscription)) == 0
    assert ticket.number in chat.say("tiket saya")


def test_booking_over_whatsapp_subscribes_the_chat_and_a_retry_books_nothing(ctx):
    chat = Chat("whatsapp")
    reply = chat.say("ambil nomor paspor")
    assert "Paspor baru" in reply and "Hari ini" in reply
    chat.say(choice(reply, "Hari ini"))
    chat.say("Budi")
    reply = chat.say("1", message_id="wamid.CONFIRM==")
    [ticket] = tickets()
    assert ticket.service.slug == "paspor-baru" and ticket.number in reply
    assert ticket.phone == chat.address  # the chat's own number: one-per-person rules apply
    [subscription] = db.session.scalars(sa.select(Subscription)).all()
    assert (subscription.channel, subscription.address, subscription.ticket_id,
            subscription.conversation_id) == ("whatsapp", chat.address, ticket.id,
                                              chat.conversation.id)
    assert "saat giliran Anda sudah dekat" in reply
    # Meta retries the same message: not answered again, nothing booked.
    assert chat.say("1", message_id="wamid.CONFIRM==") == ""
    assert tickets() == [ticket]
    replies = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "reply")).all()
    assert len(replies) == 4 and all(r.status == "pending" for r in replies)
    # The person taps "Ya" again with a new message: the same ticket.
    assert ticket.number in chat.say("Ya")
    assert tickets() == [ticket]
    # "tiket saya" finds it through the subscription even after the state expired.
    later = Chat("whatsapp", address=chat.address, now=NOW + dt.timedelta(hours=2))
    assert ticket.number in later.say("tiket saya")


def test_windows_with_room_only(ctx):
    for _number in range(20):
        book("kk-perubahan", window="10:00")
    db.session.commit()
    chat = Chat()
    reply = chat.say("antre perubahan kartu keluarga")
    reply = chat.say(choice(reply, "Hari ini"))
    assert "13.00–15.00" in reply and "10.00–12.00" not in reply
    assert "nama" in chat.say(choice(reply, "13.00–15.00"))
    chat.say("Ani")
    chat.say("ya")
    ticket = tickets()[-1]
    assert ticket.window.label() == "13.00–15.00" and ticket.channel == "chat"


def test_a_full_day_is_not_offered_and_a_late_refusal_names_the_next_day(ctx):
    svc = service("paspor-baru")
    svc.daily_quota = 1
    db.session.commit()
    book("paspor-baru")  # today is full
    db.session.commit()
    chat = Chat()
    reply = chat.say("antre paspor")
    assert "Hari ini" not in reply and "Besok, Rabu, 25 November 2026" in reply
    chat.say(choice(reply, "Besok"))
    chat.say("Rina")
    book("paspor-baru", day=TODAY + dt.timedelta(1))  # someone else takes the last place
    db.session.commit()
    reply = chat.say("Ya")
    assert "sudah penuh" in reply and "Kamis, 26 November 2026" in reply
    assert len(tickets()) == 2
    reply = chat.say(choice(reply, "Kamis"))
    chat.say("Rina")
    chat.say("ya")
    assert tickets()[-1].day == TODAY + dt.timedelta(2)


def test_typed_days_and_bad_input_are_asked_again(ctx):
    chat = Chat()
    reply = chat.say("antre ktp")
    for bad in ("99999999999999999999", "0", "\x00", "🙂", "x" * 900, "31/02/2026"):
        again = chat.say(bad)
        assert "Balas dengan angka" in again or "tidak bisa dipilih" in again
    assert chat.conversation.state["step"] == "day"
    assert "nama" in chat.say("besok")
    assert "Nama tidak terbaca" in chat.say("\x00 🙂")
    assert "terlalu panjang" in chat.say("N" * 81)
    reply = chat.say("Dewi")
    assert "Rabu, 25 November 2026" in reply
    chat.say("batal")
    assert chat.conversation.state.get("flow") is None and tickets() == []
    reply = chat.say("antre ktp")
    assert "Hari ini" in chat.say("menu") or "Balas dengan angka" in reply
    assert chat.conversation.state.get("flow") is None


def test_a_service_asking_for_a_nik_is_sent_to_the_web_form(ctx):
    svc = service("ktp-el-baru")
    svc.nik_required = True
    db.session.commit()
    reply = Chat().say("antre ktp")
    assert "NIK" in reply and "http://mpp.test/maros/layanan/ktp-el-baru/antre" in reply
    assert tickets() == []


def test_english(ctx):
    chat = Chat(language="en")
    reply = chat.say("queue ktp")
    assert "New electronic ID card (KTP-el)" in reply and "Tuesday, November 24, 2026" in reply
    chat.say("tomorrow")
    chat.say("John")
    reply = chat.say("yes")
    [ticket] = tickets()
    assert ticket.number in reply and "Wednesday, November 25, 2026" in reply


def test_without_the_whatsapp_channel_nothing_is_promised_or_subscribed(ctx):
    ctx.config["WHATSAPP_TOKEN"] = ""
    chat = Chat("whatsapp")
    chat.say("antre ktp")
    chat.say("1")
    chat.say("Ana")
    reply = chat.say("ya")
    [ticket] = tickets()
    assert ticket.number in reply and "giliran Anda sudah dekat" not in reply
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Subscription)) == 0
    assert ticket.number in chat.say("tiket saya")  # the state remembers it


def test_antre_after_a_question_books_the_service_it_was_about(ctx):
    chat = Chat()
    chat.say("halo")
    conversation = chat.conversation
    conversation.state = {"service": "paspor-baru"}  # what answers.py keeps after an answer
    db.session.commit()
    assert "Paspor baru. Hari apa" in chat.say("antre")


def test_a_late_second_yes_does_not_present_a_cancelled_ticket_as_booked(ctx):
    chat = Chat()
    chat.say("antre ktp")
    chat.say("1")
    chat.say("Tono")
    chat.say("ya")
    [ticket] = tickets()
    ticket.status = "cancelled"
    db.session.commit()
    reply = chat.say("ya")
    assert "Dibatalkan" in reply and "Nomor antrean Anda" not in reply
    assert tickets() == [ticket]


def test_a_failure_after_the_booking_still_answers_with_the_ticket(ctx, monkeypatch):
    """The booking commits mid-turn; when the rest of the turn fails, the hook's error path
    (chat.inbox.answer_failure) queues the ticket's number under its own key, once."""
    from mpp_lite.chat import flows_booking, inbox

    chat = Chat("whatsapp")
    reply = chat.say("ambil nomor paspor")
    chat.say(choice(reply, "Hari ini"))
    chat.say("Budi")

    def broken(turn, ticket):
        raise RuntimeError("after the booking")

    monkeypatch.setattr(flows_booking, "_booked_reply", broken)
    with pytest.raises(RuntimeError):
        inbox.receive("whatsapp", chat.address, "wamid.FAIL==", "1", now=NOW)
    db.session.rollback()
    [ticket] = tickets()  # the booking lasted
    assert inbox.answer_failure("whatsapp", chat.address, "wamid.FAIL==", now=NOW)
    assert not inbox.answer_failure("whatsapp", chat.address, "wamid.FAIL==", now=NOW)
    assert not inbox.receive("whatsapp", chat.address, "wamid.FAIL==", "1", now=NOW)
    [answer] = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.dedupe_key.like("reply:whatsapp:wamid.FAIL==%"))).all()
    assert answer.dedupe_key == "reply:whatsapp:wamid.FAIL==:error"
    assert f"Nomor antrean Anda: {ticket.number}" in answer.body["text"]
    assert f"/tiket/{ticket.code}?s=" in answer.body["text"]
    assert "belum bisa diproses" not in answer.body["text"]
    monkeypatch.undo()
    assert ticket.number in chat.say("tiket saya") and tickets() == [ticket]


def test_a_failure_before_the_booking_apologises(ctx, monkeypatch):
    from mpp_lite.chat import flows_booking, inbox

    chat = Chat("telegram")
    reply = chat.say("ambil nomor paspor")
    chat.say(choice(reply, "Hari ini"))
    chat.say("Budi")

    def broken(*args, **kwargs):
        raise RuntimeError("before the booking")

    monkeypatch.setattr(flows_booking, "issue_ticket", broken)
    with pytest.raises(RuntimeError):
        inbox.receive("telegram", chat.address, "77", "1", now=NOW)
    db.session.rollback()
    assert tickets() == []
    assert inbox.answer_failure("telegram", chat.address, "77", now=NOW)
    [answer] = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.dedupe_key == "reply:telegram:77:error")).all()
    assert "belum bisa diproses" in answer.body["text"]


def test_a_failed_web_question_is_answered_with_the_ticket_or_an_apology(ctx, monkeypatch):
    """The web chat and the ask API answer at once: a turn that fails after the booking
    committed still shows the ticket (chat.inbox.web_turn), one that fails before it the
    apology; never an error page."""
    from mpp_lite.chat import answers, flows_booking, inbox
    from mpp_lite.models import Site

    site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
    token = "web-failure-token-0123456789abcdef"

    def say(text: str) -> str:
        reply = inbox.web_turn(token, site, "id", text, now=NOW)[1].text
        db.session.commit()  # as the web chat and the ask API do
        return reply

    reply = say("ambil nomor paspor")
    say(choice(reply, "Hari ini"))
    say("Budi")
    monkeypatch.setattr(flows_booking, "_booked_reply", lambda turn, ticket: 1 / 0)
    monkeypatch.setattr(ctx, "testing", False)
    answered = say("1")
    [ticket] = tickets()  # the booking lasted, and the answer says so
    assert f"Nomor antrean Anda: {ticket.number}" in answered
    assert "belum bisa diproses" not in answered

    monkeypatch.setattr(answers, "answer", lambda turn, text: 1 / 0)
    assert "belum bisa diproses" in say("syarat ktp")
    monkeypatch.setattr(ctx, "testing", True)  # in tests a failure shows its traceback
    with pytest.raises(ZeroDivisionError):
        say("syarat ktp")
    db.session.rollback()
    assert tickets() == [ticket]
