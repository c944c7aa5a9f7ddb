"""Catalogue import/export: validation reports every error and a bad file changes nothing."""
from __future__ import annotations

import copy
import json

import pytest
import sqlalchemy as sa

from mpp_lite.catalog.transfer import CatalogImportError, export_catalog, import_catalog
from mpp_lite.catalog.validation import validate_catalog
from mpp_lite.extensions import db
from mpp_lite.models import Agency, Counter, Requirement, Service, Site, Step

from support.catalogs import base_catalog, base_service, base_site


def counts() -> dict[str, int]:
    return {m.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(m))
            for m in (Site, Agency, Counter, Service, Requirement, Step)}


def errors_of(data) -> list[tuple[str, str]]:
    return [(e.record, e.field) for e in validate_catalog(data)]


def test_valid_catalogue_has_no_errors():
    assert validate_catalog(base_catalog()) == []


def test_import_creates_everything(app):
    with app.app_context():
        result = import_catalog(base_catalog())
        db.session.commit()
        assert result.created == {"sites": 1, "agencies": 2, "counters": 2, "services": 2}
        paspor = db.session.scalar(sa.select(Service).filter_by(slug="paspor-baru"))
        assert paspor.fee_amount == 350000 and not paspor.fee_free
        assert paspor.availability == "partial"
        assert [c.label for c in paspor.counters] == ["Gerai 7"]
        ktp = db.session.scalar(sa.select(Service).filter_by(slug="ktp-el-baru"))
        assert [r.alt_group for r in ktp.requirements] == [None, 1, 1]
        assert ktp.requirements[0].tr("text", "en") == "Family card (KK)"
        assert ktp.requirements[1].tr("text", "en") == "Surat keterangan lahir"  # falls back


def test_import_twice_is_idempotent(app):
    with app.app_context():
        import_catalog(base_catalog())
        db.session.commit()
        before = counts()
        result = import_catalog(base_catalog())
        db.session.commit()
        assert counts() == before
        assert result.created == {"sites": 0, "agencies": 0, "counters": 0, "services": 0}
        assert result.updated["services"] == 2


def test_import_updates_in_place_and_replaces_requirements(app):
    data = base_catalog()
    with app.app_context():
        import_catalog(data)
        db.session.commit()
        service_id = db.session.scalar(sa.select(Service.id).filter_by(slug="ktp-el-baru"))
        data["sites"][0]["services"][0]["requirements"] = [{"text": "Fotokopi KK"}]
        data["sites"][0]["services"][0]["name"] = "KTP-el baru (17 tahun)"
        import_catalog(data)
        db.session.commit()
        service = db.session.get(Service, service_id)
        assert service.name == "KTP-el baru (17 tahun)"
        assert [r.text for r in service.requirements] == ["Fotokopi KK"]


def test_import_never_deletes_records_missing_from_the_file(app):
    with app.app_context():
        import_catalog(base_catalog())
        db.session.commit()
        partial = base_catalog(base_site(services=[base_service()], agencies=[], counters=[]))
        import_catalog(partial)
        db.session.commit()
        assert db.session.scalar(sa.select(Service).filter_by(slug="paspor-baru")) is not None


