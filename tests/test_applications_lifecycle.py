"""The application's rules (mpp_lite/applications/lifecycle.py): every allowed and refused
transition, due dates in working days across holidays and the paused clock, pickup once,
idempotent retries, notification events, and the retention erase."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from mpp_lite import dates
from mpp_lite.applications import lifecycle
from mpp_lite.applications.lifecycle import (
    STATUS_LABELS, TRANSITIONS, ApplicationError, Change, Receipt, change, receive,
)
from mpp_lite.extensions import db
from mpp_lite.models import (
    APPLICATION_STATUSES, Application, ApplicationEvent, ClosedDate, NotificationEvent, Service,
    Site,
)

WITA = dt.timezone(dt.timedelta(hours=8))


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), WITA)


@pytest.fixture
def ctx(catalog_app):
    with catalog_app.app_context():
        yield catalog_app


def _service(days: int | None = 3) -> Service:
    service = db.session.scalar(sa.select(Service).filter_by(slug="paspor-baru"))
    service.processing_days = days
    db.session.flush()
    return service


def _receive(day: dt.date = dt.date(2026, 12, 21), days: int | None = 3, **kw) -> Application:
    service = _service(days)
    application, created = receive(Receipt(site=service.site, service=service,
                                           applicant_name="Siti Aminah", now=at(day), **kw))
    assert created
    return application


def _walk(application: Application, *statuses: str, day: dt.date | None = None) -> None:
    for status in statuses:
        change(application, _change(status, now=at(day) if day else None))


def _change(status: str, **kw) -> Change:
    extra = {"needs_documents": {"missing": ["Akta kelahiran"]},
             "collected": {"collected_by": "applicant"},
             "rejected": {"reason": "Data tidak sesuai."}}.get(status, {})
    return Change(status=status, **{**extra, **kw})


def test_labels_follow_the_statuses():
    assert tuple(STATUS_LABELS) == APPLICATION_STATUSES
    assert set(TRANSITIONS) == set(APPLICATION_STATUSES)


# How to reach each status from "received" (so every pair can be tried from its start).
PATHS = {
    "received": (), "in_progress": ("in_progress",), "at_head_office": ("at_head_office",),
    "needs_documents": ("needs_documents",), "ready": ("ready",),
    "collected": ("ready", "collected"), "rejected": ("rejected",), "withdrawn": ("withdrawn",),
}


@pytest.mark.parametrize("start", APPLICATION_STATUSES)
def test_every_transition_is_allowed_or_refused_as_listed(ctx, start):
    for target in APPLICATION_STATUSES:
        application = _receive()
        _walk(application, *PATHS[start])
        events = len(application.events)
        if target in TRANSITIONS[start]:
            _app, changed = change(application, _change(target))
            assert changed and application.status == target
            assert application.events[-1].from_status == start
            assert len(application.events) == events + 1
        else:
            with pytest.raises(ApplicationError) as refused:
                change(application, _change(target))
            assert refused.value.code == "conflict", (start, target)
            assert application.status == start and len(application.events) == events


def test_due_date_counts_site_working_days_across_holidays(ctx):
    # Monday 21 Dec 2026 + 3 working days: 22, 23, then 24 is cuti bersama here, 25 Christmas
    # (in the catalogue), 26–27 the weekend: the third is Monday 28 December.
    site = db.session.scalar(sa.select(Site))
    db.session.add(ClosedDate(site_id=site.id, date=dt.date(2026, 12, 24), reason="Cuti bersama"))
    application = _receive(dt.date(2026, 12, 21), days=3)
    assert application.received_on == dt.date(2026, 12, 21)
    assert application.due_date == dt.date(2026, 12, 28)


def test_no_processing_days_means_no_due_date_and_never_late(ctx):
    application = _receive(days=None)
    assert application.due_date is None
    assert not lifecycle.is_overdue(application, dt.date(2027, 6, 1))


def test_waiting_for_documents_pauses_the_clock(ctx):
    application = _receive(dt.date(2026, 12, 1), days=3)  # Tuesday → due Friday 4 Dec
    assert application.due_date == dt.date(2026, 12, 4)
    change(application, _change("needs_documents", now=at(dt.date(2026, 12, 2))))
    assert application.paused_on == dt.date(2026, 12, 2)
    # Paused: not late even long after the due date, and the due date moves day by day.
    assert not lifecycle.is_overdue(application, dt.date(2026, 12, 10))
    assert lifecycle.effective_due_date(application, dt.date(2026, 12, 7)) == dt.date(2026, 12, 9)
    # Documents arrive Monday 7 Dec: 3 working days waited (3, 4, 7) → due Wednesday 9 Dec.
    change(application, _change("in_progress", now=at(dt.date(2026, 12, 7))))
    assert application.paused_days == 3 and application.paused_on is None
    assert application.due_date == dt.date(2026, 12, 9)
    assert application.missing == []
    assert not lifecycle.is_overdue(application, dt.date(2026, 12, 9))
    assert lifecycle.is_overdue(application, dt.date(2026, 12, 10))
    change(application, _change("ready", now=at(dt.date(2026, 12, 9))))
    assert application.completed_on == dt.date(2026, 12, 9)
    assert lifecycle.was_on_time(application) is True
    assert lifecycle.working_days_taken(application) == 3  # 6 working days minus 3 waited
    assert not lifecycle.is_overdue(application, dt.date(2026, 12, 20))  # done: not late


def test_ready_late_is_recorded_as_late(ctx):
    application = _receive(dt.date(2026, 12, 1), days=1)
    change(application, _change("ready", now=at(dt.date(2026, 12, 4))))
    assert lifecycle.was_on_time(application) is False


def test_pickup_records_the_proxy_and_never_twice(ctx):
    application = _receive()
    change(application, _change("ready", pickup_place="Gerai 7"))
    with pytest.raises(ApplicationError) as refused:
        change(application, Change(status="collected", collected_by="proxy"))
    assert set(refused.value.fields) == {"collector_name", "collector_relation"}
    change(application, Change(status="collected", collected_by="proxy",
                               collector_name="Budi", collector_relation="Suami"))
    assert application.collector_name == "Budi" and application.closed_at is not None
    with pytest.raises(ApplicationError) as twice:
        change(application, Change(status="collected", collected_by="applicant"))
    assert twice.value.code == "conflict" and "dua kali" in str(twice.value.message)


def test_retried_change_with_the_same_key_is_recorded_once(ctx):
    application = _receive()
    change(application, _change("ready", idempotency_key="evt-1"))
    _app, changed = change(application, _change("ready", idempotency_key="evt-1"))
    assert not changed and [e.status for e in application.events] == ["received", "ready"]
    with pytest.raises(ApplicationError) as other:
        change(application, _change("rejected", idempotency_key="evt-1"))
    assert other.value.code == "conflict"


def test_retried_receipt_with_the_same_key_is_one_application(ctx):
    first = _receive(idempotency_key="k-1")
    service = first.service
    again, created = receive(Receipt(site=service.site, service=service,
                                     applicant_name="Siti Aminah", idempotency_key="k-1"))
    assert not created and again.id == first.id
    with pytest.raises(ApplicationError):
        receive(Receipt(site=service.site, service=service, applicant_name="Orang Lain",
                        idempotency_key="k-1"))


def test_changes_citizens_should_hear_about_become_notification_events(ctx):
    application = _receive()
    _walk(application, "in_progress", "needs_documents", "in_progress", "ready", "collected")
    kinds = db.session.scalars(sa.select(NotificationEvent.kind)
                               .order_by(NotificationEvent.id)).all()
    assert kinds == ["application.received", "application.needs_documents",
                     "application.ready", "application.collected"]
    payloads = db.session.scalars(sa.select(NotificationEvent.payload)).all()
    assert all("Siti" not in str(p) for p in payloads)


def test_notification_payloads_hold_only_code_status_and_due_date(ctx):
    rejected = _receive()
    change(rejected, _change("rejected", reason="Nama Siti Aminah tidak cocok dengan KK."))
    collected = _receive()
    _walk(collected, "ready")
    change(collected, _change("collected", collected_by="proxy", collector_name="Budi Santoso",
                              collector_relation="Suami"))
    db.session.commit()
    payloads = db.session.scalars(sa.select(NotificationEvent.payload)).all()
    assert payloads and all(set(p) <= {"code", "status", "due_date"} for p in payloads)
    assert "Siti" not in str(payloads) and "Suami" not in str(payloads)


def test_erase_blanks_the_payload_of_the_applications_events(ctx):
    old = _receive(dt.date(2025, 1, 6))
    change(old, _change("rejected", now=at(dt.date(2025, 1, 8))))
    recent = _receive(dt.date(2026, 12, 1))
    db.session.commit()
    for event in db.session.scalars(sa.select(NotificationEvent)):  # as written before the fix
        event.payload = {**event.payload, "reason": "Nama Siti Aminah salah",
                         "collector_relation": "Suami"}
    db.session.commit()
    assert lifecycle.erase_personal_data(365, now=at(dt.date(2026, 12, 3))) == 1
    db.session.commit()
    db.session.expire_all()
    by_app = {}
    for event in db.session.scalars(sa.select(NotificationEvent)):
        by_app.setdefault(event.application_id, []).append(event.payload)
    assert by_app[old.id] and all(set(p) == {"code", "status"} for p in by_app[old.id])
    assert {p["status"] for p in by_app[old.id]} == {"received", "rejected"}
    assert all("reason" in p for p in by_app[recent.id])  # not erased yet


def test_bad_input_is_refused_with_fields(ctx):
    service = _service()
    with pytest.raises(ApplicationError) as refused:
        receive(Receipt(site=service.site, service=service, applicant_name=" ",
                        phone="abc", documents=["x" * 501]))
    assert set(refused.value.fields) == {"applicant_name", "phone", "documents"}
    application = _receive()
    with pytest.raises(ApplicationError) as missing:
        change(application, Change(status="needs_documents"))
    assert "missing" in missing.value.fields
    with pytest.raises(ApplicationError) as reason:
        change(application, Change(status="rejected"))
    assert "reason" in reason.value.fields
    with pytest.raises(ApplicationError):
        change(application, Change(status="nonsense"))


def test_erase_personal_data_after_retention(ctx):
    old = _receive(dt.date(2025, 1, 6), note="Pemohon: Siti Aminah, 0812 1111 2222")
    change(old, _change("in_progress", note="Ditelepon ke 0812 1111 2222", public=False,
                        now=at(dt.date(2025, 1, 7))))
    change(old, _change("rejected", reason="Nama Siti Aminah tidak cocok dengan KK.",
                        now=at(dt.date(2025, 1, 8))))
    never_collected = _receive(dt.date(2025, 1, 6), phone="081233334444")
    change(never_collected, _change("ready", now=at(dt.date(2025, 1, 7)),
                                    pickup_until=dt.date(2025, 2, 7)))
    recent = _receive(dt.date(2026, 12, 1))
    change(recent, _change("withdrawn", now=at(dt.date(2026, 12, 2))))
    db.session.commit()
    erased = lifecycle.erase_personal_data(365, now=at(dt.date(2026, 12, 3)))
    db.session.commit()
    assert erased == 2
    db.session.expire_all()
    for application in (old, never_collected):
        assert application.personal_data_erased_at is not None
        assert application.applicant_name == application.phone == application.note == ""
    kept = str([(e.note, e.details) for e in old.events]) + old.rejection_reason
    assert "Siti" not in kept and "0812" not in kept
    assert [e.status for e in old.events] == ["received", "in_progress", "rejected"]
    assert recent.applicant_name == "Siti Aminah"
    assert lifecycle.erase_personal_data(365, now=at(dt.date(2026, 12, 3))) == 0


def test_a_retried_change_is_answered_the_next_day(ctx):
    """The first call set pickup "from today"; its retry the day after (when "today" would be
    refused as a date in the past, and the default place could differ) is the same answer."""
    application = _receive(dt.date(2026, 12, 1))
    request = dict(status="ready", pickup_from=dt.date(2026, 12, 2), idempotency_key="evt-9")
    change(application, Change(**request, now=at(dt.date(2026, 12, 2))))
    _app, changed = change(application, Change(**request, now=at(dt.date(2026, 12, 3))))
    assert not changed and [e.status for e in application.events] == ["received", "ready"]


def test_a_service_with_applications_cannot_be_deleted(ctx):
    """Its applications (and the citizens' tracking pages) would go with it: refused, as for
    a service with tickets; deactivating it is the way."""
    from mpp_lite.catalog.editing import delete_service
    from mpp_lite.models import StaffUser
    from mpp_lite.staff.services import EditError

    application = _receive()
    staff = StaffUser(username="admin.x", role="admin", site_id=application.site_id,
                      password_hash="x")
    db.session.add(staff)
    db.session.flush()
    with pytest.raises(EditError) as refused:
        delete_service(staff, application.service)
    assert "berkas" in str(refused.value)
    assert db.session.get(Application, application.id) is not None
