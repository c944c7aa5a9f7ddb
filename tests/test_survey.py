"""The satisfaction survey (SKM) of a finished ticket: the no-JavaScript form, once per ticket,
refused before the service is done, the JSON API, the public IKM page and API, the CSV report."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.feedback import services as feedback
from mpp_lite.feedback.services import SurveyError, submit_survey
from mpp_lite.models import SurveyResponse, Ticket

from support.catalogs import load_queue_catalog
from support.database import make_app
from support.queue import book, new_ticket, service
from support.staff import CSRF, login


ALL_THREE = [3] * 9


def responses(app) -> list[SurveyResponse]:
    with app.app_context():
        return list(db.session.scalars(sa.select(SurveyResponse)))


def form_data(client, path: str, answers=ALL_THREE, comment: str = "") -> dict[str, str]:
    token = CSRF.search(client.get(path).get_data(as_text=True)).group(1)
    data = {"csrf_token": token, "comment": comment}
    data.update({f"u{i}": str(a) for i, a in enumerate(answers, 1) if a is not None})
    return data


# --- the form (no JavaScript) -----------------------------------------------------------------

def test_done_ticket_page_invites_the_survey_and_the_form_works_without_js(web_app):
    client = web_app.test_client()
    code = new_ticket(web_app)
    page = client.get(f"/tiket/{code}").get_data(as_text=True)
    assert f"/tiket/{code}/survei" in page and "Isi survei" in page

    form = client.get(f"/tiket/{code}/survei").get_data(as_text=True)
    assert form.count('type="radio"') == 36 and form.count("<fieldset") == 9
    assert "Sangat sopan dan ramah" in form and "Gratis" in form and "<script>" not in form
    response = client.post(f"/tiket/{code}/survei",
                           data=form_data(client, f"/tiket/{code}/survei",
                                          [4, 3, 2, 1, 4, 3, 2, 1, 4], "Ruang tunggu panas"))
    assert response.status_code == 303 and response.location.endswith("/survei/terima-kasih")
    assert "Terima kasih" in client.get(response.location).get_data(as_text=True)
    (saved,) = responses(web_app)
    assert saved.answers == [4, 3, 2, 1, 4, 3, 2, 1, 4] and saved.comment == "Ruang tunggu panas"
    with web_app.app_context():
        ticket = db.session.scalar(sa.select(Ticket).filter_by(code=code))
        assert (saved.service_id, saved.agency_id, saved.site_id) == (
            ticket.service_id, ticket.service.agency_id, ticket.site_id)
    assert "sudah diisi" in client.get(f"/tiket/{code}").get_data(as_text=True)


def test_missing_answers_show_the_form_again_and_save_nothing(web_app):
    client = web_app.test_client()
    code = new_ticket(web_app)
    data = form_data(client, f"/tiket/{code}/survei", [4, 4, 4, None, 4, 4, 4, 4, 4])
    response = client.post(f"/tiket/{code}/survei", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Pilih salah satu jawaban." in page
    assert "<title>Kesalahan:" in page and "checked id=\"u1-3\"" in page  # kept answers
    data["u1"] = "7"
    assert client.post(f"/tiket/{code}/survei", data=data).status_code == 422
    assert responses(web_app) == []


def test_one_survey_per_ticket(web_app):
    client = web_app.test_client()
    code = new_ticket(web_app)
    data = form_data(client, f"/tiket/{code}/survei")
    assert client.post(f"/tiket/{code}/survei", data=data).status_code == 303
    again = client.post(f"/tiket/{code}/survei", data=data)
    assert again.status_code == 303 and again.location.endswith("/survei/terima-kasih")
    assert client.get(f"/tiket/{code}/survei").status_code == 303
    assert len(responses(web_app)) == 1


def test_a_race_lost_to_the_unique_constraint_is_a_friendly_refusal(web_app, monkeypatch):
    """Two submissions past the check at once: the database keeps one, the other is told."""
    code = new_ticket(web_app)
    with web_app.app_context():
        ticket = db.session.scalar(sa.select(Ticket).filter_by(code=code))
        submit_survey(ticket, ALL_THREE)
        db.session.commit()
        monkeypatch.setattr(feedback, "check_surveyable", lambda t: None)
        with pytest.raises(SurveyError) as refusal:
            submit_survey(ticket, [4] * 9)
        assert refusal.value.code == "already_answered"
    assert len(responses(web_app)) == 1


@pytest.mark.parametrize("status", ["waiting", "called", "serving", "no_show", "cancelled"])
def test_survey_is_refused_before_the_ticket_is_done(web_app, status):
    client = web_app.test_client()
    code = new_ticket(web_app, status=status)
    assert "/survei" not in client.get(f"/tiket/{code}").get_data(as_text=True)
    response = client.get(f"/tiket/{code}/survei")
    assert response.status_code == 409
    assert "setelah layanan untuk tiket ini selesai" in response.get_data(as_text=True)
    token = CSRF.search(client.get("/maros/pengaduan").get_data(as_text=True)).group(1)
    answers = {f"u{i}": "4" for i in range(1, 10)}
    response = client.post(f"/tiket/{code}/survei", data={"csrf_token": token, **answers})
    assert response.status_code == 409
    assert responses(web_app) == []


def test_unknown_ticket_is_404(web_app):
    assert web_app.test_client().get("/tiket/nope/survei").status_code == 404


def test_submissions_are_rate_limited(database_url):
    app = make_app(database_url, FEEDBACK_RATE_LIMIT="2 per minute")
    try:
        load_queue_catalog(app)
        client = app.test_client()
        codes = [new_ticket(app) for _ in range(3)]
        statuses = [client.post(f"/api/v1/tickets/{c}/survey", json={"answers": ALL_THREE})
                    .status_code for c in codes]
        assert statuses == [201, 201, 429]
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


# --- the JSON API -----------------------------------------------------------------------------

def test_api_survey_201_then_409(web_app):
    client = web_app.test_client()
    code = new_ticket(web_app)
    first = client.post(f"/api/v1/tickets/{code}/survey",
                        json={"answers": [4, 4, 3, 3, 2, 2, 1, 1, 4], "comment": "Cepat"})
    assert first.status_code == 201
    assert first.json["answers"] == [4, 4, 3, 3, 2, 2, 1, 1, 4] and first.json["ticket"] == code
    second = client.post(f"/api/v1/tickets/{code}/survey", json={"answers": ALL_THREE})
    assert second.status_code == 409 and second.json["error"]["code"] == "already_answered"
    assert [r.answers for r in responses(web_app)] == [[4, 4, 3, 3, 2, 2, 1, 1, 4]]


@pytest.mark.parametrize("body", [
    {"answers": [3] * 8}, {"answers": [3] * 10}, {"answers": [0] + [3] * 8},
    {"answers": [5] + [3] * 8}, {"answers": ["3"] * 9}, {"answers": [True] * 9}, {},
    {"answers": ALL_THREE, "comment": 5}, {"answers": ALL_THREE, "comment": "x" * 1001},
])
def test_api_survey_invalid_is_422(web_app, body):
    code = new_ticket(web_app)
    response = web_app.test_client().post(f"/api/v1/tickets/{code}/survey", json=body)
    assert response.status_code == 422 and response.json["error"]["fields"]
    assert responses(web_app) == []


def test_api_survey_not_done_unknown_and_not_json(web_app):
    client = web_app.test_client()
    waiting = new_ticket(web_app, status="waiting")
    response = client.post(f"/api/v1/tickets/{waiting}/survey", json={"answers": ALL_THREE})
    assert response.status_code == 409 and response.json["error"]["code"] == "not_done"
    assert client.post("/api/v1/tickets/nope/survey",
                       json={"answers": ALL_THREE}).status_code == 404
    done = new_ticket(web_app)
    assert client.post(f"/api/v1/tickets/{done}/survey", data="x").status_code == 400


# --- IKM results ------------------------------------------------------------------------------

def add_responses(app, rows, slug="ktp-el-baru", site="maros", day=dt.date(2026, 3, 2),
                  comment="", window=None):
    with app.app_context():
        svc = service(slug, site)
        for answers in rows:
            ticket = book(slug, site=site, window=window)
            ticket.status = "done"
            db.session.add(SurveyResponse(
                ticket_id=ticket.id, site_id=svc.site_id, agency_id=svc.agency_id,
                service_id=svc.id, day=day, comment=comment,
                **{f"u{i}": a for i, a in enumerate(answers, 1)}))
        db.session.commit()


def test_ikm_api(web_app):
    client = web_app.test_client()
    add_responses(web_app, [[4] * 9, [3] * 9, [2, 3, 4, 1, 2, 3, 4, 3, 2]])
    add_responses(web_app, [[1] * 9], slug="paspor-baru")
    add_responses(web_app, [[1] * 9], day=dt.date(2025, 12, 31))  # outside the period
    add_responses(web_app, [[1] * 9], site="ngawi")                  # another site
    base = "/api/v1/sites/maros/ikm?from=2026-01-01&to=2026-12-31"
    data = client.get(base + "&service=ktp-el-baru").json
    assert data["ikm"] == 80.56 and data["grade"] == "B" and data["respondents"] == 3
    assert data["elements"] == [3.0, 3.33, 3.67, 2.67, 3.0, 3.33, 3.67, 3.33, 3.0]
    everything = client.get(base).json
    assert everything["respondents"] == 4
    assert client.get(base + "&agency=imigrasi").json["ikm"] == 25.0
    empty = client.get("/api/v1/sites/maros/ikm?from=2024-01-01&to=2024-12-31").json
    assert empty == {**empty, "ikm": None, "grade": None, "respondents": 0, "elements": []}
    one_day = client.get("/api/v1/sites/maros/ikm?from=2026-03-02&to=2026-03-02").json
    assert one_day["respondents"] == 4  # both ends inclusive


@pytest.mark.parametrize("query", ["from=2026-13-01", "from=kemarin",
                                   "from=2026-05-01&to=2026-04-01", "agency=nope",
                                   "service=nope"])
def test_ikm_api_refuses_bad_periods_and_unknown_filters(web_app, query):
    response = web_app.test_client().get(f"/api/v1/sites/maros/ikm?{query}")
    assert response.status_code == 422 and response.json["error"]["fields"]


def test_ikm_api_unknown_site_and_default_period(web_app):
    client = web_app.test_client()
    assert client.get("/api/v1/sites/nowhere/ikm").status_code == 404
    data = client.get("/api/v1/sites/maros/ikm").json
    assert data["from"].endswith("-01-01") and data["respondents"] == 0


def test_ikm_api_names_the_refused_parameter(web_app):
    def fields(query: str) -> set[str]:
        return set(web_app.test_client().get(f"/api/v1/sites/maros/ikm?{query}")
                   .json["error"]["fields"])

    assert fields("from=kemarin") == {"from"}
    assert fields("to=2026-13-01") == {"to"}
    assert fields("from=2026-05-01&to=2026-04-01") == {"to"}  # the end before the start


def test_public_ikm_page(web_app):
    client = web_app.test_client()
    home = client.get("/maros/").get_data(as_text=True)
    assert "/maros/ikm" in home and "/maros/pengaduan" in home  # footer links
    empty = client.get("/maros/ikm?dari=2026-01-01&sampai=2026-12-31").get_data(as_text=True)
    assert "Belum ada warga yang mengisi survei" in empty
    add_responses(web_app, [[4] * 9, [3] * 9, [2, 3, 4, 1, 2, 3, 4, 3, 2]])
    add_responses(web_app, [[4] * 9], slug="paspor-baru")
    page = client.get("/maros/ikm?dari=2026-01-01&sampai=2026-12-31").get_data(as_text=True)
    assert "85,42" in page and "Mutu B: Baik" in page  # 25 × 123 / 36
    assert "Dari 4 responden." in page
    assert "U6 Kompetensi petugas</td><td>3,50" in page
    assert "80,56" in page and "100,00" in page                  # per service rows
    assert "Kantor Imigrasi" in page and "Dinas Kependudukan" in page  # per agency rows
    assert page.count("<h1") == 1
    bad = client.get("/maros/ikm?dari=2026-02-30")
    assert bad.status_code == 422 and "Tanggal awal tidak sah" in bad.get_data(as_text=True)
    assert client.get("/maros/ikm?dari=2026-05-01&sampai=2026-01-01").status_code == 422
    assert client.get("/nowhere/ikm").status_code == 404


# --- CSV report -------------------------------------------------------------------------------

def test_csv_report_for_the_manager(web_app):
    add_responses(web_app, [[4] * 9, [3] * 9, [2, 3, 4, 1, 2, 3, 4, 3, 2]])
    add_responses(web_app, [[1] * 9], slug="paspor-baru")
    client = login(web_app, "admin.maros")
    assert "/kelola/ikm" in client.get("/staff/").get_data(as_text=True)
    assert client.get("/kelola/ikm").status_code == 200
    response = client.get("/kelola/ikm.csv?dari=2026-01-01&sampai=2026-12-31")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "ikm-maros-2026-01-01-2026-12-31.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:3] == ["Layanan", "Instansi", "Responden"] and rows[0][-2:] == ["IKM", "Mutu"]
    assert len(rows[0]) == 14
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["KTP-el baru"][2:] == ["3", "3.00", "3.33", "3.67", "2.67", "3.00", "3.33",
                                          "3.67", "3.33", "3.00", "80.56", "B"]
    assert by_name["Paspor baru"][-2:] == ["25.00", "D"]
    assert rows[-1][0].startswith("Total") and rows[-1][2] == "4" and rows[-1][-1] == "C"
    assert "Perubahan Kartu Keluarga" not in by_name  # no respondents, no row
    bad = client.get("/kelola/ikm.csv?dari=nanti")
    assert bad.status_code == 303


def test_csv_report_is_for_the_managers_own_site_only(web_app):
    add_responses(web_app, [[4] * 9])
    ngawi = login(web_app, "admin.ngawi").get("/kelola/ikm.csv?dari=2026-01-01&sampai=2026-12-31")
    assert ngawi.status_code == 200 and "KTP-el baru" not in ngawi.get_data(as_text=True)
    for username in ("pendamping.maros", "desa.maros"):
        assert login(web_app, username).get("/kelola/ikm.csv").status_code == 403
        assert login(web_app, username).get("/kelola/ikm").status_code == 403
        assert login(web_app, username).get("/kelola/ikm/saran.csv").status_code == 403
    anonymous = web_app.test_client().get("/kelola/ikm.csv")
    assert anonymous.status_code == 302 and "/staff/login" in anonymous.location


def test_openapi_describes_the_feedback_routes(web_app):
    paths = web_app.test_client().get("/api/v1/openapi.json").json["paths"]
    assert "post" in paths["/tickets/{code}/survey"] and "get" in paths["/sites/{site}/ikm"]


def test_survey_day_is_the_sites_local_day(web_app):
    """16.30 UTC on 1 March is already 2 March in Maros (WITA, UTC+8)."""
    code = new_ticket(web_app)
    with web_app.app_context():
        ticket = db.session.scalar(sa.select(Ticket).filter_by(code=code))
        saved = submit_survey(ticket, ALL_THREE,
                              now=dt.datetime(2026, 3, 1, 16, 30, tzinfo=dt.timezone.utc))
        db.session.commit()
        assert saved.day == dt.date(2026, 3, 2)


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_csv_report_has_a_row_per_agency_after_its_services(web_app):
    """Item 10: the public page shows per-agency results; the CSV must too."""
    add_responses(web_app, [[4] * 9, [3] * 9, [2, 3, 4, 1, 2, 3, 4, 3, 2]])
    add_responses(web_app, [[2] * 9], slug="kk-perubahan", window="10:00")
    add_responses(web_app, [[1] * 9], slug="paspor-baru")
    response = login(web_app, "admin.maros").get(
        "/kelola/ikm.csv?dari=2026-01-01&sampai=2026-12-31")
    rows = csv_rows(response)
    labels = [(row[0], row[1]) for row in rows[1:]]
    dukcapil = next(name for first, name in labels if first == "KTP-el baru")
    imigrasi = next(name for first, name in labels if first == "Paspor baru")
    # agencies by name (Dinas … before Kantor …), each one's services, then its total
    assert labels == [("KTP-el baru", dukcapil), ("Perubahan Kartu Keluarga", dukcapil),
                      ("Semua layanan instansi", dukcapil), ("Paspor baru", imigrasi),
                      ("Semua layanan instansi", imigrasi), (rows[-1][0], "")]
    agency_rows = {row[1]: row for row in rows[1:] if row[0] == "Semua layanan instansi"}
    # Dukcapil: (36 + 27 + 24 + 18) / 36 × 25 = 72.92 (C), the NRR of U1 = (4+3+2+2)/4
    assert agency_rows[dukcapil][2] == "4" and agency_rows[dukcapil][-2:] == ["72.92", "C"]
    assert agency_rows[dukcapil][3] == "2.75"
    assert agency_rows[imigrasi][2] == "1" and agency_rows[imigrasi][-2:] == ["25.00", "D"]
    assert rows[-1][0].startswith("Total") and rows[-1][2] == "5"


def test_an_officer_sees_their_own_agencys_ikm_only(web_app):
    """Item 10: an officer reads their agency's IKM on /kelola/ikm and downloads its CSV."""
    add_responses(web_app, [[4] * 9, [3] * 9], comment="Petugas ramah")
    add_responses(web_app, [[1] * 9], slug="paspor-baru", comment="Antrean lama sekali")
    officer = login(web_app, "imigrasi.maros")
    assert "/kelola/ikm" in officer.get("/staff/").get_data(as_text=True)
    page = officer.get("/kelola/ikm?dari=2026-01-01&sampai=2026-12-31")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "25,00" in html and "Paspor baru" in html
    assert "KTP-el baru" not in html and "87,50" not in html
    assert "Per instansi" not in html
    assert "Antrean lama sekali" not in html  # comments are for the manager
    response = officer.get("/kelola/ikm.csv?dari=2026-01-01&sampai=2026-12-31")
    assert response.status_code == 200
    assert "ikm-maros-imigrasi-2026-01-01-2026-12-31.csv" in response.headers[
        "Content-Disposition"]
    rows = csv_rows(response)
    assert [row[0] for row in rows[1:]] == ["Paspor baru", "Semua layanan instansi"]
    assert rows[-1][2] == "1" and rows[-1][-2:] == ["25.00", "D"]
    assert officer.get("/kelola/ikm/saran.csv").status_code == 403
    empty = login(web_app, "dukcapil.maros").get(
        "/kelola/ikm.csv?dari=2024-01-01&sampai=2024-12-31")
    assert [row[0] for row in csv_rows(empty)[1:]] == ["Semua layanan instansi"]
    assert csv_rows(empty)[-1][2] == "0"


