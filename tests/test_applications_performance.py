"""On-time performance (mpp_lite/applications/performance.py, reports.py): the arithmetic on a
hand-made set of applications (tests/support/performance.py explains every figure), the
managers' page and CSV scoped by role, and the public /<site>/kinerja page: no personal
data, bad periods refused in words, cacheable, small, and a bounded number of queries."""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import gzip
import io

import pytest
import sqlalchemy as sa

from mpp_lite import dates
from mpp_lite.applications import lifecycle
from mpp_lite.applications import performance as perf
from mpp_lite.applications.reports import share_text
from mpp_lite.extensions import db
from mpp_lite.models import Application, Service, Site

from support.catalogs import base_catalog, base_service, base_site
from support.html import page_text
from support.performance import (
    EXPECTED, EXPECTED_AGENCIES, EXPECTED_TOTAL, FIRST, LAST, NAMES, PHONE, TODAY, at, build,
    figures_dict, make_application, performance_sites, table_rows,
)
from support.staff import login

pytestmark = pytest.mark.staff_app(sites=performance_sites)

NOON_TODAY = at(TODAY, 12)


@pytest.fixture
def data(web_app, monkeypatch):
    """The staff app with the hand-made applications, the clock on TODAY (Maros)."""
    codes = build(web_app)
    dates.freeze(monkeypatch, NOON_TODAY)
    return web_app, codes


@contextlib.contextmanager
def counted_queries():
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)


def _maros() -> Site:
    return db.session.scalar(sa.select(Site).filter_by(slug="maros"))


# --- the arithmetic ---------------------------------------------------------------------------

def test_figures_per_service_agency_and_site(data):
    app, _codes = data
    with app.app_context():
        report = perf.performance(_maros(), FIRST, LAST, today=TODAY)
        services = {row.service.slug: figures_dict(row.figures) for row in report.services}
        agencies = {row.agency.slug: figures_dict(row.figures) for row in report.agencies}
        assert services == EXPECTED
        assert agencies == EXPECTED_AGENCIES
        assert figures_dict(report.total) == EXPECTED_TOTAL
        # Agencies by name, services by name within each.
        assert [row.agency.slug for row in report.agencies] == ["disdukcapil", "imigrasi"]
        assert [row.service.slug for row in report.agencies[0].services] == [
            "ktp-el-baru", "kk-perubahan"]


def test_working_days_follow_the_lifecycle_rules(data):
    """The report's one-holiday-set arithmetic gives what lifecycle gives per application."""
    app, codes = data
    with app.app_context():
        site = _maros()
        rows = db.session.scalars(sa.select(Application).where(
            Application.site_id == site.id, Application.completed_on.is_not(None))).all()
        assert len(rows) == 9  # 8 in the period and P9 before it
        holidays = {c.date for c in site.closed_dates}
        for application in rows:
            assert lifecycle.working_days_taken(application, holidays) == \
                lifecycle.working_days_taken(application), application.code
        p3 = lifecycle.get_application(codes["P3"])
        assert p3.paused_days == 3 and lifecycle.working_days_taken(p3) == 3


def test_period_bounds_are_site_days_inclusive(data):
    app, _codes = data
    with app.app_context():
        site = _maros()
        # Only P9 (received 30 November) and P4 (2 December) … in 30 Nov – 2 Dec.
        report = perf.performance(site, dt.date(2026, 11, 30), dt.date(2026, 12, 2),
                                  today=TODAY)
        assert report.total.received == 3  # P9, P3 (1 Dec), P4 (2 Dec)
        assert report.total.completed == 3
        empty = perf.performance(site, dt.date(2025, 1, 1), dt.date(2025, 12, 31), today=TODAY)
        assert empty.agencies == [] and empty.total.received == 0
        assert empty.total.median_days is None and empty.total.on_time_percent is None


def test_one_agency_only(data):
    app, _codes = data
    with app.app_context():
        site = _maros()
        imigrasi = next(a for a in site.agencies if a.slug == "imigrasi")
        report = perf.performance(site, FIRST, LAST, imigrasi.id, today=TODAY)
        assert [row.agency.slug for row in report.agencies] == ["imigrasi"]
        assert figures_dict(report.total) == EXPECTED["paspor-baru"]


