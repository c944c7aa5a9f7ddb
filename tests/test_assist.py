"""Assisted mode (petugas pendamping) over HTTP: who may use it, the walk through the
requirements one question per screen (answers in the URL), the summary, and the priority
ticket in two taps (channel "assisted", who assisted, the category, one ticket per form)."""
from __future__ import annotations

import datetime as dt
import html
import re
import uuid

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import Announcement, StaffUser, Ticket
from mpp_lite.queue import calling

from support.catalogs import PASSWORD_HASH, open_all_day_sites
from support.html import text
from support.queue import counter, service, staff
from support.staff import login, post

pytestmark = pytest.mark.staff_app(sites=open_all_day_sites)

KEY = re.compile(r'name="idempotency_key" type="hidden" value="([^"]+)"')
HREF = re.compile(r'<a class="button answer-(yes|no)" href="([^"]+)"')


def sid(app, slug: str = "ktp-el-baru", site: str = "maros") -> int:
    with app.app_context():
        return service(slug, site).id


def section(page: str, css_class: str) -> str:
    """The inner HTML of the summary's list with that class ('' when there is none)."""
    match = re.search(rf'<ul class="assist-list {css_class}">(.*?)</ul>\s*(?:<h2|<p|</div)',
                      page, re.S)
    return match.group(1) if match else ""


def links(page: str) -> dict[str, str]:
    """The Ya / Tidak links of a question screen."""
    return {kind: html.unescape(url) for kind, url in HREF.findall(page)}


def back_link(page: str) -> str:
    match = re.search(r'<a class="button button-secondary" href="([^"]+)">Kembali<', page)
    assert match, "no Kembali link"
    return html.unescape(match.group(1))


def ticket_form(client, service_id: int, answers: str = "yy") -> tuple[str, str]:
    """Tap 1: open the category screen; (its path, the form's idempotency key)."""
    path = f"/pendamping/layanan/{service_id}/tiket?j={answers}"
    page = client.get(path)
    assert page.status_code == 200
    return path, KEY.search(page.get_data(as_text=True)).group(1)


def tickets(app) -> list[Ticket]:
    with app.app_context():
        found = list(db.session.scalars(sa.select(Ticket).order_by(Ticket.id)))
        db.session.expunge_all()
        return found


# --- who may use it ---------------------------------------------------------------------------

ASSIST_PATHS = ["/pendamping/", "/pendamping/layanan", "/pendamping/layanan/1",
                "/pendamping/layanan/1/tanya", "/pendamping/layanan/1/ringkasan",
                "/pendamping/layanan/1/tiket", "/pendamping/tiket", "/pendamping/tiket/abc",
                "/pendamping/tiket/abc/cetak"]


@pytest.mark.parametrize("path", ASSIST_PATHS)
def test_anonymous_visitors_are_sent_to_login(web_app, path):
    response = web_app.test_client().get(path)
    assert response.status_code == 302
    assert response.location.startswith("/staff/login?next=")


@pytest.mark.parametrize("username", ["dukcapil.maros", "admin.maros", "desa.maros"])
def test_other_roles_get_403(web_app, username):
    client = login(web_app, username)
    ktp = sid(web_app)
    for path in ASSIST_PATHS + [f"/pendamping/layanan/{ktp}"]:
        assert client.get(path).status_code == 403, (username, path)
    assert post(client, f"/pendamping/layanan/{ktp}/tiket", category="lansia",
                idempotency_key=uuid.uuid4().hex).status_code == 403
    assert tickets(web_app) == []


def test_an_assistant_cannot_use_the_officer_console(web_app):
    client = login(web_app, "pendamping.maros")
    with web_app.app_context():
        gerai = counter("Gerai 1").id
    for path in ("/petugas/", f"/petugas/gerai/{gerai}", "/petugas/tiket/abc"):
        assert client.get(path).status_code == 403, path
    for path in (f"/petugas/gerai/{gerai}/panggil", f"/petugas/gerai/{gerai}/status"):
        assert post(client, path, status="open").status_code == 403, path
    with web_app.app_context():
        assert counter("Gerai 1").status == "closed"