def test_export_round_trips_exactly(app):
    with app.app_context():
        import_catalog(base_catalog())
        db.session.commit()
        first = export_catalog()
        assert validate_catalog(first) == []
        import_catalog(copy.deepcopy(first))
        db.session.commit()
        assert export_catalog() == first
        assert json.loads(json.dumps(first)) == first


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d.update(format="other"), ("file", "format")),
    (lambda d: d.update(version=2), ("file", "version")),
    (lambda d: d["sites"][0].update(slug="Maros Kab"), ("sites[0] (Maros Kab)", "slug")),
    (lambda d: d["sites"][0].update(slug="api"), ("sites[0] (api)", "slug")),
    (lambda d: d["sites"][0].update(timezone="Asia/Atlantis"), ("sites[0] (maros)", "timezone")),
    (lambda d: d["sites"][0]["hours"][0].update(opens="16:00"),
     ("sites[0] (maros)", "hours[0].closes")),
    (lambda d: d["sites"][0]["hours"][0].update(weekday=8),
     ("sites[0] (maros)", "hours[0].weekday")),
    (lambda d: d["sites"][0]["closed_dates"][0].update(date="2026-02-30"),
     ("sites[0] (maros)", "closed_dates[0].date")),
    # One date rule for forms and files: years 2000–2100 (dates.parse_day).
    (lambda d: d["sites"][0]["closed_dates"][0].update(date="1999-12-25"),
     ("sites[0] (maros)", "closed_dates[0].date")),
    (lambda d: d["sites"][0]["closed_dates"][0].update(reason="x" * 201),
     ("sites[0] (maros)", "closed_dates[0].reason")),
    (lambda d: d["sites"][0]["services"][0].update(last_reviewed="2101-01-01"),
     ("sites[0].services[0] (ktp-el-baru)", "last_reviewed")),
    # A day's opening intervals must not overlap (as in the editing form).
    (lambda d: d["sites"][0]["hours"].append({"weekday": 1, "opens": "14:00", "closes": "16:00"}),
     ("sites[0] (maros)", "hours[5]")),
    (lambda d: d["sites"][0]["agencies"][0].update(kind="ministry"),
     ("sites[0].agencies[0] (disdukcapil)", "kind")),
    (lambda d: d["sites"][0]["services"][1]["fee"].update(amount="350.000"),
     ("sites[0].services[1] (paspor-baru)", "fee.amount")),
    (lambda d: d["sites"][0]["services"][1]["fee"].pop("amount"),
     ("sites[0].services[1] (paspor-baru)", "fee.amount")),
    (lambda d: d["sites"][0]["services"][1]["fee"].update(amount=-5),
     ("sites[0].services[1] (paspor-baru)", "fee.amount")),
    (lambda d: d["sites"][0]["services"][0].pop("name"),
     ("sites[0].services[0] (ktp-el-baru)", "name")),
    (lambda d: d["sites"][0]["services"][0].update(availability="somewhere"),
     ("sites[0].services[0] (ktp-el-baru)", "availability")),
    (lambda d: d["sites"][0]["services"][1].pop("elsewhere"),
     ("sites[0].services[1] (paspor-baru)", "elsewhere.note")),
    (lambda d: d["sites"][0]["services"][0].update(life_events=["lahir"]),
     ("sites[0].services[0] (ktp-el-baru)", "life_events[0]")),
    (lambda d: d["sites"][0]["services"][0].update(queue_prefix="a1"),
     ("sites[0].services[0] (ktp-el-baru)", "queue_prefix")),
    (lambda d: d["sites"][0]["services"][0].update(daily_quota=0),
     ("sites[0].services[0] (ktp-el-baru)", "daily_quota")),
    (lambda d: d["sites"][0]["services"][0].update(last_reviewed="1 Okt 2026"),
     ("sites[0].services[0] (ktp-el-baru)", "last_reviewed")),
    (lambda d: d["sites"][0]["services"][0]["requirements"][0].update(quantity=0),
     ("sites[0].services[0] (ktp-el-baru).requirements[0]", "quantity")),
    (lambda d: d["sites"][0]["services"][0]["requirements"][0].update(form="scan"),
     ("sites[0].services[0] (ktp-el-baru).requirements[0]", "form")),
    (lambda d: d["sites"][0]["services"][0]["steps"][0].pop("title"),
     ("sites[0].services[0] (ktp-el-baru).steps[0]", "title")),
    (lambda d: d["sites"][0]["services"][0].update(translations={"en": {"slug": "x"}}),
     ("sites[0].services[0] (ktp-el-baru)", "translations.en.slug")),
    (lambda d: d["sites"][0]["services"].append(base_service()),
     ("sites[0].services[2] (ktp-el-baru)", "slug")),
    (lambda d: d["sites"][0]["services"][0].update(keywords="ktp"),
     ("sites[0].services[0] (ktp-el-baru)", "keywords")),
    (lambda d: d["sites"][0]["services"][0].update(online={"url": "javascript:alert(1)"}),
     ("sites[0].services[0] (ktp-el-baru)", "online.url")),
])
def test_each_invalid_field_is_reported_with_record_and_field(mutate, expected):
    data = base_catalog()
    mutate(data)
    assert expected in errors_of(data)


def test_every_error_is_reported_at_once():
    data = base_catalog()
    data["sites"][0]["services"][0]["fee"] = {"free": "ya"}
    data["sites"][0]["services"][1]["name"] = ""
    data["sites"][0]["agencies"][1]["kind"] = "x"
    found = errors_of(data)
    assert ("sites[0].services[0] (ktp-el-baru)", "fee.free") in found
    assert ("sites[0].services[1] (paspor-baru)", "name") in found
    assert ("sites[0].agencies[1] (imigrasi)", "kind") in found


@pytest.mark.parametrize("data", [None, [], "text", 42, {"format": "mpp-lite-catalog"},
                                  {"format": "mpp-lite-catalog", "version": 1, "sites": "x"},
                                  {"format": "mpp-lite-catalog", "version": 1, "sites": [7]}])
def test_garbage_files_give_errors_not_exceptions(data):
    assert validate_catalog(data)


