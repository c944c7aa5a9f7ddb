"""Display board: the JSON the TV polls and the page it shows, on the site's local day, with
ticket numbers only (never a name, phone or NIK)."""
from __future__ import annotations

import datetime as dt
import itertools
import re
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from mpp_lite import dates
from mpp_lite.board import services as board_services
from mpp_lite.extensions import db
from mpp_lite.models import Counter, Service, Site, Ticket
from support.catalogs import base_catalog, base_site
from support.html import parse, text_of

WITA = ZoneInfo("Asia/Makassar")
# A Monday at the Maros demo site (open 08.00–15.00 WITA).
MONDAY_MORNING = dt.datetime(2026, 10, 5, 9, 0, tzinfo=WITA)
BOARD = "/maros/layar"
BOARD_JSON = "/api/v1/sites/maros/board"


@pytest.fixture
def clock(monkeypatch):
    """clock(local datetime): the instant the board believes it is."""
    def set_clock(when: dt.datetime) -> None:
        dates.freeze(monkeypatch, when)
    set_clock(MONDAY_MORNING)
    return set_clock


@pytest.fixture
def counters(app):
    """counters(label=(status, reason), ...): set the Maros counters' live status."""
    def set_status(**changes: tuple[str, str]) -> None:
        with app.app_context():
            for label, (status, reason) in changes.items():
                counter = db.session.scalar(sa.select(Counter).filter_by(
                    label=label.replace("_", " ")))
                counter.status, counter.status_reason = status, reason
            db.session.commit()
    return set_status


@pytest.fixture
def make_call(app):
    """make_call(sequence, counter, called_at, ...): a ticket inserted straight into the
    database in a called state, as the officer console leaves it."""
    keys = itertools.count(1)

    def make(sequence: int, counter: str | None, called_at: dt.datetime | None, *,
             status: str = "called", call_count: int = 1, day: dt.date | None = None,
             service: str = "ktp-el-baru", name: str = "Warga", phone: str = "",
             site: str = "maros") -> int:
        with app.app_context():
            site_obj = db.session.scalar(sa.select(Site).filter_by(slug=site))
            service_obj = db.session.scalar(sa.select(Service).filter_by(
                site_id=site_obj.id, slug=service))
            counter_id = db.session.scalar(sa.select(Counter.id).filter_by(
                site_id=site_obj.id, label=counter)) if counter else None
            ticket = Ticket(
                code=f"code-{site}-{next(keys)}-{sequence}", idempotency_key=f"key-{sequence}-"
                f"{next(keys)}-{site}", site_id=site_obj.id, service_id=service_obj.id,
                day=day or (called_at or MONDAY_MORNING).astimezone(WITA).date(),
                prefix=service_obj.queue_prefix, sequence=sequence, status=status, name=name,
                phone=phone, counter_id=counter_id, call_count=call_count, called_at=called_at)
            db.session.add(ticket)
            db.session.commit()
            return ticket.id
    return make


def update_ticket(app, ticket_id: int, **values) -> None:
    with app.app_context():
        db.session.execute(sa.update(Ticket).where(Ticket.id == ticket_id).values(**values))
        db.session.commit()


def at(hour: int, minute: int, day: int = 5) -> dt.datetime:
    """A moment in Maros, in UTC as the app stores it (SQLite keeps no offset)."""
    return dt.datetime(2026, 10, day, hour, minute, tzinfo=WITA).astimezone(dt.timezone.utc)


def get_board(app) -> dict:
    response = app.test_client().get(BOARD_JSON)
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.json


def test_board_json_has_the_documented_shape(catalog_app, clock, counters, make_call):
    counters(Gerai_1=("open", ""), Gerai_7=("break", "Istirahat siang, kembali pukul 13.00"))
    make_call(7, "Gerai 1", at(8, 55))
    response = catalog_app.test_client().get(BOARD_JSON)
    assert response.headers["Cache-Control"] == "no-store"
    board = response.json
    assert set(board) == {"site", "now", "counters", "calls", "notices", "ikm", "version"}
    assert board["notices"] == []  # none posted (test_announcements.py covers them)
    assert board["ikm"] is None  # nobody answered the survey (test_floor_board.py)
    assert board["site"] == "maros"
    assert board["now"] == "2026-10-05T09:00:00+08:00"  # local time with its offset
    assert isinstance(board["version"], str) and board["version"]
    assert board["counters"] == [
        {"label": "Gerai 1", "agency": "Disdukcapil", "floor": "Lantai 1", "status": "open",
         "reason": "", "serving": "A-007", "ticket_status": "called"},
        {"label": "Gerai 7", "agency": "Imigrasi", "floor": "Lantai 2", "status": "break",
         "reason": "Istirahat siang, kembali pukul 13.00", "serving": None,
         "ticket_status": None},
    ]
    assert board["calls"] == [{"number": "A-007", "counter": "Gerai 1",
                               "called_at": "2026-10-05T08:55:00+08:00", "call_count": 1}]