def test_the_staff_home_shows_the_tile_to_assistants_only(web_app):
    def tiles(username):
        home = login(web_app, username).get("/staff/").get_data(as_text=True)
        return set(re.findall(r'href="(/pendamping/[^"]*)"', home))
    assert tiles("pendamping.maros") == {"/pendamping/"}
    assert tiles("dukcapil.maros") == tiles("admin.maros") == tiles("desa.maros") == set()


def _add_ngawi_assistant(app) -> None:
    with app.app_context():
        site_id = db.session.scalar(sa.text("SELECT id FROM site WHERE slug = 'ngawi'"))
        db.session.add(StaffUser(username="pendamping.ngawi", role="assistant", site_id=site_id,
                                 display_name="Pendamping Ngawi", password_hash=PASSWORD_HASH))
        db.session.commit()


def test_an_assistant_sees_only_their_own_sites_services_and_tickets(web_app):
    _add_ngawi_assistant(web_app)
    maros = login(web_app, "pendamping.maros")
    path, key = ticket_form(maros, sid(web_app))
    code = post(maros, path, category="lansia", idempotency_key=key).location.rsplit("/", 1)[-1]
    ngawi = login(web_app, "pendamping.ngawi")
    # 404, not 403: another site's ticket code must not be confirmed as existing.
    assert ngawi.get(f"/pendamping/tiket/{code}").status_code == 404
    assert ngawi.get(f"/pendamping/tiket/{code}/cetak").status_code == 404
    assert code not in ngawi.get("/pendamping/tiket").get_data(as_text=True)
    maros_service = sid(web_app)
    for suffix in ("", "/tanya?j=y", "/ringkasan?j=yy", "/tiket?j=yy"):
        assert ngawi.get(f"/pendamping/layanan/{maros_service}{suffix}").status_code == 404
    response = post(ngawi, f"/pendamping/layanan/{maros_service}/tiket", category="lansia",
                    idempotency_key=uuid.uuid4().hex)
    assert response.status_code == 404
    assert len(tickets(web_app)) == 1
    # Ngawi's own services are the ones it finds.
    page = ngawi.get("/pendamping/?q=ktp").get_data(as_text=True)
    assert f'href="/pendamping/layanan/{sid(web_app, site="ngawi")}"' in page
    assert f'href="/pendamping/layanan/{maros_service}"' not in page


# --- choosing the service ---------------------------------------------------------------------

def test_search_and_short_list_lead_to_the_service(web_app):
    client = login(web_app, "pendamping.maros")
    start = client.get("/pendamping/").get_data(as_text=True)
    assert 'type="search"' in start and "Layanan yang sering dicari" in start
    assert f'href="/pendamping/layanan/{sid(web_app)}"' in start
    found = client.get("/pendamping/?q=pasport").get_data(as_text=True)   # a typo
    assert f'href="/pendamping/layanan/{sid(web_app, "paspor-baru")}"' in found
    none = client.get("/pendamping/?q=zzzzqqq").get_data(as_text=True)
    assert "Tidak ada layanan yang cocok" in none
    everything = client.get("/pendamping/layanan?page=abc").get_data(as_text=True)
    assert "Perubahan Kartu Keluarga" in everything and "Paspor baru" in everything
    assert client.get("/pendamping/layanan?page=99").status_code == 200
    assert client.get("/pendamping/layanan/999999").status_code == 404


# --- one question per screen ------------------------------------------------------------------

