"""docs/examples/catalog.json, the example in docs/catalog-format.md, imports through the
documented command and lands as written: the format's documentation is proven by use."""
from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import Agency, Counter, Service, Site

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "catalog.json"


def test_the_example_is_plain_json_in_the_documented_format():
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("mpp-lite-catalog", 1)
    site, = data["sites"]
    assert (len(site["agencies"]), len(site["counters"]), len(site["services"])) == (2, 2, 3)


def test_the_documentation_points_to_the_example():
    documentation = (EXAMPLE.parents[1] / "catalog-format.md").read_text(encoding="utf-8")
    assert "docs/examples/catalog.json" in documentation


def test_the_import_command_loads_the_example(app, runner):
    result = runner.invoke(args=["catalog", "import", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "sites        1 created    0 updated" in result.output
    assert "services     3 created    0 updated" in result.output

    with app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="barru"))
        assert site.timezone == "Asia/Makassar" and [h.weekday for h in site.hours] == [1, 2, 3, 4, 5]
        assert [(c.date.isoformat(), c.reason) for c in site.closed_dates] == [
            ("2026-12-25", "Hari Raya Natal")]
        assert sorted(a.slug for a in db.session.scalars(sa.select(Agency))) == [
            "disdukcapil", "pertanahan"]
        counters = {c.label: c for c in db.session.scalars(sa.select(Counter))}
        assert sorted(counters) == ["Gerai 1", "Gerai 2"]
        assert counters["Gerai 2"].agency.slug == "pertanahan"
        assert sorted(s.weekday for s in counters["Gerai 2"].schedule) == [2, 4]

        services = {s.slug: s for s in db.session.scalars(sa.select(Service))}
        assert sorted(services) == ["akta-kelahiran", "ktp-el-baru", "pengecekan-sertipikat"]
        ktp = services["ktp-el-baru"]
        assert [r.text for r in ktp.requirements] == [
            "Kartu Keluarga (KK)", "Akta kelahiran", "Surat keterangan lahir"]
        assert [r.alt_group for r in ktp.requirements] == [None, 1, 1]
        assert ktp.requirements[0].translations == {"en": {"text": "Family card (KK)"}}
        assert [s.title for s in ktp.steps] == [
            "Ambil nomor antrean", "Perekaman foto, sidik jari dan iris"]
        assert ktp.fee_free and [c.label for c in ktp.counters] == ["Gerai 1"]
        birth = services["akta-kelahiran"]
        assert birth.requirements[1].condition == "tidak punya surat keterangan lahir"
        assert birth.requirements[3].optional and birth.daily_quota is None
        land = services["pengecekan-sertipikat"]
        assert (land.fee_free, land.fee_amount, land.availability) == (False, 50000, "partial")
        assert land.elsewhere_note == "Hasil pengecekan diambil di Kantor Pertanahan."
        assert land.steps[0].cost == "Rp50.000" and land.queue_prefix == "B"

    again = runner.invoke(args=["catalog", "import", str(EXAMPLE)])
    assert again.exit_code == 0, again.output
    assert "services     0 created    3 updated" in again.output
