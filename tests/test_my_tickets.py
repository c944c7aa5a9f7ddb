"""Finding a ticket again: "Tiket saya" (this phone's tickets, without JavaScript), a helpful
page for a mistyped ticket link, and a safe way to an "already has an active ticket"."""
from __future__ import annotations

import re

import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import Service
from mpp_lite.queue.device import COOKIE

from support.booking import book
from support.html import parse

VALID_NIK = "7309014507900001"


def code_of(response) -> str:
    return response.location.rsplit("/", 1)[1]


def test_my_tickets_lists_the_tickets_booked_on_this_phone(open_every_day):  # noqa: F811
    client = open_every_day.test_client()
    empty = client.get("/tiket-saya")
    assert empty.status_code == 200
    assert "Belum ada tiket di ponsel ini" in empty.get_data(as_text=True)
    made, _ = book(client, name="Siti")
    page = client.get("/tiket-saya").get_data(as_text=True)
    parse(page)
    assert "Tiket A-001" in page and "KTP-el baru" in page
    assert f'href="/tiket/{code_of(made)}"' in page
    assert "Siti" not in page  # no names on a page others may see on a shared phone
    assert re.search(r"(Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), \d+ ", page)
    assert "<script" in page and "my_tickets" in page  # JS adds the pages saved offline
    assert 'id="my-saved" hidden' in page
    assert other_phone_sees_nothing(open_every_day)


def other_phone_sees_nothing(app) -> bool:
    return "Tiket A-001" not in app.test_client().get("/tiket-saya").get_data(as_text=True)


def test_opening_a_ticket_link_adds_it_and_a_forged_cookie_is_ignored(open_every_day):  # noqa
    made, _ = book(open_every_day.test_client())
    phone = open_every_day.test_client()
    phone.get(made.location)  # e.g. a link shared over WhatsApp
    assert "Tiket A-001" in phone.get("/tiket-saya").get_data(as_text=True)
    forged = open_every_day.test_client()
    forged.set_cookie(COOKIE, '["' + code_of(made) + '"]', domain="mpp.test")
    response = forged.get("/tiket-saya")
    assert response.status_code == 200
    assert "Tiket A-001" not in response.get_data(as_text=True)


def test_the_ticket_page_and_site_pages_link_to_my_tickets(open_every_day):  # noqa: F811
    client = open_every_day.test_client()
    made, _ = book(client)
    assert 'href="/tiket-saya"' in client.get(made.location).get_data(as_text=True)
    assert 'href="/tiket-saya"' in client.get("/maros/").get_data(as_text=True)


def test_a_mistyped_ticket_link_gets_a_helpful_page(open_every_day):  # noqa: F811
    client = open_every_day.test_client()
    for path in ("/tiket/invented-code-xyz", "/tiket/" + "x" * 40, "/tiket/abc%20def"):
        response = client.get(path)
        assert response.status_code == 404
        page = response.get_data(as_text=True)
        parse(page)
        assert "Tiket tidak ditemukan" in page
        assert 'href="/tiket-saya"' in page and "Periksa tautannya" in page
        assert "meja informasi" in page


def _nik_service(app) -> None:
    with app.app_context():
        db.session.execute(sa.update(Service).where(Service.slug == "ktp-el-baru")
                           .values(nik_required=True, one_per_person=True))
        db.session.commit()


def test_already_has_a_ticket_links_it_on_the_phone_that_booked_it(open_every_day):  # noqa
    _nik_service(open_every_day)
    client = open_every_day.test_client()
    made, _ = book(client, nik=VALID_NIK, name="Siti")
    refused, _ = book(client, nik=VALID_NIK, name="Siti Aminah")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "sudah punya tiket aktif" in page
    assert f'href="/tiket/{code_of(made)}"' in page and "Buka tiket A-001" in page


def test_someone_who_only_knows_the_nik_is_not_shown_the_ticket(open_every_day):  # noqa
    _nik_service(open_every_day)
    made, _ = book(open_every_day.test_client(), nik=VALID_NIK, phone="0812 3456 7890")
    stranger = open_every_day.test_client()
    for phone in ("", "0813 0000 0000"):
        refused, _ = book(stranger, nik=VALID_NIK, phone=phone)
        page = refused.get_data(as_text=True)
        assert refused.status_code == 422 and "sudah punya tiket aktif" in page
        assert code_of(made) not in page and "A-001" not in page
        assert "Tiket saya" in page and "meja informasi" in page
    # The phone number given at booking is the second factor.
    owner, _ = book(stranger, nik=VALID_NIK, phone="081234567890")
    assert f'href="/tiket/{code_of(made)}"' in owner.get_data(as_text=True)


def test_a_phone_keyed_refusal_is_not_opened_by_the_phone_alone(open_every_day):  # noqa
    """Without NIK the phone number is the person's key: knowing it proves nothing more."""
    with open_every_day.app_context():
        db.session.execute(sa.update(Service).where(Service.slug == "ktp-el-baru")
                           .values(one_per_person=True))
        db.session.commit()
    made, _ = book(open_every_day.test_client(), phone="0812 3456 7890")
    refused, _ = book(open_every_day.test_client(), name="Orang lain", phone="0812 3456 7890")
    assert refused.status_code == 422 and code_of(made) not in refused.get_data(as_text=True)