def test_the_walk_asks_one_requirement_per_screen_and_carries_the_answers(web_app):
    client = login(web_app, "pendamping.maros")
    ktp = sid(web_app)
    base = f"/pendamping/layanan/{ktp}"
    intro = client.get(base).get_data(as_text=True)
    assert "Ada 2 pertanyaan" in intro
    assert f'href="{base}/tanya?j="' in intro

    first = client.get(f"{base}/tanya?j=").get_data(as_text=True)
    assert "Apakah pengunjung membawa Kartu Keluarga (KK)?" in first
    assert "Pertanyaan 1 dari 2" in first
    assert links(first) == {"yes": f"{base}/tanya?j=y", "no": f"{base}/tanya?j=n"}
    assert back_link(first) == base

    # The two alternatives (same group) are one question, listing both options.
    second = client.get(f"{base}/tanya?j=y").get_data(as_text=True)
    assert "Apakah salah satu dari ini sudah ada?" in second
    assert "Pertanyaan 2 dari 2" in second
    assert "Surat keterangan lahir" in second and "SPTJM kebenaran data kelahiran" in second
    assert links(second) == {"yes": f"{base}/ringkasan?j=yy", "no": f"{base}/ringkasan?j=yn"}
    assert back_link(second) == f"{base}/tanya?j="

    summary = client.get(f"{base}/ringkasan?j=ny")
    assert summary.status_code == 200
    page = summary.get_data(as_text=True)
    assert back_link(page) == f"{base}/tanya?j=n"
    missing = page.split("Belum ada", 1)[1].split("Sudah ada", 1)[0]
    complete = page.split("Sudah ada", 1)[1].split("Biaya, waktu dan tempat", 1)[0]
    assert "Kartu Keluarga (KK)" in missing and "Didapat dari: Kantor desa/kelurahan" in missing
    assert "Surat keterangan lahir" in complete and "Kartu Keluarga" not in complete
    assert "Persyaratan belum lengkap" in page
    assert "Gratis" in page and "Selesai di tempat" in page and "Gerai 1" in page
    assert "Layanan ini bisa selesai di MPP." in page

    page = client.get(f"{base}/ringkasan?j=yn").get_data(as_text=True)
    missing = section(page, "assist-missing")
    assert "Salah satu dari:" in missing
    assert "Surat keterangan lahir" in missing and "SPTJM kebenaran data kelahiran" in missing
    assert "Kartu Keluarga" not in missing and section(page, "assist-maybe") == ""
    assert "Kartu Keluarga (KK)" in section(page, "assist-complete")

    page = client.get(f"{base}/ringkasan?j=yy").get_data(as_text=True)
    assert "Persyaratan sudah lengkap" in page and "Belum ada" not in page
    assert f'href="{base}/tiket?j=yy"' in page and "Ambil tiket prioritas" in page


def test_missing_optional_or_conditional_documents_are_listed_apart(web_app):
    """A missing document needed only in some cases does not make the file incomplete."""
    with web_app.app_context():
        service("ktp-el-baru").requirements[0].optional = True      # the KK
        db.session.commit()
    client = login(web_app, "pendamping.maros")
    page = client.get(f"/pendamping/layanan/{sid(web_app)}/ringkasan?j=ny").get_data(
        as_text=True)
    assert "Persyaratan sudah lengkap" in page
    assert section(page, "assist-missing") == ""
    maybe = section(page, "assist-maybe")
    assert "Kartu Keluarga (KK)" in maybe and "tidak wajib" in maybe
    assert "Didapat dari: Kantor desa/kelurahan" in maybe


@pytest.mark.parametrize("query, target", [
    ("tanya?j=yy", "ringkasan?j=yy"),        # all answered: on to the summary
    ("tanya?j=yyyyyy", "ringkasan?j=yy"),    # too many answers are cut
    ("tanya?j=x", "tanya?j="),               # a bad letter: back to where it was valid
    ("tanya?j=y%3Cscript%3E", "tanya?j=y"),
    ("tanya?j=xn", "tanya?j="),              # nothing after a bad letter is kept
    ("ringkasan?j=y", "tanya?j=y"),          # a summary before the last answer
    ("ringkasan", "tanya?j="),
])
def test_tampered_answers_are_redirected_not_raised(web_app, query, target):
    client = login(web_app, "pendamping.maros")
    base = f"/pendamping/layanan/{sid(web_app)}"
    response = client.get(f"{base}/{query}")
    assert response.status_code == 302
    assert html.unescape(response.location) == f"{base}/{target}"


