"""Schema constraints hold in the database itself, not only in Python."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from mpp_lite.extensions import db
from mpp_lite.models import Agency, ClosedDate, Counter, Requirement, Service, Site, SiteHours


def make_site(slug="maros", **kw) -> Site:
    site = Site(slug=slug, name="MPP Maros", regency="Kabupaten Maros", address="Jl. Asoka",
                timezone="Asia/Makassar", **kw)
    db.session.add(site)
    db.session.flush()
    return site


def make_agency(site: Site, slug="disdukcapil", **kw) -> Agency:
    agency = Agency(site_id=site.id, slug=slug, name="Disdukcapil", kind=kw.pop("kind", "regional"),
                    **kw)
    db.session.add(agency)
    db.session.flush()
    return agency


def make_service(site: Site, agency: Agency, slug="ktp", **kw) -> Service:
    values = dict(site_id=site.id, agency_id=agency.id, slug=slug, name="KTP-el",
                  processing_time="1 hari", product="KTP-el", complaint_channel="LAPOR!")
    values.update(kw)
    service = Service(**values)
    db.session.add(service)
    db.session.flush()
    return service


def assert_rejected(statement) -> None:
    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            statement()
            db.session.flush()


def test_site_slug_is_unique(app):
    with app.app_context():
        make_site()
        assert_rejected(lambda: make_site())


def test_agency_slug_unique_per_site_but_reusable_across_sites(app):
    with app.app_context():
        maros, ngawi = make_site(), make_site("ngawi")
        make_agency(maros)
        make_agency(ngawi)  # same slug, other site: fine
        assert_rejected(lambda: make_agency(maros))


def test_agency_kind_is_checked(app):
    with app.app_context():
        site = make_site()
        assert_rejected(lambda: make_agency(site, kind="ministry"))


def test_service_cannot_belong_to_another_sites_agency(app):
    with app.app_context():
        maros, ngawi = make_site(), make_site("ngawi")
        foreign = make_agency(ngawi)
        assert_rejected(lambda: make_service(maros, foreign))


def test_counter_cannot_belong_to_another_sites_agency(app):
    with app.app_context():
        maros, ngawi = make_site(), make_site("ngawi")
        foreign = make_agency(ngawi)
        assert_rejected(lambda: db.session.add(
            Counter(site_id=maros.id, agency_id=foreign.id, label="Gerai 1")))


@pytest.mark.parametrize("values", [
    {"fee_free": False, "fee_amount": None},
    {"fee_free": False, "fee_amount": -1},
    {"availability": "elsewhere"},
    {"daily_quota": 0},
])
def test_service_checks(app, values):
    with app.app_context():
        site = make_site()
        agency = make_agency(site)
        assert_rejected(lambda: make_service(site, agency, **values))


def test_service_slug_unique_per_site(app):
    with app.app_context():
        site = make_site()
        agency = make_agency(site)
        make_service(site, agency)
        assert_rejected(lambda: make_service(site, agency))


def test_requirement_checks(app):
    with app.app_context():
        site = make_site()
        service = make_service(site, make_agency(site))
        assert_rejected(lambda: db.session.add(
            Requirement(service_id=service.id, position=1, text="KK", quantity=0)))
        assert_rejected(lambda: db.session.add(
            Requirement(service_id=service.id, position=1, text="KK", form="scan")))
        db.session.add(Requirement(service_id=service.id, position=1, text="KK"))
        db.session.flush()
        assert_rejected(lambda: db.session.add(
            Requirement(service_id=service.id, position=1, text="KTP")))


def test_hours_checks(app):
    with app.app_context():
        site = make_site()
        assert_rejected(lambda: db.session.add(SiteHours(
            site_id=site.id, weekday=0, opens=dt.time(8), closes=dt.time(15))))
        assert_rejected(lambda: db.session.add(SiteHours(
            site_id=site.id, weekday=1, opens=dt.time(15), closes=dt.time(8))))


def test_closed_date_unique_per_site(app):
    with app.app_context():
        site = make_site()
        db.session.add(ClosedDate(site_id=site.id, date=dt.date(2026, 12, 25)))
        db.session.flush()
        assert_rejected(lambda: db.session.add(
            ClosedDate(site_id=site.id, date=dt.date(2026, 12, 25))))


def test_deleting_a_site_removes_its_catalogue(app):
    with app.app_context():
        site = make_site()
        service = make_service(site, make_agency(site))
        db.session.add(Requirement(service_id=service.id, position=1, text="KK"))
        db.session.commit()
        db.session.delete(site)
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Requirement)) == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Service)) == 0


def test_translation_falls_back_to_indonesian(app):
    with app.app_context():
        site = make_site(translations={"en": {"name": "Maros Public Service Mall", "address": ""}})
        assert site.tr("name", "en") == "Maros Public Service Mall"
        assert site.tr("address", "en") == "Jl. Asoka"
        assert site.tr("name", "jv") == "MPP Maros"
        assert site.tr("name", "id") == "MPP Maros"


def test_init_db_is_idempotent_and_keeps_data(catalog_app):
    runner = catalog_app.test_cli_runner()
    assert runner.invoke(args=["init-db"]).exit_code == 0
    assert runner.invoke(args=["init-db"]).exit_code == 0
    with catalog_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Service)) == 2


def test_schema_matches_the_models(app):
    """Would `flask db migrate` find anything? Then a migration is missing."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_upgrading_from_the_first_migration_keeps_the_catalogue(tmp_path):
    """An MPP that loaded its catalogue on release 1 upgrades without losing a row."""
    from flask_migrate import downgrade, upgrade

    from support.database import PG_URL, make_app

    if PG_URL:
        pytest.skip("the PostgreSQL schema is shared by the session; SQLite proves the path")
    app = make_app(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    rows = [  # written with the release-1 columns only
        "INSERT INTO site (id, slug, name, regency, province, address, timezone, phone, email,"
        " website, facilities, created_at, updated_at, translations) VALUES (1, 'maros', 'MPP',"
        " 'Maros', '', 'Jl. Asoka', 'Asia/Makassar', '', '', '', '[]', '2026-01-01',"
        " '2026-01-01', '{}')",
        "INSERT INTO agency (id, site_id, slug, name, short_name, kind, head_office_address,"
        " head_office_phone, head_office_hours, website, translations) VALUES (1, 1, 'dukcapil',"
        " 'Disdukcapil', '', 'regional', '', '', '', '', '{}')",
        "INSERT INTO counter (id, site_id, agency_id, label, position, floor, location,"
        " translations) VALUES (1, 1, 1, 'Gerai 1', 1, '', '', '{}')",
        "INSERT INTO service (id, site_id, agency_id, slug, name, summary, processing_time,"
        " fee_free, fee_amount, fee_note, fee_legal_basis, product, complaint_channel,"
        " legal_basis, availability, elsewhere_note, elsewhere_address, online_url,"
        " online_note, keywords, life_events, last_reviewed, daily_quota, queue_prefix, active,"
        " created_at, updated_at, translations) VALUES (1, 1, 1, 'ktp', 'KTP-el', '', '1 hari',"
        " 1, NULL, '', '', 'KTP-el', 'LAPOR!', '', 'full', '', '', '', '', '[]', '[]', NULL,"
        " NULL, 'A', 1, '2026-01-01', '2026-01-01', '{}')",
    ]
    with app.app_context():
        upgrade(revision="449bf4de44b1")
        with db.engine.begin() as connection:
            for row in rows:
                connection.execute(sa.text(row))
        upgrade()
        service = db.session.scalar(sa.select(Service))
        assert service.slug == "ktp" and not service.nik_required
        counter = db.session.scalar(sa.select(Counter))
        assert counter.label == "Gerai 1" and counter.status == "closed"
        db.session.remove()
        downgrade(revision="449bf4de44b1")
        with db.engine.connect() as connection:
            assert connection.execute(sa.text("SELECT slug FROM service")).scalar() == "ktp"
        db.engine.dispose()