def test_the_manager_reads_the_comments_by_period_and_service(web_app):
    """Item 5: comments were stored but never shown."""
    add_responses(web_app, [[3] * 9], comment="Ruang tunggu panas")
    add_responses(web_app, [[3] * 9])  # no comment: not listed
    add_responses(web_app, [[2] * 9], slug="paspor-baru", comment="Loket paspor sering kosong")
    add_responses(web_app, [[2] * 9], day=dt.date(2025, 6, 1), comment="Tahun lalu")
    add_responses(web_app, [[2] * 9], site="ngawi", comment="Dari Ngawi")
    admin = login(web_app, "admin.maros")
    html = admin.get("/kelola/ikm?dari=2026-01-01&sampai=2026-12-31").get_data(as_text=True)
    assert "Ruang tunggu panas" in html and "Loket paspor sering kosong" in html
    assert "Tahun lalu" not in html and "Dari Ngawi" not in html
    only = admin.get("/kelola/ikm?dari=2026-01-01&sampai=2026-12-31&layanan=paspor-baru")
    assert "Ruang tunggu panas" not in only.get_data(as_text=True)
    assert "Loket paspor sering kosong" in only.get_data(as_text=True)
    assert "Tidak ada saran" in admin.get(
        "/kelola/ikm?dari=2024-01-01&sampai=2024-12-31").get_data(as_text=True)