def test_overdue_counts_with_the_day_asked_for(data):
    app, _codes = data
    with app.app_context():
        site = _maros()
        # On 31 December P6 was due that very day: not late yet.
        assert perf.performance(site, FIRST, LAST, today=dt.date(2026, 12, 31)) \
            .total.overdue_now == 0
        # On 6 January P10 (due Tuesday 5) is late too; P7 still waits for documents.
        assert perf.performance(site, FIRST, LAST, today=dt.date(2027, 1, 6)) \
            .total.overdue_now == 2


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert perf.Figures(days=[7, 4]).median_days == 5.5
    assert perf.Figures(days=[1, 2, 4, 9]).median_days == 3
    assert perf.Figures(days=[5, 1, 3]).median_days == 3
    assert perf.Figures().median_days is None


@pytest.mark.parametrize("on_time, late, percent", [
    (4, 1, 80), (199, 1, 99), (1, 199, 1), (0, 7, 0), (7, 0, 100), (2, 1, 67), (1, 2, 33),
    (5, 3, 63),  # 62.5 rounds half up
])
def test_percent_is_never_rounded_to_all_or_none(on_time, late, percent):
    assert perf.Figures(on_time=on_time, late=late).on_time_percent == percent


def test_small_numbers_are_shown_as_counts(app):
    with app.test_request_context():
        assert share_text(perf.Figures(on_time=2, late=1)) == "2 dari 3"
        assert share_text(perf.Figures(on_time=4, late=0)) == "4 dari 4"
        assert share_text(perf.Figures(on_time=4, late=1)) == "80% (4 dari 5)"
        assert share_text(perf.Figures(no_promise=3)) == "–"


def test_the_number_of_queries_does_not_grow_with_the_applications(data):
    app, _codes = data
    with app.app_context():
        site = _maros()
        with counted_queries() as before:
            first = perf.performance(site, FIRST, LAST, today=TODAY)
            [row.agency.display_name() for row in first.agencies]
            [row.service.tr("name") for row in first.services]
        for day in range(7, 12):
            for slug in ("paspor-baru", "ktp-el-baru", "kk-perubahan"):
                make_application(slug, dt.date(2026, 12, day), [("ready", dt.date(2026, 12, 18))])
                make_application(slug, dt.date(2026, 12, day),
                                 [("needs_documents", dt.date(2026, 12, 14))])
        db.session.commit()
        site = _maros()  # loaded again after the commit, outside the count
        with counted_queries() as after:
            second = perf.performance(site, FIRST, LAST, today=TODAY)
            [row.agency.display_name() for row in second.agencies]
            [row.service.tr("name") for row in second.services]
        assert second.total.received == EXPECTED_TOTAL["received"] + 30
        assert len(before) == len(after) <= 3, after


def test_default_period_is_the_last_90_days(web_app, monkeypatch):
    with web_app.app_context():
        for received in (TODAY - dt.timedelta(days=89), TODAY - dt.timedelta(days=90)):
            make_application("paspor-baru", received, [])
        db.session.commit()
    dates.freeze(monkeypatch, NOON_TODAY)
    with web_app.app_context():
        site = _maros()
        first, last = perf.period(site, "", "")
        assert (first, last) == (TODAY - dt.timedelta(days=89), TODAY)
        assert perf.performance(site, first, last).total.received == 1
        with pytest.raises(dates.PeriodError) as refused:
            perf.period(site, "2020-01-01", "2026-12-31")
        assert "sampai" in refused.value.errors


# --- the managers' page and CSV ---------------------------------------------------------------

PERIOD = "?dari=2026-12-01&sampai=2026-12-31"


def test_admin_sees_every_agency_with_the_figures(data):
    app, codes = data
    client = login(app, "admin.maros")
    response = client.get("/kelola/kinerja-berkas" + PERIOD)
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    html = response.get_data(as_text=True)
    # received, completed, median, on time, no promise, stopped, open, overdue
    assert table_rows(html, "Per instansi")[1:] == [
        ["Disdukcapil", "5", "3", "4", "1 dari 2", "1", "1", "1", "0"],
        ["Imigrasi", "9", "5", "3", "80% (4 dari 5)", "0", "1", "3", "1"],
        ["Jumlah", "14", "8", "3", "71% (5 dari 7)", "1", "2", "4", "1"],
    ]
    assert table_rows(html, "Per layanan")[1:] == [
        ["Dinas Kependudukan dan Pencatatan Sipil"],
        ["KTP-el baru", "5 hari kerja sejak berkas lengkap janji 5 hari kerja",
         "3", "2", "5,5", "1 dari 2", "0", "1", "0", "0"],
        ["Perubahan Kartu Keluarga", "Tergantung verifikasi data",
         "2", "1", "2", "–", "1", "0", "1", "0"],
        ["Kantor Imigrasi Kelas I TPI Makassar"],
        ["Paspor baru", "3–4 hari kerja janji 3 hari kerja",
         "9", "5", "3", "80% (4 dari 5)", "0", "1", "3", "1"],
    ]
    # No names or codes on a statistics page.
    for name in NAMES:
        assert name not in html
    assert codes["P1"] not in html


