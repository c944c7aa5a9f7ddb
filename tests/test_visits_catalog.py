"""Requirements made by another service ("product_of") through the catalogue: the file's
rules, export → import round trip, the managers' requirement form, the link on the citizen's
service page (no query per requirement) and its offer of a visit, and the demo data's links
and life-event bundle."""
from __future__ import annotations

import copy
import datetime as dt

import pytest
import sqlalchemy as sa

from mpp_lite.catalog.transfer import export_catalog, import_catalog
from mpp_lite.catalog.validation import validate_catalog
from mpp_lite.demo.data import build_catalog
from mpp_lite.extensions import db
from mpp_lite.models import Requirement, Service, Site
from mpp_lite.visits.planning import plan_visit

from support.catalogs import base_catalog, queue_site
from support.editing import service_form, service_id
from support.html import text
from support.queries import count_statements
from support.staff import login, post
from support.visits import load_visit_catalog, visit_site


def visit_sites() -> list[dict]:
    return [visit_site(), queue_site("ngawi", name="MPP Ngawi", timezone="Asia/Jakarta")]


def _service(slug: str, site: str = "maros") -> Service:
    return db.session.scalar(sa.select(Service).join(Site).where(Site.slug == site,
                                                                 Service.slug == slug))


def _kia_record(catalog: dict) -> dict:
    return next(s for s in catalog["sites"][0]["services"] if s["slug"] == "kia")


# --- the file's rules --------------------------------------------------------------------------

def test_a_valid_product_of_passes_and_names_its_maker():
    catalog = base_catalog(*visit_sites())
    assert validate_catalog(catalog) == []
    assert [r.get("product_of") for r in _kia_record(catalog)["requirements"]][-1] \
        == "akta-kelahiran"


@pytest.mark.parametrize("maker, field_message", [
    ("akta-kematian", "layanan 'akta-kematian' tidak ada di situs ini"),
    ("kia", "tidak boleh layanan ini sendiri"),
    ("Akta Kelahiran", "slug layanan yang menghasilkan dokumen ini"),
])
def test_a_wrong_product_of_is_refused_with_its_path(maker, field_message):
    catalog = base_catalog(*visit_sites())
    kia = _kia_record(catalog)
    kia["requirements"][-1]["product_of"] = maker
    index = catalog["sites"][0]["services"].index(kia)
    last = len(kia["requirements"]) - 1
    errors = validate_catalog(catalog)
    assert [(e.record, e.field) for e in errors] == [
        (f"sites[0].services[{index}] (kia).requirements[{last}]", "product_of")]
    assert field_message in str(errors[0])


def test_a_maker_of_another_site_does_not_count():
    ngawi = queue_site("ngawi", name="MPP Ngawi", timezone="Asia/Jakarta")
    ngawi["services"][0]["requirements"][0]["product_of"] = "akta-kelahiran"  # Maros only
    errors = validate_catalog(base_catalog(visit_site(), ngawi))
    assert [(e.record.split(".")[0], e.field) for e in errors] == [("sites[1]", "product_of")]


def test_export_then_import_round_trips_product_of(app):
    load_visit_catalog(app)
    with app.app_context():
        exported = export_catalog(["maros"])
        assert _kia_record(exported)["requirements"][-1]["product_of"] == "akta-kelahiran"
        assert all("product_of" not in r for s in exported["sites"][0]["services"]
                   if s["slug"] == "paspor-baru" for r in s["requirements"])
        result = import_catalog(copy.deepcopy(exported))
        assert sum(result.changed.values()) == 0
        assert export_catalog(["maros"]) == exported
        # A changed maker is written, and read back.
        changed = copy.deepcopy(exported)
        _kia_record(changed)["requirements"][-1]["product_of"] = "kk-perubahan"
        assert import_catalog(changed).changed["services"] == 1
        assert _kia_record(export_catalog(["maros"]))["requirements"][-1]["product_of"] \
            == "kk-perubahan"
        db.session.commit()


# --- the managers' requirement form -------------------------------------------------------------

@pytest.mark.staff_app(sites=visit_sites)
def test_the_requirement_form_offers_the_sites_other_services(web_app):
    client = login(web_app, "admin.maros")
    sid = service_id(web_app, "kia")
    with web_app.app_context():
        rid = _service("kia").requirements[-1].id
    page = client.get(f"/kelola/layanan/{sid}/persyaratan/{rid}").get_data(as_text=True)
    assert "Dokumen ini hasil layanan" in page
    assert '<option selected value="akta-kelahiran">' in page
    assert 'value="paspor-baru"' in page and 'value="kia"' not in page
    response = post(client, f"/kelola/layanan/{sid}/persyaratan/baru", text="Paspor orang tua",
                    product_of="paspor-baru")
    assert response.status_code == 303
    with web_app.app_context():
        assert _service("kia").requirements[-1].product_of == "paspor-baru"
    edit = client.get(f"/kelola/layanan/{sid}").get_data(as_text=True)
    assert "hasil layanan paspor-baru" in edit


