"""The display board in Chromium: a call made in the database appears without a reload and is
announced (live region, speech); with JavaScript off the page still shows the calls and
refreshes itself; the layout fills a TV screen without overflowing; WCAG with 7:1 contrast."""
from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Any

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SITE = "maros"
# Speech is stubbed: headless Chromium has no voices. The stub records what would be said.
SPEECH_STUB = """(() => {
  window.__spoken = [];
  const voice = {lang: "id-ID", name: "Uji Indonesia", localService: true, voiceURI: "uji-id"};
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
  Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
    getVoices: () => [voice], addEventListener() {}, cancel() {},
    speak(utterance) {
      if (utterance.text.trim()) window.__spoken.push({text: utterance.text, lang: utterance.lang});
      setTimeout(() => utterance.onend && utterance.onend(), 20);
    },
  }});
})();"""


@pytest.fixture
def board_db(live_app):
    """Changes to the shared demo database for one test, all undone afterwards: counters
    opened, and tickets (numbered from 901, far above anything else) called."""
    from mpp_lite.dates import local_now
    from mpp_lite.extensions import db
    from mpp_lite.models import Counter, Service, Site, Ticket

    made: list[int] = []
    saved: dict[int, tuple[str, str]] = {}
    numbers = itertools.count(901)

    class Board:
        def __init__(self) -> None:
            with live_app.app_context():
                site = db.session.scalar(sa.select(Site).filter_by(slug=SITE))
                self.site_id, self.timezone = site.id, site.timezone
                self.counters = [(c.id, c.label) for c in site.counters]
                service = db.session.scalar(sa.select(Service).filter_by(
                    site_id=site.id, active=True).order_by(Service.id))
                self.service_id, self.prefix = service.id, service.queue_prefix

        def set_counters(self, count: int, status: str = "open", reason: str = "") -> None:
            with live_app.app_context():
                for counter_id, _label in self.counters[:count]:
                    counter = db.session.get(Counter, counter_id)
                    saved.setdefault(counter_id, (counter.status, counter.status_reason))
                    counter.status, counter.status_reason = status, reason
                db.session.commit()

        def ticket(self, counter: int = 0, status: str = "waiting") -> tuple[int, str]:
            """A ticket of today at the counter with this index; returns (id, number)."""
            sequence = next(numbers)
            with live_app.app_context():
                ticket = Ticket(
                    code=f"board-browser-{sequence}", idempotency_key=f"board-browser-{sequence}",
                    site_id=self.site_id, service_id=self.service_id,
                    day=local_now(self.timezone).date(), prefix=self.prefix,
                    sequence=sequence, status=status, name="Warga Uji", channel="walkin",
                    counter_id=self.counters[counter][0])
                db.session.add(ticket)
                db.session.commit()
                made.append(ticket.id)
                return ticket.id, ticket.number

        def call(self, ticket_id: int, **values: Any) -> None:
            """Move a ticket to "called" (or apply `values`) as the officer console would."""
            with live_app.app_context():
                ticket = db.session.get(Ticket, ticket_id)
                changes = {"status": "called", "call_count": ticket.call_count + 1,
                           "called_at": dt.datetime.now(dt.timezone.utc), **values}
                if values.get("status", "called") != "called" and "called_at" not in values:
                    del changes["called_at"]  # starting service is not a new call
                db.session.execute(sa.update(Ticket).where(Ticket.id == ticket_id)
                                   .values(**changes))
                db.session.commit()

    board = Board()
    try:
        yield board
    finally:
        with live_app.app_context():
            if made:
                db.session.execute(sa.delete(Ticket).where(Ticket.id.in_(made)))
            for counter_id, (status, reason) in saved.items():
                counter = db.session.get(Counter, counter_id)
                counter.status, counter.status_reason = status, reason
            db.session.commit()


@pytest.fixture
def refresh_after(live_app):
    """refresh_after(seconds): a shorter meta refresh for this test (restored afterwards)."""
    before = live_app.config.get("BOARD_REFRESH_SECONDS")

    def set_refresh(seconds: int) -> None:
        live_app.config["BOARD_REFRESH_SECONDS"] = seconds
    yield set_refresh
    if before is None:
        live_app.config.pop("BOARD_REFRESH_SECONDS", None)
    else:
        live_app.config["BOARD_REFRESH_SECONDS"] = before


