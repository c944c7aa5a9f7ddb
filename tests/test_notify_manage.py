"""The managers' notifications page /kelola/notifikasi: site admins only, their own site, never
an address on the page, "send the failed ones again" behind a confirmation, and the settings
(near N, the channel order) validated and audit-logged."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from mpp_lite import dates
from mpp_lite.extensions import db
from mpp_lite.models import AuditEntry, ChatConversation, OutboxMessage, Site
from mpp_lite.notify import outbox
from mpp_lite.notify.channels import Result

from support.notify import ADDRESSES, follow, install, ticket_news
from support.queue import NOW, book
from support.staff import login, post

PAGE = "/kelola/notifikasi"


def failed_message(app, monkeypatch, site: str = "maros") -> int:
    """A ticket followed by SMS whose confirmation failed for good; the message's id."""
    fake = install(monkeypatch)
    dates.freeze(monkeypatch, NOW)
    fake.answer("sms", Result(ok=False, permanent=True, error="HTTP 400"))
    with app.app_context():
        ticket = book(site=site)
        follow(ticket, "sms")
        event = ticket_news(ticket, "ticket.booked")
        outbox.run_once()
        return db.session.scalar(sa.select(OutboxMessage.id).filter_by(event_id=event.id))


def test_only_a_site_admin_sees_the_page_and_it_is_never_cached(web_app):
    assert web_app.test_client().get(PAGE).status_code == 302  # to the login page
    for username in ("dukcapil.maros", "pendamping.maros", "desa.maros"):
        assert login(web_app, username).get(PAGE).status_code == 403
    response = login(web_app, "admin.maros").get(PAGE)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    html = response.get_data(as_text=True)
    assert "Belum ada pesan dalam 7 hari terakhir." in html
    assert "Tidak ada pesan yang gagal atau menunggu untuk pilihan ini." in html
    assert "belum diatur" in html  # no channel configured in the tests
    home = login(web_app, "admin.maros").get("/staff/").get_data(as_text=True)
    assert PAGE in home


def test_failed_messages_are_listed_without_addresses_and_only_on_their_site(
        web_app, monkeypatch):
    failed_message(web_app, monkeypatch)
    html = login(web_app, "admin.maros").get(PAGE).get_data(as_text=True)
    assert "HTTP 400" in html and "Tiket dibuat" in html and "A-001" in html
    assert ADDRESSES["sms"] not in html and "812" not in html
    assert "Kirim ulang pesan yang gagal (1)" in html
    other = login(web_app, "admin.ngawi").get(PAGE).get_data(as_text=True)
    assert "HTTP 400" not in other and "Kirim ulang" not in other
    filtered = login(web_app, "admin.maros").get(PAGE + "?status=held&saluran=sms&jenis=reply")
    assert "HTTP 400" not in filtered.get_data(as_text=True)
    odd = login(web_app, "admin.maros").get(PAGE + "?status=zz&saluran=x&page=99999999999")
    assert odd.status_code == 200
    assert login(web_app, "admin.maros").get(PAGE + "?status=%00").status_code == 400


def test_retrying_the_failed_messages_needs_a_confirmation_and_is_audited(web_app, monkeypatch):
    message_id = failed_message(web_app, monkeypatch)
    client = login(web_app, "admin.maros")
    confirm = client.get(PAGE + "/kirim-ulang")
    assert confirm.status_code == 200 and "Kirim ulang notifikasi yang gagal?" in \
        confirm.get_data(as_text=True)
    assert client.post(PAGE + "/kirim-ulang").status_code == 400  # no CSRF token: not done
    with web_app.app_context():
        assert db.session.get(OutboxMessage, message_id).status == "failed"
    response = post(client, PAGE + "/kirim-ulang")
    assert response.status_code == 303
    with web_app.app_context():
        message = db.session.get(OutboxMessage, message_id)
        assert (message.status, message.attempts, message.last_error) == ("pending", 0, "")
        entry = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()))
        assert entry.summary == "Kirim ulang 1 notifikasi yang gagal"
        assert outbox.run_once().sent == 1  # the fake channel answers ok now
    again = post(client, PAGE + "/kirim-ulang")
    assert again.status_code == 422
    assert "Tidak ada pesan gagal" in again.get_data(as_text=True)


