"""The ticket page and the ticket status API stay cheap (issue #14) and exactly as true as before:
a stated number of statements per view, the QR code drawn once per ticket, and nothing shown
from a memo the catalogue has moved past. The small catalogue's Maros site (WITA) opens Monday to
Friday 08.00–15.00; Gerai 1 serves KTP-el baru (prefix A) on the same hours."""
from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from mpp_lite.cache import store
from mpp_lite.extensions import db
from mpp_lite.identity import sign
from mpp_lite.models import (
    Announcement, Counter, CounterHours, Requirement, Service, Site, SiteHours, Ticket,
)
from mpp_lite.queue import presenters
from mpp_lite.queue.booking import BookingRequest, issue_ticket
from mpp_lite.queue.status import people_ahead
from mpp_lite.queue.state import ticket_state
from mpp_lite.queue.tickets import ticket_for_page

from support.database import dispose, make_app
from support.html import parse
from support.queries import count_statements

WITA = ZoneInfo("Asia/Makassar")
THURSDAY = dt.date(2026, 12, 3)
# The ticket's state (its standing, whether any announcement of its site runs past now, when its
# service last finished a ticket) and, for a page not in the page cache, the ticket with its
# catalogue; the page asks for its announcements only when one may be in force.
PAGE_STATEMENTS, PAGE_HIT_STATEMENTS, API_STATEMENTS = 2, 1, 1
# A page rendered (not from the page cache) also reads the ticket's moves (queue/_moved.html) and
# the site's next change by the clock (web/pagecache.py site_changes_at: hours, announcements).
RENDER_EXTRA = 3
# A worker's first view of a service also reads its catalogue names (queue/state.py: site,
# service, windows, counters) and renders its counters and checklist once (two statements).
FIRST_VIEW_EXTRA = 6


def at(hour: int, minute: int = 0, day: dt.date = THURSDAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=WITA)


@pytest.fixture
def take(catalog_app):
    """take(n, priorities=...) books n KTP-el tickets for Thursday at 04.20; their codes."""
    def book(count: int, priorities: tuple[str | None, ...] = ()) -> list[str]:
        codes = []
        with catalog_app.app_context():
            site = db.session.scalar(sa.select(Site))
            service = db.session.scalar(sa.select(Service).filter_by(slug="ktp-el-baru"))
            for i in range(count):
                ticket, _ = issue_ticket(BookingRequest(
                    site=site, service=service, day=THURSDAY, name=f"Warga {i}",
                    idempotency_key=f"speed-test-{i:04d}", now=at(4, 20),
                    priority=priorities[i] if i < len(priorities) else None),
                    secret="test-secret-key")
                codes.append(ticket.code)
        return codes
    return book


def open_counter(app, state: str = "open") -> None:
    """As an officer's console does it, but in bulk: no catalogue version moves."""
    with app.app_context():
        db.session.execute(sa.update(Counter).where(Counter.label == "Gerai 1")
                           .values(status=state))
        db.session.commit()


def signed(app, code: str) -> str:
    with app.app_context():
        return f"/tiket/{code}?s={sign(app.config['SECRET_KEY'], code)}"


def test_the_ticket_page_and_api_stay_under_their_statement_ceilings(catalog_app, take,
                                                                      clock):
    """A repeated view: the ticket with its standing, the recent service times (and, on the
    page, the announcements): no lazy loads, no query for hours, counters or requirements."""
    code = take(3)[2]
    open_counter(catalog_app)
    clock(at(9, 0))
    client = catalog_app.test_client()
    page, api = signed(catalog_app, code), f"/api/v1/tickets/{code}"
    with count_statements(catalog_app) as first:
        assert client.get(page).status_code == 200   # a worker's first view of the service
    assert len(first) <= PAGE_STATEMENTS + RENDER_EXTRA + FIRST_VIEW_EXTRA, str(first)
    for path, ceiling in ((page, PAGE_HIT_STATEMENTS), (api, API_STATEMENTS)):
        with count_statements(catalog_app) as seen:
            response = client.get(path)
        assert response.status_code == 200
        assert len(seen) <= ceiling, str(seen)
    assert client.get(api).get_json()["position"] == 2
    text = client.get(page).get_data(as_text=True)
    parse(text)
    assert "2 orang" in text and "±20 menit" in text and "Gerai 1 (Lantai 1)" in text
    assert "Kartu Keluarga (KK)" in text