def test_admin_may_narrow_to_one_agency_and_is_told_of_an_unknown_one(data):
    app, _codes = data
    client = login(app, "admin.maros")
    text = page_text(client.get("/kelola/kinerja-berkas" + PERIOD + "&instansi=imigrasi"))
    assert "Imigrasi" in text and "Perubahan Kartu Keluarga" not in text
    response = client.get("/kelola/kinerja-berkas" + PERIOD + "&instansi=" + "x" * 500)
    assert response.status_code == 422
    assert "Instansi tidak ada di MPP ini" in page_text(response)


def test_officer_sees_only_their_own_agency(data):
    app, _codes = data
    client = login(app, "imigrasi.maros")
    response = client.get("/kelola/kinerja-berkas" + PERIOD + "&instansi=disdukcapil")
    text = page_text(response)
    assert response.status_code == 200
    assert "Paspor baru" in text
    assert "KTP-el baru" not in text and "Perubahan Kartu Keluarga" not in text
    csv_rows = _csv(client.get("/kelola/kinerja-berkas.csv" + PERIOD + "&instansi=disdukcapil"))
    assert {row[1] for row in csv_rows[1:]} == {"Imigrasi"}


def test_other_roles_are_refused(data):
    app, _codes = data
    client = login(app, "pendamping.maros")
    assert client.get("/kelola/kinerja-berkas").status_code == 403
    assert client.get("/kelola/kinerja-berkas.csv").status_code == 403
    anonymous = app.test_client()
    assert anonymous.get("/kelola/kinerja-berkas").status_code in (302, 303)


def test_the_tool_is_on_the_staff_home_of_officers_and_managers(data):
    app, _codes = data
    for username in ("admin.maros", "dukcapil.maros"):
        assert "Kinerja berkas" in login(app, username).get("/staff/").get_data(as_text=True)


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_csv_holds_the_same_figures(data):
    app, _codes = data
    client = login(app, "admin.maros")
    response = client.get("/kelola/kinerja-berkas.csv" + PERIOD)
    assert "kinerja-berkas-maros-2026-12-01-2026-12-31.csv" in \
        response.headers["Content-Disposition"]
    rows = _csv(response)
    header = rows[0]
    assert header[:5] == ["Tingkat", "Instansi", "Layanan", "Waktu layanan yang diumumkan",
                          "Janji (hari kerja)"]
    by_name = {(row[0], row[2] or row[1]): dict(zip(header, row)) for row in rows[1:]}
    paspor = by_name[("Layanan", "Paspor baru")]
    assert paspor["Janji (hari kerja)"] == "3"
    assert (paspor["Diterima"], paspor["Selesai"], paspor["Ditolak/dibatalkan"],
            paspor["Median hari kerja"], paspor["Selesai dengan janji"], paspor["Tepat waktu"],
            paspor["Persen tepat waktu"], paspor["Selesai tanpa janji"],
            paspor["Masih diproses"], paspor["Terlambat sekarang"]) == (
        "9", "5", "1", "3", "5", "4", "80.0", "0", "3", "1")
    ktp = by_name[("Layanan", "KTP-el baru")]
    assert (ktp["Median hari kerja"], ktp["Persen tepat waktu"]) == ("5.5", "50.0")
    kk = by_name[("Layanan", "Perubahan Kartu Keluarga")]
    assert (kk["Janji (hari kerja)"], kk["Persen tepat waktu"], kk["Selesai tanpa janji"]) == (
        "", "", "1")
    total = by_name[("Jumlah", "")]
    assert (total["Diterima"], total["Selesai"], total["Median hari kerja"],
            total["Tepat waktu"], total["Terlambat sekarang"]) == ("14", "8", "3", "5", "1")
    dukcapil = by_name[("Instansi", "Disdukcapil")]
    assert (dukcapil["Diterima"], dukcapil["Median hari kerja"]) == ("5", "4")
    assert len(rows) == 1 + 2 + 3 + 1
    body = response.get_data(as_text=True)
    for name in NAMES:
        assert name not in body
    assert PHONE not in body