def test_an_information_only_or_partial_service_is_said_plainly(web_app):
    with web_app.app_context():
        paspor = service("paspor-baru")
        paspor.availability, paspor.elsewhere_note = "info", "Wawancara di kantor imigrasi."
        ktp = service("ktp-el-baru")
        ktp.availability, ktp.elsewhere_note = "partial", "Pencetakan di kantor dinas."
        db.session.commit()
    client = login(web_app, "pendamping.maros")
    paspor_id = sid(web_app, "paspor-baru")
    page = client.get(f"/pendamping/layanan/{paspor_id}/ringkasan?j=yy").get_data(as_text=True)
    assert "Di MPP hanya ada informasi untuk layanan ini." in page
    assert "Wawancara di kantor imigrasi." in page
    assert "Ambil tiket prioritas" not in page and "tidak memakai antrean" in page
    response = post(client, f"/pendamping/layanan/{paspor_id}/tiket", category="lansia",
                    idempotency_key=uuid.uuid4().hex)
    assert response.status_code == 422
    assert "tidak memakai antrean" in response.get_data(as_text=True)
    page = client.get(f"/pendamping/layanan/{sid(web_app)}/ringkasan?j=yy").get_data(
        as_text=True)
    assert "tidak bisa selesai seluruhnya di MPP" in page and "Pencetakan di kantor dinas." in page
    assert tickets(web_app) == []


# --- the priority ticket ----------------------------------------------------------------------

def test_two_taps_make_an_assisted_priority_ticket(web_app):
    client = login(web_app, "pendamping.maros")
    path, key = ticket_form(client, sid(web_app))
    page = client.get(path).get_data(as_text=True)
    for category in ("lansia", "disabilitas", "hamil", "anak"):
        assert f'name="category" value="{category}"' in page
    response = post(client, path, category="hamil", name="", idempotency_key=key)
    assert response.status_code == 303
    code = response.location.rsplit("/", 1)[-1]
    assert response.location == f"/pendamping/tiket/{code}"
    [ticket] = tickets(web_app)
    with web_app.app_context():
        assistant_id = staff("pendamping.maros").id
    assert ticket.channel == "assisted" and ticket.assisted_by_id == assistant_id
    assert ticket.booked_by_id is None and ticket.priority == "hamil"
    assert ticket.name == "Pengunjung ibu hamil" and ticket.code == code

    page = client.get(response.location).get_data(as_text=True)
    assert 'class="slip-number">A-001<' in page and "<svg" in page
    assert "Dibantu oleh pendamping.maros" in page and "Ibu hamil" in page
    assert f'href="/pendamping/tiket/{code}/cetak"' in page
    printable = client.get(f"/pendamping/tiket/{code}/cetak").get_data(as_text=True)
    assert "<svg" in printable and "Dibantu oleh pendamping.maros" in printable

    # The same form sent again (double tap, retry): the same ticket.
    again = post(client, path, category="hamil", name="", idempotency_key=key)
    assert again.status_code == 303 and again.location == response.location
    assert len(tickets(web_app)) == 1

    # A named visitor, and a visitor who is not in a priority group.
    path, key = ticket_form(client, sid(web_app))
    assert post(client, path, category="lansia", name="  Pak Daeng ",
                idempotency_key=key).status_code == 303
    path, key = ticket_form(client, sid(web_app))
    assert post(client, path, category="biasa", idempotency_key=key).status_code == 303
    by_number = {t.sequence: t for t in tickets(web_app)}
    assert (by_number[2].name, by_number[2].priority) == ("Pak Daeng", "lansia")
    assert (by_number[3].name, by_number[3].priority) == ("Pengunjung", None)
    assert {t.channel for t in by_number.values()} == {"assisted"}


