"""Counters today (public page and API), warnings on service pages and the booking form, and
the managers' counter report: hour accounting in the SITE's time zone, closures without a
reason, days not opened, CSV, and who may see it."""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import re

import pytest
import sqlalchemy as sa

from mpp_lite.counters import accounting
from mpp_lite.counters.accounting import Change, counter_figures
from mpp_lite.counters.report import counter_report
from mpp_lite.extensions import db
from mpp_lite.models import Counter, CounterStatusChange, Site
from support.catalogs import counters_sites
from support.html import page_text, parse, text_of
from support.staff import login
from support.times import MONDAY, TUESDAY, UTC, wita

WEEKDAYS_8_15 = [(d, dt.time(8), dt.time(15)) for d in range(1, 6)]


# Maros (WITA) and Ngawi (WIB), the staff of support.catalogs, CSRF on, no rate limits.
pytestmark = pytest.mark.staff_app(sites=counters_sites)


@pytest.fixture
def clock(clock):
    clock(wita(MONDAY, 10))  # Monday 10.00 WITA, unless a test says otherwise
    return clock


def set_status(app, label: str, status: str, reason: str = "",
               since: dt.datetime | None = None, site: str = "maros") -> None:
    with app.app_context():
        counter = db.session.scalar(sa.select(Counter).join(Site).where(
            Site.slug == site, Counter.label == label))
        # Stored in UTC, as the app does (SQLite keeps the wall time and drops the zone).
        counter.status, counter.status_reason = status, reason
        counter.status_since = since.astimezone(UTC) if since else None
        db.session.commit()


def add_changes(app, label: str, *changes: tuple[dt.datetime, str, str],
                site: str = "maros") -> None:
    with app.app_context():
        counter_id = db.session.scalar(sa.select(Counter.id).join(Site).where(
            Site.slug == site, Counter.label == label))
        for at, status, reason in changes:
            db.session.add(CounterStatusChange(counter_id=counter_id, at=at.astimezone(UTC),
                                               status=status, reason=reason))
        db.session.commit()


# --- the accounting (pure) --------------------------------------------------------------------

def test_scheduled_against_open_hours_in_a_wita_site():
    """Monday open 08.30–12.00 and 13.00–15.00 WITA with a break without a reason; Tuesday
    scheduled but never opened."""
    changes = [
        Change(wita(dt.date(2026, 11, 20), 16), "closed", "Jam layanan selesai"),  # Friday
        Change(wita(MONDAY, 8, 30), "open"),
        Change(wita(MONDAY, 12), "break", ""),
        Change(wita(MONDAY, 13), "open"),
        Change(wita(MONDAY, 15), "closed", "Jam layanan selesai"),
    ]
    f = counter_figures(MONDAY, TUESDAY, "Asia/Makassar", WEEKDAYS_8_15, changes,
                        now=wita(dt.date(2026, 11, 25), 12))
    assert f.scheduled_hours == 14
    assert f.open_hours == 5.5
    assert f.open_in_schedule_hours == 5.5
    assert (f.stops, f.stops_without_reason) == (2, 1)
    assert f.days_scheduled == 2
    assert f.days_not_opened == [TUESDAY]
    assert f.coverage == pytest.approx(5.5 / 14)


def test_the_same_instants_count_differently_in_wib_and_wita():
    """00.30–07.00 UTC is 08.30–15.00 WITA (6.5 h within 08–15) but 07.30–14.00 WIB (6 h)."""
    changes = [Change(dt.datetime(2026, 11, 23, 0, 30, tzinfo=UTC), "open"),
               Change(dt.datetime(2026, 11, 23, 7, 0, tzinfo=UTC), "closed", "selesai")]
    now = dt.datetime(2026, 11, 24, 0, 0, tzinfo=UTC)  # after Monday in both zones
    in_wita = counter_figures(MONDAY, MONDAY, "Asia/Makassar", WEEKDAYS_8_15, changes, now)
    in_wib = counter_figures(MONDAY, MONDAY, "Asia/Jakarta", WEEKDAYS_8_15, changes, now)
    assert in_wita.open_in_schedule_hours == 6.5
    assert in_wib.open_in_schedule_hours == 6
    assert in_wita.open_hours == in_wib.open_hours == 6.5