def test_board_json_matches_its_openapi_schema(catalog_app, clock, make_call):
    make_call(1, "Gerai 1", at(8, 30))
    client = catalog_app.test_client()
    doc = client.get("/api/v1/openapi.json").json
    assert "/sites/{site}/board" in doc["paths"]
    schemas = doc["components"]["schemas"]
    board = client.get(BOARD_JSON).json
    assert set(board) == set(schemas["Board"]["properties"]) == set(schemas["Board"]["required"])
    counter_schema = schemas["Board"]["properties"]["counters"]["items"]
    call_schema = schemas["Board"]["properties"]["calls"]["items"]
    assert set(board["counters"][0]) == set(counter_schema["properties"])
    assert set(board["calls"][0]) == set(call_schema["properties"])


def test_a_wita_site_just_after_local_midnight_shows_only_the_new_day(
        catalog_app, clock, counters, make_call):
    """At 00.30 WITA it is still yesterday in UTC and in Jakarta: yesterday's calls (and a
    ticket left "called" overnight) must not be on today's board."""
    counters(Gerai_1=("open", ""))
    make_call(41, "Gerai 1", at(14, 50))                  # yesterday, left called overnight
    make_call(40, "Gerai 1", at(14, 40), status="done")   # yesterday, finished
    clock(at(0, 30, day=6))
    board = get_board(catalog_app)
    assert board["now"].startswith("2026-10-06T00:30")
    assert board["calls"] == []
    assert board["counters"][0]["serving"] is None
    page = catalog_app.test_client().get(BOARD).get_data(as_text=True)
    assert "A-041" not in page and "A-040" not in page
    # A call made after local midnight belongs to the new day (UTC still says the 5th).
    make_call(1, "Gerai 1", at(0, 20, day=6))
    board = get_board(catalog_app)
    assert [c["number"] for c in board["calls"]] == ["A-001"]
    assert board["counters"][0]["serving"] == "A-001"


def test_calls_are_newest_first_and_only_the_last_eight(catalog_app, clock, counters,
                                                        make_call):
    counters(Gerai_1=("open", ""), Gerai_7=("open", ""))
    for minute in range(10):  # A-001 at 08.00 … A-010 at 08.18, alternating counters
        make_call(minute + 1, "Gerai 1" if minute % 2 else "Gerai 7", at(8, 2 * minute),
                  status="done" if minute < 8 else "called")
    make_call(3, "Gerai 7", at(8, 50), service="paspor-baru", status="serving")  # C-003
    make_call(11, None, at(8, 51), status="waiting")  # returned to the queue: not a call now
    make_call(12, "Gerai 1", None, status="waiting")  # never called
    board = get_board(catalog_app)
    assert [c["number"] for c in board["calls"]] == [
        "C-003", "A-010", "A-009", "A-008", "A-007", "A-006", "A-005", "A-004"]
    assert [c["counter"] for c in board["calls"][:3]] == ["Gerai 7", "Gerai 1", "Gerai 7"]
    serving = {c["label"]: (c["serving"], c["ticket_status"]) for c in board["counters"]}
    # Gerai 7 holds two tickets (A-009 called, C-003 serving): the latest call is shown.
    assert serving == {"Gerai 1": ("A-010", "called"), "Gerai 7": ("C-003", "serving")}


def test_other_sites_tickets_stay_off_the_board(app, load_catalog, clock, make_call):
    other = base_site(slug="ngawi", name="MPP Ngawi", timezone="Asia/Jakarta",
                      translations={})
    load_catalog(base_catalog(base_site(), other))
    make_call(5, "Gerai 1", at(8, 40), site="ngawi")
    make_call(6, "Gerai 1", at(8, 41))
    assert [c["number"] for c in get_board(app)["calls"]] == ["A-006"]


