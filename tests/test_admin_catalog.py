"""Catalogue editing by managers (and allowed officers): site, agencies, counters, services,
requirements and steps; validation shared with the import (422, never 500); preview; "last
reviewed" in the site's time zone; audit entries; scope by site and agency; citizen pages
show edits at once."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from mpp_lite.catalog import editing
from mpp_lite.dates import local_now, site_today
from mpp_lite.extensions import db
from mpp_lite.models import Agency, AuditEntry, ClosedDate, Counter, Service, Site

from support.editing import service_form, service_id
from support.html import text
from support.staff import login, post


# dukcapil.maros may edit its agency's services.
pytestmark = pytest.mark.staff_app(catalog_editors=["dukcapil.maros"])


def _service(app, slug: str = "ktp-el-baru", site: str = "maros") -> Service:
    return db.session.scalar(sa.select(Service).join(Site).where(Site.slug == site,
                                                                 Service.slug == slug))


def audits(app, entity: str | None = None) -> list[AuditEntry]:
    with app.app_context():
        query = sa.select(AuditEntry).order_by(AuditEntry.id)
        if entity:
            query = query.where(AuditEntry.entity == entity)
        entries = db.session.scalars(query).all()
        for entry in entries:
            _ = entry.staff
        db.session.expunge_all()
        return entries


# --- services --------------------------------------------------------------------------------

def test_manager_edits_a_service_and_the_citizen_page_and_search_show_it_at_once(web_app):
    citizen = web_app.test_client()
    assert "Kartu sakti" not in citizen.get("/maros/layanan/ktp-el-baru").get_data(as_text=True)
    assert "KTP-el baru" in text(citizen.get("/maros/cari?q=ktp").get_data(as_text=True))
    client = login(web_app, "admin.maros")
    sid = service_id(web_app)
    response = post(client, f"/kelola/layanan/{sid}", action="save", **service_form(
        web_app, name="Kartu sakti elektronik", keywords="ktp, identitas, zebrakuda",
        fee_free="0", fee_amount="15.000", processing_time="2 hari kerja"))
    assert response.status_code == 303, text(response.get_data(as_text=True))[:2000]
    page = text(citizen.get("/maros/layanan/ktp-el-baru").get_data(as_text=True))
    assert "Kartu sakti elektronik" in page and "Rp15.000" in page and "2 hari kerja" in page
    # The search index is rebuilt for the new keyword (catalogue_version changed).
    assert "Kartu sakti elektronik" in text(
        citizen.get("/maros/cari?q=zebrakuda").get_data(as_text=True))
    [entry] = audits(web_app, "service")
    assert (entry.action, entry.entity_id, entry.staff.username) == ("update", sid, "admin.maros")
    assert entry.before["name"] == "KTP-el baru" and entry.after["name"] == "Kartu sakti elektronik"
    assert entry.before["fee_free"] is True and entry.after["fee_amount"] == 15000
    assert [r["text"] for r in entry.after["requirements"]][0] == "Kartu Keluarga (KK)"
    assert entry.after["steps"] and entry.after["counters"] == ["Gerai 1", "Gerai 2"]


def test_editing_an_indonesian_text_drops_its_stale_translation_and_keeps_the_others(web_app):
    """English pages must not keep showing the old English name after a manager renames."""
    with web_app.app_context():
        service = _service(web_app)
        service.translations = {"en": {"name": "New e-ID card", "product": "e-ID card"}}
        requirement = service.requirements[0]
        requirement.translations = {"en": {"text": "Family card (KK)", "detail": "Original"}}
        rid = requirement.id
        db.session.commit()
    client = login(web_app, "admin.maros")
    sid = service_id(web_app)
    assert post(client, f"/kelola/layanan/{sid}", action="save", **service_form(
        web_app, name="Kartu sakti elektronik")).status_code == 303
    with web_app.app_context():
        service = _service(web_app)
        assert service.translations == {"en": {"product": "e-ID card"}}
        assert service.tr("name", "en") == "Kartu sakti elektronik"
        assert service.tr("product", "en") == "e-ID card"
        detail = service.requirements[0].detail or ""
    # Saving with the same texts keeps every translation.
    assert post(client, f"/kelola/layanan/{sid}", action="save",
                **service_form(web_app)).status_code == 303
    assert post(client, f"/kelola/layanan/{sid}/persyaratan/{rid}",
                text="Kartu Keluarga (KK) asli", detail=detail, quantity="1",
                form="original").status_code == 303
    with web_app.app_context():
        assert _service(web_app).translations == {"en": {"product": "e-ID card"}}
        requirement = db.session.get(editing.Requirement, rid)
        assert requirement.translations == {"en": {"detail": "Original"}}
        assert requirement.tr("text", "en") == "Kartu Keluarga (KK) asli"


@pytest.mark.parametrize("changes, field_message", [
    ({"fee_free": "0", "fee_amount": ""}, "wajib diisi jika layanan berbayar"),
    ({"fee_amount": "tiga puluh ribu", "fee_free": "0"}, "angka bulat"),
    ({"availability": "partial", "elsewhere_note": ""}, "tidak selesai di MPP"),
    ({"queue_prefix": "a1"}, "huruf kapital"),
    ({"name": "   "}, "Wajib diisi"),
    ({"slug": "KTP baru!"}, "huruf kecil"),
    ({"slug": "kk-perubahan"}, "sudah dipakai"),
    ({"online_url": "javascript:alert(1)"}, "http(s)://"),
    ({"daily_quota": "0"}, "paling kecil 1"),
    ({"agency": "999999"}, "Pilih instansi"),
    ({"life_events": ["jalan-jalan"]}, "tidak dikenal"),
])
def test_invalid_service_forms_are_shown_again_with_422_and_nothing_changes(
        web_app, changes, field_message):
    client = login(web_app, "admin.maros")
    sid = service_id(web_app)
    response = post(client, f"/kelola/layanan/{sid}", action="save",
                    **service_form(web_app, **{"name": "Nama baru", **changes}))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert field_message.lower() in page.lower() and "<title>Kesalahan:" in page
    assert 'aria-invalid="true"' in page or "notice-error" in page
    with web_app.app_context():
        assert _service(web_app).name == "KTP-el baru"
    assert audits(web_app) == []


def test_preview_shows_the_unsaved_service_as_citizens_will_see_it(web_app):
    client = login(web_app, "admin.maros")
    sid = service_id(web_app)
    response = post(client, f"/kelola/layanan/{sid}", action="preview", **service_form(
        web_app, name="Nama pratinjau", availability="partial",
        elsewhere_note="Foto di kantor Disdukcapil", fee_free="0", fee_amount="50000"))
    assert response.status_code == 200
    page = text(response.get_data(as_text=True))
    assert "Pratinjau: belum disimpan" in page
    assert "Nama pratinjau" in page and "Rp50.000" in page
    assert "Sebagian harus diurus di luar MPP" in page and "Foto di kantor Disdukcapil" in page
    assert "Kartu Keluarga (KK)" in page  # the stored requirements, in the checklist
    with web_app.app_context():
        assert _service(web_app).name == "KTP-el baru"  # nothing saved
    assert audits(web_app) == []
    # An invalid preview is refused like a save.
    bad = post(client, f"/kelola/layanan/{sid}", action="preview",
               **service_form(web_app, fee_free="0", fee_amount=""))
    assert bad.status_code == 422 and "Pratinjau: belum disimpan" not in bad.get_data(as_text=True)


def test_last_reviewed_is_the_sites_local_day():
    """16.30 UTC on 24 November is already 00.30 on the 25th in Maros (WITA, UTC+8) but
    still 23.30 on the 24th in Ngawi (WIB, UTC+7)."""
    now = dt.datetime(2026, 11, 24, 16, 30, tzinfo=dt.timezone.utc)
    assert site_today(Site(timezone="Asia/Makassar"), now) == dt.date(2026, 11, 25)
    assert site_today(Site(timezone="Asia/Jakarta"), now) == dt.date(2026, 11, 24)
    assert now.date() == dt.date(2026, 11, 24)


def test_mark_reviewed_button_and_checkbox_stamp_todays_local_date(web_app):
    client = login(web_app, "admin.maros")
    sid = service_id(web_app)
    assert post(client, f"/kelola/layanan/{sid}/ditinjau").status_code == 303
    with web_app.app_context():
        assert _service(web_app).last_reviewed == local_now("Asia/Makassar").date()
        db.session.get(Service, sid).last_reviewed = dt.date(2020, 1, 1)
        db.session.commit()
    assert post(client, f"/kelola/layanan/{sid}", action="save",
                **service_form(web_app, reviewed="y")).status_code == 303
    with web_app.app_context():
        assert _service(web_app).last_reviewed == local_now("Asia/Makassar").date()
    entry = audits(web_app, "service")[0]
    assert entry.before["last_reviewed"] == "2026-10-01"
    assert entry.after["last_reviewed"] == local_now("Asia/Makassar").date().isoformat()
    page = text(web_app.test_client().get("/maros/layanan/ktp-el-baru").get_data(as_text=True))
    assert "Informasi diperiksa terakhir" in page


def test_manager_adds_a_service_then_its_steps_and_deactivates_it(web_app):
    client = login(web_app, "admin.maros")
    with web_app.app_context():
        agency_id = db.session.scalar(sa.select(Agency.id).join(Site).where(
            Site.slug == "maros", Agency.slug == "disdukcapil"))
    form = {"name": "Akta kematian", "slug": "akta-kematian", "agency": str(agency_id),
            "processing_time": "3 hari kerja", "fee_free": "1", "product": "Akta kematian",
            "complaint_channel": "Meja pengaduan", "availability": "full",
            "queue_prefix": "D", "active": "y"}
    response = post(client, "/kelola/layanan/baru", action="save", **form)
    assert response.status_code == 303
    sid = int(response.location.rsplit("/", 1)[-1])
    assert post(client, f"/kelola/layanan/{sid}/langkah/baru",
                title="Serahkan surat kematian dari desa").status_code == 303
    page = text(web_app.test_client().get("/maros/layanan/akta-kematian").get_data(as_text=True))
    assert "Akta kematian" in page and "Serahkan surat kematian dari desa" in page
    assert post(client, f"/kelola/layanan/{sid}", action="save",
                **{**form, "active": ""}).status_code == 303
    assert web_app.test_client().get("/maros/layanan/akta-kematian").status_code == 404
    assert [e.action for e in audits(web_app, "service")] == ["create", "update", "update"]


# --- requirements and steps ------------------------------------------------------------------

def _requirements(app, slug: str = "ktp-el-baru") -> list[str]:
    with app.app_context():
        return [r.text for r in _service(app, slug).requirements]


def test_requirements_are_added_edited_reordered_and_deleted_with_confirmation(web_app):
    client = login(web_app, "admin.maros")
    sid = service_id(web_app)
    base = f"/kelola/layanan/{sid}/persyaratan"
    assert post(client, f"{base}/baru", text="Pas foto 3x4", form="original", quantity="2",
                condition="").status_code == 303
    assert _requirements(web_app)[-1] == "Pas foto 3x4"
    with web_app.app_context():
        rows = _service(web_app).requirements
        first, new = rows[0].id, rows[-1].id
        assert (rows[-1].quantity, rows[-1].form) == (2, "original")
    assert post(client, f"{base}/{new}", text="Pas foto 4x6", form="original",
                quantity="4").status_code == 303
    assert post(client, f"{base}/{new}/naik").status_code == 303
    assert _requirements(web_app)[-2:] == ["Pas foto 4x6", "SPTJM kebenaran data kelahiran"]
    assert post(client, f"{base}/{first}/naik").status_code == 303  # already first: no-op
    assert post(client, f"{base}/{first}/turun").status_code == 303
    assert _requirements(web_app)[:2] == ["Surat keterangan lahir", "Kartu Keluarga (KK)"]
    confirm = client.get(f"{base}/{new}/hapus")
    assert confirm.status_code == 200 and "Pas foto 4x6" in confirm.get_data(as_text=True)
    assert "Pas foto 4x6" in _requirements(web_app)  # a GET never deletes
    assert post(client, f"{base}/{new}/hapus").status_code == 303
    assert "Pas foto 4x6" not in _requirements(web_app)
    page = text(web_app.test_client().get("/maros/layanan/ktp-el-baru").get_data(as_text=True))
    assert page.index("Surat keterangan lahir") < page.index("Kartu Keluarga (KK)")
    entries = audits(web_app, "service")
    assert len(entries) == 5
    assert "Pas foto 3x4" not in [r["text"] for r in entries[0].before["requirements"]]
    assert "Pas foto 3x4" in [r["text"] for r in entries[0].after["requirements"]]
    assert "Pas foto 4x6" in [r["text"] for r in entries[-1].before["requirements"]]
    assert "Pas foto 4x6" not in [r["text"] for r in entries[-1].after["requirements"]]


@pytest.mark.parametrize("data, message", [
    ({"text": ""}, "Wajib diisi"),
    ({"text": "KK", "quantity": "0"}, "paling kecil 1"),
    ({"text": "KK", "quantity": "dua"}, "angka bulat"),
    ({"text": "KK", "form": "fotokopi"}, "harus salah satu dari"),
    ({"text": "x" * 501}, "terlalu panjang"),
])
def test_invalid_requirements_get_422(web_app, data, message):
    client = login(web_app, "admin.maros")
    sid = service_id(web_app)
    response = post(client, f"/kelola/layanan/{sid}/persyaratan/baru", **data)
    assert response.status_code == 422
    assert message.lower() in response.get_data(as_text=True).lower()
    assert len(_requirements(web_app)) == 3


def test_steps_keep_at_least_one_and_can_be_reordered(web_app):
    client = login(web_app, "admin.maros")
    sid = service_id(web_app, "paspor-baru")
    with web_app.app_context():
        steps = [s.id for s in _service(web_app, "paspor-baru").steps]
    base = f"/kelola/layanan/{sid}/langkah"
    assert post(client, f"{base}/{steps[1]}/naik").status_code == 303
    with web_app.app_context():
        assert [s.id for s in _service(web_app, "paspor-baru").steps] == steps[::-1]
    assert post(client, f"{base}/{steps[0]}/hapus").status_code == 303
    refused = post(client, f"{base}/{steps[1]}/hapus")
    assert refused.status_code == 422 and "Minimal satu langkah" in refused.get_data(as_text=True)
    assert post(client, f"{base}/baru", title="", group="x").status_code == 422


# --- site, agencies, counters ----------------------------------------------------------------

def _site_form(**changes) -> dict:
    data = {"name": "MPP Maros Baru", "regency": "Kabupaten Maros", "province": "Sulsel",
            "address": "Jl. Asoka 2", "phone": "0411 123", "email": "mpp@maros.go.id",
            "website": "", "facilities": "Ruang laktasi\nMusala",
            **{f"hours_{d}": "08:00-12:00, 13:00-16:00" for d in range(1, 6)},
            "hours_6": "08.00-12.00", "hours_7": ""}
    data.update(changes)
    return data


def test_manager_edits_the_site_hours_and_holidays(web_app):
    client = login(web_app, "admin.maros")
    assert post(client, "/kelola/situs", **_site_form()).status_code == 303
    with web_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        assert site.name == "MPP Maros Baru" and site.facilities == ["Ruang laktasi", "Musala"]
        assert [(h.weekday, f"{h.opens:%H:%M}") for h in site.hours if h.weekday in (1, 6)] == [
            (1, "08:00"), (1, "13:00"), (6, "08:00")]
    home = text(web_app.test_client().get("/maros/").get_data(as_text=True))
    assert "MPP Maros Baru" in home
    for bad, message in (({"hours_2": "16:00-08:00"}, "jam tutup harus setelah jam buka"),
                         ({"hours_3": "pagi"}, "Tulis jam seperti"),
                         ({"hours_4": "08:00-12:00, 11:00-13:00"}, "bertumpuk"),
                         ({"name": ""}, "Wajib diisi"),
                         ({"website": "maros.go.id"}, "http(s)://")):
        response = post(client, "/kelola/situs", **_site_form(**{"name": "Tidak tersimpan",
                                                                 **bad}))
        assert response.status_code == 422, bad
        assert message.lower() in response.get_data(as_text=True).lower(), bad
    assert post(client, "/kelola/situs/libur", day="2026-12-31",
                reason="Cuti bersama").status_code == 303
    assert post(client, "/kelola/situs/libur", day="2026-12-31").status_code == 422
    assert post(client, "/kelola/situs/libur", day="31-12-2026").status_code == 422
    with web_app.app_context():
        row = db.session.scalar(sa.select(ClosedDate).filter_by(date=dt.date(2026, 12, 31)))
        assert row.reason == "Cuti bersama"
    assert client.get(f"/kelola/situs/libur/{row.id}/hapus").status_code == 200
    assert post(client, f"/kelola/situs/libur/{row.id}/hapus").status_code == 303
    entries = audits(web_app, "site")
    assert len(entries) == 3
    assert entries[0].before["name"] == "Mal Pelayanan Publik Kabupaten Maros"
    assert "2026-12-31 Cuti bersama" in entries[1].after["closed_dates"]
    assert "2026-12-31 Cuti bersama" not in entries[2].after["closed_dates"]


def test_agencies_are_created_edited_validated_and_kept_while_they_have_services(web_app):
    client = login(web_app, "admin.maros")
    form = {"slug": "bpjs-kesehatan", "name": "BPJS Kesehatan", "kind": "bumn",
            "website": "https://bpjs-kesehatan.go.id"}
    assert post(client, "/kelola/instansi/baru", **form).status_code == 303
    assert post(client, "/kelola/instansi/baru", **form).status_code == 422  # slug taken
    bad = post(client, "/kelola/instansi/baru", slug="Bad Slug", name="", kind="alien")
    assert bad.status_code == 422
    page = bad.get_data(as_text=True).lower()
    assert "huruf kecil" in page and "wajib diisi" in page and "harus salah satu dari" in page
    with web_app.app_context():
        agency = db.session.scalar(sa.select(Agency).filter_by(slug="bpjs-kesehatan"))
        dukcapil = db.session.scalar(sa.select(Agency).join(Site).where(
            Site.slug == "maros", Agency.slug == "disdukcapil"))
    assert post(client, f"/kelola/instansi/{agency.id}", **{**form, "short_name": "BPJS"}) \
        .status_code == 303
    assert web_app.test_client().get("/maros/instansi/bpjs-kesehatan").status_code == 200
    refused = post(client, f"/kelola/instansi/{dukcapil.id}/hapus")
    assert refused.status_code == 422 and "masih punya layanan" in refused.get_data(as_text=True)
    assert post(client, f"/kelola/instansi/{agency.id}/hapus").status_code == 303
    assert [e.action for e in audits(web_app, "agency")] == ["create", "update", "delete"]


def test_counters_with_weekly_schedule(web_app):
    client = login(web_app, "admin.maros")
    with web_app.app_context():
        dukcapil = db.session.scalar(sa.select(Agency.id).join(Site).where(
            Site.slug == "maros", Agency.slug == "disdukcapil"))
    form = {"label": "Gerai 9", "agency": str(dukcapil), "floor": "Lantai 2",
            "hours_1": "08:00-15:00", "hours_5": "08:00-11:00"}
    assert post(client, "/kelola/gerai/baru", **form).status_code == 303
    assert post(client, "/kelola/gerai/baru", **form).status_code == 422  # label taken
    assert post(client, "/kelola/gerai/baru", **{**form, "label": "Gerai 10",
                                                 "agency": "abc"}).status_code == 422
    with web_app.app_context():
        counter = db.session.scalar(sa.select(Counter).filter_by(label="Gerai 9"))
        assert [(h.weekday, f"{h.closes:%H:%M}") for h in counter.schedule] == [
            (1, "15:00"), (5, "11:00")]
    assert post(client, f"/kelola/gerai/{counter.id}",
                **{**form, "hours_5": "11:00-08:00"}).status_code == 422
    assert post(client, f"/kelola/gerai/{counter.id}",
                **{**form, "hours_5": ""}).status_code == 303
    entries = audits(web_app, "counter")
    assert entries[-1].before["schedule"] == ["1 08:00-15:00", "5 08:00-11:00"]
    assert entries[-1].after["schedule"] == ["1 08:00-15:00"]


# --- who may edit ----------------------------------------------------------------------------

def test_officer_with_permission_edits_only_their_agencys_services(web_app):
    client = login(web_app, "dukcapil.maros")
    assert "/kelola/katalog" in client.get("/staff/").get_data(as_text=True)
    listing = text(client.get("/kelola/layanan").get_data(as_text=True))
    assert "KTP-el baru" in listing and "Paspor baru" not in listing
    sid = service_id(web_app)
    with web_app.app_context():
        imigrasi = db.session.scalar(sa.select(Agency.id).join(Site).where(
            Site.slug == "maros", Agency.slug == "imigrasi"))
    # Trying to move it to another agency is ignored: it stays with the officer's agency.
    assert post(client, f"/kelola/layanan/{sid}", action="save", **service_form(
        web_app, name="KTP-el (baru)", agency=str(imigrasi))).status_code == 303
    with web_app.app_context():
        service = _service(web_app)
        assert service.name == "KTP-el (baru)" and service.agency.slug == "disdukcapil"
    assert post(client, f"/kelola/layanan/{sid}/langkah/baru", title="Tunggu dipanggil") \
        .status_code == 303
    paspor = service_id(web_app, "paspor-baru")
    assert client.get(f"/kelola/layanan/{paspor}").status_code == 403
    assert post(client, f"/kelola/layanan/{paspor}", action="save",
                **service_form(web_app, "paspor-baru")).status_code == 403
    assert post(client, f"/kelola/layanan/{paspor}/ditinjau").status_code == 403
    assert client.get(f"/kelola/layanan/{paspor}/langkah/baru").status_code == 403
    for path in ("/kelola/layanan/baru", f"/kelola/layanan/{sid}/hapus", "/kelola/situs",
                 "/kelola/instansi", "/kelola/gerai", "/kelola/audit", "/kelola/akun"):
        assert client.get(path).status_code == 403, path
    assert [e.staff.username for e in audits(web_app)] == ["dukcapil.maros"] * 2


def test_officer_without_permission_and_other_sites_are_refused(web_app):
    sid = service_id(web_app)
    officer = login(web_app, "dukcapil2.maros")
    assert "/kelola/katalog" not in officer.get("/staff/").get_data(as_text=True)
    for path in ("/kelola/katalog", "/kelola/layanan", f"/kelola/layanan/{sid}"):
        assert officer.get(path).status_code == 403, path
    assert post(officer, f"/kelola/layanan/{sid}", action="save",
                **service_form(web_app)).status_code == 403
    other = login(web_app, "admin.ngawi")
    with web_app.app_context():
        counter = db.session.scalar(sa.select(Counter).join(Site).where(
            Site.slug == "maros", Counter.label == "Gerai 1"))
        agency = counter.agency_id
        requirement = _service(web_app).requirements[0].id
    for path in (f"/kelola/layanan/{sid}", f"/kelola/gerai/{counter.id}",
                 f"/kelola/instansi/{agency}", f"/kelola/layanan/{sid}/persyaratan/{requirement}",
                 f"/kelola/layanan/{sid}/hapus"):
        # Another site's records answer 404, as if they did not exist (403 revealed them).
        assert other.get(path).status_code == 404, path
    assert post(other, f"/kelola/layanan/{sid}/ditinjau").status_code == 404
    assert post(other, f"/kelola/gerai/{counter.id}/hapus").status_code == 404
    listing = text(other.get("/kelola/layanan").get_data(as_text=True))
    assert "KTP-el baru" in listing  # Ngawi's own copy
    assert audits(web_app) == []


# --- audit log page --------------------------------------------------------------------------

def test_audit_log_page_shows_before_and_after_filtered_and_only_the_own_site(web_app):
    client = login(web_app, "admin.maros")
    sid = service_id(web_app)
    post(client, f"/kelola/layanan/{sid}", action="save",
         **service_form(web_app, processing_time="Tujuh hari kerja"))
    post(client, "/kelola/instansi/baru", slug="pln", name="PLN UP3 Maros", kind="bumn")
    page = text(client.get("/kelola/audit").get_data(as_text=True))
    assert "Selesai di tempat, ±30 menit" in page and "Tujuh hari kerja" in page
    assert "PLN UP3 Maros" in page and "admin.maros" in page
    only_agencies = text(client.get("/kelola/audit?jenis=agency").get_data(as_text=True))
    assert "PLN UP3 Maros" in only_agencies and "Tujuh hari kerja" not in only_agencies
    tomorrow = (local_now("Asia/Makassar").date() + dt.timedelta(days=1)).isoformat()
    later = text(client.get(f"/kelola/audit?dari={tomorrow}").get_data(as_text=True))
    assert "Belum ada perubahan" in later
    assert client.get("/kelola/audit?dari=kemarin&page=abc").status_code == 200
    ngawi = text(login(web_app, "admin.ngawi").get("/kelola/audit").get_data(as_text=True))
    assert "Tujuh hari kerja" not in ngawi and "Belum ada perubahan" in ngawi


def test_audit_log_refuses_dates_outside_2000_to_2100_without_a_500(web_app):
    client = login(web_app, "admin.maros")
    for query in ("sampai=9999-12-31", "dari=0001-01-01", "dari=9999-12-01&sampai=9999-12-31",
                  "dari=1999-12-31"):
        response = client.get(f"/kelola/audit?{query}")
        assert response.status_code == 200, query
        assert "antara tahun 2000 dan 2100" in text(response.get_data(as_text=True)), query
    assert "antara tahun 2000 dan 2100" not in text(
        client.get("/kelola/audit?dari=2026-01-01&sampai=2100-12-31").get_data(as_text=True))


def test_validation_messages_match_the_catalogue_import():
    """A form and an imported file get the same rule, from the same code."""
    from mpp_lite.catalog.validation import validate_catalog

    from support.catalogs import base_catalog, base_service, base_site
    bad = base_service(fee={"free": False})
    [error] = [e for e in validate_catalog(base_catalog(base_site(services=[bad])))]
    errors = editing.check(editing.rules.validate_service, bad, editing.SERVICE_FIELDS)
    assert errors == {"fee_amount": [error.message[:1].upper() + error.message[1:] + "."]}


def test_every_editing_page_renders_as_valid_html(web_app):
    import html5lib

    client = login(web_app, "admin.maros")
    sid = service_id(web_app)
    with web_app.app_context():
        service = _service(web_app)
        requirement, step = service.requirements[0].id, service.steps[0].id
        counter = service.counters[0].id
        agency = service.agency_id
    paths = ["/kelola/", "/kelola/katalog", "/kelola/situs", "/kelola/instansi",
             "/kelola/instansi/baru", f"/kelola/instansi/{agency}", "/kelola/gerai",
             "/kelola/gerai/baru", f"/kelola/gerai/{counter}", "/kelola/layanan",
             "/kelola/layanan/baru", f"/kelola/layanan/{sid}",
             f"/kelola/layanan/{sid}/persyaratan/baru",
             f"/kelola/layanan/{sid}/persyaratan/{requirement}",
             f"/kelola/layanan/{sid}/langkah/{step}", f"/kelola/layanan/{sid}/langkah/{step}/hapus",
             "/kelola/audit", "/kelola/akun", "/kelola/akun/baru"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        parser = html5lib.HTMLParser(strict=True)
        parser.parse(html)
        assert html.count("<h1") == 1, path
        assert " style=" not in html and "<script>" not in html, path
    assert client.get(f"/kelola/layanan/{sid}/lainnya/baru").status_code == 404
    assert client.get("/kelola/layanan/999999").status_code == 404