def test_a_wita_morning_before_utc_midnight_belongs_to_the_local_day():
    """Opened 07.30 WITA Monday = 23.30 UTC Sunday: it still counts for Monday in Maros."""
    changes = [Change(dt.datetime(2026, 11, 22, 23, 30, tzinfo=UTC), "open"),
               Change(wita(MONDAY, 9), "closed", "rapat")]
    f = counter_figures(MONDAY, MONDAY, "Asia/Makassar", WEEKDAYS_8_15, changes,
                        wita(TUESDAY, 9))
    assert f.open_hours == 1.5 and f.open_in_schedule_hours == 1
    assert f.days_not_opened == []


def test_an_interval_crossing_midnight_is_clipped_to_the_period():
    """Left open from Sunday 20.00 to Monday 09.00 WITA (closed without a reason); the
    period is Monday only."""
    changes = [Change(wita(dt.date(2026, 11, 22), 20), "open"),
               Change(wita(MONDAY, 9), "closed", "  ")]
    f = counter_figures(MONDAY, MONDAY, "Asia/Makassar", WEEKDAYS_8_15, changes,
                        wita(dt.date(2026, 11, 30), 9))
    assert f.open_hours == 9          # 00.00–09.00, not the Sunday evening
    assert f.open_in_schedule_hours == 1
    assert (f.stops, f.stops_without_reason) == (1, 1)
    assert f.days_not_opened == []


def test_an_interval_still_open_at_the_end_of_the_period_stops_at_its_end():
    changes = [Change(wita(TUESDAY, 14), "open")]
    f = counter_figures(TUESDAY, TUESDAY, "Asia/Makassar", WEEKDAYS_8_15, changes,
                        wita(dt.date(2026, 11, 26), 9))
    assert f.open_hours == 10  # 14.00 to local midnight
    assert f.open_in_schedule_hours == 1
    assert f.stops == 0


def test_the_status_before_the_period_carries_in_and_changes_after_it_are_ignored():
    changes = [Change(wita(dt.date(2026, 11, 20), 8), "open"),      # Friday, never closed
               Change(wita(dt.date(2026, 11, 25), 8), "closed", "")]  # after the period
    f = counter_figures(MONDAY, MONDAY, "Asia/Makassar", WEEKDAYS_8_15, changes,
                        wita(dt.date(2026, 11, 30), 9))
    assert f.open_hours == 24 and f.open_in_schedule_hours == 7
    assert f.stops == 0


def test_today_counts_only_up_to_now_and_is_not_yet_a_day_not_opened():
    f = counter_figures(MONDAY, MONDAY, "Asia/Makassar", WEEKDAYS_8_15, [], wita(MONDAY, 10))
    assert f.scheduled_hours == 2
    assert f.days_not_opened == [] and f.days_scheduled == 1
    later = counter_figures(MONDAY, MONDAY, "Asia/Makassar", WEEKDAYS_8_15, [],
                            wita(MONDAY, 16))
    assert later.scheduled_hours == 7 and later.days_not_opened == [MONDAY]


def test_closed_dates_and_unscheduled_days_are_not_scheduled():
    f = counter_figures(MONDAY, dt.date(2026, 11, 29), "Asia/Makassar", WEEKDAYS_8_15, [],
                        wita(dt.date(2026, 12, 1), 9), closed_dates=[TUESDAY])
    assert f.days_scheduled == 4      # Mon, Wed, Thu, Fri (Tuesday a holiday, no weekend)
    assert f.scheduled_hours == 28
    assert len(f.days_not_opened) == 4


def test_naive_instants_from_sqlite_are_read_as_utc():
    changes = [Change(dt.datetime(2026, 11, 23, 0, 0), "open"),
               Change(dt.datetime(2026, 11, 23, 1, 0), "closed", "x")]
    f = counter_figures(MONDAY, MONDAY, "Asia/Makassar", WEEKDAYS_8_15, changes,
                        wita(TUESDAY, 9))
    assert f.open_in_schedule_hours == 1  # 08.00–09.00 WITA