def test_an_announcement_shows_on_the_ticket_page_from_its_start_to_its_end(catalog_app,
                                                                            take, clock):
    code = take(1)[0]
    with catalog_app.app_context():
        db.session.add(Announcement(site_id=1, severity="outage", message="Jaringan terganggu",
                                    starts_at=at(10, 0).astimezone(dt.timezone.utc),
                                    ends_at=at(11, 0).astimezone(dt.timezone.utc)))
        db.session.commit()
    client = catalog_app.test_client()
    clock(at(8, 0))
    assert client.get(f"/tiket/{code}").status_code == 200  # the worker's first view
    for moment, shown in ((at(9, 0), False), (at(10, 0), True), (at(11, 0), False)):
        clock(moment)
        with count_statements(catalog_app) as seen:
            text = client.get(f"/tiket/{code}").get_data(as_text=True)
        assert ("Jaringan terganggu" in text) is shown, moment
        assert len(seen) <= PAGE_STATEMENTS + (1 if moment < at(11, 0) else 0) + RENDER_EXTRA, \
            str(seen)


def test_people_ahead_read_with_the_ticket_agree_with_people_ahead(catalog_app, take):
    """Priority tickets go first, each queue in number order; a cancelled ticket counts for
    nobody: the correlated count (one statement with the ticket) and people_ahead() agree."""
    codes = take(6, priorities=(None, "lansia", None, "hamil", None, None))
    with catalog_app.app_context():
        db.session.execute(sa.update(Ticket).where(Ticket.code == codes[5])
                           .values(status="cancelled"))
        db.session.commit()
        for code, expected in zip(codes[:5], (2, 0, 3, 1, 4)):
            ticket = ticket_for_page(code)
            assert ticket_state(code).live(10).ahead == people_ahead(ticket) == expected, \
                ticket.number
        assert ticket_state(codes[5]).live(10).ahead == 0
        assert ticket_state("no-such-code") is None and ticket_for_page("no-such-code") is None
        assert ticket_state("x" * 33) is None and ticket_for_page("x" * 33) is None


def test_new_hours_show_on_the_next_view_of_the_same_worker(catalog_app, take, clock):
    """The calendar memo is keyed by the catalogue version an edit moves on: never stale."""
    code = take(1)[0]
    open_counter(catalog_app)
    clock(at(7, 0))
    client = catalog_app.test_client()
    before = client.get(f"/api/v1/tickets/{code}").get_json()
    assert before["wait_state"] == "before_opening"
    assert before["service_opens_at"] == "2026-12-03T08:00:00+08:00"
    with catalog_app.app_context():   # the MPP and Gerai 1 open at 06.30 on Thursdays
        for hours in db.session.scalars(sa.select(SiteHours).filter_by(weekday=4)):
            hours.opens = dt.time(6, 30)
        for hours in db.session.scalars(sa.select(CounterHours).filter_by(weekday=4)):
            hours.opens = dt.time(6, 30)
        db.session.commit()
    after = client.get(f"/api/v1/tickets/{code}").get_json()
    assert after["wait_state"] == "today_open" and after["estimated_wait_minutes"] == 0
    assert "Sebentar lagi" in client.get(f"/tiket/{code}").get_data(as_text=True)


def test_a_counter_status_change_in_bulk_shows_at_once(catalog_app, take, clock):
    """A counter's status is read live with the ticket, even when no version moved on."""
    code = take(1)[0]
    clock(at(9, 0))
    client = catalog_app.test_client()
    open_counter(catalog_app, "closed")
    assert client.get(f"/api/v1/tickets/{code}").get_json()["wait_state"] == "no_counter_open"
    open_counter(catalog_app, "open")
    assert client.get(f"/api/v1/tickets/{code}").get_json()["wait_state"] == "today_open"
    assert "Sebentar lagi" in client.get(f"/tiket/{code}").get_data(as_text=True)