def open_board(new_context, live_server, javascript: bool = True, **options):
    context = new_context(java_script_enabled=javascript,
                          viewport=options.pop("viewport", {"width": 1366, "height": 768}),
                          **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    if javascript:
        page.add_init_script(SPEECH_STUB)
    navigations: list[str] = []
    page.on("framenavigated",
            lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)
    response = page.goto(f"{live_server}/{SITE}/layar")
    assert response is not None and response.status == 200
    return page, navigations, errors


def test_a_new_call_appears_without_a_reload_and_is_announced(new_context, live_server,
                                                              board_db):
    board_db.set_counters(2)
    earlier_id, earlier = board_db.ticket(counter=1, status="waiting")
    board_db.call(earlier_id)
    ticket_id, number = board_db.ticket(counter=0)
    page, navigations, errors = open_board(new_context, live_server)
    expect(page.locator(".call-newest .call-number")).to_have_text(earlier)
    # JavaScript took over from the meta refresh.
    page.wait_for_function("() => !document.querySelector('meta[http-equiv=refresh]')")
    sound = page.get_by_role("button", name="Aktifkan suara")
    expect(sound).to_be_visible()  # the browser blocks sound until someone clicks once
    sound.click()
    expect(sound).to_be_hidden()

    board_db.call(ticket_id)
    newest = page.locator(".call-newest .call-number")
    expect(newest).to_have_text(number, timeout=15_000)
    expect(page.locator(".call-newest .call-counter")).to_have_text(board_db.counters[0][1])
    tile = page.locator(f".tile[data-key='{board_db.counters[0][1]}']")
    expect(tile.locator(".tile-number")).to_have_text(number)
    expect(tile).to_have_attribute("data-state", "called")
    expect(page.locator(".call").nth(1).locator(".call-number")).to_have_text(earlier)
    expect(page.locator("[aria-live=polite]")).to_have_text(
        f"Nomor antrean {number}, silakan ke {board_db.counters[0][1]}")
    # Spoken once, in Indonesian, the number as a listener expects it ("A sembilan ratus
    # dua"); the call made before the page opened is not announced.
    sequence = int(number.split("-")[1])
    assert sequence == 902
    spoken = (f"Nomor antrean {' '.join(board_db.prefix)} sembilan ratus dua, "
              f"silakan ke {board_db.counters[0][1]}")
    page.wait_for_function("() => window.__spoken.length >= 1", timeout=10_000)
    assert page.evaluate("window.__spoken") == [{"text": spoken, "lang": "id-ID"}]

    # A recall (call_count goes up) is announced again; serving changes the tile only.
    board_db.call(ticket_id)
    page.wait_for_function("() => window.__spoken.length >= 2", timeout=15_000)
    assert page.evaluate("window.__spoken[1].text") == spoken
    board_db.call(ticket_id, status="serving", call_count=2)
    expect(tile).to_have_attribute("data-state", "serving", timeout=15_000)
    expect(tile.locator(".tile-state")).to_have_text("Sedang dilayani")
    page.wait_for_timeout(1_000)
    assert len(page.evaluate("window.__spoken")) == 2
    # All of it in the same document: no reload, no error.
    assert len(navigations) == 1, navigations
    assert not errors


def test_counter_changes_are_patched_in_place(new_context, live_server, board_db):
    board_db.set_counters(1)
    page, navigations, errors = open_board(new_context, live_server)
    first = board_db.counters[0][1]
    expect(page.locator(".board-tiles .tile")).to_have_count(1)
    page.evaluate("document.querySelector('.tile').dataset.same = 'yes'")
    board_db.set_counters(3)
    expect(page.locator(".board-tiles .tile")).to_have_count(3, timeout=15_000)
    assert page.evaluate("document.querySelector('.tile').dataset.same") == "yes"
    expect(page.locator(".board-tiles .tile").first).to_have_attribute("data-key", first)
    board_db.set_counters(1, status="break", reason="Ibadah")
    expect(page.locator(".board-tiles .tile")).to_have_count(2, timeout=15_000)
    # One entry per status and reason, naming its counters.
    label = page.locator(".paused-label", has_text=re.compile(f"^{re.escape(first)}$"))
    expect(page.locator(".paused", has=label)).to_contain_text("Istirahat: Ibadah")
    assert len(navigations) == 1 and not errors


def test_without_javascript_the_board_shows_the_calls_and_refreshes_itself(
        new_context, live_server, board_db, refresh_after):
    board_db.set_counters(1)
    ticket_id, number = board_db.ticket(counter=0)
    board_db.call(ticket_id)
    refresh_after(1)
    page, navigations, _errors = open_board(new_context, live_server, javascript=False)
    expect(page.locator(".call-newest .call-number")).to_have_text(number)
    expect(page.locator(".board-tiles .tile-number").first).to_have_text(number)
    expect(page.get_by_role("button", name="Aktifkan suara")).to_be_hidden()
    for _ in range(150):  # wait for the reload itself (up to 15 s under load), not a set time
        if len(navigations) >= 2:
            break
        page.wait_for_timeout(100)
    assert len(navigations) >= 2, "the meta refresh should reload the page without JavaScript"


def test_with_javascript_the_meta_refresh_never_fires(new_context, live_server, board_db,
                                                      refresh_after):
    """Removing the meta element alone does not cancel a scheduled refresh in Chromium."""
    refresh_after(1)
    page, navigations, errors = open_board(new_context, live_server)
    page.wait_for_timeout(3_500)
    assert len(navigations) == 1, navigations
    assert not errors


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)])
def test_a_busy_board_fits_the_tv_screen(new_context, live_server, board_db, size):
    width, height = size
    board_db.set_counters(len(board_db.counters))
    board_db.set_counters(2, status="break", reason="Ibadah")
    for index in range(2, len(board_db.counters)):
        ticket_id, _number = board_db.ticket(counter=index)
        board_db.call(ticket_id)
    page, _navigations, errors = open_board(new_context, live_server,
                                            viewport={"width": width, "height": height})
    overflow = page.evaluate("""() => {
      const root = document.documentElement, out = [];
      if (root.scrollWidth > root.clientWidth || root.scrollHeight > root.clientHeight)
        out.push(`page scrolls: ${root.scrollWidth}×${root.scrollHeight}`);
      const within = (selector, area) => {
        const box = document.querySelector(area).getBoundingClientRect();
        for (const el of document.querySelectorAll(selector)) {
          const r = el.getBoundingClientRect();
          if (r.bottom > box.bottom + 1 || r.right > box.right + 1)
            out.push(`${selector} "${el.textContent.trim()}" cut off`);
        }
      };
      within(".tile", ".board-now");
      within(".call", ".board-calls");
      for (const el of document.querySelectorAll(".tile-number, .call-number"))
        if (el.scrollWidth > el.clientWidth + 1) out.push(`"${el.textContent}" clipped`);
      return out;
    }""")
    assert not overflow, overflow
    assert page.locator(".call").count() == 8
    # Readable from across the room: numbers at least 4.5% of the screen height.
    smallest = page.evaluate("Math.min(...[...document.querySelectorAll('.tile-number')]"
                             ".map(el => parseFloat(getComputedStyle(el).fontSize)))")
    assert smallest >= 0.045 * height
    assert not errors


def test_board_meets_wcag_aa_and_7_to_1_contrast(new_context, live_server, board_db,
                                                 axe_source):
    board_db.set_counters(3)
    board_db.set_counters(1, status="closed", reason="Gangguan jaringan")
    for index in (1, 2):
        ticket_id, _number = board_db.ticket(counter=index)
        board_db.call(ticket_id)
    page, _navigations, _errors = open_board(new_context, live_server)
    page.evaluate(axe_source + "\n;true")
    violations = page.evaluate("""async () => {
      const tags = {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                     "wcag22aa"]}};
      const aaa = {runOnly: {type: "rule", values: ["color-contrast-enhanced"]}};
      const found = [];
      for (const options of [tags, aaa]) {
        const results = await axe.run(document, {...options, resultTypes: ["violations"]});
        for (const v of results.violations)
          found.push(`${v.id}: ${v.nodes.map(n => n.target.join(" ")).join(", ")}`);
      }
      return found;
    }""")
    assert not violations, violations