def test_figures_add_up_to_totals():
    a = accounting.CounterFigures(3600, 1800, 1800, 2, 1, 1, [MONDAY])
    total = accounting.CounterFigures()
    total.add(a)
    total.add(a)
    assert (total.scheduled_hours, total.open_hours, total.stops_without_reason,
            total.days_not_opened) == (2, 1, 2, [MONDAY, MONDAY])


# --- the public page --------------------------------------------------------------------------

def test_counters_page_shows_status_since_reason_and_todays_hours(web_app, clock):
    set_status(web_app, "Gerai 1", "open", "", wita(MONDAY, 8, 5))
    set_status(web_app, "Gerai 2", "break", "Ibadah", wita(MONDAY, 9, 45))
    response = web_app.test_client().get("/maros/gerai")
    assert response.status_code == 200
    body = page_text(response)
    assert "Gerai hari ini" in body
    assert "Gerai 1 · Disdukcapil · Lantai 1 Buka sejak 08.05" in body
    assert "Gerai 2 · Disdukcapil Istirahat sejak 09.45. Alasan: Ibadah" in body
    assert "Jadwal hari ini: 08.00–15.00" in body
    # Gerai 7 opens on Tuesdays only; it is Monday in Maros.
    assert re.search(r"Gerai 7 · Imigrasi · Lantai 2 Tutup\s+Tidak dijadwalkan buka hari ini",
                     body), body


def test_counters_page_reads_the_day_in_the_sites_zone(web_app, clock):
    """Tuesday 00.30 WITA is still Monday in UTC and in Jakarta: Maros shows Tuesday."""
    clock(wita(TUESDAY, 0, 30))
    body = page_text(web_app.test_client().get("/maros/gerai"))
    assert "Gerai 7 · Imigrasi · Lantai 2 Tutup Jadwal hari ini: 08.00–14.00" in body
    ngawi = page_text(web_app.test_client().get("/ngawi/gerai"))
    assert "Gerai 7 · Imigrasi · Lantai 2 Tutup Tidak dijadwalkan buka hari ini" in ngawi


def test_counters_page_on_a_holiday_says_so(web_app, clock):
    with web_app.app_context():
        from mpp_lite.models import ClosedDate
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        db.session.add(ClosedDate(site_id=site.id, date=MONDAY, reason="Cuti bersama"))
        db.session.commit()
    body = page_text(web_app.test_client().get("/maros/gerai"))
    assert body.count("Hari ini MPP tutup: Cuti bersama.") == 3


def test_counters_page_is_linked_from_the_site_home_small_and_script_free(web_app, clock):
    client = web_app.test_client()
    assert 'href="/maros/gerai"' in client.get("/maros/").get_data(as_text=True)
    response = client.get("/maros/gerai", headers={"Accept-Encoding": "gzip"})
    raw = gzip.decompress(response.data) if response.headers.get(
        "Content-Encoding") == "gzip" else response.data
    assert len(response.data) <= 14_000
    html = raw.decode()
    parse(html)  # valid HTML
    assert "style=" not in html and "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script
    assert html.count("<h1") == 1


def test_unknown_site_counters_page_is_404(web_app):
    assert web_app.test_client().get("/nowhere/gerai").status_code == 404


# --- the API ----------------------------------------------------------------------------------

def test_counters_api_shape(web_app, clock):
    set_status(web_app, "Gerai 2", "closed", "Gangguan jaringan", wita(MONDAY, 9, 30))
    response = web_app.test_client().get("/api/v1/sites/maros/counters")
    assert response.status_code == 200 and response.mimetype == "application/json"
    doc = response.json
    assert doc["site"] == "maros" and doc["now"] == "2026-11-23T10:00:00+08:00"
    by_label = {c["label"]: c for c in doc["counters"]}
    assert list(by_label) == ["Gerai 1", "Gerai 2", "Gerai 7"]
    assert by_label["Gerai 2"] == {
        "label": "Gerai 2", "floor": "",
        "agency": {"slug": "disdukcapil", "name": "Dinas Kependudukan dan Pencatatan Sipil",
                   "short_name": "Disdukcapil"},
        "status": "closed", "since": "2026-11-23T09:30:00+08:00",
        "reason": "Gangguan jaringan",
        "scheduled_today": [{"opens": "08:00", "closes": "15:00"}],
        "closed_today_reason": "",
    }
    assert by_label["Gerai 7"]["scheduled_today"] == []
    assert by_label["Gerai 1"]["since"] is None


