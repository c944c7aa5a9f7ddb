"""The chat's other flows: status and position, cancelling, an application by its code, the
SKM survey, complaints, link tokens and "stop" — with the web pages' rules and texts."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from mpp_lite.applications.lifecycle import get_application
from mpp_lite.chat import flows
from mpp_lite.extensions import db
from mpp_lite.models import Complaint, Subscription, SurveyResponse, Ticket
from mpp_lite.notify.subscriptions import link_token
from mpp_lite.queue import calling

from support.chat import Chat, chat_context
from support.desk import received
from support.queue import NOW, book, counter, staff

ANSWERS = ["4", "3", "4", "4", "3", "4", "4", "2", "3"]


@pytest.fixture
def ctx(app):
    with chat_context(app):
        yield app


def booked(chat: Chat, service: str = "ktp") -> Ticket:
    chat.say(f"antre {service}")
    chat.say("1")  # today
    chat.say("Warga")
    chat.say("ya")
    return db.session.scalars(sa.select(Ticket).order_by(Ticket.id.desc())).first()


def subscriptions() -> list[Subscription]:
    return list(db.session.scalars(sa.select(Subscription).order_by(Subscription.id)))


def test_the_flows_are_recognised_and_questions_are_not():
    for text in ("antre paspor", "Ambil nomor KTP", "tiket saya", "Status", "batal",
                 "lacak K7M2-QX9P-RA", "survei", "pengaduan", "komplain: antrean lama",
                 "/start t1-0123456789ab", "Pantau a7-0123456789ab", "stop", "queue ktp"):
        assert flows.wants(text), text
    for text in ("syarat paspor apa aja", "jam buka", "tanya layanan", "berapa biaya skck",
                 "menu", "halo", "statusnya gimana ktp saya dibuat di mana"):
        assert not flows.wants(text), text


def test_status_shows_people_ahead_and_the_counter_when_called(ctx):
    book()
    book()
    db.session.commit()
    chat = Chat("whatsapp")
    ticket = booked(chat)
    reply = chat.menu_choice("tiket saya")
    assert ticket.number in reply and "Menunggu" in reply
    assert "Di depan Anda: 2 orang" in reply
    assert "Perkiraan tunggu" in reply and "Ketik \"batal\"" in reply
    gerai, officer = counter("Gerai 1"), staff("dukcapil.maros")
    calling.set_counter_status(gerai, officer, "open", "")
    db.session.commit()
    reply = chat.say("tiket saya")
    assert "Di depan Anda: 2 orang" in reply and "Perkiraan dipanggil" in reply
    for earlier in db.session.scalars(sa.select(Ticket).where(Ticket.id != ticket.id)):
        earlier.status = "done"
    db.session.commit()
    called = calling.call_next(gerai, officer, now=NOW, streak=2)
    db.session.commit()
    assert called.id == ticket.id
    reply = chat.say("nomor saya")
    assert "Dipanggil: silakan ke Gerai 1" in reply


def test_no_tickets_yet(ctx):
    assert "Belum ada tiket aktif" in Chat().say("tiket saya")


def test_cancel_only_a_waiting_ticket_after_confirming(ctx):
    chat = Chat()
    first = booked(chat)
    second = booked(chat, "paspor")
    reply = chat.say("batal")
    assert first.number in reply and second.number in reply
    assert "Balas dengan angka 1 sampai 2" in chat.say("7")
    assert f"Batalkan tiket {first.number}" in chat.say(
        "1" if first.number in reply.splitlines()[1] else "2")
    assert "tidak dibatalkan" in chat.say("tidak")
    assert first.status == "waiting" and second.status == "waiting"
    chat.say("batal")
    chat.say("2")
    reply = chat.say("1")
    db.session.expire_all()
    cancelled = [t for t in (first, second) if t.status == "cancelled"]
    assert len(cancelled) == 1 and "sudah dibatalkan" in reply
    # The other ticket is called: nothing is left to cancel.
    other = next(t for t in (first, second) if t.status == "waiting")
    other.status = "called"
    db.session.commit()
    assert "Tidak ada tiket yang bisa dibatalkan" in chat.say("batalkan tiket")


def test_an_application_by_code_with_the_tracking_page_text_and_following_it(ctx, app):
    _id, code = received(app, statuses=("needs_documents",), phone="")
    chat = Chat("whatsapp")
    reply = chat.say(f"lacak {code.lower()}")
    assert "Perlu dokumen tambahan: Akta kelahiran." in reply
    assert f"http://mpp.test/berkas/{code}" in reply and "Siti" not in reply
    assert "Mau dikabari" in reply
    assert "kabar berikutnya kami kirim di sini" in chat.say("1")
    [subscription] = subscriptions()
    application = get_application(code)
    assert (subscription.application_id, subscription.channel, subscription.address) == (
        application.id, "whatsapp", chat.address)
    # Asked without the code first; a mistyped code is said plainly.
    web = Chat()
    assert "Tulis kode berkas" in web.menu_choice("lacak")
    reply = web.say("ZZZZ-ZZZZ-ZZ")
    assert "tidak ditemukan" in reply
    reply = web.say(code)
    assert "Perlu dokumen tambahan" in reply and "Mau dikabari" not in reply
    assert "tidak dikenali" in Chat().say("lacak \x00🙂")


def test_the_survey_end_to_end_and_its_refusals(ctx):
    ctx.config["RATELIMIT_ENABLED"] = False  # more than 20 messages in a minute of real time
    chat = Chat("whatsapp")
    ticket = booked(chat)
    reply = chat.say("survei")
    assert "setelah layanan" in reply
    ticket.status = "done"
    db.session.commit()
    reply = chat.say("tiket saya")
    assert "Ketik \"survei\"" in reply
    reply = chat.menu_choice("survei")  # (WhatsApp: the subscription remembers the ticket)
    assert "1/9. Apakah persyaratan yang diminta sesuai dengan layanan ini?" in reply
    assert "4. Sangat sesuai" in reply
    for number, answer in enumerate(ANSWERS[:-1], 2):
        reply = chat.say(answer)
        assert f"{number}/9." in reply
    assert "Balas dengan angka 1, 2, 3 atau 4" in chat.say("5")
    assert "Balas dengan angka 1, 2, 3 atau 4" in chat.say("99999999999999999999")
    assert "9/9." in chat.say("\x00")
    assert "Terima kasih" in chat.say(ANSWERS[-1])
    [response] = db.session.scalars(sa.select(SurveyResponse)).all()
    assert response.ticket_id == ticket.id
    assert [getattr(response, f"u{i}") for i in range(1, 10)] == [int(a) for a in ANSWERS]
    assert "sudah diisi" in chat.say("survei")


def test_leaving_the_survey_saves_nothing(ctx):
    chat = Chat()
    ticket = booked(chat)
    ticket.status = "done"
    db.session.commit()
    chat.say("survei")
    chat.say("4")
    assert "dihentikan" in chat.say("batal")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SurveyResponse)) == 0


def test_a_complaint_on_the_web_and_over_telegram(ctx):
    web = Chat()
    assert "paling sedikit 10 karakter" in web.menu_choice("pengaduan")
    assert "paling sedikit 10 karakter" in web.say("jelek")
    assert "tentang layanan apa" in web.say("Petugas paspor datang terlambat satu jam.")
    reply = web.say("paspor")
    [complaint] = db.session.scalars(sa.select(Complaint)).all()
    assert complaint.service.slug == "paspor-baru" and complaint.contact == ""
    assert complaint.code in reply and f"http://mpp.test/pengaduan/{complaint.code}" in reply
    assert subscriptions() == []
    telegram = Chat("telegram")
    assert "tentang layanan apa" in telegram.say("lapor toilet lantai 2 kotor sekali")
    reply = telegram.say("0")
    second = db.session.scalars(sa.select(Complaint).order_by(Complaint.id.desc())).first()
    assert second.service is None and second.body == "toilet lantai 2 kotor sekali"
    [subscription] = subscriptions()
    assert (subscription.complaint_id, subscription.channel, subscription.address) == (
        second.id, "telegram", telegram.address)
    assert "akan kami kirim di sini" in reply


def test_link_tokens_follow_and_forged_ones_are_refused(ctx, app):
    ticket = book()
    db.session.commit()
    telegram = Chat("telegram")
    reply = telegram.say(f"/start {link_token(ticket)}")
    assert "Tersambung" in reply and ticket.number in reply and "Menunggu" in reply
    [subscription] = subscriptions()
    assert (subscription.ticket_id, subscription.conversation_id) == (
        ticket.id, telegram.conversation.id)
    assert ticket.number in telegram.say("tiket saya")
    token = link_token(ticket)
    forged = token[:-1] + ("0" if token[-1] != "0" else "1")
    assert flows.linked_site_id(f"/start {token}") == ticket.site_id
    assert flows.linked_site_id(f"/start {forged}") is None
    assert "tidak sah" in Chat("telegram").say(f"/start {forged}")
    assert "tidak sah" in Chat("whatsapp").say("Pantau t999999-0123456789ab")
    _id, code = received(app, phone="")
    application = get_application(code)
    whatsapp = Chat("whatsapp")
    reply = whatsapp.say(f"Pantau {link_token(application)}")
    assert "Berkas diterima" in reply and f"/berkas/{code}" in reply
    assert len(subscriptions()) == 2


def test_stop_drops_this_chats_subscriptions_only(ctx):
    ticket = book()
    db.session.commit()
    mine, theirs = Chat("telegram"), Chat("telegram")
    mine.say(f"/start {link_token(ticket)}")
    theirs.say(f"/start {link_token(ticket)}")
    assert "Berhenti menerima" in mine.say("stop")
    assert "tetap aktif" in mine.say("tidak")
    assert all(s.active for s in subscriptions())
    mine.say("berhenti")
    assert "tidak akan menerima" in mine.say("ya")
    by_address = {s.address: s.active for s in subscriptions()}
    assert by_address == {mine.address: False, theirs.address: True}
    assert "Tidak ada pemberitahuan" in mine.say("stop")


def test_flows_switch_and_leave_cleanly(ctx):
    chat = Chat()
    chat.say("antre ktp")
    assert "Belum ada tiket aktif" in chat.say("tiket saya")
    assert chat.conversation.state.get("flow") is None
    chat.say("pengaduan")
    assert "tidak dilanjutkan" in chat.say("batal")
    chat.say("lacak")
    assert "Balas dengan angka" in chat.say("menu")
    assert chat.conversation.state.get("await") == "menu"
    assert chat.conversation.state.get("flow") is None
    reply = Chat(now=NOW + dt.timedelta(days=1)).say("survei")
    assert "setelah layanan" in reply


def test_a_number_typed_on_a_form_gets_messages_but_no_control_of_the_ticket(ctx):
    """Anyone can type a WhatsApp number on a booking form or a ticket page: its owner then
    receives the ticket's news, but their chat cannot see, cancel or rate the ticket. Only
    a subscription the chat made itself (booked or linked there) gives control."""
    from mpp_lite.notify.subscriptions import phone_subscriptions

    ticket = book()
    db.session.commit()
    chat = Chat("whatsapp")
    phone_subscriptions(ticket, "0" + chat.address[2:])
    db.session.commit()
    by_form = [s for s in subscriptions() if s.channel == "whatsapp"]
    assert [(s.address, s.conversation_id, s.active) for s in by_form] == [
        (chat.address, None, True)]
    assert "Belum ada tiket aktif" in chat.say("tiket saya")
    assert ticket.number not in chat.say("batal")
    assert ticket.number not in chat.say("survei")
    db.session.expire_all()
    assert ticket.status == "waiting"
    # Following it with the page's link (the holder's own act) makes it this chat's.
    chat.say(f"Pantau {link_token(ticket)}")
    assert ticket.number in chat.say("tiket saya")
    assert ticket.number in chat.say("batal")