def test_csv_cells_cannot_run_as_formulas(data):
    app, _codes = data
    with app.app_context():
        svc = db.session.scalar(sa.select(Service).filter_by(slug="paspor-baru",
                                                             site_id=_maros().id))
        svc.name = '=HYPERLINK("http://evil.example","klik")'
        svc.processing_time = "+3 hari"
        db.session.commit()
    rows = _csv(login(app, "admin.maros").get("/kelola/kinerja-berkas.csv" + PERIOD))
    service_row = next(row for row in rows if "HYPERLINK" in row[2])
    assert service_row[2].startswith("'=") and service_row[3] == "'+3 hari"


def test_csv_with_a_bad_period_goes_back_to_the_page_with_the_message(data):
    app, _codes = data
    client = login(app, "admin.maros")
    response = client.get("/kelola/kinerja-berkas.csv?dari=2026-12-31&sampai=2026-12-01")
    assert response.status_code == 303
    page = client.get(response.location)
    assert "Tanggal akhir harus sama dengan atau sesudah tanggal awal" in page_text(page)


# --- the public page --------------------------------------------------------------------------

def test_public_page_shows_promise_beside_the_actual_time(data):
    app, _codes = data
    response = app.test_client().get("/maros/kinerja" + PERIOD)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "14 berkas diterima, 8 selesai, 4 masih diproses. Tepat waktu: 71% (5 dari 7)." \
        in page_text(response)
    # Per agency: a list that never scrolls sideways on a phone, with who is late now.
    assert "Disdukcapil: 5 diterima, 3 selesai, tepat waktu 1 dari 2, 0 terlambat sekarang." \
        in page_text(response)
    assert "Imigrasi: 9 diterima, 5 selesai, tepat waktu 80% (4 dari 5), 1 terlambat sekarang." \
        in page_text(response)
    # The published time beside the median; an even count (4 and 7) gives 5,5; too few for
    # a percentage gives the count; a service without a promise says so.
    text = page_text(response)
    for expected in (
            "Dinas Kependudukan dan Pencatatan Sipil KTP-el baru Dijanjikan: 5 hari kerja sejak "
            "berkas lengkap Nyata (median): 5,5 hari kerja Tepat waktu: 1 dari 2 "
            "3 diterima, 2 selesai",
            "Perubahan Kartu Keluarga Dijanjikan: Tergantung verifikasi data Nyata (median): "
            "2 hari kerja Tepat waktu: tanpa janji hari kerja 2 diterima, 1 selesai",
            "Kantor Imigrasi Kelas I TPI Makassar Paspor baru Dijanjikan: 3–4 hari kerja "
            "Nyata (median): 3 hari kerja Tepat waktu: 80% (4 dari 5) 9 diterima, 5 selesai"):
        assert expected in text
    assert 'href="/maros/layanan/paspor-baru"' in html