def test_counters_api_matches_its_openapi_schema(web_app, clock):
    client = web_app.test_client()
    spec = client.get("/api/v1/openapi.json").json
    assert "/sites/{site}/counters" in spec["paths"]
    schema = spec["components"]["schemas"]["CounterStatus"]
    for counter in client.get("/api/v1/sites/maros/counters").json["counters"]:
        assert set(counter) == set(schema["properties"]) == set(schema["required"])


def test_counters_api_unknown_site_is_a_json_404(web_app):
    response = web_app.test_client().get("/api/v1/sites/nowhere/counters")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


# --- warnings on the service page and the booking form ----------------------------------------

def test_service_page_warns_when_its_counter_is_not_scheduled_today(web_app, clock):
    body = page_text(web_app.test_client().get("/maros/layanan/paspor-baru"))
    assert "Gerai 7 tidak dijadwalkan buka hari ini." in body
    clock(wita(TUESDAY, 10))
    assert "tidak dijadwalkan" not in page_text(
        web_app.test_client().get("/maros/layanan/paspor-baru"))


def test_service_page_warns_when_its_counter_is_closed_now_with_the_reason(web_app, clock):
    client = web_app.test_client()
    set_status(web_app, "Gerai 1", "open", "", wita(MONDAY, 8))
    set_status(web_app, "Gerai 2", "open", "", wita(MONDAY, 8))
    body = page_text(client.get("/maros/layanan/ktp-el-baru"))
    assert "sedang tutup" not in body and "sedang istirahat" not in body
    set_status(web_app, "Gerai 1", "closed", "Gangguan jaringan", wita(MONDAY, 9, 30))
    body = page_text(client.get("/maros/layanan/ktp-el-baru"))
    assert "Gerai 1 sedang tutup sejak 09.30. Alasan: Gangguan jaringan" in body
    set_status(web_app, "Gerai 2", "break", "Ibadah", wita(MONDAY, 9, 50))
    body = page_text(client.get("/maros/layanan/ktp-el-baru"))
    assert "Gerai 2 sedang istirahat sejak 09.50. Alasan: Ibadah" in body
    assert 'href="/maros/gerai"' in client.get("/maros/layanan/ktp-el-baru").get_data(
        as_text=True)


def test_a_counter_closed_after_hours_without_a_reason_today_is_not_a_warning(web_app, clock):
    """At 20.00 a closed counter is simply closed for the night, not news."""
    set_status(web_app, "Gerai 1", "closed", "", wita(MONDAY, 15))
    set_status(web_app, "Gerai 2", "closed", "", wita(MONDAY, 15))
    clock(wita(MONDAY, 20))
    assert "sedang tutup" not in page_text(
        web_app.test_client().get("/maros/layanan/ktp-el-baru"))


def test_booking_form_warns_for_the_chosen_day(web_app, clock):
    client = web_app.test_client()
    monday = client.get(f"/maros/layanan/paspor-baru/antre?tanggal={MONDAY.isoformat()}")
    assert "Gerai 7 tidak dijadwalkan buka hari ini." in page_text(monday)
    friday = dt.date(2026, 11, 27)
    response = client.get(f"/maros/layanan/paspor-baru/antre?tanggal={friday.isoformat()}")
    assert "Gerai 7 tidak dijadwalkan buka pada 27 November 2026." in page_text(response)
    clock(wita(TUESDAY, 10))
    set_status(web_app, "Gerai 7", "break", "Istirahat makan siang", wita(TUESDAY, 9, 55))
    response = client.get(f"/maros/layanan/paspor-baru/antre?tanggal={TUESDAY.isoformat()}")
    assert "Gerai 7 sedang istirahat sejak 09.55. Alasan: Istirahat makan siang" in \
        page_text(response)
    bad = client.get("/maros/layanan/paspor-baru/antre?tanggal=bukan-tanggal")
    assert bad.status_code == 200  # an unreadable day: no warning, no error


# --- the counter report -----------------------------------------------------------------------

REPORT = "/kelola/laporan-gerai"
PERIOD = f"dari={MONDAY.isoformat()}&sampai={TUESDAY.isoformat()}"


