"""The application endpoints of the JSON API (mpp_lite/api/applications.py): an agency system
creates and updates its own applications with a bearer token; anyone with the code reads a
public status without personal data. Every status code, idempotent retries by header and by
event id, privacy, bad input of every kind, the rate limit and the OpenAPI document."""
from __future__ import annotations

import datetime as dt
import json
import secrets

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mpp_lite import dates
from mpp_lite.applications import tokens
from mpp_lite.extensions import db
from mpp_lite.models import Application, ApplicationEvent, NotificationEvent

from support.agency_api import bearer, make_token, set_processing_days, token_row
from support.catalogs import load_queue_catalog
from support.database import dispose, make_app
from support.queue import NOW, book, service

CREATE = "/api/v1/sites/maros/applications"
NAME, PHONE = "Siti Aminah Rahman", "081234567890"


@pytest.fixture
def api(web_app, monkeypatch):
    """Maros and Ngawi with their staff; the clock at Tuesday 24 November 2026, 10.00 WITA;
    passports promised in 3 working days; a token of Imigrasi Maros."""
    dates.freeze(monkeypatch, NOW)
    set_processing_days(web_app, "paspor-baru", 3)
    web_app.token_id, web_app.token = make_token(web_app, "imigrasi")
    return web_app


def create(client, token: str, key: str | None = None, **body):
    data = {"service": "paspor-baru", "applicant_name": NAME, "phone": PHONE,
            "documents": ["KTP-el asli", "Kartu Keluarga"], "note": "Catatan petugas rahasia",
            **body}
    headers = bearer(token, **({"Idempotency-Key": key} if key else {}))
    return client.post(CREATE, json=data, headers=headers)


def event(client, token: str, code: str, key: str | None = None, **body):
    headers = bearer(token, **({"Idempotency-Key": key} if key else {}))
    return client.post(f"/api/v1/applications/{code}/events", json=body, headers=headers)


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# --- create -----------------------------------------------------------------------------------

def test_create_answers_201_with_code_url_status_due_date_and_timeline(api):
    client = api.test_client()
    response = create(client, api.token)
    assert response.status_code == 201, response.json
    data = response.json
    code = data["code"]
    assert data["status"] == "received" and data["status_label"] == "Berkas diterima"
    assert data["url"] == f"http://mpp.test/berkas/{code}"
    # Tuesday + 3 working days = Friday.
    assert data["received_on"] == "2026-11-24" and data["due_date"] == "2026-11-27"
    assert data["overdue"] is False and data["processing_days"] == 3
    assert data["service"] == {"slug": "paspor-baru", "name": "Paspor baru"}
    assert data["site"]["slug"] == "maros"
    assert [row["status"] for row in data["timeline"]] == ["received"]
    assert data["timeline"][0]["at"] == "2026-11-24T10:00:00+08:00"
    assert data["timeline"][0]["source"] == "api"
    assert response.headers["Location"].endswith(f"/api/v1/applications/{code}")
    assert NAME not in response.get_data(as_text=True)
    with api.app_context():
        stored = db.session.scalar(sa.select(Application).filter_by(code=code))
        assert stored.applicant_name == NAME and stored.phone == PHONE
        assert stored.token_id == api.token_id and stored.agency.slug == "imigrasi"
        assert stored.events[0].source == "api" and stored.events[0].token_id == api.token_id
        assert count(NotificationEvent) == 1


def test_create_links_a_ticket_of_the_site(api):
    with api.app_context():
        ticket = book("paspor-baru")
        db.session.commit()
        ticket_code, ticket_id = ticket.code, ticket.id
    response = create(api.test_client(), api.token, ticket=ticket_code)
    assert response.status_code == 201
    with api.app_context():
        stored = db.session.scalar(sa.select(Application).filter_by(code=response.json["code"]))
        assert stored.ticket_id == ticket_id


def test_a_retried_create_with_the_same_key_returns_the_same_application(api):
    client = api.test_client()
    first = create(client, api.token, key="siap-2026-0001")
    again = create(client, api.token, key="siap-2026-0001")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json["code"] == again.json["code"]
    other = create(client, api.token, key="siap-2026-0001", applicant_name="Orang Lain")
    assert other.status_code == 409 and "idempotency_key" in other.json["error"]["fields"]
    with api.app_context():
        assert count(Application) == 1


