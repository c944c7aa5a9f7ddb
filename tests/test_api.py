"""JSON API v1 shapes (CONTRACT.md) and its OpenAPI description."""
from __future__ import annotations

import re

import pytest


def test_sites(catalog_app):
    response = catalog_app.test_client().get("/api/v1/sites")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.json == {"sites": [{
        "slug": "maros", "name": "Mal Pelayanan Publik Kabupaten Maros",
        "timezone": "Asia/Makassar", "url": "http://mpp.test/maros/"}]}


def test_services_list_and_search(catalog_app):
    client = catalog_app.test_client()
    listed = client.get("/api/v1/sites/maros/services").json["services"]
    assert [s["slug"] for s in listed] == ["ktp-el-baru", "paspor-baru"]  # A–Z by name
    assert set(listed[0]) == {"slug", "name", "agency", "url"}
    assert listed[0]["agency"] == "Dinas Kependudukan dan Pencatatan Sipil"
    found = client.get("/api/v1/sites/maros/services?q=pasport").json["services"]
    assert found and found[0]["slug"] == "paspor-baru"
    assert client.get("/api/v1/sites/maros/services?q=zzzzqq").json == {"services": []}


def test_service_detail_has_every_component(catalog_app):
    data = catalog_app.test_client().get("/api/v1/sites/maros/services/paspor-baru").json
    assert data["slug"] == "paspor-baru" and data["name"] == "Paspor baru"
    assert data["fee"] == {"free": False, "amount": 350000, "currency": "IDR",
                           "note": "Rp350.000 (48 halaman), Rp650.000 (e-paspor)",
                           "legal_basis": "PP 28/2019"}
    assert data["availability"]["code"] == "partial"
    assert data["availability"]["complete_at_mpp"] is False
    assert "Makassar" in data["availability"]["elsewhere_address"]
    assert data["counters"] == [{"label": "Gerai 7", "floor": "Lantai 2", "location": ""}]
    for key in ("requirements", "steps", "processing_time", "product", "complaint_channel"):
        assert data[key], key
    ktp = catalog_app.test_client().get("/api/v1/sites/maros/services/ktp-el-baru").json
    assert [r["group"] for r in ktp["requirements"]] == [None, 1, 1]
    assert ktp["fee"]["free"] is True and ktp["fee"]["amount"] is None


def test_language_follows_the_request(catalog_app):
    client = catalog_app.test_client()
    english = client.get("/api/v1/sites/maros/services/ktp-el-baru?lang=en")
    if english.headers["Content-Language"] != "en":
        pytest.skip("no compiled English interface catalogue")
    assert english.json["name"] == "New electronic ID card (KTP-el)"
    assert english.json["requirements"][0]["text"] == "Family card (KK)"
    indonesian = client.get("/api/v1/sites/maros/services/ktp-el-baru?lang=id")
    assert indonesian.json["name"] == "KTP-el baru"


@pytest.mark.parametrize("path", [
    "/api/v1/sites/nowhere/services", "/api/v1/sites/maros/services/none",
    "/api/v1/sites/nowhere/services/ktp-el-baru", "/api/v1/nothing-here",
])
def test_errors_are_json(catalog_app, path):
    response = catalog_app.test_client().get(path)
    assert response.status_code == 404 and response.mimetype == "application/json"
    error = response.json["error"]
    assert error["code"] and error["message"] and error["fields"] == {}


def test_wrong_method_is_json(catalog_app):
    response = catalog_app.test_client().post("/api/v1/sites")
    assert response.status_code == 405 and response.json["error"]["code"] == "http_405"


def test_openapi_describes_every_api_route(catalog_app):
    doc = catalog_app.test_client().get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.1")
    documented = set(doc["paths"])
    for rule in catalog_app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.openapi":
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule[len("/api/v1"):])
            assert path in documented, path
    # Every $ref resolves.
    refs = re.findall(r'"\$ref": "#/components/schemas/(\w+)"',
                      catalog_app.json.dumps(doc))
    assert refs and all(name in doc["components"]["schemas"] for name in refs)


def test_service_detail_matches_its_schema(catalog_app):
    client = catalog_app.test_client()
    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]["Service"]
    data = client.get("/api/v1/sites/maros/services/paspor-baru").json
    assert set(schema["required"]) <= set(data)
    assert set(data) <= set(schema["properties"])
