"""What only a browser shows: accessibility (axe-core), small screens, JavaScript off, saved
checklist ticks, printing, security headers and third-party requests."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from support.browser import (
    REPO, axe_violations, format_violations, layout_problems, shots,
)

pytestmark = pytest.mark.browser

KEY_PAGES = [
    "site-chooser", "site-home", "search-results", "search-no-results", "service-partial",
    "service-free", "service-print", "agency", "life-event", "all-services", "not-found",
    "service-english",
]
A4_POINTS = (595.28, 841.89)


def switch_to_english(page) -> None:
    """Follow the header's language link; it sets a cookie and comes back to the same page."""
    page.get_by_role("link", name=shots.ENGLISH_LINK).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.wait_for_load_state()


@pytest.fixture
def open_key_page(live_server, demo, english_available):
    """open_key_page(page, name): load one of KEY_PAGES and check its HTTP status."""
    def open_page(page, name: str):
        paths = demo.paths()
        if name == "service-english":
            if not english_available:
                pytest.skip("no English catalogue compiled yet "
                            "(translations/en/LC_MESSAGES/messages.mo)")
            page.goto(live_server + paths["service-free"])
            switch_to_english(page)
            return
        response = page.goto(live_server + paths[name])
        expected = 404 if name == "not-found" else 200
        assert response is not None and response.status == expected, (
            f"{paths[name]} answered {response and response.status}, expected {expected}")
        results = page.locator("main .service-list li").count()
        if name == "search-results":
            assert results, f"{paths[name]} found nothing"
        elif name == "search-no-results":
            assert not results, f"{paths[name]} was meant to find nothing, found {results}"
    return open_page


# --- a. accessibility ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", KEY_PAGES)
def test_page_has_no_wcag_a_or_aa_violations(page, open_key_page, axe_source, name):
    """Does axe-core find no WCAG 2.0/2.1/2.2 A or AA violation on the page?"""
    open_key_page(page, name)
    violations = axe_violations(page, axe_source)
    assert not violations, f"axe found on {page.url}:\n{format_violations(violations)}"


# --- b. small screens ---------------------------------------------------------------------------

@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("name", KEY_PAGES)
def test_page_fits_a_small_phone(new_context, open_key_page, name, width):
    """At 320 and 360 px: no sideways scrolling, body text ≥ 16 px, tap targets ≥ 24×24 px."""
    page = new_context(viewport={"width": width, "height": 640}).new_page()
    open_key_page(page, name)
    problems = layout_problems(page)
    assert not problems, f"{page.url} at {width}px:\n" + "\n".join(problems)


# --- c. JavaScript off --------------------------------------------------------------------------

