"""Every open counter fits the hall's TV: with 10, 14, 21 and 30 open counters, at 1280×720
and 1920×1080, with and without JavaScript, each counter's tile lies wholly inside the screen
and the tiles' area, no text in it is cut or clipped, and it stays readable.

Readable means here: ticket numbers at least 4% of the screen's height (29 px at 720p, 43 px
at 1080p) and every other text on a tile at least 1.4% (10 px at 720p, 15 px at 1080p). The
worst case is drawn: every tile shows a number with a two-letter prefix ("KK-951"), the
demo's longest agency name, and the counters that are not open are listed as closed with a
reason."""
from __future__ import annotations

import datetime as dt
import itertools

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SITE = "maros"
SIZES = [(1280, 720), (1920, 1080)]
COUNTS = [10, 14, 21, 30]
MIN_NUMBER, MIN_TEXT = 0.04, 0.014  # shares of the screen's height
NOTICE_REPEAT = 3  # about 300 characters, the longest notice


@pytest.fixture
def floor(live_app):
    """The demo site with 30 counters (extra ones added for the test), `open(n)` opening the
    first n with a called ticket each and closing the rest with a reason; all undone after."""
    from mpp_lite.dates import local_now
    from mpp_lite.extensions import db
    from mpp_lite.models import Counter, Service, Site, Ticket

    added: list[int] = []
    made: list[int] = []
    saved: dict[int, tuple[str, str]] = {}
    with live_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug=SITE))
        longest = max(site.agencies, key=lambda a: len(a.display_name()))
        existing = sorted(site.counters, key=lambda c: (c.position, c.id))
        for index in range(len(existing) + 1, 31):
            counter = Counter(site_id=site.id, agency_id=longest.id, label=f"Gerai {index}",
                              position=1000 + index, floor="Lantai 2", status="closed")
            db.session.add(counter)
            db.session.flush()
            added.append(counter.id)
        db.session.commit()
        counters = [c.id for c in sorted(site.counters, key=lambda c: (c.position, c.id))]
        for counter in existing:
            saved[counter.id] = (counter.status, counter.status_reason)
        service = db.session.scalar(sa.select(Service).filter_by(site_id=site.id, active=True)
                                    .order_by(Service.id))
        site_id, service_id, timezone = site.id, service.id, site.timezone

    def open_counters(count: int) -> None:
        with live_app.app_context():
            db.session.execute(sa.delete(Ticket).where(Ticket.id.in_(made)))
            made.clear()
            numbers = itertools.count(951)  # three digits, as on a normal day
            day = local_now(timezone).date()
            for index, counter_id in enumerate(counters):
                counter = db.session.get(Counter, counter_id)
                if index < count:
                    counter.status, counter.status_reason = "open", ""
                    sequence = next(numbers)
                    ticket = Ticket(
                        code=f"board-fit-{sequence}", idempotency_key=f"board-fit-{sequence}",
                        site_id=site_id, service_id=service_id, day=day, prefix="KK",
                        sequence=sequence, status="called", name="Warga Uji", channel="walkin",
                        counter_id=counter_id, call_count=1,
                        called_at=dt.datetime.now(dt.timezone.utc))
                    db.session.add(ticket)
                    db.session.flush()
                    made.append(ticket.id)
                else:
                    counter.status, counter.status_reason = "closed", "Petugas mengikuti rapat"
            db.session.commit()

    try:
        yield open_counters
    finally:
        with live_app.app_context():
            if made:
                db.session.execute(sa.delete(Ticket).where(Ticket.id.in_(made)))
            if added:
                db.session.execute(sa.delete(Counter).where(Counter.id.in_(added)))
            for counter_id, (status, reason) in saved.items():
                counter = db.session.get(Counter, counter_id)
                counter.status, counter.status_reason = status, reason
            db.session.commit()


# Everything measured in the page: what is cut, clipped or too small on each tile.
PROBLEMS = """([minNumber, minText]) => {
  const out = [], vw = innerWidth, vh = innerHeight, root = document.documentElement;
  if (root.scrollWidth > root.clientWidth || root.scrollHeight > root.clientHeight)
    out.push(`page scrolls: ${root.scrollWidth}×${root.scrollHeight}`);
  const area = document.querySelector(".board-now").getBoundingClientRect();
  const inside = (r, box) => r.left >= box.left - 1 && r.top >= box.top - 1 &&
                             r.right <= box.right + 1 && r.bottom <= box.bottom + 1;
  for (const tile of document.querySelectorAll(".board-tiles .tile")) {
    const name = tile.dataset.key, box = tile.getBoundingClientRect();
    if (!inside(box, {left: 0, top: 0, right: vw, bottom: vh})) out.push(`${name}: off screen`);
    if (!inside(box, area)) out.push(`${name}: outside the tiles' area`);
    for (const el of tile.querySelectorAll(".tile-label, .tile-agency, .tile-number, .tile-state")) {
      const style = getComputedStyle(el), r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1 || style.clipPath !== "none") continue;  // visually hidden
      const what = `${name} ${el.className} "${el.textContent.trim()}"`;
      if (!inside(r, box)) out.push(`${what} sticks out of its tile`);
      if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
        out.push(`${what} clipped`);
      for (const child of el.getClientRects())
        if (!inside(child, box)) out.push(`${what} line sticks out`);
      const size = parseFloat(style.fontSize);
      const least = el.classList.contains("tile-number") ? minNumber : minText;
      if (size < least * vh) out.push(`${what} ${size}px < ${(least * vh).toFixed(1)}px`);
    }
  }
  const calls = document.querySelector(".board-calls").getBoundingClientRect();
  for (const el of document.querySelectorAll(".call"))
    if (!inside(el.getBoundingClientRect(), calls)) out.push(`call ${el.textContent.trim()} cut off`);
  return out;
}"""