@pytest.mark.parametrize("data, message", [
    ({"category": "raja"}, "Pilih kategori pengunjung dari daftar."),
    ({"category": ""}, "Pilih kategori pengunjung."),
    ({}, "Pilih kategori pengunjung."),
    ({"category": "lansia", "name": "x" * 81}, "Nama terlalu panjang (maksimal 80 karakter)."),
    ({"category": "lansia", "idempotency_key": "<bad>"}, "Formulir kedaluwarsa"),
])
def test_bad_category_or_name_is_a_422_in_indonesian(web_app, data, message):
    client = login(web_app, "pendamping.maros")
    path, key = ticket_form(client, sid(web_app))
    response = post(client, path, **{"idempotency_key": key, **data})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and "<title>Kesalahan:" in page
    assert 'name="category" value="lansia"' in page      # the form is shown again
    assert tickets(web_app) == []


def test_a_service_that_needs_a_nik_asks_for_it(web_app):
    with web_app.app_context():
        service("ktp-el-baru").nik_required = True
        db.session.commit()
    client = login(web_app, "pendamping.maros")
    path, key = ticket_form(client, sid(web_app))
    assert 'name="nik"' in client.get(path).get_data(as_text=True)
    response = post(client, path, category="lansia", nik="123", idempotency_key=key)
    assert response.status_code == 422 and "NIK harus 16 angka." in response.get_data(
        as_text=True)
    assert tickets(web_app) == []


def test_a_full_quota_is_refused_in_plain_words_with_what_to_do(web_app):
    with web_app.app_context():
        service("ktp-el-baru").daily_quota = 1
        db.session.commit()
    client = login(web_app, "pendamping.maros")
    path, key = ticket_form(client, sid(web_app))
    assert post(client, path, category="lansia", idempotency_key=key).status_code == 303
    path, key = ticket_form(client, sid(web_app))
    response = post(client, path, category="anak", idempotency_key=key)
    assert response.status_code == 422
    page = text(response.get_data(as_text=True))
    assert "Tiket belum dibuat" in page and "Kuota layanan ini hari ini sudah habis." in page
    assert "Sarankan pengunjung datang lagi pada" in page
    assert len(tickets(web_app)) == 1


def test_a_reused_key_of_another_service_never_shows_that_ticket(web_app):
    client = login(web_app, "pendamping.maros")
    path, key = ticket_form(client, sid(web_app))
    assert post(client, path, category="lansia", idempotency_key=key).status_code == 303
    other, _ = ticket_form(client, sid(web_app, "paspor-baru"))
    response = post(client, other, category="lansia", idempotency_key=key)
    # Keys are scoped to their service (queue/booking.py): that service's own new ticket.
    made = tickets(web_app)
    assert len(made) == 2 and made[1].service_id == sid(web_app, "paspor-baru")
    assert response.status_code == 303 and made[0].code not in response.location


def test_post_without_csrf_token_is_refused(web_app):
    client = login(web_app, "pendamping.maros")
    response = client.post(f"/pendamping/layanan/{sid(web_app)}/tiket",
                           data={"category": "lansia", "idempotency_key": uuid.uuid4().hex})
    assert response.status_code == 400
    assert tickets(web_app) == []


def test_only_assisted_tickets_of_the_site_are_shown(web_app):
    with web_app.app_context():
        officer = staff("dukcapil.maros")
        ticket, _ = calling.issue_walkin(officer, service("ktp-el-baru"), name="Budi",
                                         idempotency_key=uuid.uuid4().hex, secret="x")
        code = ticket.code
    client = login(web_app, "pendamping.maros")
    assert client.get(f"/pendamping/tiket/{code}").status_code == 404
    assert client.get(f"/pendamping/tiket/{code}/cetak").status_code == 404
    assert client.get("/pendamping/tiket/no-such-code").status_code == 404


# --- today's assisted tickets -----------------------------------------------------------------

