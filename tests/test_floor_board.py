"""The display board's satisfaction figure (this month's IKM) and the board at 30 counters:
the figure shows only with respondents this month (the site's local month), agrees with the
IKM arithmetic, follows the settings, and every one of 30 counters keeps its number."""
from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from mpp_lite.extensions import db
from mpp_lite.feedback.ikm import ikm_from_answers
from mpp_lite.models import Counter, Service, Site, SurveyResponse, Ticket

from support.html import parse, text_of

WITA = ZoneInfo("Asia/Makassar")
BOARD, BOARD_JSON = "/maros/layar", "/api/v1/sites/maros/board"
MONDAY_MORNING = dt.datetime(2026, 10, 5, 9, 0, tzinfo=WITA)
ANSWERS = [[4, 4, 3, 4, 4, 3, 4, 4, 3], [3, 3, 3, 4, 3, 3, 4, 3, 3], [4] * 9]


@pytest.fixture
def answered(catalog_app):
    """answered(day, answers): a done ticket with its survey response on that local day."""
    keys = itertools.count(1)

    def add(day: dt.date, answers: list[int]) -> None:
        with catalog_app.app_context():
            site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
            service = db.session.scalar(sa.select(Service).filter_by(site_id=site.id,
                                                                      slug="ktp-el-baru"))
            key = next(keys)
            ticket = Ticket(code=f"ikm-{key}", idempotency_key=f"ikm-{key}", site_id=site.id,
                            service_id=service.id, day=day, prefix="A", sequence=key,
                            status="done", name="Warga", channel="online")
            db.session.add(ticket)
            db.session.flush()
            db.session.add(SurveyResponse(
                ticket_id=ticket.id, site_id=site.id, agency_id=service.agency_id,
                service_id=service.id, day=day,
                **{f"u{i + 1}": value for i, value in enumerate(answers)}))
            db.session.commit()
    return add


def board(app) -> dict:
    response = app.test_client().get(BOARD_JSON)
    assert response.status_code == 200
    return response.json


def test_no_figure_without_respondents_this_month(catalog_app, clock, answered):
    clock(MONDAY_MORNING)
    answered(dt.date(2026, 9, 30), ANSWERS[0])  # last month: not this month's figure
    assert board(catalog_app)["ikm"] is None
    page = parse(catalog_app.test_client().get(BOARD).get_data(as_text=True))
    assert page.find('.//*[@data-board-ikm]').get("hidden") is not None


def test_this_months_ikm_is_shown_with_its_grade(catalog_app, clock, answered):
    clock(MONDAY_MORNING)
    for answers in ANSWERS:
        answered(dt.date(2026, 10, 1), answers)
    answered(dt.date(2026, 9, 30), [1] * 9)  # last month's: left out
    expected = ikm_from_answers(ANSWERS)
    figure = board(catalog_app)["ikm"]
    assert figure == {"ikm": str(expected.ikm), "text": str(expected.ikm).replace(".", ","),
                      "grade": expected.grade, "grade_label": str(expected.grade_label),
                      "respondents": 3, "month": "2026-10", "month_name": "Oktober 2026"}
    page = parse(catalog_app.test_client().get(BOARD).get_data(as_text=True))
    ikm = page.find('.//*[@data-board-ikm]')
    assert ikm.get("hidden") is None
    assert text_of(ikm) == (f"Kepuasan masyarakat (IKM) Oktober 2026 {figure['text']} "
                            f"Mutu {expected.grade}: {expected.grade_label}")
    english = catalog_app.test_client().get(BOARD_JSON + "?lang=en").json["ikm"]
    assert english["text"] == str(expected.ikm) and english["month_name"] == "October 2026"


def test_the_month_is_the_sites_local_month(catalog_app, clock, answered):
    """00.30 WITA on 1 November is still October in UTC: the board starts November empty."""
    answered(dt.date(2026, 10, 31), ANSWERS[2])
    clock(dt.datetime(2026, 11, 1, 0, 30, tzinfo=WITA))
    assert board(catalog_app)["ikm"] is None
    clock(dt.datetime(2026, 10, 31, 23, 30, tzinfo=WITA))
    assert board(catalog_app)["ikm"]["ikm"] == "100.00"


def test_settings_turn_the_figure_off_or_ask_for_more_respondents(catalog_app, clock,
                                                                   answered):
    clock(MONDAY_MORNING)
    for answers in ANSWERS:
        answered(dt.date(2026, 10, 2), answers)
    catalog_app.config["BOARD_IKM_MIN_RESPONDENTS"] = 4
    assert board(catalog_app)["ikm"] is None
    catalog_app.config["BOARD_IKM_MIN_RESPONDENTS"] = 3
    assert board(catalog_app)["ikm"]["respondents"] == 3
    catalog_app.config["BOARD_SHOW_IKM"] = False
    assert board(catalog_app)["ikm"] is None


def test_the_version_changes_when_the_figure_does(catalog_app, clock, answered):
    clock(MONDAY_MORNING)
    before = board(catalog_app)["version"]
    answered(dt.date(2026, 10, 5), ANSWERS[1])
    assert board(catalog_app)["version"] != before


def test_thirty_counters_each_show_their_own_number(catalog_app, clock):
    """30 open counters each calling a number: every tile pairs its counter with its number,
    on the page and in the JSON, and the newest call names its counter."""
    clock(MONDAY_MORNING)
    with catalog_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        service = db.session.scalar(sa.select(Service).filter_by(site_id=site.id,
                                                                 slug="ktp-el-baru"))
        for counter in site.counters:
            counter.status = "open"
        for index in range(3, 31):
            db.session.add(Counter(site_id=site.id, agency_id=service.agency_id,
                                   label=f"Loket {index}", position=100 + index,
                                   status="open"))
        db.session.flush()
        counters = list(db.session.scalars(sa.select(Counter).filter_by(site_id=site.id)
                                           .order_by(Counter.position, Counter.id)))
        assert len(counters) == 30
        expected = {}
        for sequence, counter in enumerate(counters, start=1):
            db.session.add(Ticket(
                code=f"thirty-{sequence}", idempotency_key=f"thirty-{sequence}",
                site_id=site.id, service_id=service.id, day=MONDAY_MORNING.date(),
                prefix="A", sequence=sequence, status="called", name="Warga",
                channel="walkin", counter_id=counter.id, call_count=1,
                called_at=(MONDAY_MORNING - dt.timedelta(minutes=31 - sequence))))
            expected[counter.label] = f"A-{sequence:03d}"
        last = counters[-1].label
        db.session.commit()
    doc = board(catalog_app)
    assert {c["label"]: c["serving"] for c in doc["counters"]} == expected
    assert doc["calls"][0] == {**doc["calls"][0], "number": "A-030",
                               "counter": last}
    page = parse(catalog_app.test_client().get(BOARD).get_data(as_text=True))
    tiles = page.findall('.//ul[@data-board-tiles]/li')
    assert len(tiles) == 30
    shown = {text_of(tile.find("./span/span[@class='tile-label']")):
             text_of(tile.find("./span[@class='tile-number']")) for tile in tiles}
    assert shown == expected
    grid = page.find('.//ul[@data-board-tiles]')
    assert (grid.get("data-cols"), grid.get("data-rows")) == ("5", "6")