def test_two_agencies_may_use_the_same_key(api):
    dukcapil = make_token(api, "disdukcapil")[1]
    client = api.test_client()
    first = create(client, api.token, key="1")
    second = create(client, dukcapil, key="1", service="ktp-el-baru")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json["code"] != second.json["code"]


def test_no_bad_or_revoked_token_gets_401_with_a_bearer_challenge(api):
    client = api.test_client()
    missing = client.post(CREATE, json={"service": "paspor-baru", "applicant_name": NAME})
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    assert missing.json["error"]["code"] == "unauthorized"
    for header in ("Bearer mppa_" + "x" * 43, "Basic " + api.token, api.token, "Bearer",
                   "Bearer " + api.token + "x", "Bearer " + api.token[:-1], "Bearer \x00"):
        response = client.post(CREATE, json={"service": "paspor-baru", "applicant_name": NAME},
                               headers={"Authorization": header})
        assert response.status_code == 401, header
        assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]
    with api.app_context():
        tokens.revoke(token_row(api.token_id))
        db.session.commit()
    assert create(client, api.token).status_code == 401
    with api.app_context():
        assert count(Application) == 0


def test_another_agencys_service_or_another_sites_token_is_403(api):
    client = api.test_client()
    response = create(client, api.token, service="ktp-el-baru")  # Disdukcapil's
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    ngawi = make_token(api, "disdukcapil", site="ngawi")[1]
    assert create(client, ngawi, service="ktp-el-baru").status_code == 403
    with api.app_context():
        assert count(Application) == 0


def test_an_unknown_site_is_404(api):
    response = api.test_client().post("/api/v1/sites/nowhere/applications",
                                      json={"service": "paspor-baru", "applicant_name": NAME},
                                      headers=bearer(api.token))
    assert response.status_code == 404 and response.mimetype == "application/json"


@pytest.mark.parametrize(("body", "field"), [
    ({"applicant_name": 42}, "applicant_name"),
    ({"applicant_name": ""}, "applicant_name"),
    ({"applicant_name": "x" * 81}, "applicant_name"),
    ({"applicant_name": "a" * 100_000}, "applicant_name"),
    ({"phone": "bukan nomor"}, "phone"),
    ({"phone": ["0812"]}, "phone"),
    ({"documents": "KTP"}, "documents"),
    ({"documents": [1, 2]}, "documents"),
    ({"documents": ["x" * 501]}, "documents"),
    ({"note": {"a": 1}}, "note"),
    ({"service": "tidak-ada"}, "service"),
    ({"service": None}, "service"),
    ({"service": 10**30}, "service"),
    ({"ticket": "ZZZZZZ"}, "ticket"),
    ({"ticket": True}, "ticket"),
])
def test_invalid_members_are_422_with_the_field_named(api, body, field):
    response = create(api.test_client(), api.token, **body)
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]
    with api.app_context():
        assert count(Application) == 0


def test_a_ticket_of_another_site_is_refused(api):
    with api.app_context():
        ticket = book("paspor-baru", site="ngawi")
        db.session.commit()
        code = ticket.code
    response = create(api.test_client(), api.token, ticket=code)
    assert response.status_code == 422 and "ticket" in response.json["error"]["fields"]


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b'"text"', b"null", b"",
                                 b'{"applicant_name": "Bu', b'{"name": "\xc3("}'])
def test_a_body_that_is_not_a_json_object_is_400(api, raw):
    response = api.test_client().post(CREATE, data=raw, content_type="application/json",
                                      headers=bearer(api.token))
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid_json"


def test_nul_and_control_characters_are_refused_not_stored(api):
    client = api.test_client()
    response = create(client, api.token, applicant_name="Siti\x00Aminah")
    assert response.status_code == 422 and "applicant_name" in response.json["error"]["fields"]
    lone = client.post(CREATE, headers=bearer(api.token), content_type="application/json",
                       data=b'{"service": "paspor-baru", "applicant_name": "a\\ud800b"}')
    assert lone.status_code == 422
    for key in ("a" * 65, "kunci\x01", " "):
        response = create(client, api.token, key=key)
        assert response.status_code == 422, key
        assert "idempotency_key" in response.json["error"]["fields"]
    with api.app_context():
        assert count(Application) == 0