def test_citizen_journey_works_without_javascript(new_context, live_server, demo,
                                                  english_available, english_catalogue):
    """From / to a site, search, a service, its checklist and print view, then English: no JS."""
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server + "/")
    page.get_by_role("link", name=demo.site_name).click()
    expect(page).to_have_url(f"{live_server}/{demo.site}/")

    page.get_by_role("searchbox").fill("ktp")
    page.get_by_role("button", name="Cari").click()
    expect(page).to_have_url(re.compile(rf"/{demo.site}/cari\?q=ktp$"))

    result = page.locator("main .service-list a").first
    name = result.inner_text().strip()
    result.click()
    expect(page).to_have_url(re.compile(rf"/{demo.site}/layanan/[^/]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)

    box = page.get_by_role("checkbox").first
    box.check()
    expect(box).to_be_checked()

    page.get_by_role("link", name="Versi cetak").click()
    expect(page).to_have_url(re.compile(r"/cetak$"))
    expect(page.get_by_role("checkbox").first).to_be_visible()

    if not english_available:
        pytest.skip("journey passed up to the language switch; no English catalogue yet")
    switch_to_english(page)
    expect(page).to_have_url(re.compile(r"/cetak$"))
    heading = "Persyaratan yang harus dibawa"
    english = english_catalogue.gettext(heading)
    assert english != heading, f"{heading!r} has no English translation"
    expect(page.get_by_role("heading", name=english)).to_be_visible()


# --- d. remembered checklist --------------------------------------------------------------------

def test_checklist_ticks_survive_a_reload_and_stay_per_service(new_context, live_server, demo):
    """With JS, ticks are kept on the phone (localStorage) for that service only."""
    context = new_context()
    page = context.new_page()
    service_url = f"{live_server}/{demo.site}/layanan/{demo.free_service}"
    other_url = f"{live_server}/{demo.site}/layanan/{demo.other_service}"
    page.goto(service_url)
    boxes = page.get_by_role("checkbox")
    assert boxes.count() >= 2, f"{service_url} needs two requirements for this test"
    boxes.nth(0).check()
    boxes.nth(1).check()

    page.reload()
    expect(boxes.nth(0)).to_be_checked()
    expect(boxes.nth(1)).to_be_checked()
    for i in range(2, boxes.count()):
        expect(boxes.nth(i)).not_to_be_checked()

    # A new navigation (not the browser restoring form state) must show the same ticks.
    fresh = context.new_page()
    fresh.goto(service_url)
    expect(fresh.get_by_role("checkbox").nth(0)).to_be_checked()
    expect(fresh.get_by_role("checkbox").nth(1)).to_be_checked()

    fresh.goto(other_url)
    others = fresh.get_by_role("checkbox")
    assert others.count() >= 1
    for i in range(others.count()):
        expect(others.nth(i)).not_to_be_checked()


# --- e. printing --------------------------------------------------------------------------------

def test_print_view_prints_the_checklist_on_a4(page, live_server, demo):
    """In print media the site chrome is hidden and the checklist stays; the PDF is A4."""
    page.goto(f"{live_server}/{demo.site}/layanan/{demo.free_service}/cetak")
    name = page.get_by_role("heading", level=1).inner_text().strip()
    requirement_texts = [t.strip() for t in page.locator(".checklist .req-text").all_inner_texts()]
    assert name and requirement_texts

    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ["header.top", "footer.foot", ".no-print"].map(sel => {
        const found = Array.from(document.querySelectorAll(sel));
        return [sel, found.length, found.filter(el => getComputedStyle(el).display !== "none")
                                      .map(el => el.outerHTML.slice(0, 80))];
    })""")
    for selector, count, shown in hidden:
        assert count, f"the print view has no {selector} element"
        assert not shown, f"{selector} still shown in print: {shown}"
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    boxes = page.get_by_role("checkbox")
    assert boxes.count() == len(requirement_texts)
    for i in range(boxes.count()):
        expect(boxes.nth(i)).to_be_visible()
    for text in requirement_texts:
        expect(page.locator(".checklist .req-text", has_text=text).first).to_be_visible()

    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF"), pdf[:16]
    assert len(pdf) > 1024
    boxes_found = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert boxes_found, "no page size in the PDF"
    for width, height in boxes_found:
        assert abs(float(width) - A4_POINTS[0]) < 2 and abs(float(height) - A4_POINTS[1]) < 2, (
            f"page is {float(width)}×{float(height)} pt, not A4")


# --- f. security headers and third parties ------------------------------------------------------

SECURITY_PAGES = [name for name in KEY_PAGES if name != "service-english"]


@pytest.mark.parametrize("name", SECURITY_PAGES)
def test_page_sends_security_headers_and_asks_nothing_of_other_sites(
        page, live_server, demo, name):
    """CSP without 'unsafe-inline', nosniff, no framing; every request stays on our origin."""
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(live_server + demo.paths()[name], wait_until="networkidle")
    headers = response.all_headers()

    assert "text/html" in headers.get("content-type", "")
    csp = headers.get("content-security-policy", "")
    assert csp, "no Content-Security-Policy"
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, csp
    assert "frame-ancestors 'none'" in csp, csp
    assert headers.get("x-content-type-options") == "nosniff"

    foreign = [url for url in requests if not url.startswith(live_server + "/")]
    assert not foreign, f"{name} asked other origins for: {foreign}"
    if name != "not-found":  # Chromium logs the 404 of the page itself as a console error
        assert not errors, f"{name}: console errors (CSP violations show here): {errors}"


# --- screenshots for the README -----------------------------------------------------------------

def test_screenshot_tool_writes_360px_wide_pngs(browser, tmp_path, english_available):
    """tools/screenshots.py seeds its own database, serves it and writes PNGs 360 px wide
    (the display board at a TV's 1280 × 720, the kiosk and the floor view at 1280 × 800)."""
    written = shots.make_screenshots(tmp_path, browser=browser)
    expected = {"site-chooser", "site-home", "search-results", "service-partial",
                "service-free", "service-print", "booking", "ticket", "officer-console",
                "board", "counters-today", "complaint", "assisted-mode", "village-booking",
                "dashboard", "application-tracking", "performance", "application-receipt",
                "web-chat", "notifications", "visit", "kiosk", "floor"}
    expected |= {"service-english"} if english_available else set()
    assert {path.stem for path in written} == expected
    for path in written:
        width, height = shots._png_size(path.read_bytes())
        if path.stem == "board":
            assert (width, height) == (1280, 720), f"{path.name} is {width}×{height}"
        elif path.stem in ("kiosk", "floor"):   # a kiosk's and a back office's screen
            assert (width, height) == (1280, 800), f"{path.name} is {width}×{height}"
        else:
            assert width == 360 and height >= 640, f"{path.name} is {width}×{height}"
    artifacts = REPO / "test-artifacts" / "screenshots"
    artifacts.mkdir(parents=True, exist_ok=True)
    for path in written:
        shutil.copyfile(path, artifacts / path.name)
    assert all(Path(artifacts / path.name).is_file() for path in written)