@pytest.fixture
def history(web_app, clock):
    """Monday: Gerai 1 open 08.30–12.00 and 13.00–15.00 WITA (a break without a reason);
    Gerai 2 open 08.00–15.00; Gerai 7 (Tuesdays) open 08.00–09.00 then closed without a
    reason. Tuesday: Gerai 1 never opened. Report read on Wednesday."""
    clock(wita(dt.date(2026, 11, 25), 9))
    add_changes(web_app, "Gerai 1",
                (wita(MONDAY, 8, 30), "open", ""), (wita(MONDAY, 12), "break", ""),
                (wita(MONDAY, 13), "open", ""), (wita(MONDAY, 15), "closed", "Selesai"))
    add_changes(web_app, "Gerai 2",
                (wita(MONDAY, 8), "open", ""), (wita(MONDAY, 15), "closed", "Selesai"),
                (wita(TUESDAY, 8), "open", ""), (wita(TUESDAY, 15), "closed", "Selesai"))
    add_changes(web_app, "Gerai 7",
                (wita(TUESDAY, 8), "open", ""), (wita(TUESDAY, 9), "closed", ""))
    # Another site's counter with the same label stays out of Maros' report.
    add_changes(web_app, "Gerai 1", (wita(MONDAY, 8), "open", ""), site="ngawi")


def report_rows(html: str) -> dict[str, list[str]]:
    table = parse(html).find(".//table")
    rows = {}
    for tr in table.iter("tr"):
        cells = [text_of(c) for c in tr if c.tag in ("th", "td")]
        if len(cells) > 1:
            rows[cells[0]] = cells[1:]
    return rows


def test_admin_report_per_counter_and_agency_totals(web_app, history):
    client = login(web_app, "admin.maros")
    response = client.get(f"{REPORT}?{PERIOD}")
    assert response.status_code == 200
    rows = report_rows(response.get_data(as_text=True))
    # scheduled, open, open in schedule, coverage, no reason / stops, not opened / scheduled
    assert rows["Gerai 1"][:5] == ["14.00", "5.50", "5.50", "39.3%", "1 / 2"]
    assert rows["Gerai 1"][5].startswith("1 / 2") and rows["Gerai 1"][5].endswith("24/11")
    assert rows["Gerai 2"][:5] == ["14.00", "14.00", "14.00", "100.0%", "0 / 2"]
    assert rows["Gerai 7"][:5] == ["6.00", "1.00", "1.00", "16.7%", "1 / 1"]
    assert rows["Jumlah Disdukcapil"][:5] == ["28.00", "19.50", "19.50", "69.6%", "1 / 4"]
    assert rows["Jumlah Disdukcapil"][5].startswith("1 / 4")
    assert rows["Jumlah Imigrasi"][:2] == ["6.00", "1.00"]