def test_a_service_that_takes_no_application_at_the_mpp_is_422(api):
    with api.app_context():
        service("paspor-baru").availability = "outside"
        db.session.commit()
    response = create(api.test_client(), api.token)
    assert response.status_code == 422 and "service" in response.json["error"]["fields"]


# --- events -----------------------------------------------------------------------------------

@pytest.fixture
def received(api):
    """The code of an application Imigrasi Maros received through the API."""
    response = create(api.test_client(), api.token)
    assert response.status_code == 201
    return response.json["code"]


def test_an_application_walks_to_pickup_and_is_handed_over_once(api, received):
    client = api.test_client()
    steps = [
        {"status": "in_progress", "note": "Wawancara selesai."},
        {"status": "needs_documents", "missing": ["Akta kelahiran"], "missing_by": "2026-12-04"},
        {"status": "at_head_office"},
        {"status": "ready", "pickup": {"place": "Gerai 7", "from": "2026-11-25",
                                       "until": "2026-12-25"}},
    ]
    for body in steps:
        response = event(client, api.token, received, **body)
        assert response.status_code == 200, (body, response.json)
        assert response.json["status"] == body["status"]
    data = response.json
    assert data["pickup"] == {"place": "Gerai 7", "from": "2026-11-25", "until": "2026-12-25"}
    assert data["completed_on"] == "2026-11-24" and data["on_time"] is True
    handed = event(client, api.token, received, status="collected", collected_by="proxy",
                   collector_name="Ahmad Rahman", collector_relation="suami")
    assert handed.status_code == 200 and handed.json["status"] == "collected"
    twice = event(client, api.token, received, status="collected", collected_by="applicant")
    assert twice.status_code == 409 and twice.json["error"]["code"] == "conflict"
    assert "dua kali" in twice.json["error"]["message"]
    assert "Ahmad" not in handed.get_data(as_text=True) + twice.get_data(as_text=True)
    with api.app_context():
        stored = db.session.scalar(sa.select(Application).filter_by(code=received))
        assert [e.status for e in stored.events] == [
            "received", "in_progress", "needs_documents", "at_head_office", "ready",
            "collected"]
        assert all(e.source == "api" and e.token_id == api.token_id for e in stored.events)
        assert stored.collector_name == "Ahmad Rahman"


def test_waiting_for_documents_shows_what_is_missing_and_stops_the_clock(api, received):
    response = event(api.test_client(), api.token, received, status="needs_documents",
                     missing=["Akta kelahiran", "Surat nikah"], missing_by="2026-12-04")
    data = response.json
    assert data["missing"] == ["Akta kelahiran", "Surat nikah"]
    assert data["missing_by"] == "2026-12-04" and data["clock_paused"] is True
    assert data["timeline"][-1]["details"]["missing"] == ["Akta kelahiran", "Surat nikah"]


@pytest.mark.parametrize(("current", "wanted"), [
    (("ready",), "in_progress"), (("rejected",), "ready"), (("withdrawn",), "in_progress"),
    ((), "received"), (("ready", "collected"), "rejected"),
])
def test_impossible_transitions_are_409(api, received, current, wanted):
    client = api.test_client()
    extra = {"rejected": {"reason": "Data tidak sesuai."},
             "collected": {"collected_by": "applicant"}}
    for status in current:
        assert event(client, api.token, received, status=status,
                     **extra.get(status, {})).status_code == 200
    response = event(client, api.token, received, status=wanted, **extra.get(wanted, {}))
    assert response.status_code == 409 and response.json["error"]["fields"]["status"]


def test_a_retried_event_is_recorded_once_by_header_or_by_its_id(api, received):
    client = api.test_client()
    for _ in range(3):
        response = event(client, api.token, received, key="ev-1", status="in_progress")
        assert response.status_code == 200
    ready = {"status": "ready", "id": "siap-77"}
    for _ in range(2):
        assert event(client, api.token, received, **ready).status_code == 200
    numeric = {"status": "collected", "collected_by": "applicant", "id": 1234}
    for _ in range(2):  # the retry of a hand-over is not "handed over twice"
        assert event(client, api.token, received, **numeric).status_code == 200
    with api.app_context():
        statuses = db.session.scalars(sa.select(ApplicationEvent.status).order_by(
            ApplicationEvent.id)).all()
        assert statuses == ["received", "in_progress", "ready", "collected"]