@pytest.mark.staff_app(sites=visit_sites)
@pytest.mark.parametrize("maker, message", [
    ("kia", "tidak boleh layanan ini sendiri"),
    ("tidak-ada", "tidak ada di situs ini"),
    ("Bukan Slug", "huruf kecil a-z"),
])
def test_the_requirement_form_refuses_a_wrong_maker(web_app, maker, message):
    client = login(web_app, "admin.maros")
    sid = service_id(web_app, "kia")
    with web_app.app_context():
        before = len(_service("kia").requirements)
    response = post(client, f"/kelola/layanan/{sid}/persyaratan/baru", text="Dokumen",
                    product_of=maker)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True).lower()
    with web_app.app_context():
        assert len(_service("kia").requirements) == before


@pytest.mark.staff_app(sites=visit_sites)
def test_renaming_a_service_keeps_the_documents_it_makes_linked(web_app):
    client = login(web_app, "admin.maros")
    sid = service_id(web_app, "akta-kelahiran")
    with web_app.app_context():
        form = service_form(web_app, "akta-kelahiran", slug="akta-lahir")
    # the form helper reads Maros' Gerai 1 service defaults: keep this service's counters
    response = post(client, f"/kelola/layanan/{sid}", action="save", **form)
    assert response.status_code == 303, text(response.get_data(as_text=True))[:1500]
    with web_app.app_context():
        makers = set(db.session.scalars(sa.select(Requirement.product_of).where(
            Requirement.product_of != "")))
    assert makers == {"akta-lahir"}


# --- the citizen's service page ----------------------------------------------------------------

def test_the_service_page_links_to_the_service_that_makes_a_document(app, client):
    load_visit_catalog(app)
    page = client.get("/maros/layanan/kia").get_data(as_text=True)
    assert "Didapat dari layanan:" in page
    assert '<a href="/maros/layanan/akta-kelahiran">Akta kelahiran</a>' in page
    assert 'href="/maros/kunjungan?layanan=kia"' in page  # a visit starting with this service
    assert "Didapat dari layanan:" not in client.get("/maros/layanan/paspor-baru").get_data(
        as_text=True)


def test_more_made_documents_cost_no_more_queries(app, client):
    load_visit_catalog(app)
    with count_statements(app) as one:
        client.get("/maros/layanan/kia")
    with app.app_context():
        kia = _service("kia")
        for position, maker in enumerate(("kk-perubahan", "paspor-baru"), start=20):
            db.session.add(Requirement(service_id=kia.id, position=position, text=maker,
                                       product_of=maker, translations={}))
        db.session.commit()
    with count_statements(app) as three:
        page = client.get("/maros/layanan/kia").get_data(as_text=True)
    assert page.count("Didapat dari layanan:") == 3
    assert len(three) == len(one), str(three)


# --- the demo data ------------------------------------------------------------------------------

def test_the_demo_links_documents_to_the_services_that_make_them():
    catalog = build_catalog()
    assert validate_catalog(catalog) == []
    for site in catalog["sites"]:
        services = {s["slug"]: s for s in site["services"]}
        makers = {slug: {r.get("product_of") for r in s["requirements"]} - {None}
                  for slug, s in services.items()}
        assert makers["kia"] == {"akta-kelahiran", "kk-perubahan-data"}
        assert "akta-kelahiran" in makers["kk-perubahan-data"]
        assert "kk-perubahan-data" in makers["ktp-el-baru"]
        assert "nib-oss" in makers["izin-reklame"] and "nib-oss" in makers["npwp"]
        child = {slug for slug, s in services.items() if "punya-anak" in s["life_events"]}
        assert {"akta-kelahiran", "kk-perubahan-data", "kia"} <= child


def test_a_demo_visit_puts_the_birth_certificate_first(demo_app):
    with demo_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        services = [_service(s) for s in ("kia", "kk-perubahan-data", "akta-kelahiran")]
        steps = plan_visit(site.id, dt.date(2026, 12, 1), services, today=False)
        assert [s.service.slug for s in steps] == ["akta-kelahiran", "kk-perubahan-data", "kia"]
    page = demo_app.test_client().get("/maros/layanan/kia").get_data(as_text=True)
    assert 'href="/maros/layanan/akta-kelahiran"' in page