def test_catalogue_edits_show_on_the_ticket_page_at_once(catalog_app, take, clock):
    """The counters and requirements on the page are rendered once per catalogue version and
    language: an edit of either shows on the next view, in every language."""
    code = take(1)[0]
    clock(at(9, 0))
    client = catalog_app.test_client()
    for lang in ("id", "en"):
        text = client.get(f"/tiket/{code}?lang={lang}").get_data(as_text=True)
        assert "Gerai 1 (Lantai 1)" in text
    with catalog_app.app_context():
        db.session.scalar(sa.select(Counter).filter_by(label="Gerai 1")).floor = "Lantai 3"
        requirement = db.session.scalar(sa.select(Requirement).join(Service).where(
            Service.slug == "ktp-el-baru").order_by(Requirement.position))
        requirement.text = "Kartu Keluarga terbaru"
        db.session.commit()
    for lang in ("id", "en"):
        text = client.get(f"/tiket/{code}?lang={lang}").get_data(as_text=True)
        assert "Gerai 1 (Lantai 3)" in text and "Lantai 1" not in text
    assert "Kartu Keluarga terbaru" in client.get(f"/tiket/{code}").get_data(as_text=True)


def count_drawings(monkeypatch) -> list[str]:
    """The addresses the QR code drawing function is asked to draw from now on."""
    drawn: list[str] = []
    real = presenters.qr_svg
    monkeypatch.setattr(presenters, "qr_svg",
                        lambda data, **kw: drawn.append(data) or real(data, **kw))
    return drawn


def unlabelled(page: str, label: str) -> str:
    drawing = page[page.index("<svg"):page.index("</svg>")]
    return drawing.replace(f' aria-label="{label}"', "").replace(f"<title>{label}</title>", "")


def test_the_qr_code_is_drawn_once_across_apps_sharing_redis(catalog_app, database_url, take,
                                                             clock, monkeypatch):
    """Two workers (two apps) on one Redis: the ticket's QR code is drawn once, and each
    view labels it in its reader's language."""
    code = take(1)[0]
    clock(at(9, 0))
    prefix = f"test-ticket-qr-{uuid.uuid4().hex}:"
    apps = [make_app(database_url, CACHE_URL="redis://127.0.0.1:6379/0", CACHE_PREFIX=prefix)
            for _ in range(2)]
    drawn = count_drawings(monkeypatch)
    try:
        first = apps[0].test_client().get(signed(apps[0], code)).get_data(as_text=True)
        second = apps[1].test_client().get(f"/tiket/{code}?lang=en").get_data(as_text=True)
        again = apps[0].test_client().get(signed(apps[0], code)).get_data(as_text=True)
        assert len(drawn) == 1 and drawn[0].startswith("http://mpp.test/tiket/")
        assert 'aria-label="Kode QR tiket A-001"><title>Kode QR tiket A-001</title>' in first
        assert "<title>QR code of ticket A-001</title>" in second
        assert unlabelled(first, "Kode QR tiket A-001") == unlabelled(
            second, "QR code of ticket A-001")
        assert again == first
    finally:
        with apps[0].app_context():
            store().clear()
        for app in apps:
            dispose(app)


def test_without_redis_a_worker_keeps_the_drawing_under_an_opaque_key_until_the_day_ends(
        catalog_app, take, clock, monkeypatch):
    code = take(1)[0]
    clock(at(9, 0))
    drawn = count_drawings(monkeypatch)
    kept: list[tuple[str, float]] = []
    with catalog_app.app_context():
        memory = store()
    real_set = memory.set
    monkeypatch.setattr(memory, "set", lambda key, value, ttl: kept.append((key, ttl))
                        or real_set(key, value, ttl))
    client = catalog_app.test_client()
    for _ in range(3):
        assert client.get(signed(catalog_app, code)).status_code == 200
    assert len(drawn) == 1
    (key, ttl), = [(k, t) for k, t in kept if k.startswith(presenters.QR_KEY)]
    assert code not in key and "tiket" not in key and "mpp.test" not in key
    # Thursday 09.00 WITA → the end of Thursday, plus the margin.
    assert ttl == pytest.approx(15 * 3600 + presenters.QR_MARGIN.total_seconds())


