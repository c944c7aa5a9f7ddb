"""Service.processing_days, the promise as a number of working days, wherever the catalogue
goes: the managers' edit form (validated with the import's rule, audited), the catalogue file
(validation, import, export), the JSON API and its schema, the citizen's service page, the
example catalogue and the demo catalogue."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from mpp_lite.catalog import validation
from mpp_lite.catalog.transfer import export_catalog, import_catalog
from mpp_lite.extensions import db
from mpp_lite.models import AuditEntry, Service, Site

from support.catalogs import base_catalog, base_service, base_site
from support.editing import service_form, service_id
from support.html import page_text, text
from support.staff import login, post

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "catalog.json"
LINE = "Janji selesai: 4 hari kerja sejak berkas lengkap"


def _days(app, slug: str = "ktp-el-baru", site: str = "maros") -> int | None:
    with app.app_context():
        return db.session.scalar(sa.select(Service.processing_days).join(Site).where(
            Site.slug == site, Service.slug == slug))


def _set_days(app, days: int | None, slug: str = "ktp-el-baru") -> None:
    with app.app_context():
        service = db.session.scalar(sa.select(Service).filter_by(slug=slug))
        service.processing_days = days
        db.session.commit()


def _service_audits(app) -> list[tuple[object, object]]:
    with app.app_context():
        return [(e.before.get("processing_days"), e.after.get("processing_days"))
                for e in db.session.scalars(sa.select(AuditEntry).filter_by(entity="service")
                                            .order_by(AuditEntry.id))]


# --- the managers' form ------------------------------------------------------------------------

def test_the_edit_form_offers_the_promise_with_its_hint_and_shows_the_stored_value(web_app):
    _set_days(web_app, 12)
    client = login(web_app, "admin.maros")
    page = client.get(f"/kelola/layanan/{service_id(web_app)}").get_data(as_text=True)
    assert 'for="processing_days"' in page and "Janji waktu (hari kerja)" in page
    field = re.search(r"<input[^>]*name=\"processing_days\"[^>]*>", page).group(0)
    assert 'value="12"' in field and 'aria-describedby="processing_days-hint"' in field
    assert "Kosongkan bila selesai di tempat atau belum pasti" in page


def test_a_manager_sets_the_promise_it_is_audited_and_the_service_page_shows_it(web_app):
    citizen = web_app.test_client()
    assert "Janji selesai" not in page_text(citizen.get("/maros/layanan/ktp-el-baru"))
    client = login(web_app, "admin.maros")
    sid = service_id(web_app)
    response = post(client, f"/kelola/layanan/{sid}", action="save",
                    **service_form(web_app, processing_days=" 4 "))
    assert response.status_code == 303, text(response.get_data(as_text=True))[:1500]
    assert _days(web_app) == 4
    assert _service_audits(web_app) == [(None, 4)]
    page = page_text(citizen.get("/maros/layanan/ktp-el-baru"))
    assert "Selesai di tempat, ±30 menit" in page and LINE in page  # beside the free text


def test_an_empty_box_means_no_promise(web_app):
    _set_days(web_app, 9)
    client = login(web_app, "admin.maros")
    response = post(client, f"/kelola/layanan/{service_id(web_app)}", action="save",
                    **service_form(web_app, processing_days=""))
    assert response.status_code == 303
    assert _days(web_app) is None
    assert _service_audits(web_app) == [(9, None)]
    assert "Janji selesai" not in page_text(web_app.test_client().get("/maros/layanan/ktp-el-baru"))


@pytest.mark.parametrize("typed, message", [
    ("0", "Harus bilangan bulat 1 sampai 365 (hari kerja)"),
    ("366", "Harus bilangan bulat 1 sampai 365 (hari kerja)"),
    ("-3", "Harus bilangan bulat 1 sampai 365 (hari kerja)"),
    ("9" * 40, "Harus bilangan bulat 1 sampai 365 (hari kerja)"),
    ("abc", "Isi dengan angka bulat hari kerja, contoh: 5."),
    ("1.5", "Isi dengan angka bulat hari kerja, contoh: 5."),  # not read as 15
    ("4 hari", "Isi dengan angka bulat hari kerja, contoh: 5."),
    ("٤", "Isi dengan angka bulat hari kerja, contoh: 5."),  # only the digits 0-9
])
def test_a_promise_that_is_not_1_to_365_working_days_is_refused_with_a_message(
        web_app, typed, message):
    _set_days(web_app, 7)
    client = login(web_app, "admin.maros")
    response = post(client, f"/kelola/layanan/{service_id(web_app)}", action="save",
                    **service_form(web_app, name="Nama baru", processing_days=typed))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "<title>Kesalahan:" in page
    error = re.search(r'<p class="error" id="processing_days-error">([^<]*)</p>', page)
    assert error and message in error.group(1).replace("&#39;", "'")
    field = re.search(r"<input[^>]*name=\"processing_days\"[^>]*>", page).group(0)
    assert 'aria-invalid="true"' in field
    assert _days(web_app) == 7 and _service_audits(web_app) == []


def test_the_preview_shows_the_unsaved_promise(web_app):
    client = login(web_app, "admin.maros")
    response = post(client, f"/kelola/layanan/{service_id(web_app)}", action="preview",
                    **service_form(web_app, processing_days="4"))
    assert response.status_code == 200
    assert "Pratinjau: belum disimpan" in text(response.get_data(as_text=True))
    assert LINE in text(response.get_data(as_text=True))
    assert _days(web_app) is None


def test_the_english_message_of_the_form_is_complete(web_app):
    client = login(web_app, "admin.maros")
    client.get("/bahasa/en")
    response = post(client, f"/kelola/layanan/{service_id(web_app)}", action="save",
                    **service_form(web_app, processing_days="400"))
    assert response.status_code == 422
    page = text(response.get_data(as_text=True))
    assert "Must be a whole number from 1 to 365 (working days)" in page
    assert "Promised time (working days)" in page


# --- the catalogue file ---------------------------------------------------------------------------

def _errors(service: dict) -> list[validation.CatalogError]:
    found: list[validation.CatalogError] = []
    validation.validate_service(found, "sites[0].services[0]", service)
    return found


@pytest.mark.parametrize("value", [1, 4, 365, None])
def test_the_import_accepts_1_to_365_or_null(value):
    assert _errors(base_service(processing_days=value)) == []


def test_the_import_accepts_a_service_without_the_field():
    service = base_service()
    assert "processing_days" not in service and _errors(service) == []


@pytest.mark.parametrize("value, message", [
    (0, "harus bilangan bulat 1 sampai 365"),
    (366, "harus bilangan bulat 1 sampai 365"),
    (-1, "harus bilangan bulat 1 sampai 365"),
    (10 ** 40, "harus bilangan bulat 1 sampai 365"),
    (4.5, "harus bilangan bulat"),
    (4.0, "harus bilangan bulat"),
    ("4", "harus bilangan bulat"),
    (True, "harus bilangan bulat"),
    ([4], "harus bilangan bulat"),
])
def test_the_import_refuses_other_values_naming_the_record_and_field(value, message):
    [error] = _errors(base_service(processing_days=value))
    assert (error.record, error.field) == ("sites[0].services[0] (ktp-el-baru)",
                                           "processing_days")
    assert str(error.message).startswith(message)


def test_a_file_with_a_bad_promise_changes_nothing(app, runner, tmp_path):
    catalog = base_catalog(base_site(services=[
        base_service(processing_days=3),
        base_service(slug="akta", name="Akta", processing_days=400)]))
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(catalog), encoding="utf-8")
    result = runner.invoke(args=["catalog", "import", str(path)])
    assert result.exit_code != 0
    assert "sites[0].services[1] (akta) · processing_days: harus bilangan bulat 1 sampai 365" \
        in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Service)) == 0


def test_import_and_export_carry_the_promise_and_round_trip(app):
    catalog = base_catalog()
    passport = catalog["sites"][0]["services"][1]
    passport["processing_days"] = 4
    with app.app_context():
        import_catalog(catalog)
        db.session.commit()
        assert {s.slug: s.processing_days for s in db.session.scalars(sa.select(Service))} == {
            "ktp-el-baru": None, "paspor-baru": 4}
        exported = export_catalog()
        services = {s["slug"]: s for s in exported["sites"][0]["services"]}
        assert services["paspor-baru"]["processing_days"] == 4
        assert "processing_days" not in services["ktp-el-baru"]  # like other empty fields
        assert validation.validate_catalog(exported) == []
        # Changed in a file and imported again: the new promise lands, and clearing it too.
        services["paspor-baru"]["processing_days"] = 5
        services["ktp-el-baru"]["processing_days"] = 1
        import_catalog(exported)
        db.session.commit()
        assert {s.slug: s.processing_days for s in db.session.scalars(sa.select(Service))} == {
            "ktp-el-baru": 1, "paspor-baru": 5}
        again = export_catalog()
        assert again == exported


def test_the_example_catalogue_carries_promises(app, runner):
    assert runner.invoke(args=["catalog", "import", str(EXAMPLE)]).exit_code == 0
    with app.app_context():
        assert {s.slug: s.processing_days for s in db.session.scalars(sa.select(Service))} == {
            "ktp-el-baru": None, "akta-kelahiran": 1, "pengecekan-sertipikat": 1}


def test_the_format_documentation_describes_the_field():
    documentation = (EXAMPLE.parents[1] / "catalog-format.md").read_text(encoding="utf-8")
    assert '"processing_days": null' in documentation and "`processing_days`" in documentation


# --- the API and the service page -------------------------------------------------------------------

def test_the_api_service_document_has_the_promise_and_its_schema_describes_it(catalog_app):
    _set_days(catalog_app, 4, slug="paspor-baru")
    client = catalog_app.test_client()
    assert client.get("/api/v1/sites/maros/services/paspor-baru").json["processing_days"] == 4
    assert client.get("/api/v1/sites/maros/services/ktp-el-baru").json["processing_days"] is None
    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]["Service"]
    assert schema["properties"]["processing_days"] == {
        "type": ["integer", "null"], "minimum": 1, "maximum": 365,
        "description": schema["properties"]["processing_days"]["description"]}


@pytest.mark.parametrize("days, english", [
    (1, "Promised: 1 working day once the application is complete"),
    (4, "Promised: 4 working days once the application is complete"),
])
def test_the_service_page_line_in_both_languages(catalog_app, days, english):
    _set_days(catalog_app, days, slug="paspor-baru")
    client = catalog_app.test_client()
    page = page_text(client.get("/maros/layanan/paspor-baru"))
    assert "3–4 hari kerja" in page
    assert f"Janji selesai: {days} hari kerja sejak berkas lengkap" in page
    assert english in page_text(client.get("/maros/layanan/paspor-baru?lang=en"))


# --- the demo catalogue -------------------------------------------------------------------------

def test_every_demo_promise_is_a_number_of_working_days_its_published_text_names():
    from mpp_lite.demo.data import PROCESSING_DAYS, build_catalog

    seen = set()
    for site in build_catalog()["sites"]:
        assert validation.validate_catalog({"format": "mpp-lite-catalog", "version": 1,
                                            "sites": [site]}) == []
        for service in site["services"]:
            days = service.get("processing_days")
            if days is None:
                continue
            seen.add(service["slug"])
            time = service["processing_time"]
            assert "hari kerja" in time and re.search(rf"(?<![\d]){days}(?![\d])", time), (
                service["slug"], days, time)
            # The promise is the longest the text names, never a shorter one.
            named = [int(n) for n in re.findall(r"\d+(?=(?:–\d+)? hari kerja)", time)]
            assert days == max(named), (service["slug"], time)
    assert seen == set(PROCESSING_DAYS)
    assert {"paspor-baru", "pbg"} <= seen


def test_the_demo_passport_and_building_approval_promise_what_the_issue_says(demo_app):
    assert _days(demo_app, "paspor-baru") == 4
    assert _days(demo_app, "pbg", "ngawi") == 28
    assert _days(demo_app, "ktp-el-hilang") is None  # same day
    page = page_text(demo_app.test_client().get("/maros/layanan/paspor-baru"))
    assert LINE in page
