"""Bad input at the edge: control characters, broken encodings, CR/LF in `next=`, integers
beyond the database's range. Each answers 400/404/422 in Indonesian, never a 500, and no
personal data reaches the error log."""
from __future__ import annotations

import logging
import re

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.web.edge import MAX_ID, parse_id, safe_next

from support.booking import book
from support.staff import csrf_token, login, post

CONTROL = ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9f"]
HUGE = str(2**63)


def refused_html(response, status: int = 400) -> str:
    assert response.status_code == status, response.status_code
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "karakter" in page or status == 404
    return page


# --- control characters ------------------------------------------------------------------------

@pytest.mark.parametrize("char", CONTROL)
def test_control_character_in_a_booking_name_is_refused_in_indonesian(open_every_day, char):
    client = open_every_day.test_client()
    response, _data = book(client, name=f"Siti{char}Rahma")
    page = refused_html(response)
    assert "tidak diizinkan" in page
    with open_every_day.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM ticket")) == 0


def test_multi_line_text_is_still_accepted_in_forms(web_app):
    client = web_app.test_client()
    token = csrf_token(client, "/maros/pengaduan")
    response = client.post("/maros/pengaduan", data={
        "csrf_token": token, "agency": "", "service": "", "contact_name": "", "contact": "",
        "body": "Antrean lama.\r\nTidak ada informasi.\tMohon diperbaiki."})
    assert response.status_code == 303


def test_nul_in_a_complaint_is_refused_and_nothing_personal_is_logged(web_app, caplog):
    client = web_app.test_client()
    token = csrf_token(client, "/maros/pengaduan")
    with caplog.at_level(logging.DEBUG):
        response = client.post("/maros/pengaduan", data={
            "csrf_token": token, "agency": "", "service": "", "contact_name": "Siti Rahma",
            "contact": "081234567890", "body": "Antrean lama\x00sekali."})
    refused_html(response)
    assert "Siti Rahma" not in caplog.text and "081234567890" not in caplog.text


@pytest.mark.parametrize("path", ["/maros/layanan/ktp\x00", "/maros/layanan/ktp%00-el",
                                  "/tiket/AB%0D%0ACD", "/maros/layanan/%C3%28"])
def test_control_characters_or_broken_utf8_in_a_path_are_not_found(web_app, path):
    response = web_app.test_client().get(path)
    refused_html(response, 404)


@pytest.mark.parametrize("query", ["q=ktp%00", "q=ktp%0A", "q=%C3%28", "q=%ZZktp", "q%00=1",
                                   "q=%E2%80"])
def test_control_characters_or_broken_encoding_in_a_query_are_refused(web_app, query):
    response = web_app.test_client().get(f"/maros/cari?{query}")
    page = refused_html(response)
    assert "tidak diizinkan" in page


@pytest.mark.parametrize("query", ["q=ktp%00", "q=%C3%28", "q=100%"])
def test_api_query_refusals_are_json(web_app, query):
    response = web_app.test_client().get(f"/api/v1/sites/maros/services?{query}")
    assert response.status_code == 400
    error = response.json["error"]
    assert error["code"] == "invalid_characters" and "q" in error["fields"]
    assert "tidak diizinkan" in error["message"]


def test_api_path_refusals_are_json(web_app):
    response = web_app.test_client().get("/api/v1/tickets/AB%00CD")
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize("payload, field", [
    ({"service": "ktp-el-baru", "name": "Budi\x00", "idempotency_key": "k-000001"}, "name"),
    ({"service": "ktp\x00", "name": "Budi", "idempotency_key": "k-000002"}, "service"),
    ({"service": "ktp-el-baru", "name": "Budi", "idempotency_key": "k\ud800"},
     "idempotency_key"),
    ({"service": "ktp-el-baru", "name": "Budi", "extra": {"deep": ["ok", "x\x1by"]}},
     "extra"),
    ({"service": "ktp-el-baru", "na\x00me": "Budi"}, "na\\u0000me"),
])
def test_control_characters_in_json_values_are_422_naming_the_field(open_every_day, payload,
                                                                      field):
    client = open_every_day.test_client()
    response = client.post("/api/v1/sites/maros/tickets", json=payload,
                           headers={"Accept-Language": "id"})
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.json["error"]
    assert error["code"] == "invalid_characters"
    assert field in error["fields"]
    with open_every_day.app_context():
        assert db.session.scalar(sa.text("SELECT count(*) FROM ticket")) == 0


def test_json_newlines_in_text_values_are_allowed(open_every_day):
    response = open_every_day.test_client().post("/api/v1/sites/maros/tickets", json={
        "service": "ktp-el-baru", "name": "Budi\nSantoso", "idempotency_key": "k-000009"})
    assert response.status_code == 201


def test_invalid_utf8_json_is_400(web_app):
    response = web_app.test_client().post("/api/v1/sites/maros/tickets", data=b'{"name": "\xc3("}',
                                          content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"]["code"] in ("invalid_json", "invalid_characters")


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"a":' * 50_000,
                                  b'{"a":' + b"[" * 5000 + b'"x"' + b"]" * 5000 + b"}"])
