"""The managers' dashboard states the floor as it is when the page is read, in the site's own
time: closed (and when it opens again), or which counters scheduled now are closed or on a
break, and "Semua gerai buka" only when every counter scheduled now is open."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from mpp_lite import dates
from mpp_lite.admin import stats
from mpp_lite.extensions import db
from mpp_lite.models import Counter, Site

from support.catalogs import queue_site
from support.html import text
from support.staff import login

WITA, WIB = ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jakarta")
TUESDAY = dt.date(2026, 11, 24)
CHRISTMAS = dt.date(2026, 12, 25)  # a Friday, closed for the holiday
ALL_OPEN = "Semua gerai buka"


def at(day: dt.date, clock: str, zone: ZoneInfo = WITA) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(clock), zone).astimezone(
        dt.timezone.utc)


def _site(slug: str, **overrides) -> dict:
    site = queue_site(slug, closed_dates=[{"date": "2026-12-25", "reason": "Hari Raya Natal"}],
                      **overrides)
    # Gerai 7 (Imigrasi) keeps its own hours: Tuesdays 08.00–12.00 only.
    site["counters"][2]["schedule"] = [{"weekday": 2, "opens": "08:00", "closes": "12:00"}]
    return site


pytestmark = pytest.mark.staff_app(sites=lambda: (
    _site("maros"), _site("ngawi", name="MPP Ngawi", timezone="Asia/Jakarta")))


def set_counters(app, site_slug: str = "maros", **statuses: tuple[str, str]) -> None:
    """set_counters(app, gerai_1=("open", ""), gerai_7=("closed", "Gangguan jaringan"))."""
    with app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug=site_slug))
        for counter in db.session.scalars(sa.select(Counter).filter_by(site_id=site.id)):
            status, reason = statuses.get(counter.label.lower().replace(" ", "_"), ("open", ""))
            counter.status, counter.status_reason = status, reason
            counter.status_since = at(TUESDAY, "08:05")
        db.session.commit()


def page(app, monkeypatch, now: dt.datetime, username: str = "admin.maros") -> str:
    dates.freeze(monkeypatch, now)
    return text(login(app, username).get("/kelola/").get_data(as_text=True))


def test_before_opening_the_dashboard_says_closed_and_when_it_opens(web_app, monkeypatch):
    """04.30 WITA with every counter left "open" overnight: closed, not "all open"."""
    set_counters(web_app)
    shown = page(web_app, monkeypatch, at(TUESDAY, "04:30"))
    assert "MPP tutup sekarang, buka hari ini pukul 08.00" in shown
    assert "04.30 WITA" in shown
    assert ALL_OPEN not in shown


def test_in_hours_a_closed_counter_is_listed_with_its_reason(web_app, monkeypatch):
    set_counters(web_app, gerai_2=("break", "Ibadah"), gerai_7=("closed", "Gangguan jaringan"))
    shown = page(web_app, monkeypatch, at(TUESDAY, "10:00"))
    assert "MPP tutup" not in shown and ALL_OPEN not in shown
    assert "Gerai 7 · Imigrasi · Tutup: Gangguan jaringan" in shown
    assert "Gerai 2 · Disdukcapil · Istirahat: Ibadah" in shown
    assert "Gerai 1 ·" not in shown  # open, so not listed


def test_all_open_only_when_every_counter_scheduled_now_is_open(web_app, monkeypatch):
    set_counters(web_app)
    assert ALL_OPEN in page(web_app, monkeypatch, at(TUESDAY, "10:00"))
    # 13.00: Gerai 7's own hours (till 12.00) are over, so its being closed is not news.
    set_counters(web_app, gerai_7=("closed", "Jadwal selesai"))
    shown = page(web_app, monkeypatch, at(TUESDAY, "13:00"))
    assert ALL_OPEN in shown and "Gerai 7" not in shown
    assert "2 gerai terjadwal buka sekarang" in shown


def test_after_closing_and_at_the_weekend_it_says_when_it_opens_again(web_app, monkeypatch):
    set_counters(web_app)
    evening = page(web_app, monkeypatch, at(TUESDAY, "16:00"))
    assert "MPP tutup sekarang, buka lagi Rabu, 25 November 2026 pukul 08.00" in evening
    assert ALL_OPEN not in evening
    for moment in (at(dt.date(2026, 11, 27), "15:30"), at(dt.date(2026, 11, 28), "10:00")):
        weekend = page(web_app, monkeypatch, moment)  # Friday evening, Saturday
        assert "MPP tutup sekarang, buka lagi Senin, 30 November 2026 pukul 08.00" in weekend
        assert ALL_OPEN not in weekend


def test_on_a_holiday_it_names_the_holiday_and_the_next_opening(web_app, monkeypatch):
    set_counters(web_app, gerai_1=("closed", "Libur"))
    shown = page(web_app, monkeypatch, at(CHRISTMAS, "10:00"))
    assert "Hari ini libur: Hari Raya Natal." in shown
    assert "MPP tutup sekarang, buka lagi Senin, 28 Desember 2026 pukul 08.00" in shown
    assert ALL_OPEN not in shown and "Gerai 1 ·" not in shown


def test_each_site_reads_its_own_clock_wita_and_wib(web_app, monkeypatch):
    set_counters(web_app, "maros")
    set_counters(web_app, "ngawi")
    # 00.30 UTC: 08.30 in Maros (open), 07.30 in Ngawi (not yet).
    morning = at(TUESDAY, "08:30")
    maros = page(web_app, monkeypatch, morning)
    ngawi = page(web_app, monkeypatch, morning, "admin.ngawi")
    assert ALL_OPEN in maros and "08.30 WITA" in maros
    assert "MPP tutup sekarang, buka hari ini pukul 08.00" in ngawi and "07.30 WIB" in ngawi
    # 07.30 UTC: 15.30 in Maros (closed), 14.30 in Ngawi (open).
    afternoon = at(TUESDAY, "15:30")
    assert "buka lagi Rabu, 25 November 2026 pukul 08.00" in page(web_app, monkeypatch,
                                                                   afternoon)
    ngawi = page(web_app, monkeypatch, afternoon, "admin.ngawi")
    assert ALL_OPEN in ngawi and "14.30 WIB" in ngawi and "MPP tutup" not in ngawi


def test_floor_now_reuses_site_hours_and_counters_today(web_app):
    """One source of truth: the figures match catalog.services.site_hours and
    counters.services.counters_today at the same moment."""
    from mpp_lite.catalog.services import site_hours
    from mpp_lite.counters.services import counters_today

    set_counters(web_app, gerai_7=("closed", "Gangguan jaringan"))
    with web_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        for moment in (at(TUESDAY, "04:30"), at(TUESDAY, "10:00"), at(CHRISTMAS, "10:00")):
            floor = stats.dashboard(site, moment).floor
            hours = site_hours(site, moment)
            rows = [r for r in counters_today(site, moment) if r.in_hours_now]
            assert floor.open_now == hours.open_now
            assert floor.next_open == (None if hours.open_now else hours.next_open)
            assert floor.scheduled_now == len(rows)
            assert [r.counter.label for r in floor.closed] == [
                r.counter.label for r in rows if r.status == "closed"]