def test_the_same_event_key_with_other_content_is_409(api, received):
    client = api.test_client()
    assert event(client, api.token, received, key="k", status="in_progress").status_code == 200
    response = event(client, api.token, received, key="k", status="at_head_office")
    assert response.status_code == 409
    assert "idempotency_key" in response.json["error"]["fields"]
    by_id = event(client, api.token, received, id="k", status="in_progress", note="lain")
    assert by_id.status_code == 409


def test_events_need_the_applications_own_agency_token(api, received):
    client = api.test_client()
    missing = client.post(f"/api/v1/applications/{received}/events",
                          json={"status": "in_progress"})
    assert missing.status_code == 401 and "Bearer" in missing.headers["WWW-Authenticate"]
    wrong = event(client, "mppa_" + "A" * 43, received, status="in_progress")
    assert wrong.status_code == 401
    other_agency = make_token(api, "disdukcapil")[1]
    assert event(client, other_agency, received, status="in_progress").status_code == 403
    other_site = make_token(api, "imigrasi", site="ngawi")[1]
    assert event(client, other_site, received, status="in_progress").status_code == 403
    assert event(client, api.token, "ABCDEFGHJK", status="in_progress").status_code == 404
    with api.app_context():
        tokens.revoke(token_row(api.token_id))
        db.session.commit()
    assert event(client, api.token, received, status="in_progress").status_code == 401
    with api.app_context():
        assert count(ApplicationEvent) == 1


@pytest.mark.parametrize(("body", "field"), [
    ({}, "status"),
    ({"status": "done"}, "status"),
    ({"status": ["ready"]}, "status"),
    ({"status": "needs_documents"}, "missing"),
    ({"status": "needs_documents", "missing": "Akta"}, "missing"),
    ({"status": "needs_documents", "missing": ["Akta"], "missing_by": "2026-02-30"},
     "missing_by"),
    ({"status": "needs_documents", "missing": ["Akta"], "missing_by": "2026-11-01"},
     "missing_by"),
    ({"status": "ready", "pickup": "Gerai 7"}, "pickup"),
    ({"status": "ready", "pickup": {"from": "besok"}}, "pickup.from"),
    ({"status": "ready", "pickup": {"from": "2026-12-10", "until": "2026-12-01"}},
     "pickup.until"),
    ({"status": "ready", "pickup": {"place": "x" * 201}}, "pickup.place"),
    ({"status": "collected"}, "collected_by"),
    ({"status": "collected", "collected_by": "tetangga"}, "collected_by"),
    ({"status": "collected", "collected_by": "proxy"}, "collector_name"),
    ({"status": "rejected"}, "reason"),
    ({"status": "in_progress", "note": 5}, "note"),
    ({"status": "in_progress", "public": "no"}, "public"),
    ({"status": "in_progress", "id": {"a": 1}}, "id"),
    ({"status": "in_progress", "id": "x" * 65}, "id"),
    ({"status": "in_progress", "note": "a" * 1001}, "note"),
])
def test_invalid_events_are_422_with_the_field_named(api, received, body, field):
    response = event(api.test_client(), api.token, received, **body)
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"], response.json
    with api.app_context():
        assert count(ApplicationEvent) == 1


