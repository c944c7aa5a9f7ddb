"""The catalogue version (site.catalog_version) moves on by itself with every catalogue write,
from the editing pages' services and from the import alike, so the search index and the offline
pack never serve a stale catalogue; writes that are not the catalogue leave it alone."""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import pytest
import sqlalchemy as sa

from mpp_lite.catalog import editing
from mpp_lite.catalog.services import catalogue_version, search_services
from mpp_lite.catalog.transfer import import_catalog
from mpp_lite.catalog.versions import Watch
from mpp_lite.extensions import db
from mpp_lite.models import (
    Agency, ClosedDate, Counter, Service, ServiceWindow, Site, StaffUser, Ticket,
)
from mpp_lite.staff.services import create_user

from support.catalogs import base_catalog, base_site


@pytest.fixture
def maros(app):
    """The small catalogue and a manager of Maros, inside an app context."""
    with app.app_context():
        import_catalog(base_catalog())
        db.session.commit()
        create_user("admin.maros", "test-password-123", "admin", "maros")
        db.session.commit()
        yield db.session.scalar(sa.select(Site).filter_by(slug="maros"))


def _admin() -> StaffUser:
    return db.session.scalar(sa.select(StaffUser).filter_by(username="admin.maros"))


def _service(slug: str = "ktp-el-baru") -> Service:
    return db.session.scalar(sa.select(Service).filter_by(slug=slug))


def _counter(label: str = "Gerai 1") -> Counter:
    return db.session.scalar(sa.select(Counter).filter_by(label=label))


def _moves(site: Site, change: Callable[[], Any]) -> bool:
    """Whether committing `change` moved the site's catalogue version on."""
    before = catalogue_version(site)
    change()
    db.session.commit()
    return catalogue_version(site) != before


def _hours(*days: int) -> list[dict[str, Any]]:
    return [{"weekday": d, "opens": "08:00", "closes": "12:00"} for d in days]


def _site_values(site: Site, **changes: Any) -> dict[str, Any]:
    values = {k: getattr(site, k) for k in editing.SITE_FIELDS}
    values.update(changes)
    return values


def _service_values(service: Service, **changes: Any) -> dict[str, Any]:
    values = {k: getattr(service, k) for k in (
        "name", "slug", "summary", "processing_time", "fee_note", "fee_legal_basis", "product",
        "complaint_channel", "legal_basis", "elsewhere_note", "elsewhere_place",
        "elsewhere_address", "online_url", "online_note", "queue_prefix", "availability",
        "fee_free", "fee_amount", "daily_quota", "active", "nik_required", "one_per_person")}
    values.update(agency=service.agency_id, counters=[c.id for c in service.counters],
                  life_events=list(service.life_events), keywords=list(service.keywords))
    values.update(changes)
    return values