def test_report_csv_has_the_same_figures_as_an_attachment(web_app, history):
    client = login(web_app, "admin.maros")
    response = client.get(f"{REPORT}.csv?{PERIOD}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "laporan-gerai-maros-2026-11-23-2026-11-24.csv" in \
        response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:4] == ["Instansi", "Gerai", "Jam terjadwal", "Jam buka"]
    assert ["Disdukcapil", "Gerai 1", "14.00", "5.50", "5.50", "39.3", "2", "1", "2", "1",
            "2026-11-24"] in rows
    assert ["Disdukcapil", "Jumlah", "28.00", "19.50", "19.50", "69.6", "4", "1", "4", "1",
            "2026-11-24"] in rows
    assert rows[-1][:4] == ["Imigrasi", "Jumlah", "6.00", "1.00"]
    assert len(rows) == 1 + 3 + 2


def test_report_filtered_by_agency(web_app, history):
    client = login(web_app, "admin.maros")
    rows = report_rows(client.get(f"{REPORT}?{PERIOD}&agency=imigrasi").get_data(as_text=True))
    assert "Gerai 7" in rows and "Gerai 1" not in rows


def test_officers_see_their_own_agency_only(web_app, history):
    client = login(web_app, "dukcapil.maros")
    html = client.get(f"{REPORT}?{PERIOD}&agency=imigrasi").get_data(as_text=True)
    rows = report_rows(html)
    assert "Gerai 1" in rows and "Gerai 7" not in rows
    csv_text = client.get(f"{REPORT}.csv?{PERIOD}&agency=imigrasi").get_data(as_text=True)
    assert "Gerai 1" in csv_text and "Gerai 7" not in csv_text and "Imigrasi" not in csv_text


def test_report_refuses_bad_periods_in_indonesian(web_app, history):
    client = login(web_app, "admin.maros")
    response = client.get(f"{REPORT}?dari=kemarin&sampai=2026-11-24")
    assert response.status_code == 422
    assert "Tanggal awal tidak sah" in page_text(response)
    response = client.get(f"{REPORT}?dari=2026-11-24&sampai=2026-11-01")
    assert response.status_code == 422
    assert "Tanggal akhir harus sama dengan atau sesudah tanggal awal." in page_text(response)
    response = client.get(f"{REPORT}?dari=2024-01-01&sampai=2026-11-01")
    assert response.status_code == 422
    assert client.get(f"{REPORT}?{PERIOD}&agency=tidak-ada").status_code == 422
    csv_response = client.get(f"{REPORT}.csv?dari=2026-13-45")
    assert csv_response.status_code == 303


@pytest.mark.parametrize("query", [
    "dari=9999-12-01&sampai=9999-12-31",   # the day after 9999-12-31 overflows
    "dari=0001-01-01&sampai=2026-11-24",   # local midnight of year 1 is below UTC's year 1
    "dari=2026-11-01&sampai=9999-12-31",
    "dari=01/01/0001&sampai=2026-11-24",
    "dari=1999-12-31&sampai=2000-01-01",
])
def test_report_refuses_years_outside_2000_2100_never_500(web_app, history, query):
    client = login(web_app, "admin.maros")
    response = client.get(f"{REPORT}?{query}")
    assert response.status_code == 422
    assert "tidak sah" in page_text(response)
    assert client.get(f"{REPORT}.csv?{query}").status_code == 303


def test_report_services_survive_extreme_dates_handed_directly(web_app, history):
    """Services called without the route's checks (CLI, API) clamp instead of overflowing."""
    now = wita(MONDAY, 12)
    figures = counter_figures(dt.date(9999, 12, 1), dt.date(9999, 12, 31), "Asia/Makassar",
                              [(1, dt.time(8), dt.time(15))], [], now)
    assert figures.scheduled_seconds == 0
    figures = counter_figures(dt.date(1, 1, 1), MONDAY, "Asia/Makassar",
                              [(1, dt.time(8), dt.time(15))], [], now)
    assert figures.scheduled_seconds > 0
    with web_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        assert counter_report(site, dt.date(1, 1, 1), dt.date(9999, 12, 31), now=now)


def test_report_without_dates_covers_this_month_so_far(web_app, history):
    client = login(web_app, "admin.maros")
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'value="2026-11-01"' in html and 'value="2026-11-25"' in html


@pytest.mark.parametrize("username", ["pendamping.maros", "desa.maros"])
def test_assistants_and_village_offices_are_refused_the_report(web_app, username):
    client = login(web_app, username)
    assert client.get(REPORT).status_code == 403
    assert client.get(f"{REPORT}.csv").status_code == 403


def test_anonymous_visitors_are_sent_to_login_from_the_report(web_app):
    client = web_app.test_client()
    for path in (REPORT, f"{REPORT}.csv"):
        response = client.get(path)
        assert response.status_code == 302 and "/staff/login" in response.location


def test_another_sites_admin_sees_only_their_own_site(web_app, history):
    client = login(web_app, "admin.ngawi")
    rows = report_rows(client.get(f"{REPORT}?{PERIOD}").get_data(as_text=True))
    # Ngawi's Gerai 1 was opened 08.00 WITA = 07.00 WIB Monday and never closed.
    assert rows["Gerai 1"][1] != "5.50"
    assert rows["Gerai 1"][2] == "14.00"  # open all through both scheduled days


def test_report_tile_on_the_staff_home(web_app):
    html = login(web_app, "admin.maros").get("/staff/").get_data(as_text=True)
    assert 'href="/kelola/laporan-gerai"' in html
    assert 'href="/kelola/laporan-gerai"' not in login(web_app, "desa.maros").get(
        "/staff/").get_data(as_text=True)