def test_the_settings_are_validated_saved_and_audited(web_app):
    client = login(web_app, "admin.maros")
    response = post(client, PAGE, near="5", first="whatsapp", second="sms", third="",
                    fourth="")
    assert response.status_code == 303
    with web_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        assert (site.notify_near_ahead, site.notify_channels) == (5, "whatsapp,sms")
        entry = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()))
        assert entry.after == {"notify_near_ahead": 5, "notify_channels": "whatsapp,sms"}
        assert entry.before["notify_near_ahead"] == 3
    page = client.get(PAGE).get_data(as_text=True)
    assert 'value="5"' in page
    for bad in ({"near": "0"}, {"near": "21"}, {"near": "99999999999999999999"},
                {"near": "tiga"}, {"near": "3.5"}, {"near": ""}, {"near": "3", "first": "\x00"},
                {"near": "3", "first": "sms", "second": "sms"},
                {"near": "3", "first": "fax"}):
        refused = post(client, PAGE, **bad)
        if "\x00" in bad.get("first", ""):
            assert refused.status_code == 400  # refused at the door, before the form
            continue
        assert refused.status_code == 422, bad
        assert "perlu diperbaiki" in refused.get_data(as_text=True) or \
            "Pilih" in refused.get_data(as_text=True) or \
            "Isi" in refused.get_data(as_text=True)
    with web_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        assert (site.notify_near_ahead, site.notify_channels) == (5, "whatsapp,sms")
    assert client.post(PAGE, data={"near": "4"}).status_code == 400  # no CSRF token
    ngawi = login(web_app, "admin.ngawi")
    post(ngawi, PAGE, near="2", first="sms")
    with web_app.app_context():
        maros = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        assert maros.notify_near_ahead == 5  # each admin edits their own site only


def test_no_channel_at_all_is_a_valid_choice(web_app):
    client = login(web_app, "admin.maros")
    assert post(client, PAGE, near="3").status_code == 303
    with web_app.app_context():
        assert db.session.scalar(sa.select(Site.notify_channels).filter_by(slug="maros")) == ""


def test_pending_age_is_shown(web_app, monkeypatch):
    install(monkeypatch)
    dates.freeze(monkeypatch, NOW)
    with web_app.app_context():
        ticket = book()
        follow(ticket, "telegram")
        ticket_news(ticket, "ticket.booked")
        outbox.fan_out(NOW - dt.timedelta(minutes=12))
    html = login(web_app, "admin.maros").get(PAGE).get_data(as_text=True)
    assert "sudah 12 menit dalam antrean" in html


def test_a_failure_another_channel_made_up_for_is_not_sent_again(web_app, monkeypatch):
    fake = install(monkeypatch)
    dates.freeze(monkeypatch, NOW)
    fake.answer("push", Result(ok=False, permanent=True, error="HTTP 400"))
    with web_app.app_context():
        ticket = book()
        follow(ticket, "push", "sms")
        ticket_news(ticket, "ticket.booked")
        outbox.run_once()
        outbox.run_once()  # the SMS fallback is sent
        assert {m.channel: m.status for m in db.session.scalars(sa.select(OutboxMessage))} \
            == {"push": "failed", "sms": "sent"}
    html = login(web_app, "admin.maros").get(PAGE).get_data(as_text=True)
    assert "HTTP 400" in html and "Kirim ulang pesan" not in html  # listed, not offered
    response = post(login(web_app, "admin.maros"), PAGE + "/kirim-ulang")
    assert response.status_code == 422  # nothing to send again


def test_failed_chat_replies_and_news_still_on_its_way_are_not_sent_again(web_app, monkeypatch):
    fake = install(monkeypatch)
    dates.freeze(monkeypatch, NOW)
    fake.answer("push", Result(ok=False, permanent=True, error="HTTP 400"))
    fake.answer("sms", Result(ok=False, error="HTTP 503"))
    with web_app.app_context():
        site_id = db.session.scalar(sa.select(Site.id).filter_by(slug="maros"))
        conversation = ChatConversation(channel="telegram", address="555", state={})
        db.session.add(conversation)
        db.session.flush()
        db.session.add(OutboxMessage(site_id=site_id, kind="reply", channel="telegram",
                                     conversation_id=conversation.id, dedupe_key="reply:1",
                                     status="failed", last_error="HTTP 400", created_at=NOW))
        ticket = book()
        follow(ticket, "push", "sms")
        ticket_news(ticket, "ticket.booked")
        outbox.run_once()  # push refused for good
        outbox.run_once()  # the sms fallback fails for now: it is retried later
        assert {m.channel: m.status for m in db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.kind == "notification"))} \
            == {"push": "failed", "sms": "pending"}
    html = login(web_app, "admin.maros").get(PAGE).get_data(as_text=True)
    assert "Kirim ulang pesan" not in html
    response = post(login(web_app, "admin.maros"), PAGE + "/kirim-ulang")
    assert response.status_code == 422  # nothing to send again
    with web_app.app_context():
        assert db.session.scalar(sa.select(OutboxMessage.status)
                                 .filter_by(dedupe_key="reply:1")) == "failed"
