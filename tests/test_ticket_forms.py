"""Booking forms that forgive real life: dates with their weekday, Back then Send again, and a
form left open until its token or session expired."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from babel.dates import format_date

from mpp_lite.extensions import db
from mpp_lite.models import Ticket

from support.booking import book, csrf_token, first_day, form_values
from support.html import parse

FORM = "/maros/layanan/ktp-el-baru/antre"


def count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Ticket))


def labels(page: str) -> list[str]:
    return [re.sub(r"\s+", " ", m) for m in re.findall(
        r'<label[^>]*for="day-\d+"[^>]*>(.*?)</label>', page, re.S)]


def test_booking_dates_show_the_weekday(open_every_day):  # noqa: F811
    page = open_every_day.test_client().get(FORM).get_data(as_text=True)
    day = first_day(page)
    import datetime as dt
    expected = format_date(dt.date.fromisoformat(day), "EEEE, d MMMM y", locale="id")
    assert any(expected in label for label in labels(page)), labels(page)


def test_booking_dates_show_the_weekday_in_english(open_every_day):  # noqa: F811
    page = open_every_day.test_client().get(FORM + "?lang=en").get_data(as_text=True)
    if '<html lang="en">' not in page:
        pytest.skip("no compiled English catalogue")
    import datetime as dt
    expected = format_date(dt.date.fromisoformat(first_day(page)), "EEEE, MMMM d, y",
                           locale="en")
    assert any(expected in label for label in labels(page)), labels(page)


def test_back_then_send_again_shows_the_ticket_already_made(open_every_day):  # noqa: F811
    """The form is fetched again after Back (a new key), the same person sends it again."""
    client = open_every_day.test_client()
    first, _ = book(client, name="Siti", phone="0812 3456 7890")
    again, _ = book(client, name=" siti ", phone="")   # same name, typed differently
    assert again.status_code == 303 and again.location == first.location
    by_phone, _ = book(client, name="Ibu Siti", phone="081234567890")  # same phone
    assert by_phone.location == first.location
    assert count(open_every_day) == 1
    page = client.get(again.location).get_data(as_text=True)
    assert "Tidak dibuat tiket kedua" in page
    assert "lain=1" in page  # the way to book for another person


def test_booking_for_another_person_stays_possible(open_every_day):  # noqa: F811
    client = open_every_day.test_client()
    first, _ = book(client, name="Budi")
    other, _ = book(client, name="Ani")  # another name: simply another ticket
    assert other.location != first.location
    form = client.get(FORM + "?lain=1").get_data(as_text=True)
    assert 'name="another" type="hidden" value="1"' in form
    namesake, _ = book(client, path=FORM + "?lain=1", name="Budi", another="1")
    assert namesake.status_code == 303 and namesake.location not in (first.location,
                                                                     other.location)
    assert count(open_every_day) == 3


def test_another_device_is_not_mistaken_for_a_resubmission(open_every_day):  # noqa: F811
    book(open_every_day.test_client(), name="Siti")
    response, _ = book(open_every_day.test_client(), name="Siti")
    assert response.status_code == 303
    assert count(open_every_day) == 2


def _typed(page: str) -> dict[str, str]:
    return {**form_values(page), "day": first_day(page), "name": "Siti Aminah",
            "phone": "0812 3456 7890", "priority": "lansia"}


def _assert_kept(page: str, data: dict[str, str]) -> None:
    parse(page)
    assert "terlalu lama terbuka" in page
    assert 'value="Siti Aminah"' in page and 'value="0812 3456 7890"' in page
    assert re.search(r'<option[^>]*selected[^>]*value="lansia"|<option[^>]*value="lansia"'
                     r'[^>]*selected', page)
    assert re.search(rf'value="{data["day"]}"[^>]*checked|checked[^>]*value="{data["day"]}"',
                     page)
    assert f'value="{data["idempotency_key"]}"' in page


def test_an_expired_token_shows_the_form_again_with_everything_typed(open_every_day):  # noqa
    client = open_every_day.test_client()
    data = _typed(client.get(FORM).get_data(as_text=True))
    open_every_day.config["WTF_CSRF_TIME_LIMIT"] = -1  # every token is already too old
    response = client.post(FORM, data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    _assert_kept(page, data)
    assert count(open_every_day) == 0
    open_every_day.config["WTF_CSRF_TIME_LIMIT"] = 3600
    fresh = csrf_token(page)
    done = client.post(FORM, data={**data, "csrf_token": fresh})
    assert done.status_code == 303 and count(open_every_day) == 1


def test_an_expired_session_shows_the_form_again_with_everything_typed(open_every_day):  # noqa
    data = _typed(open_every_day.test_client().get(FORM).get_data(as_text=True))
    fresh_browser = open_every_day.test_client()  # the session cookie is gone
    response = fresh_browser.post(FORM, data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    _assert_kept(page, data)
    done = fresh_browser.post(FORM, data={**data, "csrf_token": csrf_token(page)})
    assert done.status_code == 303 and count(open_every_day) == 1


def test_an_expired_cancel_form_asks_again(open_every_day):  # noqa: F811
    client = open_every_day.test_client()
    made, _ = book(client)
    code = made.location.rsplit("/", 1)[1]
    response = open_every_day.test_client().post(f"/tiket/{code}/batal",
                                                  data={"csrf_token": "stale"})
    assert response.status_code == 303 and response.location.endswith(f"/tiket/{code}/batal")
    with open_every_day.app_context():
        assert db.session.scalar(sa.select(Ticket.status)) == "waiting"