def test_public_page_in_english(data):
    app, _codes = data
    response = app.test_client().get("/maros/kinerja" + PERIOD,
                                     headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "5.5" in page_text(response)


def test_public_page_has_no_personal_data_and_no_other_site(data):
    app, codes = data
    body = app.test_client().get("/maros/kinerja" + PERIOD).get_data(as_text=True)
    for name in (*NAMES, "Warga Ngawi", PHONE, "Akta kelahiran", "Data tidak sesuai"):
        assert name not in body
    for code in codes.values():
        assert code not in body and code[:4] + "-" + code[4:8] not in body
    ngawi = page_text(app.test_client().get("/ngawi/kinerja" + PERIOD))
    assert "1 berkas diterima, 1 selesai, 0 masih diproses" in ngawi


def test_public_page_for_an_agency_without_promises(web_app, monkeypatch):
    with web_app.app_context():
        make_application("kk-perubahan", dt.date(2026, 12, 7), [("ready", dt.date(2026, 12, 9))])
        db.session.commit()
    dates.freeze(monkeypatch, NOON_TODAY)
    response = web_app.test_client().get("/maros/kinerja" + PERIOD)
    text = page_text(response)
    assert "Disdukcapil: 1 diterima, 1 selesai, 0 terlambat sekarang." in text
    assert "1 berkas diterima, 1 selesai, 0 masih diproses." in text
    assert "masih diproses. Tepat waktu:" not in text
    assert ("Dijanjikan: Selesai di tempat, ±30 menit Nyata (median): 2 hari kerja "
            "Tepat waktu: tanpa janji hari kerja") in text


def test_public_page_with_nothing_in_the_period(data):
    app, _codes = data
    response = app.test_client().get("/maros/kinerja?dari=2025-01-01&sampai=2025-01-31")
    assert response.status_code == 200
    assert "Tidak ada berkas yang diterima pada periode ini." in page_text(response)


def test_public_page_default_period_and_link_from_the_site(data):
    app, _codes = data
    client = app.test_client()
    text = page_text(client.get("/maros/kinerja"))
    # 90 days counted with the first and the last: 7 October 2026 … 4 January 2027, so
    # December and P9 of 30 November.
    assert "7 Oktober 2026 sampai 4 Januari 2027" in text
    assert "15 berkas diterima, 9 selesai" in text
    home = client.get("/maros/").get_data(as_text=True)
    assert 'href="/maros/kinerja"' in home


def test_unknown_site_is_404(web_app):
    assert web_app.test_client().get("/tidak-ada/kinerja").status_code == 404


@pytest.mark.parametrize("query, box, message", [
    ("dari=2026-13-01", "dari", "Tanggal awal tidak sah"),
    ("sampai=9999-12-31", "sampai", "Tanggal akhir tidak sah"),
    ("dari=0001-01-01", "dari", "Tanggal awal tidak sah"),
    ("dari=" + "9" * 5000, "dari", "Tanggal awal tidak sah"),
    ("dari=2026-12-31&sampai=2026-12-01", "sampai", "sesudah tanggal awal"),
    ("dari=2020-01-01&sampai=2026-12-31", "sampai", "Periode paling panjang"),
])
def test_bad_periods_are_refused_in_words(web_app, query, box, message):
    response = web_app.test_client().get("/maros/kinerja?" + query)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message in page_text(response)
    assert f'aria-describedby="{box}-error"' in body
    assert "<title>Kesalahan:" in body
    assert 'value="' + "9" * 100 not in body  # a huge typed value is not echoed whole


@pytest.mark.parametrize("query", ["dari=%00", "dari=%C3%28%FF", "sampai=%zz"])
def test_broken_characters_get_the_friendly_page_not_an_error(web_app, query):
    response = web_app.test_client().get("/maros/kinerja?" + query)
    assert response.status_code == 400
    assert "karakter yang tidak diizinkan" in response.get_data(as_text=True)


def test_public_page_is_cacheable_and_revalidated(data):
    app, _codes = data
    client = app.test_client()
    response = client.get("/maros/kinerja" + PERIOD)
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert "Set-Cookie" not in response.headers
    etag = response.headers["ETag"]
    again = client.get("/maros/kinerja" + PERIOD, headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_public_page_fits_one_round_trip_with_many_services(app, load_catalog, monkeypatch):
    """60 services with applications, long names: still under 14,600 bytes compressed."""
    services = [base_service(slug=f"layanan-{n}", queue_prefix="A",
                             name=f"Layanan perizinan berusaha nomor {n} untuk usaha mikro",
                             processing_time=f"{n % 9 + 1} hari kerja sejak berkas lengkap")
                for n in range(60)]
    load_catalog(base_catalog(base_site(services=services)))
    with app.app_context():
        for n in range(60):
            slug = f"layanan-{n}"
            db.session.scalar(sa.select(Service).filter_by(slug=slug)).processing_days = 3
            for k in range(2):
                make_application(slug, dt.date(2026, 12, 1 + k),
                                 [("ready", dt.date(2026, 12, 7 + k))] if k else [])
        db.session.commit()
    dates.freeze(monkeypatch, NOON_TODAY)
    response = app.test_client().get("/maros/kinerja" + PERIOD,
                                     headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.data).decode()
    assert html.count("layanan-") >= 60
    assert len(response.data) <= 14_600, len(response.data)
