"""The engine's own rules: numbered choices read only ASCII digits (no 500 on "²"), the chat's
language switch sticks on the web and the ask API, and the MPP is picked by whole words."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from mpp_lite.chat.engine import _pick_site, choice_number

API = "/api/v1/sites/maros/ask"


@pytest.fixture
def client(catalog_app):
    catalog_app.config["RATELIMIT_ENABLED"] = False
    return catalog_app.test_client()


@pytest.mark.parametrize("text, number", [
    ("2", 2), (" 2. ", 2), ("12", 12), ("²", None), ("٣", None), ("1234", None), ("", None),
    ("2a", None), ("-1", None), ("9" * 5000, None)])
def test_a_choice_is_a_short_ascii_number(text, number):
    assert choice_number(text) == number


@pytest.mark.parametrize("first", ["menu", "ktp", "halo"])
@pytest.mark.parametrize("digit", ["²", "³", "٣", "99999999999999999999"])
def test_odd_digits_after_any_question_are_answered_not_a_500(client, first, digit):
    started = client.post(API, json={"text": first})
    assert started.status_code == 200
    token = started.get_json()["conversation"]
    answered = client.post(API, json={"text": digit, "conversation": token})
    assert answered.status_code == 200
    assert answered.get_json()["reply"]


def test_the_chats_english_switch_sticks_without_lang(client):
    token = client.post(API, json={"text": "english"}).get_json()["conversation"]
    reply = client.post(API, json={"text": "menu", "conversation": token}).get_json()["reply"]
    assert "Reply with a number" in reply
    # An explicit ?lang= still wins.
    reply = client.post(API + "?lang=id", json={"text": "menu",
                                                 "conversation": token}).get_json()["reply"]
    assert "Balas dengan angka" in reply


def sites():
    return [SimpleNamespace(slug="maros", regency="Kabupaten Maros", name="MPP Kabupaten Maros"),
            SimpleNamespace(slug="kota-jakarta", regency="Kota Jakarta Pusat",
                            name="MPP Kota Jakarta Pusat"),
            SimpleNamespace(slug="ngawi", regency="Kabupaten Ngawi", name="MPP Kabupaten Ngawi")]


@pytest.mark.parametrize("text, slug", [
    ("maros", "maros"), ("MPP Maros", "maros"), ("syarat ktp di ngawi", "ngawi"),
    ("jakarta pusat", "kota-jakarta"), ("aros", None), ("kota", None), ("akta", None),
    ("kabupaten", None), ("2", None)])
def test_an_mpp_is_picked_by_whole_words(text, slug):
    picked = _pick_site(text, sites(), [])
    assert (picked.slug if picked else None) == slug


def test_an_mpp_is_picked_by_its_number_when_offered():
    offered = ["maros", "kota-jakarta", "ngawi"]
    assert _pick_site("3", sites(), offered).slug == "ngawi"
    assert _pick_site("4", sites(), offered) is None
    assert _pick_site("²", sites(), offered) is None
