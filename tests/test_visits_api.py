"""The visit endpoints of the JSON API: book several services at once (201, then 200 for a
retry with the same key), refusals in the API's error format naming the service, and the
visit's document: its tickets in order with steps and needs, the next step, one checklist."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import Ticket, Visit

from support.queue import NOW, book, counter
from support.visits import load_visit_catalog

BODY = {"services": ["kia", "kk-perubahan", "akta-kelahiran"], "name": "Ibu Sari",
        "idempotency_key": "visit-api-key-0001"}


@pytest.fixture
def client(app, clock):
    load_visit_catalog(app)
    clock(NOW)
    return app.test_client()


def post(client, **changes):
    return client.post("/api/v1/sites/maros/visits", json={**BODY, **changes})


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_visit_is_created_then_returned_again_for_a_retry(client, app):
    first = post(client)
    assert first.status_code == 201
    visit = first.get_json()
    assert first.headers["Location"].endswith(f"/api/v1/visits/{visit['code']}")
    assert visit["day"] == "2026-11-24" and visit["site"] == "maros"
    tickets = visit["tickets"]
    assert [t["service"]["slug"] for t in tickets][0] == "akta-kelahiran"
    assert [t["step"] for t in tickets] == [1, 2, 3]
    assert [t["needs_steps"] for t in tickets] == [[], [1], [1]]
    assert [t["callable"] for t in tickets] == [True, False, False]
    assert tickets[0]["number"] == "AC-001" and tickets[0]["status"] == "waiting"
    assert visit["next_step"] == {"kind": "next", "ticket": tickets[0]["code"],
                                  "number": "AC-001", "counter": None}
    again = post(client)
    assert again.status_code == 200 and again.get_json()["code"] == visit["code"]
    assert count(app, Visit) == 1 and count(app, Ticket) == 3


def test_the_checklist_lists_each_document_once(client):
    checklist = post(client).get_json()["checklist"]
    texts = [e["text"] for e in checklist["entries"]]
    assert len(texts) == len(set(texts))
    kk = next(e for e in checklist["entries"] if e["text"] == "Kartu Keluarga (KK)")
    assert kk["quantity"] == 3 and len(kk["for_services"]) == 3
    assert "Kutipan akta kelahiran anak" not in texts
    [made] = checklist["made_in_visit"]
    assert made["made_by"] == "akta-kelahiran"
    assert sorted(made["for_services"]) == ["kia", "kk-perubahan"]


def test_the_same_key_with_another_request_is_refused(client):
    assert post(client).status_code == 201
    refused = post(client, name="Budi")
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "idempotency_key_reused"


def test_a_full_quota_is_refused_naming_the_service_and_the_next_day(client, app):
    with app.app_context():
        for _ in range(3):
            book("kia")
    refused = post(client)
    assert refused.status_code == 409
    error = refused.get_json()["error"]
    assert error["code"] == "quota_full" and error["service"] == "kia"
    assert "Kartu Identitas Anak (KIA)" in error["message"]
    assert error["next_available_day"] == "2026-11-25"
    assert count(app, Visit) == 0


@pytest.mark.parametrize("changes, status, code, field", [
    ({"services": ["kia"]}, 422, "too_few_services", "services"),
    ({"services": ["kia", "kia"]}, 422, "duplicate_service", "services"),
    ({"services": ["kia", "no-such-service"]}, 422, "invalid", "services"),
    ({"services": "kia"}, 422, "invalid", "services"),
    ({"name": 7}, 422, "invalid", "name"),
    ({"day": "2026-13-40"}, 422, "invalid", "day"),
    ({"idempotency_key": "x"}, 422, "invalid_idempotency_key", "idempotency_key"),
])
def test_bad_requests_get_a_clear_error(client, app, changes, status, code, field):
    response = post(client, **changes)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["code"] == code and field in error["fields"] and error["message"]
    assert count(app, Visit) == 0


def test_not_a_json_object_and_unknown_site(client):
    assert client.post("/api/v1/sites/maros/visits", data="x").status_code == 400
    assert client.post("/api/v1/sites/nowhere/visits", json=BODY).status_code == 404


def test_get_follows_the_visit_as_it_is_called(client, app):
    code = post(client).get_json()["code"]
    with app.app_context():
        first = db.session.scalar(sa.select(Ticket).where(Ticket.prefix == "AC"))
        first.status, first.counter_id = "called", counter("Gerai 2").id
        db.session.commit()
    response = client.get(f"/api/v1/visits/{code}")
    assert response.status_code == 200 and response.cache_control.no_store
    visit = response.get_json()
    assert visit["next_step"]["kind"] == "called"
    assert visit["next_step"]["counter"] == "Gerai 2"
    assert [t["callable"] for t in visit["tickets"]] == [False, False, False]
    assert visit["tickets"][1]["waiting_for_steps"] == []   # step 1 is no longer waiting
    missing = client.get("/api/v1/visits/no-such-visit-code")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


def test_the_openapi_document_describes_the_visit_endpoints(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["paths"]["/sites/{site}/visits"]["post"]["operationId"] == "createVisit"
    assert document["paths"]["/visits/{code}"]["get"]["operationId"] == "getVisit"
    assert {"Visit", "VisitRequest"} <= set(document["components"]["schemas"])
