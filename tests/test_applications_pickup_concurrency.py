"""A product is never handed over twice: two officers scanning the same receipt and pressing
"Serahkan" at the same instant, over HTTP and at the rule's level, on SQLite and PostgreSQL.
Exactly one handover is recorded; the other officer is told someone was quicker."""
from __future__ import annotations

import collections
import threading

import sqlalchemy as sa

from mpp_lite.applications import lifecycle
from mpp_lite.extensions import db
from mpp_lite.models import Application, ApplicationEvent, NotificationEvent, StaffUser

from support.desk import application, freeze_monday, hidden_fields, received
from support.html import page_text
from support.live import run_together
from support.staff import login, post

PICKUP = "/kelola/berkas/ambil"
ROUNDS = 4


def _collected_events(app, application_id: int) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(ApplicationEvent).where(
            ApplicationEvent.application_id == application_id,
            ApplicationEvent.status == "collected"))


def test_two_officers_pressing_serahkan_at_once_hand_over_once(web_app, monkeypatch):
    """Both pages opened, both forms sent at the same instant: one 303, one 409?"""
    freeze_monday(monkeypatch)
    officers = [login(web_app, "dukcapil.maros"), login(web_app, "dukcapil2.maros")]
    for round_ in range(ROUNDS):
        application_id, code = received(web_app, name=f"Pemohon {round_}",
                                        statuses=("ready",))
        forms = []
        for index, client in enumerate(officers):
            hidden = hidden_fields(client.get(PICKUP, query_string={"kode": code})
                                   .get_data(as_text=True))
            forms.append({"application": hidden["application"], "version": hidden["version"],
                          "idempotency_key": hidden["idempotency_key"],
                          "collected_by": "proxy" if index else "applicant",
                          "collector_name": "Andi" if index else "",
                          "collector_relation": "suami" if index else ""})

        responses = run_together(2, lambda i: post(officers[i], PICKUP, **forms[i]))
        statuses = collections.Counter(r.status_code for r in responses)
        assert statuses == {303: 1, 409: 1}, (round_, statuses)
        loser = next(r for r in responses if r.status_code == 409)
        words = page_text(loser)
        assert "Sudah diambil: jangan diserahkan lagi." in words
        assert "petugas lain" in words  # the conflict, not a generic error
        assert 'name="collected_by"' not in loser.get_data(as_text=True)
        assert _collected_events(web_app, application_id) == 1
        stored = application(web_app, application_id)
        winner = responses.index(next(r for r in responses if r.status_code == 303))
        assert stored.status == "collected"
        assert stored.collected_by == ("proxy" if winner else "applicant")
        assert stored.events[-1].staff_id is not None
        with web_app.app_context():
            assert db.session.scalar(sa.select(sa.func.count()).select_from(NotificationEvent)
                                     .where(NotificationEvent.application_id == application_id,
                                            NotificationEvent.kind == "application.collected")) \
                == 1


def test_two_sessions_changing_the_same_loaded_row_let_exactly_one_win(web_app, monkeypatch):
    """Both officers have loaded the application (same version) before either writes: the
    row's version lets one commit; the other gets the conflict and saves nothing?"""
    freeze_monday(monkeypatch)
    usernames = ["dukcapil.maros", "dukcapil2.maros"]
    for round_ in range(ROUNDS):
        application_id, _code = received(web_app, name=f"Pemohon {round_}",
                                         statuses=("ready",))
        loaded = threading.Barrier(2)

        def officer(index: int) -> str:
            with web_app.app_context():
                try:
                    staff = db.session.scalar(sa.select(StaffUser).filter_by(
                        username=usernames[index]))
                    record = db.session.get(Application, application_id)
                    assert record.status == "ready"
                    loaded.wait(timeout=30)  # both hold the same version now
                    try:
                        lifecycle.change(record, lifecycle.Change(
                            status="collected", collected_by="applicant",
                            actor=lifecycle.Actor(staff=staff)))
                        db.session.commit()
                    except lifecycle.ApplicationError as refusal:
                        db.session.rollback()
                        return f"refused: {refusal.code}"
                    return "handed over"
                finally:
                    db.session.remove()

        outcomes = run_together(2, officer)
        assert sorted(outcomes) == ["handed over", "refused: conflict"], (round_, outcomes)
        assert _collected_events(web_app, application_id) == 1
        assert application(web_app, application_id).status == "collected"