def test_the_comments_are_paginated(web_app):
    add_responses(web_app, [[3] * 9] * 23, comment="Saran yang sama")
    admin = login(web_app, "admin.maros")
    first = admin.get("/kelola/ikm?dari=2026-01-01&sampai=2026-12-31").get_data(as_text=True)
    assert first.count("Saran yang sama") == 20 and 'rel="next"' in first
    second = admin.get("/kelola/ikm?dari=2026-01-01&sampai=2026-12-31&page=2")
    assert second.get_data(as_text=True).count("Saran yang sama") == 3


def test_comments_csv_escapes_formulas_including_tab_and_carriage_return(web_app):
    """Items 5 and 6: citizens type the comments; a spreadsheet must never run them."""
    for comment in ("=HYPERLINK(\"http://x\")", "\t=1+1", "\r=1+1", "+62 812", "Biasa saja"):
        add_responses(web_app, [[3] * 9], comment=comment)
    response = login(web_app, "admin.maros").get(
        "/kelola/ikm/saran.csv?dari=2026-01-01&sampai=2026-12-31")
    assert response.status_code == 200
    assert "saran-skm-maros-2026-01-01-2026-12-31.csv" in response.headers[
        "Content-Disposition"]
    rows = csv_rows(response)
    comments = sorted(row[-1] for row in rows[1:])
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in comments)
    assert "'\t=1+1" in comments and "'=HYPERLINK(\"http://x\")" in comments
    assert "Biasa saja" in comments and rows[1][1] == "KTP-el baru" and rows[1][3] == "75.00"