def test_a_qr_code_of_a_day_that_is_over_is_not_kept(catalog_app, take, clock, monkeypatch):
    code = take(1)[0]
    clock(at(9, 0, day=THURSDAY + dt.timedelta(days=2)))
    drawn = count_drawings(monkeypatch)
    client = catalog_app.test_client()
    with catalog_app.test_request_context():
        ticket = db.session.scalar(sa.select(Ticket).filter_by(code=code))
        presenters.ticket_qr(ticket)   # an officer's reprint, say
        presenters.ticket_qr(ticket)
    assert len(drawn) == 2
    assert client.get(f"/tiket/{code}").status_code == 200


def test_ticket_document_of_a_loaded_ticket_reads_only_its_standing(catalog_app, take, clock):
    """create_ticket answers with ticket_document(ticket) of the ticket booking returns: with
    its site, service, window and counter loaded, nothing is lazy loaded."""
    from mpp_lite.api.tickets import ticket_document

    code = take(2)[1]
    clock(at(9, 0))
    with catalog_app.test_request_context():
        ticket, live = ticket_for_page(code), ticket_state(code).live(10)
        with count_statements(catalog_app) as given:
            document = ticket_document(ticket, live)
        with count_statements(catalog_app) as read:
            assert ticket_document(ticket) == document
    assert len(given) == 0, str(given)
    assert len(read) == 2, str(read)
    assert document["position"] == 1 and document["site"] == "maros"


@pytest.mark.parametrize("code", ["x" * 33, "%00", "ü" * 10, "a b", "'; DROP TABLE"])
def test_odd_codes_are_not_found_never_an_error(catalog_app, code):
    client = catalog_app.test_client()
    assert client.get(f"/api/v1/tickets/{code}").status_code in (400, 404)
    assert client.get(f"/tiket/{code}?s=abc").status_code in (400, 404)
    assert client.get(f"/tiket/{code}").status_code in (400, 404)


# --- the ticket page in the page cache (queue/ticket_cache.py) ---------------------------------

def finish(app, code: str, minutes: int) -> None:
    """The ticket served in `minutes` and done (in bulk, as a test's shortcut)."""
    with app.app_context():
        db.session.execute(sa.update(Ticket).where(Ticket.code == code).values(
            status="done", served_at=at(8, 0), finished_at=at(8, minutes)))
        db.session.commit()


def test_a_repeated_view_is_kept_until_anything_it_shows_changes(catalog_app, take, clock):
    """The same state, minute and request: one statement and the same page. Every change of
    what the page shows is another state: a ticket ahead cancelled, a counter closing, a
    ticket finished (the average), the next minute, another language or Save-Data."""
    codes = take(4)
    open_counter(catalog_app)
    clock(at(9, 0))
    client = catalog_app.test_client()
    page = signed(catalog_app, codes[3])

    def view(path: str = page, **headers: str) -> tuple[str, int]:
        with count_statements(catalog_app) as seen:
            response = client.get(path, headers=headers)
        assert response.status_code == 200
        return response.get_data(as_text=True), len(seen)

    first, _ = view()
    assert "3 orang" in first and "±30 menit" in first and "Diperbarui 09.00" in first
    again, statements = view()
    assert (again, statements) == (first, PAGE_HIT_STATEMENTS)

    with catalog_app.app_context():   # a ticket ahead cancelled: Core, no version moves
        db.session.execute(sa.update(Ticket).where(Ticket.code == codes[0])
                           .values(status="cancelled"))
        db.session.commit()
    text, statements = view()
    assert "2 orang" in text and "±20 menit" in text and statements > PAGE_HIT_STATEMENTS

    finish(catalog_app, codes[1], 4)  # the average is now that ticket's 4 minutes
    text, _ = view()
    assert "1 orang" in text and "±4 menit" in text

    open_counter(catalog_app, "closed")
    text, _ = view()
    assert "±" not in text and "1 orang" in text
    assert view() == (text, PAGE_HIT_STATEMENTS)

    clock(at(9, 1))
    text, statements = view()
    assert "Diperbarui 09.01" in text and statements > PAGE_HIT_STATEMENTS

    english, statements = view(page + "&lang=en")
    assert "Updated" in english and statements > PAGE_HIT_STATEMENTS
    _text, statements = view(**{"Save-Data": "on"})
    assert statements > PAGE_HIT_STATEMENTS
    assert view()[1] == PAGE_HIT_STATEMENTS
    assert view(page + "&extra=1")[1] > PAGE_HIT_STATEMENTS  # an argument the view ignores


