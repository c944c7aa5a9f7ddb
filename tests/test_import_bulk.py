"""The catalogue import at national scale (issue #14): many sites in bulk statements, all or
nothing, a re-import that writes nothing, versions moved on exactly for the sites that changed,
statements that do not grow with the services, and a file read one site at a time."""
from __future__ import annotations

import copy
import io
import json
from typing import Any

import pytest
import sqlalchemy as sa

from mpp_lite.catalog import transfer
from mpp_lite.catalog.transfer import CatalogImportError, export_catalog, import_catalog
from mpp_lite.extensions import db
from mpp_lite.models import (
    Agency, ClosedDate, Counter, CounterHours, Requirement, Service, ServiceWindow, Site,
    SiteHours, Step,
)
from mpp_lite.models.catalog import service_counter

from support.queries import count_statements

TABLES = (Site, SiteHours, ClosedDate, Agency, Counter, CounterHours, Service, Requirement, Step,
          ServiceWindow)
WRITES = ("INSERT", "UPDATE", "DELETE")


def national_service(index: int) -> dict[str, Any]:
    """Service `index` of a test site, written as `catalog export` writes it (so an export of
    the imported database must equal the file)."""
    paid = index % 3 == 0
    service = {
        "slug": f"layanan-{index:03d}", "name": f"Layanan uji {index}",
        "agency": "disdukcapil" if index % 2 else "imigrasi",
        "summary": f"Ringkasan layanan {index}.",
        "counters": ["Gerai 1", "Gerai 2"] if index % 4 == 0 else ["Gerai 1"],
        "processing_time": "Selesai di tempat", "product": f"Dokumen {index}",
        "complaint_channel": "SP4N-LAPOR! (lapor.go.id)", "availability": "full",
        "keywords": [f"kata{index}", "uji"], "queue_prefix": "A",
        "fee": ({"free": False, "amount": 1000 * index, "note": "Tarif PNBP"} if paid
                else {"free": True}),
        "translations": {"en": {"name": f"Test service {index}"}},
        "requirements": [
            {"text": "Kartu Keluarga (KK)", "form": "copy", "quantity": 2,
             "translations": {"en": {"text": "Family card"}}},
            {"text": "Akta kelahiran", "group": 1},
            {"text": f"Surat pengantar {index}", "group": 1, "optional": True},
        ],
        "steps": [{"title": "Ambil nomor antrean", "duration": "±5 menit"},
                  {"title": f"Pelayanan {index}", "actor": "Petugas"}],
    }
    if index % 10 == 0:
        service["windows"] = [{"starts": "08:00", "ends": "10:00", "capacity": 20},
                              {"starts": "10:00", "ends": "12:00", "capacity": 15}]
    return service


def national_site(number: int, services: int, prefix: str = "uji") -> dict[str, Any]:
    return {
        "slug": f"{prefix}-{number:03d}", "name": f"MPP Kabupaten Uji {number}",
        "regency": f"Kabupaten Uji {number}", "province": "Jawa Timur",
        "address": f"Jl. Merdeka No. {number}", "timezone": "Asia/Jakarta",
        "facilities": ["Ruang laktasi"],
        "translations": {"en": {"name": f"Test Public Service Mall {number}"}},
        "hours": [{"weekday": d, "opens": "08:00", "closes": "15:00"} for d in range(1, 6)],
        "closed_dates": [{"date": "2026-12-25", "reason": "Hari Raya Natal"}],
        "agencies": [
            {"slug": "disdukcapil", "name": "Dinas Kependudukan dan Pencatatan Sipil",
             "short_name": "Disdukcapil", "kind": "regional"},
            {"slug": "imigrasi", "name": "Kantor Imigrasi", "kind": "central"},
        ],
        "counters": [
            {"label": "Gerai 1", "agency": "disdukcapil", "floor": "Lantai 1",
             "schedule": [{"weekday": d, "opens": "08:00", "closes": "14:00"}
                          for d in range(1, 6)]},
            {"label": "Gerai 2", "agency": "imigrasi", "schedule": []},
        ],
        "services": [national_service(i) for i in range(1, services + 1)],
    }


def national(sites: int, services: int, prefix: str = "uji") -> dict[str, Any]:
    return {"format": "mpp-lite-catalog", "version": 1,
            "sites": [national_site(n, services, prefix) for n in range(1, sites + 1)]}


def counts() -> dict[str, int]:
    return {m.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(m))
            for m in TABLES} | {"service_counter": db.session.scalar(
                sa.select(sa.func.count()).select_from(service_counter))}


def versions() -> dict[str, int]:
    return dict(db.session.execute(sa.select(Site.slug, Site.catalog_version)).all())


