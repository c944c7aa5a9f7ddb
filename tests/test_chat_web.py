"""The web chat /<site>/tanya (a plain form, JavaScript off) and POST /api/v1/sites/<site>/ask,
on the small two-service catalogue."""
from __future__ import annotations

import gzip
import re

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import ChatConversation
from tests.support.database import dispose, make_app

PAGE = "/maros/tanya"
API = "/api/v1/sites/maros/ask"


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def conversation_token(html: str) -> str:
    match = re.search(r'name="conversation" type="hidden" value="([^"]*)"', html)
    assert match, "no conversation field"
    return match.group(1)


@pytest.fixture
def client(catalog_app):
    catalog_app.config["RATELIMIT_ENABLED"] = False
    return catalog_app.test_client()


def ask(client, text=None, token="", **extra):
    page = client.get(PAGE).get_data(as_text=True)
    data = {"csrf_token": csrf_token(page), "conversation": token, **extra}
    if text is not None:
        data["text"] = text
    return client.post(PAGE, data=data)


def test_page_is_a_plain_accessible_form(client):
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Tanya asisten · Mal Pelayanan Publik Kabupaten Maros</title>" in html
    assert "<h1>" in html and '<label for="text">Pertanyaan Anda</label>' in html
    assert '<form method="post"' in html and 'name="csrf_token"' in html
    assert conversation_token(html) == ""          # no conversation before the first question
    assert "<script>" not in html and "onclick" not in html
    assert len(gzip.compress(response.data)) <= 14 * 1024


def test_question_and_answer_with_links_and_history(client, catalog_app):
    first = ask(client, "syarat ktp")
    assert first.status_code == 200
    html = first.get_data(as_text=True)
    assert "Anda:</strong> syarat ktp" in html
    assert "Kartu Keluarga (KK)" in html
    assert '<a href="http://mpp.test/maros/layanan/ktp-el-baru">' in html   # clickable
    token = conversation_token(html)
    assert re.fullmatch(r"[A-Za-z0-9_-]{32,64}", token)
    assert token not in first.headers.get("Set-Cookie", "")
    second = ask(client, "biayanya berapa?", token=token)
    html = second.get_data(as_text=True)
    assert conversation_token(html) == token
    assert html.count('class="chat-turn"') == 2                            # last turns shown
    assert "Biaya: Gratis" in html
    assert len(gzip.compress(second.data)) <= 14 * 1024
    with catalog_app.app_context():
        stored = db.session.scalars(sa.select(ChatConversation.address)).all()
        assert token not in stored                                           # only its hash


def test_numbered_choices_are_buttons(client):
    menu = ask(client, "menu")
    html = menu.get_data(as_text=True)
    buttons = re.findall(r'<button type="submit" name="pick" value="(\d+)"', html)
    assert buttons == [str(n) for n in range(1, 8)]
    token = conversation_token(html)
    hours = ask(client, token=token, pick="5")              # "Jam buka dan gerai yang buka"
    assert hours.status_code == 200
    assert "Jam layanan" in hours.get_data(as_text=True) or \
        "Tutup" in hours.get_data(as_text=True)


def test_english_page_and_reply(client):
    page = client.get(PAGE + "?lang=en").get_data(as_text=True)
    response = client.post(PAGE + "?lang=en", data={
        "csrf_token": csrf_token(page), "text": "passport fee"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "New passport" in html and "Rp350.000" in html


def test_missing_csrf_is_refused(client):
    response = client.post(PAGE, data={"text": "syarat ktp"})
    assert response.status_code == 400


@pytest.mark.parametrize("text,token,status", [
    ("x" * 10_000, "", 400),                   # longer than CHAT_MAX_TEXT
    ("", "", 422),                             # nothing asked
    ("syarat ktp", "not a token!", 400),       # malformed token
])
def test_bad_input_is_a_clear_4xx(client, text, token, status):
    response = ask(client, text, token=token)
    assert response.status_code == status
    html = response.get_data(as_text=True)
    assert 'role="alert"' in html and "Kesalahan:" in html


def test_nul_byte_is_refused(client):
    response = ask(client, "syarat\x00ktp")
    assert 400 <= response.status_code < 500


def test_stale_token_starts_a_new_conversation(client):
    stale = "A" * 43
    response = ask(client, "syarat ktp", token=stale)
    assert response.status_code == 200
    assert "KTP-el baru" in response.get_data(as_text=True)


def test_rate_limit_per_client(database_url, load_catalog):
    app = make_app(database_url, CHAT_RATE_LIMIT="2 per minute", WTF_CSRF_ENABLED=False)
    try:
        from mpp_lite.catalog.transfer import import_catalog
        from tests.support.catalogs import base_catalog

        with app.app_context():
            if not db.session.scalar(sa.text("SELECT count(*) FROM site")):
                import_catalog(base_catalog())
                db.session.commit()
        client = app.test_client()
        codes = [client.post(PAGE, data={"text": "syarat ktp"}).status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        api = [client.post(API, json={"text": "syarat ktp"}).status_code for _ in range(3)]
        assert api == [200, 200, 429]
    finally:
        dispose(app)


# --- the API ----------------------------------------------------------------------------------

def test_api_answers_with_services_and_a_conversation(client):
    response = client.post(API, json={"text": "syarat paspor"})
    assert response.status_code == 200
    body = response.json
    assert set(body) == {"reply", "conversation", "services", "choices"}
    assert body["services"] == [{"slug": "paspor-baru", "name": "Paspor baru",
                                 "url": "http://mpp.test/maros/layanan/paspor-baru"}]
    assert "Paspor baru" in body["reply"] and body["choices"] == []
    follow = client.post(API, json={"text": "berapa lama?",
                                    "conversation": body["conversation"]}).json
    assert follow["conversation"] == body["conversation"]
    assert "3–4 hari kerja" in follow["reply"]
    menu = client.post(API, json={"text": "menu", "conversation": body["conversation"]}).json
    assert len(menu["choices"]) == 7


@pytest.mark.parametrize("payload,status,code", [
    ("{broken", 400, "invalid_json"),
    ("[1, 2]", 400, "invalid_json"),
    ('{"text": 5}', 422, "invalid"),
    ('{"text": "  "}', 422, "invalid"),
    ('{"text": "ktp", "conversation": 12}', 422, "invalid"),
    ('{"text": "ktp", "conversation": "short"}', 422, "invalid"),
    ('{"text": "' + "x" * 10_000 + '"}', 413, "too_long"),
])
def test_api_errors(client, payload, status, code):
    response = client.post(API, data=payload, content_type="application/json")
    assert response.status_code == status
    assert response.json["error"]["code"] == code
    assert response.json["error"]["message"]


def test_api_unknown_site(client):
    response = client.post("/api/v1/sites/nowhere/ask", json={"text": "ktp"})
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_api_in_openapi(client):
    doc = client.get("/api/v1/openapi.json").json
    operation = doc["paths"]["/sites/{site}/ask"]["post"]
    assert set(operation["responses"]) >= {"200", "400", "404", "413", "422", "429"}
    assert "AskResponse" in doc["components"]["schemas"]