def test_unknown_references_are_errors_and_nothing_is_written(app):
    with app.app_context():
        import_catalog(base_catalog())
        db.session.commit()
        before = counts()
        data = base_catalog()
        data["sites"][0]["services"][0]["agency"] = "dinas-tidak-ada"
        data["sites"][0]["services"][1]["counters"] = ["Gerai 99"]
        data["sites"][0]["services"][1]["name"] = "Changed"
        with pytest.raises(CatalogImportError) as caught:
            import_catalog(data)
        db.session.rollback()
        fields = {(e.record, e.field) for e in caught.value.errors}
        assert ("sites[0].services[0] (ktp-el-baru)", "agency") in fields
        assert ("sites[0].services[1] (paspor-baru)", "counters[0]") in fields
        assert counts() == before
        assert db.session.scalar(sa.select(Service.name).filter_by(slug="paspor-baru")) \
            == "Paspor baru"


def test_references_may_point_to_records_already_in_the_database(app):
    with app.app_context():
        import_catalog(base_catalog())
        db.session.commit()
        only_service = base_catalog(base_site(
            agencies=[], counters=[], services=[base_service(slug="ktp-el-hilang",
                                                             name="KTP-el hilang")]))
        import_catalog(only_service)
        db.session.commit()
        service = db.session.scalar(sa.select(Service).filter_by(slug="ktp-el-hilang"))
        assert service.agency.slug == "disdukcapil"
        assert [c.label for c in service.counters] == ["Gerai 1"]


def test_cli_import_reports_errors_and_changes_nothing(app, runner, tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(base_catalog()), encoding="utf-8")
    assert runner.invoke(args=["catalog", "import", str(good)]).exit_code == 0
    bad_data = base_catalog()
    bad_data["sites"][0]["services"][0]["name"] = "Nama baru"
    bad_data["sites"][0]["services"][1]["fee"]["amount"] = "mahal"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_data), encoding="utf-8")
    result = runner.invoke(args=["catalog", "import", str(bad)])
    assert result.exit_code != 0
    assert "sites[0].services[1] (paspor-baru) · fee.amount" in result.output
    assert "tidak ada data yang diubah" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(Service.name).filter_by(slug="ktp-el-baru")) \
            == "KTP-el baru"


@pytest.mark.parametrize("content, message", [
    ("{not json", "bukan JSON yang sah"),
    ("", "bukan JSON yang sah"),
])
def test_cli_import_rejects_broken_json(runner, tmp_path, content, message):
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(args=["catalog", "import", str(path)])
    assert result.exit_code != 0 and message in result.output


def test_cli_import_missing_file(runner, tmp_path):
    result = runner.invoke(args=["catalog", "import", str(tmp_path / "none.json")])
    assert result.exit_code != 0 and "tidak dapat dibaca" in result.output


def test_cli_export_writes_valid_json(catalog_app, tmp_path):
    out = tmp_path / "export.json"
    result = catalog_app.test_cli_runner().invoke(args=["catalog", "export", str(out)])
    assert result.exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert validate_catalog(data) == []
    assert [s["slug"] for s in data["sites"]] == ["maros"]


def test_booking_rules_and_windows_round_trip(app):
    from mpp_lite.models import ServiceWindow

    data = base_catalog()
    data["sites"][0]["services"][0].update(
        nik_required=True, one_per_person=True,
        windows=[{"starts": "08:00", "ends": "10:00", "capacity": 30},
                 {"starts": "10:00", "ends": "12:00", "capacity": 20}])
    with app.app_context():
        import_catalog(data)
        db.session.commit()
        service = db.session.scalar(sa.select(Service).filter_by(slug="ktp-el-baru"))
        assert service.nik_required and service.one_per_person
        first = db.session.scalar(sa.select(ServiceWindow).filter_by(service_id=service.id)
                                  .order_by(ServiceWindow.starts))
        first_id = first.id
        exported = export_catalog()
        assert exported["sites"][0]["services"][0]["windows"][1]["capacity"] == 20
        data["sites"][0]["services"][0]["windows"] = [
            {"starts": "08:00", "ends": "09:30", "capacity": 25}]
        import_catalog(data)
        db.session.commit()
        windows = db.session.scalars(sa.select(ServiceWindow).filter_by(
            service_id=service.id)).all()
        assert [(w.id, w.capacity) for w in windows] == [(first_id, 25)]  # same row, updated


@pytest.mark.parametrize("windows, field", [
    ([{"starts": "10:00", "ends": "08:00", "capacity": 5}], "windows[0].ends"),
    ([{"starts": "08:00", "ends": "09:00", "capacity": 0}], "windows[0].capacity"),
    ([{"starts": "8", "ends": "09:00", "capacity": 5}], "windows[0].starts"),
    ([{"starts": "08:00", "ends": "09:00", "capacity": 5},
      {"starts": "08:00", "ends": "10:00", "capacity": 5}], "windows[1].starts"),
])
def test_invalid_windows_are_reported(windows, field):
    data = base_catalog()
    data["sites"][0]["services"][0]["windows"] = windows
    assert ("sites[0].services[0] (ktp-el-baru)", field) in errors_of(data)