def test_a_multi_site_import_writes_exactly_what_the_file_states(app):
    data = national(5, 40)
    with app.app_context():
        result = import_catalog(copy.deepcopy(data))
        db.session.commit()
        assert result.created == {"sites": 5, "agencies": 10, "counters": 10, "services": 200}
        assert counts() == {
            "site": 5, "site_hours": 25, "closed_date": 5, "agency": 10, "counter": 10,
            "counter_hours": 25, "service": 200, "requirement": 600, "step": 400,
            "service_window": 40, "service_counter": 250}
        assert export_catalog() == data  # every field, as the row-by-row import wrote it
        service = db.session.scalar(sa.select(Service).filter_by(slug="layanan-003")
                                    .join(Site).where(Site.slug == "uji-002"))
        assert (service.fee_free, service.fee_amount, service.agency.slug) == (
            False, 3000, "disdukcapil")
        assert [r.alt_group for r in service.requirements] == [None, 1, 1]
        assert service.requirements[0].tr("text", "en") == "Family card"
        assert service.created_at is not None and service.updated_at is not None


def test_reimporting_the_same_file_writes_nothing_and_says_so(app):
    data = national(3, 12)
    with app.app_context():
        import_catalog(copy.deepcopy(data))
        db.session.commit()
        before, moved = counts(), versions()
        with count_statements(app) as statements:
            result = import_catalog(copy.deepcopy(data))
            db.session.commit()
        assert not [s for s in statements if s.upper().startswith(WRITES)], statements
        assert result.created == {"sites": 0, "agencies": 0, "counters": 0, "services": 0}
        assert result.updated == {"sites": 3, "agencies": 6, "counters": 6, "services": 36}
        assert result.changed == {"sites": 0, "agencies": 0, "counters": 0, "services": 0}
        assert counts() == before and versions() == moved


def test_a_changed_file_changes_exactly_what_changed(app):
    data = national(4, 12)
    with app.app_context():
        import_catalog(copy.deepcopy(data))
        db.session.commit()
        moved = versions()
        window = db.session.scalar(
            sa.select(ServiceWindow.id).join(Service, Service.id == ServiceWindow.service_id)
            .join(Site, Site.id == Service.site_id)
            .where(Site.slug == "uji-004", Service.slug == "layanan-010")
            .order_by(ServiceWindow.starts).limit(1))
        data["sites"][0]["agencies"][1]["name"] = "Kantor Imigrasi Kelas I"
        data["sites"][2]["services"][4]["requirements"][1]["text"] = "Akta kelahiran asli"
        data["sites"][3]["services"][9]["windows"] = [
            {"starts": "08:00", "ends": "09:00", "capacity": 10}]
        data["sites"][3]["counters"][1]["schedule"] = [
            {"weekday": 2, "opens": "08:00", "closes": "12:00"}]
        result = import_catalog(copy.deepcopy(data))
        db.session.commit()
        assert result.changed == {"sites": 0, "agencies": 1, "counters": 1, "services": 2}
        assert result.unchanged("services") == 46
        assert export_catalog() == data
        after = versions()
        assert [slug for slug in moved if after[slug] != moved[slug]] == [
            "uji-001", "uji-003", "uji-004"]
        assert all(after[slug] > moved[slug] for slug in ("uji-001", "uji-003", "uji-004"))
        # the arrival window that stays keeps its row (tickets point at it)
        assert db.session.get(ServiceWindow, window).capacity == 10


def test_a_new_site_moves_its_version_on(app):
    with app.app_context():
        import_catalog(national(2, 3))
        db.session.commit()
        assert all(version > 0 for version in versions().values())


@pytest.mark.parametrize("breakage", ["field", "reference"])
def test_an_error_in_the_last_site_writes_nothing_at_all(app, breakage):
    data = national(4, 10)
    with app.app_context():
        import_catalog(national(2, 10))
        db.session.commit()
        before, moved = counts(), versions()
        data["sites"][0]["name"] = "MPP yang diganti"
        last = data["sites"][-1]["services"][-1]
        if breakage == "field":
            last["fee"] = {"free": False}
            expected = ("sites[3].services[9] (layanan-010)", "fee.amount")
        else:
            last["agency"] = "dinas-tidak-ada"
            expected = ("sites[3].services[9] (layanan-010)", "agency")
        with pytest.raises(CatalogImportError) as caught:
            import_catalog(data)
        db.session.rollback()
        assert [(e.record, e.field) for e in caught.value.errors] == [expected]
        assert counts() == before and versions() == moved
        assert db.session.scalar(sa.select(Site.name).filter_by(slug="uji-001")) \
            == "MPP Kabupaten Uji 1"