def test_version_changes_when_a_ticket_is_called_or_recalled(catalog_app, clock, counters,
                                                             make_call):
    counters(Gerai_1=("open", ""))
    ticket = make_call(1, "Gerai 1", None, status="waiting", call_count=0)
    empty = get_board(catalog_app)
    clock(at(9, 5))
    again = get_board(catalog_app)
    assert again["now"] != empty["now"] and again["version"] == empty["version"]
    update_ticket(catalog_app, ticket, status="called", call_count=1, called_at=at(9, 5))
    called = get_board(catalog_app)
    assert called["version"] != empty["version"]
    assert called["calls"][0]["call_count"] == 1
    update_ticket(catalog_app, ticket, call_count=2, called_at=at(9, 7))  # recall
    recalled = get_board(catalog_app)
    assert recalled["version"] not in (empty["version"], called["version"])
    assert recalled["calls"][0]["call_count"] == 2
    update_ticket(catalog_app, ticket, status="serving")
    assert get_board(catalog_app)["version"] != recalled["version"]
    counters(Gerai_1=("break", "Sholat"))
    assert get_board(catalog_app)["counters"][0]["reason"] == "Sholat"


def test_long_reasons_are_shortened(catalog_app, clock, counters):
    counters(Gerai_7=("closed", "Petugas mengikuti rapat koordinasi di kantor pusat " * 3))
    reason = get_board(catalog_app)["counters"][1]["reason"]
    assert len(reason) <= board_services.REASON_LENGTH and reason.endswith("…")


def test_no_names_phones_or_nik_on_the_page_or_in_the_json(catalog_app, clock, counters):
    """Tickets booked with a name, a phone and a NIK, then called: only numbers show."""
    from mpp_lite.queue.booking import BookingRequest, issue_ticket

    counters(Gerai_1=("open", ""), Gerai_7=("open", ""))
    nik = "7309014505907391"
    with catalog_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        service = db.session.scalar(sa.select(Service).filter_by(slug="ktp-el-baru"))
        service.nik_required = True
        db.session.commit()
        people = [("Siti Rahmawati", "0812 3456 7890", "7371015708850012"),
                  ("Andi Baso Tenri", "+62 813 9876 5432", nik)]
        tickets = []
        for index, (name, phone, person_nik) in enumerate(people):
            ticket, created = issue_ticket(BookingRequest(
                site=site, service=service, day=MONDAY_MORNING.date(), name=name,
                idempotency_key=f"board-privacy-{index}", phone=phone, nik=person_nik,
                now=MONDAY_MORNING), secret=catalog_app.config["SECRET_KEY"])
            assert created
            tickets.append((ticket.id, ticket.code, ticket.nik_hash, ticket.counter_id))
        counter_ids = {c.label: c.id for c in site.counters}
        db.session.commit()
    for (ticket_id, *_rest), label in zip(tickets, ("Gerai 1", "Gerai 7")):
        update_ticket(catalog_app, ticket_id, status="called", call_count=1,
                      called_at=at(8, 45), counter_id=counter_ids[label])
    client = catalog_app.test_client()
    page = client.get(BOARD).get_data(as_text=True)
    body = client.get(BOARD_JSON).get_data(as_text=True)
    assert "A-001" in page and "A-002" in page and "A-002" in body
    secrets = ["Siti", "Rahmawati", "Andi", "Tenri", "3456", "6281234567890", "9876", nik,
               nik[-4:], "7371015708850012", "0012"]
    secrets += [code for _id, code, _hash, _c in tickets]
    secrets += [nik_hash for _id, _code, nik_hash, _c in tickets if nik_hash]
    for text in (page, body):
        for secret in secrets:
            assert secret not in text


