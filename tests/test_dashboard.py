"""The managers' dashboard: averages computed from ticket events (checked by hand), the site's
local day, counters closed now, IKM this month, open and overdue complaints."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from mpp_lite import dates
from mpp_lite.admin import stats
from mpp_lite.admin.stats import Event
from mpp_lite.extensions import db
from mpp_lite.models import Complaint, Counter, Service, Site, SurveyResponse, Ticket, TicketEvent

from support.html import text
from support.staff import login

WITA = ZoneInfo("Asia/Makassar")


def at(day: dt.date, clock: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(clock), WITA).astimezone(dt.timezone.utc)


# --- pure arithmetic -------------------------------------------------------------------------

def ev(clock: str, from_status, to_status, note: str = "") -> Event:
    return Event(at(dt.date(2026, 11, 24), clock), from_status, to_status, note)


def test_wait_runs_from_creation_to_the_first_call():
    events = [ev("09:00", None, "waiting"), ev("09:10", "waiting", "called"),
              ev("09:11", "called", "waiting", "return"), ev("09:40", "waiting", "called")]
    assert stats.wait_seconds(events) == 600


def test_wait_starts_at_check_in_when_the_visitor_checked_in_before_the_call():
    booked_early = [ev("07:00", None, "waiting"), ev("09:00", "waiting", "waiting", "check-in"),
                    ev("09:20", "waiting", "called")]
    assert stats.wait_seconds(booked_early) == 1200
    checked_in_late = [ev("09:00", None, "waiting"), ev("09:05", "waiting", "called"),
                       ev("09:10", "called", "called", "check-in")]
    assert stats.wait_seconds(checked_in_late) == 300


def test_wait_of_a_ticket_booked_the_day_before_starts_at_opening_or_its_window():
    """A ticket booked yesterday and called at 08.10 waited 10 minutes, not a whole night."""
    booked = [Event(at(dt.date(2026, 11, 23), "20:00"), None, "waiting"),
              ev("08:10", "waiting", "called")]
    assert stats.wait_seconds(booked, at(dt.date(2026, 11, 24), "08:00")) == 600
    start = stats.service_start(dt.date(2026, 11, 24), "Asia/Makassar", None,
                                [dt.time(13), dt.time(8)])
    assert start == at(dt.date(2026, 11, 24), "08:00")
    window = stats.service_start(dt.date(2026, 11, 24), "Asia/Makassar", dt.time(10), [dt.time(8)])
    assert stats.wait_seconds([*booked[:1], ev("10:30", "waiting", "called")], window) == 1800
    # Created after opening: from creation; checked in: from the check-in.
    assert stats.wait_seconds([ev("09:00", None, "waiting"), ev("09:10", "waiting", "called")],
                              start) == 600
    assert stats.wait_seconds([booked[0], ev("08:30", "waiting", "waiting", "check-in"),
                               ev("08:40", "waiting", "called")], start) == 600


def test_tickets_never_called_or_never_finished_have_no_time():
    assert stats.wait_seconds([ev("09:00", None, "waiting")]) is None
    assert stats.service_seconds([ev("09:00", None, "waiting"), ev("09:05", "waiting", "called"),
                                  ev("09:06", "called", "serving")]) is None


def test_service_time_runs_from_serving_to_done():
    events = [ev("09:00", None, "waiting"), ev("09:10", "waiting", "called"),
              ev("09:12", "called", "serving"), ev("09:22", "serving", "done")]
    assert stats.service_seconds(events) == 600


def test_averages_only_count_tickets_that_have_the_figure():
    wait, service = stats.ticket_averages({
        1: [ev("09:00", None, "waiting"), ev("09:10", "waiting", "called"),
            ev("09:12", "called", "serving"), ev("09:22", "serving", "done")],
        2: [ev("08:00", None, "waiting"), ev("09:00", "waiting", "waiting", "check-in"),
            ev("09:20", "waiting", "called"), ev("09:20", "called", "serving"),
            ev("09:50", "serving", "done")],
        3: [ev("09:30", None, "waiting")],
    })
    assert (wait.seconds, wait.tickets) == ((600 + 1200) / 2, 2)
    assert (service.seconds, service.tickets, service.minutes) == (1200, 2, 20)
    empty = stats.average([])
    assert empty.seconds is None and empty.minutes is None and empty.tickets == 0


# --- from the database -----------------------------------------------------------------------

def _ticket(site: Site, service: Service, day: dt.date, sequence: int, status: str,
            events: list[tuple[str, str | None, str, str]]) -> Ticket:
    ticket = Ticket(code=f"t{day:%m%d}{sequence}{service.id}",
                    idempotency_key=f"k{day:%m%d}{sequence}{service.id}", site_id=site.id,
                    service_id=service.id, day=day, prefix=service.queue_prefix,
                    sequence=sequence, status=status, name="Warga",
                    created_at=at(day, events[0][0]))
    ticket.events = [TicketEvent(at=at(day, clock), from_status=old, to_status=new, note=note)
                     for clock, old, new, note in events]
    db.session.add(ticket)
    return ticket


def fill(app, day: dt.date) -> None:
    """Hand-made day at Maros: waits 600, 1200 (from check-in), 60, 300 s → average 540 s
    (9 minutes); service times 600 and 1800 s → 1200 s (20 minutes)."""
    with app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        ktp, paspor = (db.session.scalar(sa.select(Service).filter_by(site_id=site.id, slug=s))
                       for s in ("ktp-el-baru", "paspor-baru"))
        a = _ticket(site, ktp, day, 1, "done", [
            ("09:00", None, "waiting", ""), ("09:10", "waiting", "called", ""),
            ("09:12", "called", "serving", ""), ("09:22", "serving", "done", "")])
        b = _ticket(site, ktp, day, 2, "done", [
            ("08:00", None, "waiting", ""), ("09:00", "waiting", "waiting", "check-in"),
            ("09:20", "waiting", "called", ""), ("09:20", "called", "serving", ""),
            ("09:50", "serving", "done", "")])
        _ticket(site, ktp, day, 3, "waiting", [("09:30", None, "waiting", "")])
        _ticket(site, ktp, day, 4, "called", [
            ("09:05", None, "waiting", ""), ("09:06", "waiting", "called", ""),
            ("09:07", "called", "waiting", "return"), ("09:30", "waiting", "called", "")])
        _ticket(site, paspor, day, 1, "called", [
            ("09:00", None, "waiting", ""), ("09:05", "waiting", "called", ""),
            ("09:10", "called", "called", "check-in")])
        # Yesterday's ticket and Ngawi's tickets must not count.
        _ticket(site, paspor, day - dt.timedelta(days=1), 1, "done", [
            ("09:00", None, "waiting", ""), ("11:00", "waiting", "called", ""),
            ("11:00", "called", "serving", ""), ("15:00", "serving", "done", "")])
        ngawi = db.session.scalar(sa.select(Site).filter_by(slug="ngawi"))
        _ticket(ngawi, db.session.scalar(sa.select(Service).filter_by(
            site_id=ngawi.id, slug="ktp-el-baru")), day, 1, "waiting",
            [("09:00", None, "waiting", "")])
        db.session.flush()
        for ticket, score in ((a, 4), (b, 3)):
            db.session.add(SurveyResponse(ticket_id=ticket.id, site_id=site.id,
                                          agency_id=ktp.agency_id, service_id=ktp.id, day=day,
                                          **{f"u{i}": score for i in range(1, 10)}))
        for code, status, first_due, answer_due in (
                ("C1", "new", day - dt.timedelta(days=1), day + dt.timedelta(days=2)),
                ("C2", "in_progress", day + dt.timedelta(days=1), day + dt.timedelta(days=3)),
                ("C3", "answered", day - dt.timedelta(days=9), day - dt.timedelta(days=5))):
            db.session.add(Complaint(code=code, site_id=site.id, body="Gerai kosong",
                                     status=status, first_response_due=first_due,
                                     answer_due=answer_due))
        counters = {c.label: c for c in db.session.scalars(
            sa.select(Counter).filter_by(site_id=site.id))}
        counters["Gerai 1"].status = "open"
        counters["Gerai 2"].status, counters["Gerai 2"].status_reason = "break", "Ibadah"
        counters["Gerai 7"].status_reason = "Gangguan jaringan"
        db.session.commit()


def test_dashboard_figures_for_the_sites_local_day(web_app):
    day = dt.date(2026, 11, 24)
    fill(web_app, day)
    # 01.30 UTC is 09.30 on the 24th in Maros (a Tuesday, counters in their hours).
    now = dt.datetime(2026, 11, 24, 1, 30, tzinfo=dt.timezone.utc)
    with web_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        figures = stats.dashboard(site, now)
        assert figures.today == day
        assert [(r.name, r.total, r.waiting, r.done) for r in figures.services] == [
            ("KTP-el baru", 4, 1, 2), ("Paspor baru", 1, 0, 0)]
        assert (figures.tickets_total, figures.waiting_now) == (5, 1)
        assert (figures.average_wait.seconds, figures.average_wait.tickets) == (540, 4)
        assert (figures.average_service.seconds, figures.average_service.tickets) == (1200, 2)
        assert [c.label for c in figures.counters_closed] == ["Gerai 7"]
        assert [c.label for c in figures.counters_break] == ["Gerai 2"]
        # Two respondents, all 4s and all 3s: every NRR 3.5 → IKM 3.5 × 25 = 87.50 (B).
        assert str(figures.ikm.ikm) == "87.50" and figures.ikm.grade == "B"
        assert figures.ikm.respondents == 2 and figures.month_start == dt.date(2026, 11, 1)
        assert (figures.complaints_open, figures.complaints_overdue) == (2, 1)
        # On the previous local day only the one old ticket is counted.
        before = stats.dashboard(site, now - dt.timedelta(hours=12))
        assert before.today == dt.date(2026, 11, 23)
        assert (before.tickets_total, before.average_service.seconds) == (1, 4 * 3600)


def test_dashboard_wait_of_yesterdays_booking_counts_from_opening(web_app):
    day = dt.date(2026, 11, 24)
    with web_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        ktp = db.session.scalar(sa.select(Service).filter_by(site_id=site.id, slug="ktp-el-baru"))
        opens = min(h.opens for h in site.hours if h.weekday == day.isoweekday())
        ticket = _ticket(site, ktp, day, 1, "called", [("09:00", None, "waiting", "")])
        called = dt.datetime.combine(day, opens, WITA) + dt.timedelta(minutes=15)
        ticket.created_at = ticket.events[0].at = at(day - dt.timedelta(days=1), "19:00")
        ticket.events.append(TicketEvent(at=called.astimezone(dt.timezone.utc),
                                         from_status="waiting", to_status="called", note=""))
        db.session.commit()
        figures = stats.dashboard(site, at(day, "10:00"))
        assert (figures.average_wait.seconds, figures.average_wait.tickets) == (900, 1)


def test_counters_closed_after_hours_are_not_listed_as_closed_now(web_app):
    day = dt.date(2026, 11, 24)  # a Tuesday
    with web_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        counter = db.session.scalar(sa.select(Counter).filter_by(site_id=site.id,
                                                                 label="Gerai 7"))
        counter.status, counter.status_reason = "closed", "Gangguan jaringan"
        db.session.commit()
        in_hours = stats.dashboard(site, at(day, "10:00"))
        assert "Gerai 7" in [c.label for c in in_hours.counters_closed]
        for evening in (at(day, "21:00"), at(dt.date(2026, 11, 29), "10:00")):  # night, Sunday
            figures = stats.dashboard(site, evening)
            assert figures.counters_closed == [] and figures.counters_break == []


def test_dashboard_page_shows_the_figures_to_managers_only(web_app, monkeypatch):
    now = at(dt.date(2026, 11, 24), "10:00")  # a Tuesday in office hours
    dates.freeze(monkeypatch, now)
    fill(web_app, dt.date(2026, 11, 24))
    page = text(login(web_app, "admin.maros").get("/kelola/").get_data(as_text=True))
    assert "9 menit" in page and "20 menit" in page
    assert "87.50" in page and "Gerai 7" in page and "Gangguan jaringan" in page
    assert "1 lewat tenggat" in page
    for username in ("dukcapil.maros", "pendamping.maros", "desa.maros"):
        assert login(web_app, username).get("/kelola/").status_code == 403
    ngawi = text(login(web_app, "admin.ngawi").get("/kelola/").get_data(as_text=True))
    assert "87.50" not in ngawi and "Gangguan jaringan" not in ngawi


def test_dashboard_with_no_activity_says_so(web_app):
    page = text(login(web_app, "admin.maros").get("/kelola/").get_data(as_text=True))
    assert "Belum ada tiket hari ini" in page and "belum ada survei" in page