@pytest.mark.parametrize("value, quoted", [
    ("=SUM(A1)", True), ("+1", True), ("-1", True), ("@x", True), ("\tx", True),
    ("\rx", True), ("x=1", False), ("", False), (12, False),
])
def test_safe_cell(value, quoted):
    from mpp_lite.csv_export import safe_cell
    assert safe_cell(value) == ("'" if quoted else "") + str(value)


@pytest.mark.parametrize("query", ["dari=9999-12-01&sampai=9999-12-31", "dari=0001-01-01",
                                   "sampai=9999-12-31", "dari=1999-12-31"])
def test_years_outside_2000_to_2100_are_refused_not_a_500(web_app, query):
    """Item 3 (feedback part): the period goes through dates.parse_day."""
    client = web_app.test_client()
    page = client.get(f"/maros/ikm?{query}")
    assert page.status_code == 422 and "tidak sah. Isi dengan format TTTT-BB-HH" in \
        page.get_data(as_text=True)
    api = client.get("/api/v1/sites/maros/ikm?" + query.replace("dari", "from")
                     .replace("sampai", "to"))
    assert api.status_code == 422 and api.json["error"]["fields"]
    admin = login(web_app, "admin.maros")
    assert admin.get(f"/kelola/ikm?{query}").status_code == 422
    assert admin.get(f"/kelola/ikm.csv?{query}").status_code == 303
    assert admin.get(f"/kelola/ikm/saran.csv?{query}").status_code == 303


def test_typed_day_month_year_is_accepted(web_app):
    data = web_app.test_client().get("/api/v1/sites/maros/ikm?from=01/03/2026&to=31.03.2026")
    assert data.status_code == 200 and data.json["from"] == "2026-03-01"