def test_an_event_body_that_is_not_a_json_object_is_400(api, received):
    response = api.test_client().post(f"/api/v1/applications/{received}/events",
                                      data=b"status=ready", headers=bearer(api.token),
                                      content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and response.mimetype == "application/json"


# --- the public status ------------------------------------------------------------------------

def test_the_public_status_carries_no_personal_data(api, received):
    client = api.test_client()
    event(client, api.token, received, status="in_progress", note="Catatan internal sekali",
          public=False)
    event(client, api.token, received, status="ready", note="Silakan ambil di Gerai 7.")
    event(client, api.token, received, status="collected", collected_by="proxy",
          collector_name="Ahmad Rahman", collector_relation="suami")
    response = client.get(f"/api/v1/applications/{received}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    for private in (NAME, "Siti", PHONE, "KTP-el asli", "Kartu Keluarga", "Catatan petugas",
                    "Catatan internal", "Ahmad", "suami", "proxy", "applicant", "Sistem uji"):
        assert private not in text, private
    data = response.json
    assert [row["status"] for row in data["timeline"]] == [
        "received", "in_progress", "ready", "collected"]
    assert data["timeline"][1]["note"] == ""
    assert data["timeline"][2]["note"] == "Silakan ambil di Gerai 7."
    assert data["status_label"] == "Sudah diambil" and data["overdue"] is False


def test_the_public_status_accepts_the_code_as_printed(api, received):
    client = api.test_client()
    printed = "-".join(received[i:i + 4] for i in range(0, len(received), 4)).lower()
    response = client.get(f"/api/v1/applications/{printed}")
    assert response.status_code == 200 and response.json["code"] == received
    assert response.json["code_display"] == printed.upper()


@pytest.mark.parametrize("code", ["ABCDEFGHJK", "x", "0" * 40, "%00", "K7M2%0A"])
def test_an_unknown_code_is_404_json(api, code):
    response = api.test_client().get(f"/api/v1/applications/{code}")
    assert response.status_code == 404 and response.mimetype == "application/json"


def test_late_applications_say_so_in_english_too(api, received, monkeypatch):
    # Due Friday 27 November; on Monday 30 November it is late.
    dates.freeze(monkeypatch, dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.timezone.utc))
    client = api.test_client()
    data = client.get(f"/api/v1/applications/{received}").json
    assert data["overdue"] is True and data["due_date"] == "2026-11-27"
    english = client.get(f"/api/v1/applications/{received}?lang=en")
    assert english.headers["Content-Language"] == "en"


def test_the_clock_stops_while_documents_are_awaited(api, received, monkeypatch):
    event(api.test_client(), api.token, received, status="needs_documents",
          missing=["Akta kelahiran"])
    # Two weeks later, still waiting: not late, and the promise moved by the days waited.
    dates.freeze(monkeypatch, dt.datetime(2026, 12, 8, 2, 0, tzinfo=dt.timezone.utc))
    data = api.test_client().get(f"/api/v1/applications/{received}").json
    assert data["overdue"] is False and data["clock_paused"] is True
    assert data["due_date"] > "2026-11-27"


# --- rate limit, OpenAPI, hostile input ---------------------------------------------------------

def test_the_posts_are_rate_limited_per_client(database_url, monkeypatch):
    dates.freeze(monkeypatch, NOW)
    app = make_app(database_url, APPLICATION_API_RATE_LIMIT="2 per hour")
    try:
        load_queue_catalog(app)
        plaintext = make_token(app)[1]
        client = app.test_client()
        codes = [create(client, plaintext, key=f"k{i}").status_code for i in range(3)]
        assert codes == [201, 201, 429]
        limited = create(client, plaintext, key="k9")
        assert limited.status_code == 429 and limited.mimetype == "application/json"
        other = client.post(CREATE, json={}, environ_base={"REMOTE_ADDR": "10.0.0.9"},
                            headers=bearer(plaintext))
        assert other.status_code == 422  # another client is not held back
        assert client.get("/api/v1/applications/ABCDEFGHJK").status_code == 404  # not limited
    finally:
        dispose(app)


def test_openapi_describes_the_three_operations_with_a_bearer_scheme(api):
    document = api.test_client().get("/api/v1/openapi.json").json
    paths = document["paths"]
    create_op = paths["/sites/{site}/applications"]["post"]
    event_op = paths["/applications/{code}/events"]["post"]
    read_op = paths["/applications/{code}"]["get"]
    scheme = document["components"]["securitySchemes"]["agencyToken"]
    assert scheme == {**scheme, "type": "http", "scheme": "bearer"}
    for operation in (create_op, event_op):
        assert operation["security"] == [{"agencyToken": []}]
        assert {"200", "400", "401", "403", "404", "409", "422", "429"} <= set(
            operation["responses"])
    assert "security" not in read_op
    schemas = document["components"]["schemas"]
    assert set(schemas["ApplicationEventRequest"]["properties"]["status"]["enum"]) == {
        "received", "in_progress", "at_head_office", "needs_documents", "ready", "collected",
        "rejected", "withdrawn"}
    # The answers match their schema's members, and the schema names no personal data.
    app_schema = schemas["Application"]
    assert not {"applicant_name", "phone", "documents", "collector_name"} & set(
        app_schema["properties"])


def test_answers_match_the_application_schema(api, received):
    client = api.test_client()
    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]["Application"]
    data = client.get(f"/api/v1/applications/{received}").json
    assert set(schema["required"]) <= set(data) <= set(schema["properties"])