def test_deeply_nested_json_is_400_not_a_stack_overflow(web_app, body):
    response = web_app.test_client().post("/api/v1/sites/maros/tickets", data=body,
                                          content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_json"


def test_invalid_utf8_in_a_form_body_is_refused(web_app):
    client = web_app.test_client()
    response = client.post("/maros/pengaduan", data=b"body=%C3%28&csrf_token=x",
                           content_type="application/x-www-form-urlencoded")
    refused_html(response)


def test_messages_follow_the_language(web_app):
    response = web_app.test_client().get("/api/v1/sites/maros/services?q=a%00",
                                         headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "not allowed" in response.json["error"]["message"]


# --- SQL parameters never reach the log --------------------------------------------------------

def test_every_engine_hides_sql_parameters(web_app):
    with web_app.app_context():
        assert db.engine.hide_parameters
        try:
            with db.engine.connect() as connection:
                connection.execute(sa.text("SELECT * FROM no_such_table WHERE x = :p"),
                                   {"p": "Siti Rahma 081234567890"})
        except sa.exc.DBAPIError as error:
            assert "081234567890" not in str(error)
        else:  # pragma: no cover
            pytest.fail("the query should fail")


def test_an_unexpected_error_logs_no_request_body(database_url, caplog):
    from support.database import make_app

    app = make_app(database_url, TESTING=False, PROPAGATE_EXCEPTIONS=False,
                    WTF_CSRF_ENABLED=False)

    @app.post("/__boom")
    def boom():
        raise RuntimeError("boom")

    with caplog.at_level(logging.DEBUG):
        response = app.test_client().post("/__boom", data={"name": "Siti Rahma",
                                                           "phone": "081234567890"})
    assert response.status_code == 500
    assert "boom" in caplog.text
    assert "Siti Rahma" not in caplog.text and "081234567890" not in caplog.text
    with app.app_context():
        db.engine.dispose()


# --- next= --------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", [
    "/maros\r\nSet-Cookie: x=1", "/maros%0d%0aX: y", "\r\n/maros", "//evil.example/",
    "/\\evil.example", "https://evil.example/", "javascript:alert(1)", "/%2F%2Fevil.example",
    "/maros\x00", " //evil.example", "/\t/evil.example", "",
])
def test_unsafe_next_targets_fall_back_to_the_default(target):
    assert safe_next(target, "/home") == "/home"


@pytest.mark.parametrize("target", ["/maros", "/maros/cari?q=ktp&lang=en", "/staff/#x",
                                    "/maros/layanan/ktp-el-baru?x=%20y"])
def test_same_site_paths_are_kept(target):
    assert safe_next(target, "/home") == target


@pytest.mark.parametrize("raw", ["%0d%0a", "/maros%0D%0ALocation:%20//evil", "%0a//evil"])
def test_crlf_in_the_language_switch_next_is_not_an_error(web_app, raw):
    response = web_app.test_client().get(f"/bahasa/en?next={raw}")
    assert response.status_code in (303, 400)
    if response.status_code == 303:
        assert response.location in ("/", "http://mpp.test/")
        assert "\n" not in response.headers["Location"]


def test_crlf_in_the_login_next_is_not_an_error(web_app):
    client = web_app.test_client()
    token = csrf_token(client, "/staff/login")
    response = client.post("/staff/login?next=/staff/%0d%0aX:%20y", data={
        "username": "admin.maros", "password": "test-password-123", "csrf_token": token})
    assert response.status_code in (303, 400)
    assert "\n" not in response.headers.get("Location", "")


# --- integers beyond the database's range -------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("1", 1), ("42", 42), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), (HUGE, None),
    ("0", None), ("-1", None), ("", None), (None, None), ("²", None), ("١٢", None),
    (" 7 ", 7), ("7a", None), ("0" * 40 + "7", None),
])
def test_parse_id_accepts_only_database_sized_positive_integers(raw, expected):
    assert parse_id(raw) == expected


def test_huge_ids_in_admin_forms_and_filters_are_not_errors(web_app):
    admin = login(web_app, "admin.maros")
    for path in (f"/kelola/audit?oleh={HUGE}", "/kelola/audit?oleh=%C2%B2",
                 f"/kelola/pengaduan?halaman={HUGE}", f"/kelola/laporan-gerai?agency={HUGE}",
                 f"/kelola/akun?page={HUGE}"):
        assert admin.get(path).status_code < 500, path
    response = post(admin, "/kelola/gerai/baru", label="Gerai 9", agency=HUGE, floor="",
                    location="")
    assert response.status_code < 500
    response = post(admin, "/kelola/akun/baru", username="baru.maros", display_name="Baru",
                    role="officer", agency=HUGE, village_name="",
                    password="sandi-panjang-sekali")
    assert response.status_code < 500
    response = post(admin, "/kelola/gerai/baru", label="Gerai 9", agency="²", floor="",
                    location="")
    assert response.status_code < 500


def test_max_id_matches_the_url_converter(web_app):
    assert web_app.test_client().get(f"/kelola/pengaduan/{MAX_ID + 1}").status_code in (
        302, 404)


@pytest.mark.parametrize("query", ["site=ngawi", "_external=1", "_anchor=x", "page=2&_scheme=ftp"])
def test_page_links_keep_only_the_querys_own_arguments(demo_client, query):
    """?site= (a path part's name) or url_for's own options in a query: the list still shows,
    and its page links neither clash with the path nor turn absolute or anchored."""
    response = demo_client.get(f"/maros/layanan/?{query}")
    assert response.status_code == 200
    links = re.findall(r'href="([^"]*page=\d+[^"]*)"', response.get_data(as_text=True))
    assert links and all(link.startswith("/maros/layanan/?") for link in links)
    assert not any("_external" in link or "#" in link or "site=" in link for link in links)