def test_an_announcement_starting_within_the_minute_shows_at_once(catalog_app, take, clock):
    code = take(1)[0]
    with catalog_app.app_context():
        db.session.add(Announcement(site_id=1, severity="outage", message="Jaringan terganggu",
                                    starts_at=at(9, 0).replace(second=30)
                                    .astimezone(dt.timezone.utc),  # SQLite compares text
                                    ends_at=at(10, 0).astimezone(dt.timezone.utc)))
        db.session.commit()
    client = catalog_app.test_client()
    clock(at(9, 0).replace(second=10))
    assert "Jaringan terganggu" not in client.get(f"/tiket/{code}").get_data(as_text=True)
    clock(at(9, 0).replace(second=40))
    assert "Jaringan terganggu" in client.get(f"/tiket/{code}").get_data(as_text=True)


def test_a_page_with_a_form_token_is_never_kept(catalog_app, take, clock):
    """With a notification channel on, the page carries the visitor's own CSRF token: each
    visitor gets a page rendered for their session."""
    code = take(1)[0]
    catalog_app.config.update(SMS_URL="http://127.0.0.1:9/send?to={phone}&msg={text}")
    with catalog_app.app_context():
        db.session.scalar(sa.select(Site)).notify_channels = "sms"
        db.session.commit()
    clock(at(9, 0))
    tokens = []
    for _visitor in range(2):
        client = catalog_app.test_client()
        for _view in range(2):
            with count_statements(catalog_app) as seen:
                text = client.get(f"/tiket/{code}").get_data(as_text=True)
            assert len(seen) > PAGE_HIT_STATEMENTS
        tokens.append(parse(text).find(".//input[@name='csrf_token']").get("value"))
    assert "Kabari saya" in text and tokens[0] != tokens[1]


def test_a_ticket_no_longer_active_is_not_kept(catalog_app, take, clock):
    code = take(1)[0]
    finish(catalog_app, code, 5)
    clock(at(9, 0))
    client = catalog_app.test_client()
    for _view in range(2):
        with count_statements(catalog_app) as seen:
            assert "Isi survei" in client.get(f"/tiket/{code}").get_data(as_text=True)
        assert len(seen) > PAGE_HIT_STATEMENTS


def test_the_average_is_read_again_only_when_a_ticket_has_finished(catalog_app, take, clock):
    codes = take(3)
    open_counter(catalog_app)
    clock(at(9, 0))
    client = catalog_app.test_client()
    api = f"/api/v1/tickets/{codes[2]}"
    finish(catalog_app, codes[0], 6)
    assert client.get(api).get_json()["estimated_wait_minutes"] == 6
    with count_statements(catalog_app) as seen:
        assert client.get(api).get_json()["estimated_wait_minutes"] == 6
    assert len(seen) == API_STATEMENTS   # the average kept: the same ticket finished last
    with catalog_app.app_context():       # one more finished ticket of the service, 10 minutes
        ticket = db.session.scalar(sa.select(Ticket).filter_by(code=codes[1]))
        db.session.add(Ticket(
            code="finished-extra", idempotency_key="finished-extra", site_id=ticket.site_id,
            service_id=ticket.service_id, day=ticket.day, prefix=ticket.prefix, sequence=99,
            status="done", name="X", served_at=at(8, 10), finished_at=at(8, 20)))
        db.session.commit()
    assert client.get(api).get_json()["estimated_wait_minutes"] == 8  # 1 ahead × (6 + 10) / 2