def test_board_page_is_valid_html_without_inline_script_or_style(catalog_app, clock,
                                                                 counters, make_call):
    counters(Gerai_1=("open", ""), Gerai_7=("closed", "Gangguan jaringan"))
    make_call(1, "Gerai 1", at(8, 30), status="done")
    make_call(2, "Gerai 1", at(8, 40))
    response = catalog_app.test_client().get(BOARD)
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    doc = parse(html)
    assert doc.get("lang") == "id"
    assert text_of(doc.find("head/title")).startswith("Layar antrean")
    refresh = doc.find("head/meta[@http-equiv='refresh']")
    assert refresh is not None and refresh.get("content") == "20"  # works without JavaScript
    scripts = list(doc.iter("script"))
    assert scripts and all(s.get("src") and not "".join(s.itertext()).strip() for s in scripts)
    assert any("/static/board." in s.get("src") and s.get("defer") is not None
               for s in scripts)
    assert any("/static/board." in (link.get("href") or "") for link in doc.iter("link"))
    assert not list(doc.iter("style"))
    assert all(el.get("style") is None for el in doc.iter())
    assert not any(name.startswith("on") for el in doc.iter() for name in el.attrib)
    body = doc.find("body")
    assert "board-page" in body.get("class")
    assert len(body.findall(".//main")) == 1
    headings = [el for el in body.iter() if re.fullmatch(r"h[1-6]", str(el.tag))]
    assert [h.tag for h in headings][:1] == ["h1"] and text_of(headings[0]) == \
        "Mal Pelayanan Publik Kabupaten Maros"
    ids = [el.get("id") for el in body.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    # The counter's number, the calls newest first with the newest marked, the closed
    # counter with its reason, a polite live region, and the clock in local time.
    tiles = body.findall(".//ul[@data-board-tiles]/li")
    assert [text_of(t.find(".//*[@class='tile-number']")) for t in tiles] == ["A-002"]
    calls = body.findall(".//ol[@data-board-calls]/li")
    assert [text_of(c.find(".//*[@class='call-number']")) for c in calls] == ["A-002", "A-001"]
    assert "call-newest" in calls[0].get("class") and "call-newest" not in calls[1].get("class")
    paused = text_of(body.find(".//ul[@data-board-paused]"))
    assert "Gerai 7" in paused and "Tutup" in paused and "Gangguan jaringan" in paused
    assert body.find(".//*[@aria-live='polite']") is not None
    assert text_of(body.find(".//time[@data-board-clock]")) == "09.00"
    board = body.find(".//*[@data-board]")
    assert board.get("data-url") == "/api/v1/sites/maros/board?lang=id"
    assert board.get("data-speech") == "Nomor antrean {number}, silakan ke {counter}"
    assert board.get("data-version") == get_board(catalog_app)["version"]


def test_board_page_with_nothing_open_says_so(catalog_app, clock):
    html = catalog_app.test_client().get(BOARD).get_data(as_text=True)
    body = parse(html).find("body")
    assert not body.findall(".//ul[@data-board-tiles]/li")
    assert body.find(".//*[@data-board-tiles-empty]").get("hidden") is None
    assert body.find(".//*[@data-board-calls-empty]").get("hidden") is None


def test_board_assets_are_served(catalog_app):
    client = catalog_app.test_client()
    html = client.get(BOARD).get_data(as_text=True)
    for asset in re.findall(r'(?:src|href)="(/static/board\.[^"]+)"', html):
        response = client.get(asset)
        assert response.status_code == 200
        assert response.mimetype in ("text/css", "text/javascript", "application/javascript")


def test_unknown_site_is_404_html_for_the_page_and_json_for_the_api(catalog_app):
    client = catalog_app.test_client()
    page = client.get("/nowhere/layar")
    assert page.status_code == 404 and page.mimetype == "text/html"
    api = client.get("/api/v1/sites/nowhere/board")
    assert api.status_code == 404 and api.mimetype == "application/json"
    assert api.json["error"]["code"] == "not_found" and api.json["error"]["message"]


def test_tile_grid_gives_every_open_counter_a_cell_with_the_largest_text():
    """(columns, rows) hold every tile; more counters never mean fewer cells than tiles, and
    the JS copy in board.js follows the same numbers (tests/browser/test_board_fit_browser.py)."""
    from mpp_lite.board.services import MAX_COLUMNS, MAX_ROWS, tile_grid

    assert tile_grid(0) == (1, 1)
    for count in range(1, MAX_COLUMNS * MAX_ROWS + 1):
        columns, rows = tile_grid(count)
        assert columns * rows >= count and columns * (rows - 1) < count, count
    assert [tile_grid(n) for n in (10, 14, 21, 30)] == [(3, 4), (4, 4), (5, 5), (5, 6)]


def test_paused_counters_are_grouped_by_status_and_reason_in_board_order():
    from mpp_lite.board.services import paused_groups

    counters = [{"label": f"Gerai {i}", "status": status, "reason": reason}
                for i, (status, reason) in enumerate([
                    ("closed", "Rapat"), ("open", ""), ("break", "Ibadah"), ("closed", "Rapat"),
                    ("closed", "")], start=1)]
    groups = paused_groups(counters)
    assert [(g["key"], [c["label"] for c in g["counters"]]) for g in groups] == [
        ("closed|Rapat", ["Gerai 1", "Gerai 4"]), ("break|Ibadah", ["Gerai 3"]),
        ("closed|", ["Gerai 5"])]