HOSTILE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.sampled_from([2**63, -(2**63) - 1, 10**30]),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30),
    st.sampled_from(["\x00", "\ud800", "a\udfffb", "2026-02-30", "9999-12-31", "x" * 5000,
                     "\r\nSet-Cookie: a=b", "😀" * 50, "ready", "proxy", "applicant"]),
    st.lists(st.one_of(st.text(max_size=10), st.integers(), st.none()), max_size=5),
    st.dictionaries(st.sampled_from(["place", "from", "until", "\x00"]),
                    st.one_of(st.text(max_size=12), st.integers(), st.sampled_from(
                        ["2026-12-01", "2026-02-30"])), max_size=3))
EVENT_MEMBERS = ["status", "note", "public", "missing", "missing_by", "pickup", "collected_by",
                 "collector_name", "collector_relation", "reason", "id", "extra"]
CREATE_MEMBERS = ["service", "applicant_name", "phone", "ticket", "documents", "note", "extra"]


def test_hostile_bodies_with_a_valid_token_never_answer_5xx(api, received):
    client = api.test_client()

    @settings(max_examples=120, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(which=st.sampled_from(["create", "event"]), data=st.data())
    def fuzz(which, data):
        members = CREATE_MEMBERS if which == "create" else EVENT_MEMBERS
        body = data.draw(st.dictionaries(st.sampled_from(members), HOSTILE, max_size=5))
        if which == "create":
            body.setdefault("service", "paspor-baru")
            path = CREATE
        else:
            body.setdefault("status", data.draw(st.sampled_from(
                ["in_progress", "needs_documents", "ready", "collected", "rejected"])))
            path = f"/api/v1/applications/{received}/events"
        key = data.draw(st.one_of(st.none(), st.sampled_from(["k1", "k2", "x" * 100])))
        headers = bearer(api.token, **({"Idempotency-Key": key} if key else {}))
        raw = json.dumps(body)  # lone surrogates travel as \ud800 escapes, as a client sends
        response = client.post(path, data=raw, content_type="application/json",
                               headers=headers)
        assert response.status_code < 500, (path, body, response.get_data(as_text=True))
        assert response.mimetype == "application/json"

    fuzz()



# --- two servers at once ----------------------------------------------------------------------

def test_simultaneous_retries_of_a_create_make_one_application(live):
    from support.live import LIVE_SERVICES, run_together, summary
    from support.server import request

    plaintext = make_token(live.app, "disdukcapil")[1]
    key = f"bersamaan-{secrets.token_hex(6)}"  # the live database outlives one test
    body = {"service": LIVE_SERVICES["codes"]["slug"], "applicant_name": NAME}
    responses = run_together(8, lambda i: request(
        live.servers.origins[i % 2], "POST", CREATE, body,
        headers=bearer(plaintext, **{"Idempotency-Key": key})))
    assert sorted(r.status for r in responses).count(201) == 1, summary(responses)
    assert {r.status for r in responses} <= {200, 201}, summary(responses)
    assert len({r.json()["code"] for r in responses}) == 1
    with live.app.app_context():
        made = db.session.scalars(sa.select(Application).where(
            Application.idempotency_key.like(f"%:{key}"))).all()
        assert len(made) == 1
    assert live.servers.new_log_errors() == []


def test_simultaneous_hand_overs_hand_over_once(live):
    from support.live import LIVE_SERVICES, run_together, summary
    from support.server import request

    plaintext = make_token(live.app, "disdukcapil")[1]
    created = request(live.servers.origins[0], "POST", CREATE,
                      {"service": LIVE_SERVICES["codes"]["slug"], "applicant_name": NAME},
                      headers=bearer(plaintext))
    code = created.json()["code"]
    path = f"/api/v1/applications/{code}/events"
    assert request(live.servers.origins[1], "POST", path, {"status": "ready"},
                   headers=bearer(plaintext)).status == 200
    responses = run_together(6, lambda i: request(
        live.servers.origins[i % 2], "POST", path,
        {"status": "collected", "collected_by": "applicant", "id": f"serah-{i}"},
        headers=bearer(plaintext)))
    assert sorted(r.status for r in responses) == [200] + [409] * 5, summary(responses)
    with live.app.app_context():
        application = db.session.scalar(sa.select(Application).filter_by(code=code))
        assert [e.status for e in application.events] == ["received", "ready", "collected"]
    assert live.servers.new_log_errors() == []
