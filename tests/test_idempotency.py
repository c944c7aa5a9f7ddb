"""Idempotency keys are scoped to a site and service and bound to their request: a retry gets
its ticket back, another request with the same key is refused (409), and a key never reaches
another site's or service's ticket."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.models import Service, Site, Ticket
from mpp_lite.queue.booking import BookingError, BookingRequest, issue_ticket

from support.booking import api_book, book, csrf_token
from support.catalogs import base_catalog, base_site
from support.live import run_together, summary

UTC = dt.timezone.utc
MONDAY_9_WITA = dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
SECRET = "test-secret-key"


def count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Ticket))


def test_the_same_request_again_is_the_same_ticket(open_every_day):  # noqa: F811
    client = open_every_day.test_client()
    first = api_book(client, phone="0812 3456 7890", priority="lansia")
    again = api_book(client, phone="081234567890", priority="lansia")  # same number, retyped
    assert first.status_code == 201 and again.status_code == 200
    assert again.json["code"] == first.json["code"]


@pytest.mark.parametrize("change", [
    {"name": "Orang lain"}, {"phone": "0813 1111 2222"}, {"priority": "hamil"},
    {"day": "2099-01-01"},
])
def test_a_key_reused_with_another_request_is_a_conflict(open_every_day, change):  # noqa: F811
    client = open_every_day.test_client()
    first = api_book(client)
    assert first.status_code == 201
    reused = api_book(client, **change)
    assert reused.status_code == 409
    error = reused.json["error"]
    assert error["code"] == "idempotency_key_reused"
    assert set(error) >= {"code", "message", "fields"} and "idempotency_key" in error["fields"]
    assert first.json["code"] not in reused.get_data(as_text=True)
    assert count(open_every_day) == 1


def test_the_conflict_speaks_the_requests_language(open_every_day):  # noqa: F811
    client = open_every_day.test_client()
    api_book(client)
    response = client.post("/api/v1/sites/maros/tickets?lang=en", json={
        "service": "ktp-el-baru", "name": "Someone else", "idempotency_key": "api-key-0001"})
    assert response.status_code == 409
    if response.headers.get("Content-Language") != "en":
        pytest.skip("no compiled English catalogue")
    message = response.json["error"]["message"]
    if message.startswith("Kunci idempotensi"):
        pytest.skip("translation not merged into the catalogue yet (pending-po/)")
    assert message.startswith("This idempotency key")


def test_a_key_never_returns_another_services_ticket(open_every_day):  # noqa: F811
    client = open_every_day.test_client()
    ktp = api_book(client)
    passport = api_book(client, service="paspor-baru")
    assert passport.status_code == 201
    assert passport.json["code"] != ktp.json["code"]
    assert passport.json["service"]["slug"] == "paspor-baru"
    assert api_book(client, service="paspor-baru").json["code"] == passport.json["code"]


def test_a_key_never_returns_another_sites_ticket(app, load_catalog):
    load_catalog(base_catalog(base_site(), base_site(
        slug="ngawi", name="MPP Ngawi", timezone="Asia/Jakarta", closed_dates=[],
        translations={})))
    with app.test_request_context("/"):
        def take(slug: str) -> tuple[Ticket, bool]:
            site = db.session.scalar(sa.select(Site).filter_by(slug=slug))
            service = db.session.scalar(sa.select(Service).filter_by(
                site_id=site.id, slug="ktp-el-baru"))
            return issue_ticket(BookingRequest(
                site=site, service=service, day=dt.date(2026, 11, 23), name="Budi",
                idempotency_key="shared-key-0001", now=MONDAY_9_WITA), secret=SECRET)
        maros, made_maros = take("maros")
        ngawi, made_ngawi = take("ngawi")
        assert made_maros and made_ngawi and maros.id != ngawi.id
        assert ngawi.site.slug == "ngawi"
        again, made = take("ngawi")
        assert again.id == ngawi.id and not made


def test_the_form_and_the_offline_outbox_share_the_key(open_every_day):  # noqa: F811
    """The service worker replays a form through the API with the form's key: the same
    fields are the same ticket; other fields under that key are refused."""
    client = open_every_day.test_client()
    made, data = book(client, phone="0812 3456 7890", priority="")
    code = made.location.rsplit("/", 1)[1]
    replay = {"service": "ktp-el-baru", "day": data["day"], "name": "Siti",
              "phone": "0812 3456 7890", "nik": "", "priority": None,
              "idempotency_key": data["idempotency_key"]}
    same = client.post("/api/v1/sites/maros/tickets", json=replay)
    assert same.status_code == 200 and same.json["code"] == code
    other = client.post("/api/v1/sites/maros/tickets", json={**replay, "name": "Ani"})
    assert other.status_code == 409


def test_a_form_resent_with_its_key_but_other_fields_makes_nothing(open_every_day):  # noqa
    client = open_every_day.test_client()
    made, data = book(client, name="Siti")
    changed = open_every_day.test_client()  # another browser, so no device match either
    page = changed.get("/maros/layanan/ktp-el-baru/antre").get_data(as_text=True)
    response = changed.post("/maros/layanan/ktp-el-baru/antre", data={
        **data, "csrf_token": csrf_token(page), "name": "Ani"})
    assert response.status_code == 422
    assert "sudah dipakai untuk pemesanan lain" in response.get_data(as_text=True)
    assert count(open_every_day) == 1


def test_tickets_made_before_fingerprints_compare_their_own_fields(open_every_day):  # noqa
    client = open_every_day.test_client()
    first = api_book(client, phone="0812 3456 7890")
    with open_every_day.app_context():
        db.session.execute(sa.update(Ticket).values(request_fingerprint=None))
        db.session.commit()
    assert api_book(client, phone="0812 3456 7890").json["code"] == first.json["code"]
    assert api_book(client, phone="0812 9999 0000").status_code == 409


def test_the_booking_service_refuses_a_reused_key(catalog_app):
    with catalog_app.test_request_context("/"):
        site = db.session.scalar(sa.select(Site))
        service = db.session.scalar(sa.select(Service).filter_by(slug="ktp-el-baru"))
        request = dict(site=site, service=service, day=dt.date(2026, 11, 23),
                       idempotency_key="service-key-01", now=MONDAY_9_WITA)
        issue_ticket(BookingRequest(name="Budi", **request), secret=SECRET)
        with pytest.raises(BookingError) as refused:
            issue_ticket(BookingRequest(name="Ani", **request), secret=SECRET)
        assert refused.value.code == "idempotency_key_reused"
        assert refused.value.field == "idempotency_key"


# --- under concurrency (two server processes over one database, as tests/test_concurrency.py) -

def test_simultaneous_requests_sharing_a_key_make_one_ticket_and_conflicts(live):  # noqa: F811
    """10 clients send one key at once, half with the first one's request and half with
    their own: one ticket, the true retries get it (200), the others 409, no gap."""
    import collections
    import secrets

    key = f"shared-{secrets.token_hex(6)}"
    before = live.last_number("retry") or 0
    responses = run_together(10, lambda i: live.book(
        i, "retry", key, name="Warga" if i % 2 == 0 else f"Warga {i}"))
    statuses = collections.Counter(r.status for r in responses)
    assert statuses[201] == 1 and statuses[200] + statuses[201] + statuses[409] == 10, \
        summary(responses)
    assert len({r.json()["code"] for r in responses if r.status in (200, 201)}) == 1
    assert {r.json()["error"]["code"] for r in responses if r.status == 409} <= {
        "idempotency_key_reused"}
    assert live.last_number("retry") == before + 1  # the refused ones left no gap


def test_the_migration_keeps_tickets_and_their_events_on_sqlite(tmp_path, make_catalog):
    """The scoped key needs the ticket table rebuilt on SQLite; with foreign keys on, that
    rebuild used to cascade-delete every ticket event (migrations/env.py turns them off)."""
    from flask_migrate import downgrade, upgrade

    from support.database import make_app
    from mpp_lite.catalog.transfer import import_catalog

    app = make_app(f"sqlite:///{tmp_path / 'upgrade.sqlite3'}")
    counts = sa.text("SELECT (SELECT count(*) FROM ticket), (SELECT count(*) FROM ticket_event),"
                     " (SELECT count(*) FROM requirement)")
    with app.app_context():
        upgrade(revision="heads")
        import_catalog(make_catalog())
        db.session.commit()
        site = db.session.scalar(sa.select(Site))
        service = db.session.scalar(sa.select(Service).filter_by(slug="ktp-el-baru"))
        for i in range(2):
            issue_ticket(BookingRequest(site=site, service=service, day=dt.date(2026, 11, 23),
                                        name=f"Warga {i}", idempotency_key=f"upgrade-{i:04d}",
                                        now=MONDAY_9_WITA), secret=SECRET)
        before = tuple(db.session.execute(counts).one())
        db.session.remove()
        downgrade(revision="83b1fc94e8fc")
        upgrade(revision="heads")
        assert tuple(db.session.execute(counts).one()) == before
        assert before[:2] == (2, 2)
        assert db.session.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        db.session.remove()
        db.engine.dispose()
