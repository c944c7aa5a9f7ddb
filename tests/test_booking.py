"""Booking rules: days, quotas, windows, NIK privacy, one ticket per person, idempotency."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.identity import InvalidNik, keyed_hash, mask_nik, normalize_nik, normalize_phone
from mpp_lite.models import QueueSequence, Service, ServiceWindow, Site, Ticket
from mpp_lite.queue.booking import BookingError, BookingRequest, issue_ticket

from support.catalogs import base_catalog, base_site

UTC = dt.timezone.utc
MONDAY_9_WITA = dt.datetime(2026, 11, 23, 1, 0, tzinfo=UTC)   # Monday 09:00 in Maros
VALID_NIK = "7309014507900001"  # Sulsel, woman born 5 July 1990
SECRET = "test-secret-key"


@pytest.fixture
def booking(catalog_app):
    """book(**overrides) → (ticket, created), inside the app context."""
    ctx = catalog_app.test_request_context("/")
    ctx.push()
    counter = iter(range(1, 10_000))

    def book(service="ktp-el-baru", **overrides):
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        values = dict(site=site, service=db.session.scalar(sa.select(Service).filter_by(
            slug=service)), day=dt.date(2026, 11, 23), name="Budi",
            idempotency_key=f"key-{next(counter):06d}", now=MONDAY_9_WITA)
        values.update(overrides)
        return issue_ticket(BookingRequest(**values), secret=SECRET)
    yield book
    db.session.remove()
    ctx.pop()


def set_service(slug: str, **values) -> None:
    db.session.execute(sa.update(Service).where(Service.slug == slug).values(**values))
    db.session.commit()


def test_numbers_start_at_one_per_prefix_and_day(booking):
    first, created = booking()
    second, _ = booking()
    other_day, _ = booking(day=dt.date(2026, 11, 24))
    paspor, _ = booking(service="paspor-baru", day=dt.date(2026, 11, 24))
    assert created and (first.number, second.number) == ("A-001", "A-002")
    assert other_day.number == "A-001"
    assert paspor.number == "C-001"  # its own prefix, its own sequence
    assert first.events[0].to_status == "waiting" and first.events[0].note == "online"


def test_same_idempotency_key_returns_the_same_ticket(booking):
    first, created = booking(idempotency_key="retry-after-timeout")
    again, created_again = booking(idempotency_key="retry-after-timeout")
    assert created and not created_again
    assert again.id == first.id
    with pytest.raises(BookingError) as reused:  # the key with another request: refused
        booking(idempotency_key="retry-after-timeout", name="Other")
    assert reused.value.code == "idempotency_key_reused"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 1


def test_quota_is_exact_and_offers_the_next_day_with_room(booking):
    set_service("ktp-el-baru", daily_quota=2)
    booking(), booking()
    with pytest.raises(BookingError) as refused:
        booking()
    assert refused.value.code == "quota_full"
    assert refused.value.next_day == dt.date(2026, 11, 24)
    sequence = db.session.scalar(sa.select(QueueSequence.last_number))
    assert sequence == 2  # the refused booking left no gap
    assert booking(day=dt.date(2026, 11, 24))[0].number == "A-001"


def test_cancelled_tickets_free_their_quota_place(booking):
    from mpp_lite.queue.tickets import cancel_ticket

    set_service("ktp-el-baru", daily_quota=1)
    ticket, _ = booking()
    assert cancel_ticket(ticket, None)
    db.session.commit()
    replacement, _ = booking()
    assert replacement.number == "A-002"  # numbers are never reused


CHRISTMAS_WEEK = dt.datetime(2026, 12, 21, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize("day, code, now", [
    (dt.date(2026, 11, 22), "past_day", MONDAY_9_WITA),      # yesterday (Sunday) in Maros
    (dt.date(2026, 11, 28), "closed_day", MONDAY_9_WITA),    # Saturday
    (dt.date(2026, 12, 25), "closed_day", CHRISTMAS_WEEK),   # Christmas (a closed date)
    (dt.date(2026, 12, 25), "too_far", MONDAY_9_WITA),       # beyond the 14-day horizon
])
def test_days_that_cannot_be_booked(booking, day, code, now):
    with pytest.raises(BookingError) as refused:
        booking(day=day, now=now)
    assert refused.value.code == code and refused.value.field == "day"


def test_counter_schedule_limits_the_days(booking):
    # Gerai 7 (Imigrasi, paspor) is scheduled on Tuesdays only.
    with pytest.raises(BookingError) as refused:
        booking(service="paspor-baru", day=dt.date(2026, 11, 23))
    assert refused.value.code == "closed_day"
    assert refused.value.next_day == dt.date(2026, 11, 24)


def test_today_after_closing_time_is_refused(booking):
    after_closing = dt.datetime(2026, 11, 23, 7, 30, tzinfo=UTC)  # 15:30 WITA
    with pytest.raises(BookingError) as refused:
        booking(now=after_closing)
    assert refused.value.code == "closed_now"
    assert refused.value.next_day == dt.date(2026, 11, 24)


def test_wita_day_starts_at_local_midnight(booking):
    # 16:30 UTC on Monday is 00:30 on Tuesday in Maros: "today" is Tuesday.
    with pytest.raises(BookingError) as refused:
        booking(day=dt.date(2026, 11, 23), now=dt.datetime(2026, 11, 23, 16, 30, tzinfo=UTC))
    assert refused.value.code == "past_day"


def test_windows_have_their_own_capacity(booking):
    service = db.session.scalar(sa.select(Service).filter_by(slug="ktp-el-baru"))
    early = ServiceWindow(service_id=service.id, starts=dt.time(8), ends=dt.time(10), capacity=1)
    late = ServiceWindow(service_id=service.id, starts=dt.time(10), ends=dt.time(12), capacity=5)
    db.session.add_all([early, late])
    db.session.commit()
    with pytest.raises(BookingError) as refused:
        booking(day=dt.date(2026, 11, 24))
    assert refused.value.code == "window_required"
    booking(day=dt.date(2026, 11, 24), window_id=early.id)
    with pytest.raises(BookingError) as full:
        booking(day=dt.date(2026, 11, 24), window_id=early.id)
    assert full.value.code == "window_full"
    with pytest.raises(BookingError) as over:
        booking(window_id=early.id, now=dt.datetime(2026, 11, 23, 2, 30, tzinfo=UTC))
    assert over.value.code == "window_over"  # 10:30 WITA, the 08–10 window has ended
    ticket, _ = booking(day=dt.date(2026, 11, 24), window_id=late.id)
    assert ticket.window_id == late.id


def test_nik_is_validated_and_never_stored_in_clear(booking):
    set_service("ktp-el-baru", nik_required=True)
    with pytest.raises(BookingError) as refused:
        booking(nik="12345")
    assert refused.value.field == "nik"
    ticket, _ = booking(nik="7309 0145 0790 0001")
    assert ticket.nik_last4 == "0001"
    assert ticket.nik_hash == keyed_hash(SECRET, "nik", VALID_NIK)
    stored = db.session.execute(sa.select(Ticket.__table__)).mappings().one()
    assert VALID_NIK not in " ".join(str(v) for v in stored.values())


def test_nik_is_ignored_where_not_required(booking):
    ticket, _ = booking(nik=VALID_NIK)
    assert ticket.nik_hash is None and ticket.nik_last4 == ""


def test_one_active_ticket_per_person(booking):
    set_service("ktp-el-baru", nik_required=True, one_per_person=True)
    booking(nik=VALID_NIK)
    with pytest.raises(BookingError) as refused:
        booking(nik=VALID_NIK)
    assert refused.value.code == "duplicate_person" and refused.value.field == "nik"
    assert db.session.scalar(sa.select(QueueSequence.last_number)) == 1
    booking(nik=VALID_NIK, day=dt.date(2026, 11, 24))  # another day is fine


def test_one_per_person_by_phone_when_no_nik(booking):
    set_service("ktp-el-baru", one_per_person=True)
    booking(phone="0812-3456-7890")
    with pytest.raises(BookingError) as refused:
        booking(phone="+62 812 3456 7890")  # the same number, typed differently
    assert refused.value.code == "duplicate_person"
    booking()  # without a phone there is nothing to match


def test_the_schema_enforces_one_active_ticket_per_person(booking):
    set_service("ktp-el-baru", one_per_person=True)
    ticket, _ = booking(phone="081234567890")
    clone = Ticket(code="x" * 22, idempotency_key="clone-key-1", site_id=ticket.site_id,
                   service_id=ticket.service_id, day=ticket.day, prefix="A", sequence=99,
                   name="Clone", person_key=ticket.person_key)
    db.session.add(clone)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_the_schema_enforces_unique_numbers(booking):
    ticket, _ = booking()
    clone = Ticket(code="y" * 22, idempotency_key="clone-key-2", site_id=ticket.site_id,
                   service_id=ticket.service_id, day=ticket.day, prefix="A", sequence=1,
                   name="Clone")
    db.session.add(clone)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


@pytest.mark.parametrize("overrides, field", [
    ({"name": ""}, "name"), ({"name": "x" * 81}, "name"), ({"phone": "12ab"}, "phone"),
    ({"phone": "0812"}, "phone"), ({"priority": "vip"}, "priority"),
    ({"idempotency_key": "short"}, "idempotency_key"),
    ({"idempotency_key": "bad key with spaces"}, "idempotency_key"),
])
def test_invalid_fields(booking, overrides, field):
    with pytest.raises(BookingError) as refused:
        booking(**overrides)
    assert refused.value.field == field
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ticket)) == 0


def test_priority_category_is_recorded(booking):
    ticket, _ = booking(priority="lansia")
    assert ticket.priority == "lansia"


# --- pure helpers ------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, reason", [
    ("", "length"), ("123", "length"), ("73090145079000011", "length"), ("73090145079a0001", "length"),
    ("0009014507900001", "region"), ("9909014507900001", "region"),
    ("7309013207900001", "date"), ("7309017207900001", "date"), ("7309010213900001", "date"),
    ("7309010507900000", "sequence"),
])
def test_invalid_niks(raw, reason):
    with pytest.raises(InvalidNik) as error:
        normalize_nik(raw)
    assert str(error.value) == reason


def test_valid_nik_forms():
    assert normalize_nik("7309014507900001") == VALID_NIK
    assert normalize_nik("7309.0145.0790.0001") == VALID_NIK
    assert normalize_nik("7309010507900001")  # a man born 5 July 1990
    assert mask_nik("0001") == "••••••••••••0001"


@pytest.mark.parametrize("raw, expected", [
    ("", ""), ("0812-3456-7890", "6281234567890"), ("+62 812 3456 7890", "6281234567890"),
    ("(0411) 371234", "62411371234"),
])
def test_phone_normalisation(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12ab", "0812", "+1 202 555 0100", "081234567890123456"])
def test_phone_rejects(raw):
    with pytest.raises(ValueError):
        normalize_phone(raw)


def test_keyed_hashes_differ_by_purpose_and_secret():
    assert keyed_hash("a", "nik", VALID_NIK) != keyed_hash("a", "phone", VALID_NIK)
    assert keyed_hash("a", "nik", VALID_NIK) != keyed_hash("b", "nik", VALID_NIK)
    assert len(keyed_hash("a", "nik", VALID_NIK)) == 64


def test_sites_in_other_time_zones_use_their_own_day(app, load_catalog):
    load_catalog(base_catalog(base_site(
        slug="jayapura", name="MPP Kota Jayapura", timezone="Asia/Jayapura",
        hours=[{"weekday": d, "opens": "00:00", "closes": "23:59"} for d in range(1, 8)],
        counters=[], services=[])))
    from mpp_lite.dates import local_now

    # 15:30 UTC Monday is 00:30 Tuesday in Jayapura (UTC+9).
    assert local_now("Asia/Jayapura", dt.datetime(2026, 11, 23, 15, 30, tzinfo=UTC)).date() \
        == dt.date(2026, 11, 24)


def test_signatures_must_be_whole():
    from mpp_lite.identity import sign, verify

    signature = sign("secret", "code")
    assert verify("secret", "code", signature)
    for forged in ("", signature[:1], signature[:11], signature + "0", "0" * 12,
                   sign("other", "code")):
        assert not verify("secret", "code", forged), forged