def open_board(new_context, live_server, size, javascript: bool):
    width, height = size
    context = new_context(java_script_enabled=javascript,
                          viewport={"width": width, "height": height})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(f"{live_server}/{SITE}/layar")
    assert response is not None and response.status == 200
    return page, errors


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_open_counter_fits_and_stays_readable(new_context, live_server, floor, size,
                                                    javascript):
    for count in COUNTS:
        floor(count)
        page, errors = open_board(new_context, live_server, size, javascript)
        tiles = page.locator(".board-tiles .tile")
        expect(tiles).to_have_count(count)
        expect(page.locator(".board-paused .paused-counter")).to_have_count(30 - count)
        problems = page.evaluate(PROBLEMS, [MIN_NUMBER, MIN_TEXT])
        assert not problems, (count, size, problems)
        assert not errors
        page.context.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_live_board_regrids_when_counters_open(new_context, live_server, floor, size):
    """board.js picks the same grid as the server when counters open while it runs."""
    floor(10)
    page, errors = open_board(new_context, live_server, size, javascript=True)
    before = page.locator(".board-tiles").get_attribute("data-cols")
    floor(30)
    expect(page.locator(".board-tiles .tile")).to_have_count(30, timeout=15_000)
    expect(page.locator(".board-tiles")).to_have_attribute("data-rows", "6")
    assert page.locator(".board-tiles").get_attribute("data-cols") == "5" != before
    problems = page.evaluate(PROBLEMS, [MIN_NUMBER, MIN_TEXT])
    assert not problems, problems
    assert not errors


@pytest.fixture
def ikm_and_notice(live_app):
    """This month's IKM on the board (one survey response today) and an outage notice in
    force, the longest text an MPP may post (300 characters); both removed after."""
    from mpp_lite.dates import local_now
    from mpp_lite.extensions import db
    from mpp_lite.models import Announcement, Service, Site, SurveyResponse, Ticket

    with live_app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug=SITE))
        service = db.session.scalar(sa.select(Service).filter_by(site_id=site.id, active=True)
                                    .order_by(Service.id))
        day = local_now(site.timezone).date()
        ticket = Ticket(code="board-fit-ikm", idempotency_key="board-fit-ikm",
                        site_id=site.id, service_id=service.id, day=day, prefix="KK",
                        sequence=990, status="done", name="Warga Uji", channel="walkin")
        db.session.add(ticket)
        db.session.flush()
        db.session.add(SurveyResponse(ticket_id=ticket.id, site_id=site.id,
                                      agency_id=service.agency_id, service_id=service.id,
                                      day=day, **{f"u{i}": 3 for i in range(1, 10)}))
        now = dt.datetime.now(dt.timezone.utc)
        notice = Announcement(site_id=site.id, severity="outage",
                              message=("Jaringan SIAK pusat terganggu, perekaman KTP-el "
                                       "ditunda sampai pemberitahuan berikutnya. ") * NOTICE_REPEAT,
                              starts_at=now - dt.timedelta(hours=1),
                              ends_at=now + dt.timedelta(hours=2))
        db.session.add(notice)
        db.session.commit()
        ticket_id, notice_id = ticket.id, notice.id
    try:
        yield
    finally:
        with live_app.app_context():
            db.session.execute(sa.delete(SurveyResponse).where(
                SurveyResponse.ticket_id == ticket_id))
            db.session.execute(sa.delete(Ticket).where(Ticket.id == ticket_id))
            db.session.execute(sa.delete(Announcement).where(Announcement.id == notice_id))
            db.session.commit()


@pytest.fixture
def ikm_later(request):
    """ikm_later(): post this month's IKM and the notice while a board is already open."""
    return lambda: request.getfixturevalue("ikm_and_notice")


def test_the_live_board_shows_the_ikm_when_it_comes(new_context, live_server, floor,
                                                    ikm_later):
    """board.js reveals the figure and the notice from its poll, without reloading."""
    floor(30)
    page, errors = open_board(new_context, live_server, SIZES[0], javascript=True)
    expect(page.locator("[data-board-ikm]")).to_be_hidden()
    page.evaluate("window.sameDocument = true")
    ikm_later()
    expect(page.locator("[data-board-ikm-value]")).to_have_text("75,00", timeout=15_000)
    expect(page.locator("[data-board-ikm]")).to_contain_text("Mutu C: Kurang Baik")
    expect(page.locator(".board-notice")).to_have_count(1)
    assert page.evaluate("window.sameDocument === true")
    problems = page.evaluate(PROBLEMS, [MIN_NUMBER, MIN_TEXT])
    assert not problems, problems
    assert not errors


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_thirty_counters_still_fit_with_the_ikm_and_a_notice(new_context, live_server, floor,
                                                           ikm_and_notice, size, javascript):
    """The IKM beside the site's name and a long notice take room: 30 counters still fit."""
    floor(30)
    page, errors = open_board(new_context, live_server, size, javascript)
    expect(page.locator(".board-tiles .tile")).to_have_count(30)
    expect(page.locator("[data-board-ikm]")).to_be_visible()
    expect(page.locator("[data-board-ikm-value]")).to_have_text("75,00")
    expect(page.locator(".board-notice")).to_have_count(1)
    problems = page.evaluate(PROBLEMS, [MIN_NUMBER, MIN_TEXT])
    assert not problems, (size, problems)
    box = page.locator("[data-board-ikm]").bounding_box()
    assert box and box["y"] + box["height"] <= size[1] and box["x"] + box["width"] <= size[0]
    assert not errors
