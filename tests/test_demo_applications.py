"""The demo applications (mpp_lite/demo/applications.py): at each demo MPP every status, some
overdue and some on time on the seeding day, timelines and notification events as the
lifecycle records them, visible to the agencies' demo officers, and seeding twice adds
nothing. The shared demo database is seeded at the real time; the tests that need to know the
seeding day seed a fresh database at a frozen moment."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from mpp_lite import dates
from mpp_lite.applications import access
from mpp_lite.applications.lifecycle import (
    NOTIFY_STATUSES, TRANSITIONS, is_overdue, was_on_time, working_days_taken,
)
from mpp_lite.demo.applications import KEY_PREFIX, STORIES, seed_demo_applications
from mpp_lite.demo_seed import DEMO_STAFF, seed_demo
from mpp_lite.extensions import db
from mpp_lite.models import (
    APPLICATION_STATUSES, Application, ApplicationEvent, NotificationEvent, Site, StaffUser,
)

DEMO_SITES = ("maros", "ngawi")


def _applications(slug: str) -> list[Application]:
    return list(db.session.scalars(sa.select(Application).join(Site).where(Site.slug == slug)
                                   .order_by(Application.id)))


@pytest.fixture
def demo(demo_app):
    with demo_app.app_context():
        yield demo_app


def _seeded_at(app, monkeypatch, moment: dt.datetime):
    """A fresh database with the whole demo seeded at `moment` (the clock frozen there)."""
    dates.freeze(monkeypatch, moment)
    with app.app_context():
        seed_demo()
    return app


# --- the shared demo database -------------------------------------------------------------------

@pytest.mark.parametrize("slug", DEMO_SITES)
def test_each_demo_site_has_applications_in_every_status(demo, slug):
    statuses = [a.status for a in _applications(slug)]
    assert set(statuses) == set(APPLICATION_STATUSES)
    assert len(statuses) == len(STORIES)


@pytest.mark.parametrize("slug", DEMO_SITES)
def test_every_demo_timeline_is_a_chain_of_allowed_changes_in_time_order(demo, slug):
    for application in _applications(slug):
        events = application.events
        assert events, application.code  # no application without events
        assert (events[0].from_status, events[0].status) == (None, "received")
        for earlier, later in zip(events, events[1:]):
            assert later.from_status == earlier.status
            assert later.status in TRANSITIONS[earlier.status]
            assert dates.as_utc(later.at) > dates.as_utc(earlier.at)
        assert events[-1].status == application.status
        assert dates.as_utc(application.received_at) == dates.as_utc(events[0].at)
        assert all(e.source == "staff" and e.staff_id is not None for e in events)
        assert application.idempotency_key.startswith(KEY_PREFIX)


@pytest.mark.parametrize("slug", DEMO_SITES)
def test_the_demo_changes_citizens_hear_about_are_recorded_as_notification_events(demo, slug):
    for application in _applications(slug):
        recorded = db.session.scalars(sa.select(NotificationEvent).filter_by(
            application_id=application.id).order_by(NotificationEvent.id)).all()
        expected = [e for e in application.events if e.status in NOTIFY_STATUSES]
        assert [n.kind for n in recorded] == [f"application.{e.status}" for e in expected]
        assert [n.dedupe_key for n in recorded] == [f"application-event:{e.id}"
                                                     for e in expected]
        for notice in recorded:
            assert notice.site_id == application.site_id
            assert application.applicant_name not in str(notice.payload)
            assert notice.payload["code"] == application.code


@pytest.mark.parametrize("slug", DEMO_SITES)
def test_demo_applications_spread_over_about_two_months_with_promises_and_without(demo, slug):
    applications = _applications(slug)
    received = sorted(a.received_on for a in applications)
    assert 50 <= (received[-1] - received[0]).days <= 90
    assert any(a.due_date is None for a in applications)  # same-day services: no promise
    promised = [a for a in applications if a.processing_days]
    assert all(a.processing_days == a.service.processing_days for a in promised)
    assert len({a.agency_id for a in promised}) >= 5  # the report has agencies to compare


def test_each_demo_officer_sees_their_agencys_demo_applications_and_only_those(demo):
    officers = [u for u, role, *_ in DEMO_STAFF if role == "officer"]
    seen = 0
    for username in officers:
        officer = db.session.scalar(sa.select(StaffUser).filter_by(username=username))
        visible = db.session.scalars(access.visible_to(officer)).all()
        mine = db.session.scalars(sa.select(Application).filter_by(
            site_id=officer.site_id, agency_id=officer.agency_id)).all()
        assert sorted(a.id for a in visible) == sorted(a.id for a in mine)
        assert all(access.may_handle(officer, a) for a in visible)
        received_by_them = [a for a in mine if a.received_by_id == officer.id]
        assert received_by_them == mine  # the agency's own officer received them
        seen += bool(mine)
    assert seen == len(officers)  # every demo officer has some to work with
    for slug in DEMO_SITES:
        manager = db.session.scalar(sa.select(StaffUser).join(Site).where(
            Site.slug == slug, StaffUser.role == "admin"))
        assert len(db.session.scalars(access.visible_to(manager)).all()) == len(STORIES)


@pytest.mark.parametrize("slug", DEMO_SITES)
def test_demo_applications_are_received_by_the_agencys_officer_else_the_manager(demo, slug):
    for application in _applications(slug):
        receiver = application.received_by
        if receiver.role == "officer":
            assert receiver.agency_id == application.agency_id
        else:
            assert receiver.role == "admin" and not db.session.scalar(
                sa.select(StaffUser.id).filter_by(site_id=application.site_id, role="officer",
                                                  agency_id=application.agency_id))


# --- seeded at a known moment --------------------------------------------------------------------

def _on_the_seeding_day(slug: str, moment: dt.datetime) -> dict[str, list[Application]]:
    site = db.session.scalar(sa.select(Site).filter_by(slug=slug))
    today = dates.site_today(site, moment)
    applications = _applications(slug)
    completed = [a for a in applications if a.completed_on is not None]
    return {
        "overdue": [a for a in applications if is_overdue(a, today)],
        "open_in_time": [a for a in applications if a.is_open and a.due_date
                         and not is_overdue(a, today)],
        "on_time": [a for a in completed if was_on_time(a) is True],
        "late": [a for a in completed if was_on_time(a) is False],
        "all": applications,
    }


@pytest.mark.parametrize("moment", [
    dt.datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Makassar")),   # a Thursday morning
    dt.datetime(2026, 12, 25, 6, 30, tzinfo=ZoneInfo("Asia/Jakarta")),   # Christmas, early
    dt.datetime(2027, 1, 4, 7, 0, tzinfo=ZoneInfo("Asia/Makassar")),     # Monday, before opening
], ids=["working-day", "holiday", "before-opening"])
def test_seeded_at_any_moment_some_are_overdue_some_in_time_and_none_in_the_future(
        app, monkeypatch, moment):
    _seeded_at(app, monkeypatch, moment)
    with app.app_context():
        for slug in DEMO_SITES:
            found = _on_the_seeding_day(slug, moment)
            assert len(found["overdue"]) >= 3, slug
            assert len(found["open_in_time"]) >= 2, slug
            assert len(found["on_time"]) >= 5 and len(found["late"]) >= 3, slug
            assert {a.status for a in found["overdue"]} >= {"in_progress", "at_head_office"}
            # The paused clock: waiting for documents is never late, and the days waited
            # are not counted as working days taken.
            assert any(a.paused_days > 0 and a.completed_on for a in found["all"])
            for application in found["all"]:
                if application.status == "needs_documents":
                    assert not is_overdue(application, dates.site_today(application.site,
                                                                          moment))
                taken = working_days_taken(application)
                assert taken is None or taken >= 0
            last = db.session.scalar(sa.select(sa.func.max(ApplicationEvent.at)))
            assert dates.as_utc(last) <= moment
            first = min(a.received_on for a in found["all"])
            assert (moment.date() - first).days <= 90


def test_seeding_again_adds_nothing(app, monkeypatch):
    moment = dt.datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Makassar"))
    _seeded_at(app, monkeypatch, moment)
    with app.app_context():
        counts = [db.session.scalar(sa.select(sa.func.count()).select_from(model))
                  for model in (Application, ApplicationEvent, NotificationEvent)]
        assert counts[0] == len(DEMO_SITES) * len(STORIES)
    dates.freeze(monkeypatch, moment + dt.timedelta(days=9))
    with app.app_context():
        seed_demo()
        assert seed_demo_applications() == 0
        assert [db.session.scalar(sa.select(sa.func.count()).select_from(model))
                for model in (Application, ApplicationEvent, NotificationEvent)] == counts


def test_without_staff_accounts_the_app_itself_records_the_demo_applications(app, monkeypatch):
    from mpp_lite.catalog.transfer import import_catalog
    from mpp_lite.demo.data import build_catalog

    dates.freeze(monkeypatch, dt.datetime(2026, 12, 3, 2, 0, tzinfo=dt.timezone.utc))
    with app.app_context():
        import_catalog(build_catalog())
        assert seed_demo_applications() == len(DEMO_SITES) * len(STORIES)
        db.session.commit()
        sources = set(db.session.scalars(sa.select(ApplicationEvent.source)))
        assert sources == {"system"}
