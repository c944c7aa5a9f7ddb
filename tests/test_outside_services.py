"""Entries for needs the MPP does not handle ("Tidak dilayani di MPP ini: urus di …"): found by
search, clearly presented, never bookable, and left out of what the MPP counts as offered."""
from __future__ import annotations

import datetime as dt
import re

import pytest
import sqlalchemy as sa

from mpp_lite.catalog import services as catalog
from mpp_lite.catalog.transfer import export_catalog
from mpp_lite.catalog.validation import validate_catalog
from mpp_lite.extensions import db
from mpp_lite.models import Service, Site, StaffUser
from mpp_lite.queue import calling
from mpp_lite.queue.booking import BookingError, BookingRequest, issue_ticket
from mpp_lite.village.services import bookable_services

from support.catalogs import base_catalog, base_service, base_site

OUTSIDE = dict(
    slug="sktm", name="Surat keterangan tidak mampu (SKTM)", agency="disdukcapil",
    counters=[], steps=[], daily_quota=None, availability="outside",
    requirements=[{"text": "Surat pengantar RT/RW", "form": "original"}],
    elsewhere={"place": "Kantor desa/kelurahan", "note": "Datang ke kantor desa/kelurahan.",
               "address": ""},
    keywords=["sktm", "surat tidak mampu"], life_events=["kesehatan"],
    translations={"en": {"name": "Low-income certificate", "elsewhere_place":
                         "the village office"}},
)


def outside_catalog(**overrides):
    site = base_site()
    site["services"].append(base_service(**{**OUTSIDE, **overrides}))
    return base_catalog(site)


def errors_of(data):
    return {(e.field, str(e.message)) for e in validate_catalog(data)}


# --- the catalogue format ------------------------------------------------------------------

def test_an_outside_entry_is_valid_without_counters_steps_or_quota(app):
    with app.app_context():
        assert validate_catalog(outside_catalog()) == []


@pytest.mark.parametrize("overrides, field", [
    ({"elsewhere": {"note": "Ke kantor desa."}}, "elsewhere.place"),
    ({"elsewhere": {"place": "Kantor desa"}}, "elsewhere.note"),
    ({"counters": ["Gerai 1"]}, "counters"),
    ({"daily_quota": 10}, "daily_quota"),
    ({"nik_required": True}, "nik_required"),
    ({"windows": [{"starts": "08:00", "ends": "09:00", "capacity": 5}]}, "windows"),
])
def test_an_outside_entry_says_where_and_cannot_be_queued_for(app, overrides, field):
    with app.app_context():
        assert field in {f for f, _ in errors_of(outside_catalog(**overrides))}


def test_import_and_export_keep_where_to_go(app, load_catalog):
    load_catalog(outside_catalog())
    with app.app_context():
        exported = export_catalog(["maros"])
        entry = next(s for s in exported["sites"][0]["services"] if s["slug"] == "sktm")
        assert entry["availability"] == "outside"
        assert entry["elsewhere"]["place"] == "Kantor desa/kelurahan"
        assert entry["translations"]["en"]["elsewhere_place"] == "the village office"
        assert validate_catalog(exported) == []


# --- the demo catalogue --------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(demo_app):
    with demo_app.app_context():
        yield demo_app
        db.session.remove()


def _site(slug="maros") -> Site:
    return db.session.scalar(sa.select(Site).filter_by(slug=slug))


def _service(slug, site="maros") -> Service:
    return db.session.scalar(sa.select(Service).join(Site).where(Site.slug == site,
                                                                  Service.slug == slug))


def _staff(username) -> StaffUser:
    return db.session.scalar(sa.select(StaffUser).filter_by(username=username))


@pytest.mark.parametrize("site", ["maros", "ngawi"])
def test_demo_has_outside_entries_and_the_police_loss_report(demo, site):
    slugs = {s.slug for s in db.session.scalars(catalog.outside_entries(_site(site)))}
    assert {"surat-pengantar-rt-rw", "surat-keterangan-domisili", "sktm"} <= slugs
    offered = {s.slug for s in db.session.scalars(catalog.active_services(_site(site)))}
    assert {"surat-keterangan-kehilangan", "izin-keramaian",
            "pendaftaran-haji-reguler"} <= offered
    assert not slugs & offered


def test_outside_entries_are_not_counted_as_offered(demo):
    site = _site()
    offered = db.session.scalar(sa.select(sa.func.count()).select_from(
        catalog.active_services(site).subquery()))
    assert sum(e.service_count for e in catalog.agencies_with_counts(site)) == offered
    assert "sktm" not in {s.slug for s in catalog.services_for_event(site, "kesehatan")}
    assert "sktm" in {s.slug for s in catalog.outside_for_event(site, "kesehatan")}