EDITS: dict[str, Callable[[Site], Any]] = {
    "site": lambda site: editing.update_site(_admin(), site, _site_values(site, name="MPP X"),
                                             _hours(1, 2)),
    "closed date added": lambda site: editing.add_closed_date(
        _admin(), site, dt.date(2026, 12, 31), "Cuti bersama"),
    "closed date removed": lambda site: editing.delete_closed_date(
        _admin(), site, db.session.scalar(sa.select(ClosedDate))),
    "agency added": lambda site: editing.save_agency(
        _admin(), site, None, {"slug": "pln", "name": "PLN", "kind": "bumn"}),
    "agency edited": lambda site: editing.save_agency(
        _admin(), site, db.session.scalar(sa.select(Agency).filter_by(slug="imigrasi")),
        {"slug": "imigrasi", "name": "Imigrasi Makassar", "kind": "central"}),
    "counter added": lambda site: editing.save_counter(
        _admin(), site, None, {"label": "Gerai 9", "agency": _counter().agency_id}, _hours(3)),
    "counter schedule": lambda site: editing.save_counter(
        _admin(), site, _counter(), {"label": "Gerai 1", "agency": _counter().agency_id},
        _hours(1)),
    "service": lambda site: editing.save_service(
        _admin(), site, _service(), _service_values(_service(), summary="Baru.")),
    "service counters": lambda site: editing.save_service(
        _admin(), site, _service(), _service_values(_service(), counters=[_counter("Gerai 7").id])),
    "service reviewed": lambda site: editing.mark_reviewed(_admin(), _service()),
    "requirement added": lambda site: editing.save_item(
        _admin(), _service(), "requirement", None, {"text": "Pas foto"}),
    "requirement edited": lambda site: editing.save_item(
        _admin(), _service(), "requirement", _service().requirements[0], {"text": "KK asli"}),
    "step moved": lambda site: editing.move_item(
        _admin(), _service(), "step", _service().steps[0], 1),
    "step removed": lambda site: editing.delete_item(
        _admin(), _service(), "step", _service().steps[1]),
    "window added": lambda site: db.session.add(ServiceWindow(
        service_id=_service().id, starts=dt.time(8), ends=dt.time(9), capacity=5)),
    "service deleted": lambda site: editing.delete_service(_admin(), _service("paspor-baru")),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_every_catalogue_edit_moves_the_version_on(maros, edit):
    assert _moves(maros, lambda: EDITS[edit](maros)), edit


def test_import_moves_the_version_on_and_search_sees_it_at_once(maros):
    assert [s.slug for s in search_services(maros, "xylofon").services] == []
    site = base_site()
    site["services"][0]["keywords"] = ["xylofon"]
    assert _moves(maros, lambda: import_catalog(base_catalog(site)))
    assert [s.slug for s in search_services(maros, "xylofon").services] == ["ktp-el-baru"]


def test_a_saved_edit_shows_in_search_at_once(maros):
    assert search_services(maros, "ktp").services  # the index is built and cached
    assert _moves(maros, lambda: editing.save_service(
        _admin(), maros, _service(), _service_values(_service(), keywords=["xylofon"])))
    assert [s.slug for s in search_services(maros, "xylofon").services] == ["ktp-el-baru"]


def test_writes_that_are_not_the_catalogue_leave_the_version_alone(maros):
    def ticket() -> None:
        service = _service()
        db.session.add(Ticket(code="abc123", idempotency_key="k1", site_id=maros.id,
                              service_id=service.id, day=dt.date(2026, 12, 1), prefix="A",
                              sequence=1, name="Budi"))

    def counter_status() -> None:
        counter = _counter()
        counter.status, counter.status_reason = "open", "Buka"

    def account() -> None:
        create_user("budi.maros", "test-password-123", "assistant", "maros")

    for change in (ticket, counter_status, account):
        assert not _moves(maros, change), change.__name__


def test_only_the_written_site_moves_on(app):
    with app.app_context():
        import_catalog(base_catalog(base_site(), base_site(slug="ngawi", name="MPP Ngawi")))
        db.session.commit()
        maros, ngawi = (db.session.scalar(sa.select(Site).filter_by(slug=s))
                        for s in ("maros", "ngawi"))
        before = catalogue_version(ngawi)
        assert _moves(maros, lambda: setattr(maros, "phone", "0411-1"))
        assert catalogue_version(ngawi) == before


def test_a_version_counts_only_the_attributes_it_watches():
    """Another (tables -> column) pair, as issue #14 will add, is one line of the same kind."""
    catalogue = Watch("catalog_version", frozenset({"counter"}),
                      ignore={"counter": frozenset({"status"})})
    status = Watch("counter_status_version", frozenset({"counter"}),
                   only={"counter": frozenset({"status"})})
    assert catalogue.counts("counter", {"label"}) and not catalogue.counts("counter", {"status"})
    assert status.counts("counter", {"status"}) and not status.counts("counter", {"label"})
    assert not catalogue.counts("counter", {"updated_at"})