def test_statements_do_not_grow_with_the_services(app):
    """5 sites × 10 services and 5 × 40 cost (nearly) the same number of statements."""
    spent = {}
    with app.app_context():
        for services, prefix in ((10, "kecil"), (40, "besar")):
            data = national(5, services, prefix)
            with count_statements(app) as statements:
                import_catalog(data)
                db.session.commit()
            spent[services] = len(statements)
    assert spent[40] - spent[10] <= 5, spent
    assert spent[40] <= 5 * 40 + 10, spent  # a fixed handful per site


def test_the_cli_reads_a_file_site_by_site_and_reports_changes(app, runner, tmp_path,
                                                               monkeypatch):
    monkeypatch.setattr(transfer._Scanner, "CHUNK", 64)  # many pieces, values across them
    data = national(3, 5)
    path = tmp_path / "national.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    first = runner.invoke(args=["catalog", "import", str(path)])
    assert first.exit_code == 0, first.output
    assert "services    15 created    0 updated (0 changed, 0 unchanged)" in first.output
    again = runner.invoke(args=["catalog", "import", str(path)])
    assert "services     0 created   15 updated (0 changed, 15 unchanged)" in again.output
    with app.app_context():
        assert export_catalog() == data


def test_keys_in_any_order_and_sites_before_the_format(app, monkeypatch):
    monkeypatch.setattr(transfer._Scanner, "CHUNK", 7)
    data = national(2, 2)
    text = json.dumps({"sites": data["sites"], "version": 1, "format": "mpp-lite-catalog"})
    with app.app_context():
        result = transfer.import_catalog_file(io.BytesIO(text.encode()))
        db.session.commit()
        assert result.created["services"] == 4
        assert export_catalog() == data


@pytest.mark.parametrize("text", [
    '{"format": "mpp-lite-catalog", "version": 1, "sites": [{"slug": "a",}]}',
    '{"format": "mpp-lite-catalog",\n "version": 1,\n "sites": [{"slug": "a"}\n {}]}',
    '{"format": "mpp-lite-catalog", "version": 1, "sites": []} x',
    '{"format": "mpp-lite-catalog" "version": 1}',
    '{"format": "mpp-lite-catalog", "version": 1, "sites": [\n\n  {"slug": "a\n"}]}',
    '{"format": "mpp-lite-catalog", "version": 1, "sites": [1, 2',
    '{format: 1}',
    '{"sites": [tru]}',
    '',
])
def test_broken_json_is_reported_where_json_itself_says(app, monkeypatch, text):
    monkeypatch.setattr(transfer._Scanner, "CHUNK", 5)
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with app.app_context(), pytest.raises(json.JSONDecodeError) as caught:
        transfer.import_catalog_file(io.BytesIO(text.encode()))
    assert (caught.value.lineno, caught.value.colno) == (
        expected.value.lineno, expected.value.colno)


@pytest.mark.parametrize("text, field", [
    ('[]', ""), ('"catalogue"', ""), ('{"format": "mpp-lite-catalog", "version": 1}', "sites"),
    ('{"format": "mpp-lite-catalog", "version": 1, "sites": {}}', "sites"),
    ('{"format": "x", "version": 1, "sites": []}', "format"),
])
def test_a_file_that_is_no_catalogue_gets_the_validators_errors(app, text, field):
    with app.app_context(), pytest.raises(CatalogImportError) as caught:
        transfer.import_catalog_file(io.BytesIO(text.encode()))
    assert ("file", field) in [(e.record, e.field) for e in caught.value.errors]


@pytest.mark.parametrize("sites", [0, 1, 3])
def test_the_cli_export_is_the_catalogue_as_json_written_site_by_site(app, runner, tmp_path,
                                                                      sites):
    if sites:
        with app.app_context():
            import_catalog(national(sites, 4))
            db.session.commit()
    path = tmp_path / "export.json"
    assert runner.invoke(args=["catalog", "export", str(path)]).exit_code == 0
    with app.app_context():
        expected = json.dumps(export_catalog(), ensure_ascii=False, indent=2) + "\n"
    assert path.read_text(encoding="utf-8") == expected


def test_an_export_costs_a_fixed_number_of_statements_per_site(app):
    spent = {}
    with app.app_context():
        for services, prefix in ((4, "kecil"), (20, "besar")):
            import_catalog(national(3, services, prefix))
            db.session.commit()
            slugs = [f"{prefix}-{n:03d}" for n in range(1, 4)]
            with count_statements(app) as statements:
                export_catalog(slugs)
            spent[services] = len(statements)
    assert spent[4] == spent[20], spent