def test_outside_entries_are_never_bookable(demo):
    sktm = _service("sktm")
    assert not sktm.bookable and sktm.is_outside
    for username in ("admin.maros", "pendamping.maros"):
        assert sktm not in calling.walkin_services(_staff(username))
    assert sktm not in bookable_services(_staff("desa.bontoa"))
    assert sktm not in calling.service_choices(sktm.site_id)
    request = BookingRequest(site=sktm.site, service=sktm, day=dt.date(2026, 12, 7),
                             name="Warga", idempotency_key="k" * 32, phone="081234567890")
    with pytest.raises(BookingError) as refused:
        issue_ticket(request, secret="x")
    assert refused.value.code == "not_queued"


def test_the_outside_page_says_where_to_go_and_offers_no_queue(demo_client):
    html = demo_client.get("/maros/layanan/surat-keterangan-domisili").get_data(as_text=True)
    assert "Tidak dilayani di MPP ini: urus di kantor desa/kelurahan" in html
    assert "Yang perlu dibawa ke kantor desa/kelurahan" in html
    assert "/antre" not in html and "Ambil nomor antrean" not in html
    assert "Tempat di MPP" not in html


def test_search_finds_outside_entries_and_labels_them(demo_client):
    html = demo_client.get("/maros/cari", query_string={"q": "surat domisili"}).get_data(
        as_text=True)
    first = re.search(r'<li>\n<a href="[^"]*/maros/layanan/([^"]+)"', html).group(1)
    assert first == "surat-keterangan-domisili"
    assert "Tidak dilayani di MPP ini: urus di kantor desa/kelurahan" in html


def test_a_to_z_and_agency_pages_list_only_services_offered(demo_client):
    everything = "".join(demo_client.get(f"/maros/layanan/?page={n}").get_data(as_text=True)
                         for n in (1, 2))
    assert "/maros/layanan/sktm" not in everything
    assert "/maros/layanan/surat-keterangan-kehilangan" in everything
    agency = demo_client.get("/maros/instansi/dpmptsp").get_data(as_text=True)
    assert "/maros/layanan/sktm" not in agency


def test_the_api_lists_offered_services_and_refuses_tickets_for_outside_ones(demo_client):
    listed = {s["slug"] for s in demo_client.get("/api/v1/sites/maros/services").json[
        "services"]}
    assert "sktm" not in listed and "ktp-el-baru" in listed
    found = [s["slug"] for s in demo_client.get(
        "/api/v1/sites/maros/services", query_string={"q": "sktm"}).json["services"]]
    assert found == ["sktm"]
    detail = demo_client.get("/api/v1/sites/maros/services/sktm").json
    assert detail["availability"]["code"] == "outside"
    refused = demo_client.post("/api/v1/sites/maros/tickets", json={
        "service": "sktm", "name": "Warga", "phone": "081234567890",
        "idempotency_key": "outside-" + "k" * 24})
    assert refused.status_code == 422 and refused.json["error"]["code"] == "not_queued"


# --- the admin editor ------------------------------------------------------------------------

def test_a_manager_turns_a_service_into_an_outside_entry(database_url):
    from support.editing import service_form, service_id
    from support.html import text
    from support.staff import login, open_staff_app, post

    with open_staff_app(database_url) as app:
        client = login(app, "admin.maros")
        sid = service_id(app)
        path = f"/kelola/layanan/{sid}"
        missing = post(client, path, action="save", **service_form(
            app, availability="outside", counters=[], daily_quota=""))
        assert missing.status_code == 422
        page = text(missing.get_data(as_text=True))
        assert "ke mana warga harus pergi" in page
        saved = post(client, path, action="save", **service_form(
            app, availability="outside", counters=[], daily_quota="",
            elsewhere_place="kantor desa/kelurahan", elsewhere_note="Datang ke kantor desa."))
        assert saved.status_code == 303, text(saved.get_data(as_text=True))[:1500]
        citizen = app.test_client().get("/maros/layanan/ktp-el-baru").get_data(as_text=True)
        assert "Tidak dilayani di MPP ini: urus di kantor desa/kelurahan" in citizen
        assert "/antre" not in citizen


@pytest.mark.parametrize("slug", ["sktm", "paspor-hilang-rusak"])
def test_the_booking_form_of_a_service_without_queue_leads_back_to_its_page(demo_client, slug):
    for response in (demo_client.get(f"/maros/layanan/{slug}/antre"),
                     demo_client.post(f"/maros/layanan/{slug}/antre", data={"name": "Warga"})):
        assert response.status_code == 303
        assert response.headers["Location"].endswith(f"/maros/layanan/{slug}")
