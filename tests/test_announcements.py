"""Announcements (pengumuman): managers create, edit, end and delete them with confirmations and
Indonesian validation; citizens see them on the right pages only (site, agency, service,
booking form, tickets, display board) while in force; the API lists them; roles are checked."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import Agency, Announcement, Service, Site, Ticket
from mpp_lite.notices import services as notices
from support.catalogs import counters_sites
from support.html import page_text, parse, text_of
from support.staff import login, post
from support.times import MONDAY, UTC, wita

pytestmark = pytest.mark.staff_app(sites=counters_sites)

NEW = "/kelola/pengumuman/baru"
LIST = "/kelola/pengumuman"


@pytest.fixture
def clock(clock):
    clock(wita(MONDAY, 10))  # Monday 10.00 WITA, unless a test says otherwise
    return clock


def ids(app, site: str = "maros") -> dict[str, int]:
    with app.app_context():
        site_obj = db.session.scalar(sa.select(Site).filter_by(slug=site))
        out = {"site": site_obj.id}
        for agency in db.session.scalars(sa.select(Agency).filter_by(site_id=site_obj.id)):
            out[agency.slug] = agency.id
        for service in db.session.scalars(sa.select(Service).filter_by(site_id=site_obj.id)):
            out[service.slug] = service.id
        return out


def make_notice(app, message: str, *, site: str = "maros", agency: str | None = None,
                service: str | None = None, severity: str = "info",
                starts: dt.datetime | None = None, ends: dt.datetime | None = None,
                english: str = "") -> int:
    """A notice straight into the database (in force 09.00–12.00 WITA Monday by default)."""
    known = ids(app, site)
    with app.app_context():
        notice = Announcement(
            site_id=known["site"], agency_id=known[agency] if agency else None,
            service_id=known[service] if service else None, severity=severity,
            message=message, translations={"en": {"message": english}} if english else {},
            starts_at=(starts or wita(MONDAY, 9)).astimezone(UTC),
            ends_at=(ends or wita(MONDAY, 12)).astimezone(UTC))
        db.session.add(notice)
        db.session.commit()
        return notice.id


def count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Announcement))


def get_notice(app, notice_id: int) -> Announcement | None:
    with app.app_context():
        notice = db.session.get(Announcement, notice_id)
        if notice is not None:
            db.session.expunge(notice)
        return notice


def aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def form_data(**overrides) -> dict[str, str]:
    data = {"scope": "site", "severity": "outage",
            "message": "Jaringan Dukcapil pusat terganggu sampai 12.00.",
            "message_en": "The national civil registry network is down until 12.00.",
            "starts_date": "2026-11-23", "starts_time": "09.00",
            "ends_date": "2026-11-23", "ends_time": "12:00"}
    data.update(overrides)
    return data


# --- managing ---------------------------------------------------------------------------------

def test_admin_creates_a_notice_in_the_sites_local_time(web_app, clock):
    client = login(web_app, "admin.maros")
    form = client.get(NEW)
    assert form.status_code == 200
    html = form.get_data(as_text=True)
    assert 'value="2026-11-23"' in html and 'value="10:00"' in html  # now, site-local
    known = ids(web_app)
    response = post(client, NEW, **form_data(scope=f"agency-{known['disdukcapil']}"))
    assert response.status_code == 303 and response.location.endswith(LIST)
    with web_app.app_context():
        notice = db.session.scalar(sa.select(Announcement))
        assert notice.agency_id == known["disdukcapil"] and notice.service_id is None
        assert notice.severity == "outage"
        assert notice.message == "Jaringan Dukcapil pusat terganggu sampai 12.00."
        assert notice.translations == {"en": {"message": "The national civil registry "
                                                         "network is down until 12.00."}}
        # 09.00 WITA is 01.00 UTC
        assert aware(notice.starts_at) == dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
        assert aware(notice.ends_at) == dt.datetime(2026, 11, 23, 4, 0, tzinfo=UTC)
        assert notice.created_by.username == "admin.maros"
    listing = page_text(client.get(LIST))
    assert "Pengumuman dibuat." in listing
    assert "Gangguan layanan · Sedang tampil · Instansi: Disdukcapil" in listing
    assert "23/11/2026 09.00 sampai 23/11/2026 12.00" in listing


@pytest.mark.parametrize("overrides, message", [
    ({"ends_time": "08.00"}, "Waktu selesai harus sesudah waktu mulai."),
    ({"ends_date": "2026-11-22", "ends_time": "12.00"}, "Waktu selesai harus sesudah"),
    ({"message": "x" * 301}, "Pengumuman terlalu panjang (301 karakter, maksimal 300)."),
    ({"message": "   "}, "Tulis isi pengumuman."),
    ({"message_en": "y" * 301}, "Terjemahan terlalu panjang"),
    ({"severity": "panic"}, "Pilih jenis pengumuman."),
    ({"scope": "agency-999999"}, "Pilih cakupan dari daftar"),
    ({"scope": "nonsense"}, "Pilih cakupan dari daftar"),
    ({"starts_time": "25.99"}, "Isi jam seperti 08.30."),
    ({"starts_date": "kemarin"}, "Isi tanggal seperti 31/12/2026."),
    ({"ends_date": "31/02/2026"}, "Isi tanggal seperti 31/12/2026."),
    # Year 1 at 00.00 local is before UTC's year 1; 9999-12-31 23.59 WITA is fine but absurd.
    ({"starts_date": "0001-01-01", "starts_time": "00.00"}, "Tahun harus antara 2000 dan 2100."),
    ({"ends_date": "9999-12-31", "ends_time": "23.59"}, "Tahun harus antara 2000 dan 2100."),
    ({"starts_date": "01/01/1999"}, "Tahun harus antara 2000 dan 2100."),
])
def test_invalid_notices_are_refused_in_indonesian_and_nothing_is_saved(
        web_app, clock, overrides, message):
    client = login(web_app, "admin.maros")
    response = post(client, NEW, **form_data(**overrides))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in page_text(response)
    assert "<title>Kesalahan:" in html
    assert "field-error" in html
    assert count(web_app) == 0
    # What was typed is still there.
    if "message" not in overrides:
        assert "Jaringan Dukcapil pusat terganggu sampai 12.00." in html


def test_the_service_refuses_years_outside_2000_2100_without_overflowing(web_app, clock):
    """save_announcement handed year 1 directly (not through the form): a message, not a 500."""
    with web_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        data = notices.AnnouncementInput(
            scope="site", severity="info", message="Tes", message_en="",
            starts=dt.datetime(1, 1, 1, 0, 0), ends=dt.datetime(2026, 11, 23, 12, 0))
        with pytest.raises(notices.AnnouncementError) as refused:
            notices.save_announcement(site, data, None)
        assert set(refused.value.fields) == {"starts"}
    assert count(web_app) == 0


def test_an_indonesian_date_and_several_problems_at_once(web_app, clock):
    client = login(web_app, "admin.maros")
    response = post(client, NEW, **form_data(starts_date="23/11/2026", message="",
                                             severity=""))
    body = page_text(response)
    assert "Tulis isi pengumuman." in body and "Pilih jenis pengumuman." in body
    assert "Isi tanggal" not in body  # 23/11/2026 is read fine
    response = post(client, NEW, **form_data(starts_date="23/11/2026"))
    assert response.status_code == 303 and count(web_app) == 1


def test_scope_of_another_site_is_refused(web_app, clock):
    ngawi = ids(web_app, "ngawi")
    client = login(web_app, "admin.maros")
    for scope in (f"service-{ngawi['paspor-baru']}", f"agency-{ngawi['disdukcapil']}"):
        response = post(client, NEW, **form_data(scope=scope))
        assert response.status_code == 422
        assert "Pilih cakupan dari daftar" in page_text(response)
    assert count(web_app) == 0


def test_the_scope_list_offers_only_this_sites_agencies_and_services(web_app, clock):
    html = login(web_app, "admin.maros").get(NEW).get_data(as_text=True)
    maros, ngawi = ids(web_app), ids(web_app, "ngawi")
    assert f'value="service-{maros["paspor-baru"]}"' in html
    assert f'value="service-{ngawi["paspor-baru"]}"' not in html
    assert f'value="agency-{ngawi["imigrasi"]}"' not in html


def test_admin_edits_a_notice(web_app, clock):
    notice_id = make_notice(web_app, "Lama", english="Old")
    client = login(web_app, "admin.maros")
    html = client.get(f"{LIST}/{notice_id}").get_data(as_text=True)
    assert re.search(r">\s*Lama</textarea>", html) and re.search(r">\s*Old</textarea>", html)
    assert 'value="09:00"' in html and 'value="12:00"' in html  # shown in WITA
    known = ids(web_app)
    response = post(client, f"{LIST}/{notice_id}", **form_data(
        scope=f"service-{known['paspor-baru']}", severity="warning", message="Baru",
        message_en="", ends_time="13.30"))
    assert response.status_code == 303
    notice = get_notice(web_app, notice_id)
    assert (notice.message, notice.severity, notice.service_id, notice.agency_id) == (
        "Baru", "warning", known["paspor-baru"], None)
    assert notice.translations == {}
    assert aware(notice.ends_at) == dt.datetime(2026, 11, 23, 5, 30, tzinfo=UTC)
    assert count(web_app) == 1


def test_ending_early_asks_first_then_ends_now(web_app, clock):
    notice_id = make_notice(web_app, "Antrean Samsat dialihkan ke lantai 2")
    client = login(web_app, "admin.maros")
    assert "Antrean Samsat dialihkan" in page_text(web_app.test_client().get("/maros/"))
    confirm = client.get(f"{LIST}/{notice_id}/akhiri")
    assert confirm.status_code == 200
    assert "Akhiri pengumuman ini sekarang?" in page_text(confirm)
    assert aware(get_notice(web_app, notice_id).ends_at) == wita(MONDAY, 12)  # not yet
    response = post(client, f"{LIST}/{notice_id}/akhiri")
    assert response.status_code == 303
    notice = get_notice(web_app, notice_id)
    assert aware(notice.ends_at) == wita(MONDAY, 10)  # the clock's now
    assert "Antrean Samsat dialihkan" not in page_text(web_app.test_client().get("/maros/"))
    assert "Sudah berakhir" in page_text(client.get(LIST))
    # Ending it again changes nothing.
    assert post(client, f"{LIST}/{notice_id}/akhiri").status_code == 303
    assert aware(get_notice(web_app, notice_id).ends_at) == wita(MONDAY, 10)


def test_ending_an_upcoming_notice_keeps_its_period_valid(web_app, clock):
    notice_id = make_notice(web_app, "Besok", starts=wita(MONDAY, 14), ends=wita(MONDAY, 16))
    client = login(web_app, "admin.maros")
    assert post(client, f"{LIST}/{notice_id}/akhiri").status_code == 303
    notice = get_notice(web_app, notice_id)
    assert aware(notice.starts_at) < aware(notice.ends_at) == wita(MONDAY, 10)


def test_delete_asks_first(web_app, clock):
    notice_id = make_notice(web_app, "Hapus saya")
    client = login(web_app, "admin.maros")
    confirm = client.get(f"{LIST}/{notice_id}/hapus")
    assert confirm.status_code == 200 and "Hapus pengumuman ini?" in page_text(confirm)
    assert count(web_app) == 1
    # Without the CSRF token nothing happens.
    assert client.post(f"{LIST}/{notice_id}/hapus").status_code == 400
    assert count(web_app) == 1
    response = post(client, f"{LIST}/{notice_id}/hapus")
    assert response.status_code == 303 and count(web_app) == 0
    assert "Pengumuman dihapus." in page_text(client.get(LIST))
    assert client.get(f"{LIST}/{notice_id}/hapus").status_code == 404


def test_list_is_paginated_and_has_an_empty_state(web_app, clock):
    client = login(web_app, "admin.maros")
    assert "Belum ada pengumuman." in page_text(client.get(LIST))
    for n in range(23):
        make_notice(web_app, f"Pengumuman nomor {n}")
    first = client.get(LIST).get_data(as_text=True)
    assert "Halaman 1 dari 2" in first and first.count("<p>Pengumuman nomor") == 20
    assert client.get(f"{LIST}?page=2").get_data(as_text=True).count(
        "<p>Pengumuman nomor") == 3


def test_another_sites_admin_cannot_see_or_touch_a_notice(web_app, clock):
    notice_id = make_notice(web_app, "Milik Maros")
    client = login(web_app, "admin.ngawi")
    assert "Milik Maros" not in page_text(client.get(LIST))
    for path in (f"{LIST}/{notice_id}", f"{LIST}/{notice_id}/akhiri",
                 f"{LIST}/{notice_id}/hapus"):
        assert client.get(path).status_code == 404
        assert post(client, path, **form_data()).status_code == 404
    notice = get_notice(web_app, notice_id)
    assert notice.message == "Milik Maros" and aware(notice.ends_at) == wita(MONDAY, 12)


@pytest.mark.parametrize("username", ["dukcapil.maros", "pendamping.maros", "desa.maros"])
def test_other_roles_are_refused(web_app, clock, username):
    notice_id = make_notice(web_app, "Hanya pengelola")
    client = login(web_app, username)
    for path in (LIST, NEW, f"{LIST}/{notice_id}", f"{LIST}/{notice_id}/akhiri",
                 f"{LIST}/{notice_id}/hapus"):
        assert client.get(path).status_code == 403, path
    assert post(client, NEW, **form_data()).status_code == 403
    assert post(client, f"{LIST}/{notice_id}/hapus").status_code == 403
    assert count(web_app) == 1


def test_anonymous_visitors_are_sent_to_login(web_app):
    client = web_app.test_client()
    for path in (LIST, NEW, f"{LIST}/1", f"{LIST}/1/akhiri", f"{LIST}/1/hapus"):
        response = client.get(path)
        assert response.status_code == 302 and "/staff/login" in response.location
    assert client.post(NEW, data=form_data()).status_code in (302, 400)
    assert count(web_app) == 0


def test_tile_on_the_admins_staff_home_only(web_app):
    assert 'href="/kelola/pengumuman"' in login(web_app, "admin.maros").get(
        "/staff/").get_data(as_text=True)
    assert 'href="/kelola/pengumuman"' not in login(web_app, "dukcapil.maros").get(
        "/staff/").get_data(as_text=True)


# --- where citizens see them ------------------------------------------------------------------

@pytest.fixture
def three_notices(web_app, clock):
    make_notice(web_app, "SITE-WIDE parkir penuh")
    make_notice(web_app, "AGENCY Dukcapil blanko habis", agency="disdukcapil",
                severity="warning")
    make_notice(web_app, "SERVICE paspor sistem gangguan", service="paspor-baru",
                severity="outage")
    make_notice(web_app, "NGAWI only", site="ngawi")
    make_notice(web_app, "UPCOMING later", starts=wita(MONDAY, 13), ends=wita(MONDAY, 15))
    make_notice(web_app, "ENDED earlier", starts=wita(MONDAY, 7), ends=wita(MONDAY, 9, 59))


def make_ticket(app, service: str = "paspor-baru") -> str:
    with app.app_context():
        service_obj = db.session.scalar(sa.select(Service).join(Site).where(
            Site.slug == "maros", Service.slug == service))
        ticket = Ticket(code="abcdefgh12345678", idempotency_key="key-notices-1",
                        site_id=service_obj.site_id, service_id=service_obj.id, day=MONDAY,
                        prefix=service_obj.queue_prefix, sequence=1, status="waiting",
                        name="Warga")
        db.session.add(ticket)
        db.session.commit()
        return ticket.code


def shown(app, path: str) -> set[str]:
    html = app.test_client().get(path).get_data(as_text=True)
    found = re.findall(r"(SITE-WIDE|AGENCY|SERVICE|NGAWI|UPCOMING|ENDED)", html)
    return set(found)


@pytest.mark.parametrize("path, expected", [
    ("/maros/", {"SITE-WIDE"}),
    ("/maros/gerai", {"SITE-WIDE"}),
    ("/maros/cari?q=ktp", {"SITE-WIDE"}),
    ("/maros/instansi/disdukcapil", {"SITE-WIDE", "AGENCY"}),
    ("/maros/instansi/imigrasi", {"SITE-WIDE"}),
    ("/maros/layanan/ktp-el-baru", {"SITE-WIDE", "AGENCY"}),
    ("/maros/layanan/ktp-el-baru/antre", {"SITE-WIDE", "AGENCY"}),
    ("/maros/layanan/paspor-baru", {"SITE-WIDE", "SERVICE"}),
    ("/maros/layanan/paspor-baru/antre", {"SITE-WIDE", "SERVICE"}),
    ("/ngawi/", {"NGAWI"}),
    ("/ngawi/layanan/paspor-baru", {"NGAWI"}),
    ("/", set()),
])
def test_notices_show_on_the_right_pages_only(web_app, three_notices, path, expected):
    assert shown(web_app, path) == expected


def test_service_notices_show_on_its_tickets(web_app, three_notices):
    code = make_ticket(web_app)
    assert shown(web_app, f"/tiket/{code}") == {"SITE-WIDE", "SERVICE"}


def test_staff_pages_do_not_show_citizen_notices(web_app, three_notices):
    client = login(web_app, "admin.maros")
    html = client.get("/staff/").get_data(as_text=True)
    assert "SITE-WIDE" not in html
    assert "announcement-outage" not in client.get("/kelola/laporan-gerai").get_data(
        as_text=True)


def test_outage_is_marked_in_words_not_only_colour(web_app, three_notices):
    html = web_app.test_client().get("/maros/layanan/paspor-baru").get_data(as_text=True)
    aside = parse(html).find(".//aside")
    assert aside is not None and aside.get("aria-label") == "Pengumuman"
    blocks = [text_of(div) for div in aside.iter("div")]
    assert blocks[0].startswith("⛔ Gangguan layanan · Paspor baru SERVICE paspor sistem")
    assert blocks[0].endswith("Berlaku sampai 12.00")
    assert blocks[1].startswith("ℹ Informasi SITE-WIDE")
    assert 'class="announcement announcement-outage"' in html


def test_a_notice_ending_another_day_shows_its_date(web_app, clock):
    make_notice(web_app, "Renovasi", ends=wita(dt.date(2026, 11, 27), 16))
    body = page_text(web_app.test_client().get("/maros/"))
    assert "Berlaku sampai 27 November 2026, 16.00" in body


def test_english_visitors_read_the_translation(web_app, clock):
    make_notice(web_app, "Jaringan terganggu", english="Network down")
    make_notice(web_app, "Tanpa terjemahan")
    client = web_app.test_client()
    english = client.get("/maros/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Network down" in english and "Jaringan terganggu" not in english
    assert "Tanpa terjemahan" in english  # falls back to Indonesian


def test_notices_disappear_when_they_end_and_the_etag_changes(web_app, clock):
    make_notice(web_app, "Sampai jam dua belas")
    client = web_app.test_client()
    first = client.get("/maros/layanan/ktp-el-baru")
    assert "Sampai jam dua belas" in page_text(first)
    etag = first.headers["ETag"]
    assert client.get("/maros/layanan/ktp-el-baru",
                      headers={"If-None-Match": etag}).status_code == 304
    clock(wita(MONDAY, 12))  # ends_at is exclusive
    later = client.get("/maros/layanan/ktp-el-baru", headers={"If-None-Match": etag})
    assert later.status_code == 200
    assert "Sampai jam dua belas" not in page_text(later)
    assert later.headers["ETag"] != etag


def test_a_notice_appears_when_it_starts(web_app, clock):
    make_notice(web_app, "Mulai jam sebelas", starts=wita(MONDAY, 11), ends=wita(MONDAY, 12))
    assert "Mulai jam sebelas" not in page_text(web_app.test_client().get("/maros/"))
    clock(wita(MONDAY, 11))
    assert "Mulai jam sebelas" in page_text(web_app.test_client().get("/maros/"))


def test_citizen_pages_with_notices_stay_valid_and_small(web_app, three_notices):
    client = web_app.test_client()
    for path in ("/maros/", "/maros/layanan/paspor-baru", "/maros/instansi/disdukcapil"):
        response = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert len(response.data) <= 14_600
        html = client.get(path).get_data(as_text=True)
        parse(html)
        assert html.count("<h1") == 1 and "style=" not in html


# --- the board and the API --------------------------------------------------------------------

def test_board_feed_and_page_carry_every_notice_in_force(web_app, three_notices):
    client = web_app.test_client()
    board = client.get("/api/v1/sites/maros/board").json
    messages = [n["message"] for n in board["notices"]]
    assert messages == ["SERVICE paspor sistem gangguan", "AGENCY Dukcapil blanko habis",
                        "SITE-WIDE parkir penuh"]  # most severe first
    assert board["notices"][0]["scope"] == {"type": "service", "agency": "imigrasi",
                                            "service": "paspor-baru"}
    html = client.get("/maros/layar").get_data(as_text=True)
    section = [s for s in parse(html).iter("section")
               if s.get("class") == "board-notices"][0]
    assert section.get("hidden") is None
    text = text_of(section)
    assert "Gangguan layanan Paspor baru SERVICE paspor sistem gangguan" in text
    assert "NGAWI" not in text and "UPCOMING" not in text and "ENDED" not in text
    assert html.count("SITE-WIDE") == 1  # in the board's own section, not twice


def test_board_version_changes_when_a_notice_ends(web_app, clock):
    make_notice(web_app, "Sebentar", ends=wita(MONDAY, 10, 30))
    client = web_app.test_client()
    before = client.get("/api/v1/sites/maros/board").json
    assert [n["message"] for n in before["notices"]] == ["Sebentar"]
    clock(wita(MONDAY, 10, 30))
    after = client.get("/api/v1/sites/maros/board").json
    assert after["notices"] == [] and after["version"] != before["version"]
    html = client.get("/maros/layar").get_data(as_text=True)
    section = [s for s in parse(html).iter("section")
               if s.get("class") == "board-notices"][0]
    assert section.get("hidden") is not None


def test_announcements_api_lists_the_notices_in_force_with_their_scope(web_app, three_notices):
    client = web_app.test_client()
    response = client.get("/api/v1/sites/maros/announcements")
    assert response.status_code == 200
    doc = response.json
    assert doc["site"] == "maros" and doc["now"] == "2026-11-23T10:00:00+08:00"
    by_message = {n["message"]: n for n in doc["announcements"]}
    assert set(by_message) == {"SITE-WIDE parkir penuh", "AGENCY Dukcapil blanko habis",
                               "SERVICE paspor sistem gangguan"}
    site_wide = by_message["SITE-WIDE parkir penuh"]
    assert site_wide["scope"] == {"type": "site", "agency": None, "service": None}
    assert site_wide["severity"] == "info" and site_wide["scope_name"] == ""
    assert site_wide["starts_at"] == "2026-11-23T09:00:00+08:00"
    assert site_wide["ends_at"] == "2026-11-23T12:00:00+08:00"
    assert by_message["AGENCY Dukcapil blanko habis"]["scope"] == {
        "type": "agency", "agency": "disdukcapil", "service": None}
    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    for notice in doc["announcements"]:
        assert set(notice) == set(schema["Announcement"]["properties"]) == set(
            schema["Announcement"]["required"])
    board = schema["Board"]
    assert "notices" in board["required"] and "notices" in board["properties"]
    assert client.get("/api/v1/sites/nowhere/announcements").status_code == 404
    assert client.get("/api/v1/sites/nowhere/announcements").json["error"]["code"] == \
        "not_found"


def test_announcements_api_speaks_english_when_asked(web_app, clock):
    make_notice(web_app, "Jaringan terganggu", english="Network down")
    doc = web_app.test_client().get("/api/v1/sites/maros/announcements?lang=en").json
    assert doc["announcements"][0]["message"] == "Network down"


def test_the_query_function_scopes_by_agency_and_service(web_app, three_notices):
    with web_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        paspor = db.session.scalar(sa.select(Service).filter_by(site_id=site.id,
                                                                 slug="paspor-baru"))
        dukcapil = db.session.scalar(sa.select(Agency).filter_by(site_id=site.id,
                                                                  slug="disdukcapil"))
        now = wita(MONDAY, 10)
        assert [n.message for n in notices.announcements_in_force(site, now=now)] == [
            "SITE-WIDE parkir penuh"]
        assert [n.message for n in notices.announcements_in_force(
            site, agency=dukcapil, now=now)] == ["AGENCY Dukcapil blanko habis",
                                                 "SITE-WIDE parkir penuh"]
        assert [n.message for n in notices.announcements_in_force(
            site, service=paspor, now=now)] == ["SERVICE paspor sistem gangguan",
                                                "SITE-WIDE parkir penuh"]
        assert notices.announcements_in_force(site, now=wita(MONDAY, 12)) == []
        assert notices.announcements_in_force(None) == []