def test_todays_list_has_an_empty_state_and_pages(web_app):
    client = login(web_app, "pendamping.maros")
    empty = client.get("/pendamping/tiket").get_data(as_text=True)
    assert "Hari ini Anda belum membantu mengambil tiket." in empty
    with web_app.app_context():
        assistant = staff("pendamping.maros")
        ktp = service("ktp-el-baru")
        for number in range(21):
            calling.issue_walkin(assistant, ktp, name=f"Warga {number}",
                                 idempotency_key=uuid.uuid4().hex, secret="x",
                                 priority="lansia")
    first = client.get("/pendamping/tiket").get_data(as_text=True)
    assert first.count('class="assist-choice"') == 20
    assert "A-021 · Warga 20" in first and "Halaman 1 dari 2" in first
    second = client.get("/pendamping/tiket?page=2").get_data(as_text=True)
    assert second.count('class="assist-choice"') == 1 and "A-001 · Warga 0" in second
    assert client.get("/pendamping/tiket?page=zz").status_code == 200


def test_pages_are_valid_html_without_inline_scripts_or_styles(web_app):
    import html5lib

    client = login(web_app, "pendamping.maros")
    ktp = sid(web_app)
    path, key = ticket_form(client, ktp)
    code = post(client, path, category="anak", idempotency_key=key).location.rsplit("/", 1)[-1]
    for url in ("/pendamping/", "/pendamping/?q=ktp", "/pendamping/layanan",
                f"/pendamping/layanan/{ktp}", f"/pendamping/layanan/{ktp}/tanya?j=",
                f"/pendamping/layanan/{ktp}/ringkasan?j=nn", path, f"/pendamping/tiket/{code}",
                f"/pendamping/tiket/{code}/cetak", "/pendamping/tiket"):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        html5lib.HTMLParser(strict=True).parse(page)
        assert not re.search(r"<script(?![^>]*\bsrc=)", page), url
        assert "style=" not in page and "<style" not in page, url
        assert page.count("<h1") == 1, url
        assert 'data-speak="bacaan"' in page or url.endswith("/cetak") or \
            url == "/pendamping/layanan" or url == "/pendamping/tiket", url


# --- notices in force -------------------------------------------------------------------------

def add_notices(app) -> None:
    """In force now (real time): site-wide, Disdukcapil's, KTP-el's, and another service's."""
    now = dt.datetime.now(dt.timezone.utc)
    with app.app_context():
        ktp, paspor = service("ktp-el-baru"), service("paspor-baru")
        for message, agency_id, service_id, severity in [
                ("SITE-WIDE parkir penuh", None, None, "info"),
                ("AGENCY Jaringan Dukcapil terganggu", ktp.agency_id, None, "outage"),
                ("SERVICE blanko KTP habis", None, ktp.id, "warning"),
                ("OTHER paspor", None, paspor.id, "info")]:
            db.session.add(Announcement(
                site_id=ktp.site_id, agency_id=agency_id, service_id=service_id,
                severity=severity, message=message, translations={},
                starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=2)))
        db.session.commit()


def notices_on(page: str) -> set[str]:
    return set(re.findall(r"(SITE-WIDE|AGENCY|SERVICE|OTHER)", page))


def test_an_assistant_sees_the_services_notices_before_promising_a_visit(web_app):
    add_notices(web_app)
    client = login(web_app, "pendamping.maros")
    ktp = sid(web_app)
    everything = {"SITE-WIDE", "AGENCY", "SERVICE"}
    summary = client.get(f"/pendamping/layanan/{ktp}/ringkasan?j=yy").get_data(as_text=True)
    assert notices_on(summary) == everything
    assert "Jaringan Dukcapil terganggu" in summary and "Gangguan layanan" in summary
    form = client.get(f"/pendamping/layanan/{ktp}/tiket?j=yy").get_data(as_text=True)
    assert notices_on(form) == everything
    # Pages not about one service stay as they were.
    assert notices_on(client.get("/pendamping/").get_data(as_text=True)) == set()
