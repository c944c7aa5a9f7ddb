"""Helpers shared by the browser tests: the screenshot tool (its server, Chromium launch and
choice of demo pages), signing a demo account in through the login form, reading a printed
PDF back (page sizes, its text, the QR codes a phone would scan), and the accessibility and
small-screen checks run in the page (axe-core; overflow, font size, tap targets)."""
from __future__ import annotations

import contextlib
import importlib.util
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _load_screenshots_tool():
    name = "mpp_screenshots_tool"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "tools" / "screenshots.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while the class is made
        spec.loader.exec_module(module)
    return sys.modules[name]


shots = _load_screenshots_tool()


DEMO_PASSWORD = "mpp-demo-2026"


def sign_in(page, origin: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Log `username` in through the staff login form; ends on the staff home page."""
    shots._login(page, origin, username, password)
    page.wait_for_url(re.compile(r"/staff/$"))


def signed_in_state(browser, origin: str, username: str) -> dict:
    """The storage state (cookies) of `username`, logged in once in a context of its own:
    logins are rate-limited, so a module signs in once and reuses the state."""
    context = browser.new_context(viewport=shots.VIEWPORT, locale=shots.LOCALE)
    try:
        sign_in(context.new_page(), origin, username)
        return context.storage_state()
    finally:
        context.close()


def pdf_pages(pdf: bytes) -> list[tuple[float, float, str, list[str]]]:
    """[(width, height, text, decoded QR texts)] of each page, rendered at 300 dpi; the text
    with its white space folded."""
    import pypdfium2 as pdfium
    import zxingcpp

    document = pdfium.PdfDocument(pdf)
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            width, height = page.get_size()
            textpage = page.get_textpage()
            text = " ".join(textpage.get_text_range().split())
            image = page.render(scale=300 / 72).to_pil()
            codes = [result.text for result in zxingcpp.read_barcodes(image)
                     if result.format == zxingcpp.BarcodeFormat.QRCode]
            pages.append((width, height, text, codes))
            textpage.close()
            page.close()
    finally:
        document.close()
    return pages


def controlled(page) -> None:
    """Wait until the service worker is active and controls the page."""
    page.evaluate("navigator.serviceWorker.ready")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
    assert page.evaluate("!!navigator.serviceWorker.controller")


@contextlib.contextmanager
def waiting_ticket(app, code: str, prefix: str, sequence: int):
    """A waiting ticket for Maros' kk-baru today, made directly (no booking rules), removed
    afterwards; yields its code."""
    import sqlalchemy as sa

    from mpp_lite.dates import local_now
    from mpp_lite.extensions import db
    from mpp_lite.models import Service, Site, Ticket

    with app.app_context():
        site = db.session.scalar(sa.select(Site).filter_by(slug="maros"))
        service = db.session.scalar(sa.select(Service).filter_by(site_id=site.id,
                                                                 slug="kk-baru"))
        ticket = Ticket(code=code, idempotency_key=code, site_id=site.id, service_id=service.id,
                        day=local_now(site.timezone).date(), prefix=prefix, sequence=sequence,
                        name="Uji", status="waiting")
        db.session.add(ticket)
        db.session.commit()
        ticket_id = ticket.id
    try:
        yield code
    finally:
        with app.app_context():
            db.session.execute(sa.delete(Ticket).where(Ticket.id == ticket_id))
            db.session.commit()


# --- accessibility and small screens ---------------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MIN_TARGET_PX = 24   # WCAG 2.2 SC 2.5.8 Target Size (Minimum)
MIN_FONT_PX = 16

AXE_RUN = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))}));
}"""


def axe_violations(page, axe_source: str) -> list[dict]:
    # page.evaluate runs through DevTools, so the page's CSP (no inline scripts) allows it.
    page.evaluate(axe_source + "\n;true")
    return page.evaluate(AXE_RUN, AXE_TAGS)


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


LAYOUT_CHECK = """([minTarget]) => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const describe = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += "#" + el.id;
    if (el.classList.length) text += "." + Array.from(el.classList).join(".");
    const label = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
    return label ? `${text} "${label.slice(0, 40)}"` : text;
  };
  const overflowing = [];
  if (root.scrollWidth > width) {
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > width + 0.5) {
        overflowing.push(`${describe(el)} right edge at ${Math.round(box.right)}px`);
      }
    }
  }
  // Links inside sentences are exempt from SC 2.5.8; links laid out as blocks are targets.
  const boxy = ["block", "inline-block", "flex", "inline-flex", "grid", "inline-grid",
                "list-item", "table-cell"];
  const small = [];
  const targets = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary");
  for (const el of targets) {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (style.display === "none" || style.visibility === "hidden" || !box.width) continue;
    const control = el.matches("button, input, select, textarea");
    if (!control && !boxy.includes(style.display)) continue;
    if (box.width < minTarget || box.height < minTarget) {
      small.push(`${describe(el)} is ${box.width.toFixed(1)}×${box.height.toFixed(1)}px`);
    }
  }
  return {
    scrollWidth: root.scrollWidth, clientWidth: width, overflowing: overflowing.slice(0, 10),
    bodyFontSize: parseFloat(getComputedStyle(document.body).fontSize), small: small,
  };
}"""



def layout_problems(page) -> list[str]:
    """What makes the page hard on a small phone: sideways scrolling, body text under
    MIN_FONT_PX, tap targets under MIN_TARGET_PX (empty when all is well)."""
    layout = page.evaluate(LAYOUT_CHECK, [MIN_TARGET_PX])
    problems = []
    if layout["scrollWidth"] > layout["clientWidth"]:
        problems.append(f"scrolls sideways: {layout['scrollWidth']}px content in "
                        f"{layout['clientWidth']}px; too wide: {layout['overflowing']}")
    if layout["bodyFontSize"] < MIN_FONT_PX:
        problems.append(f"body font-size is {layout['bodyFontSize']}px")
    if layout["small"]:
        problems.append("tap targets under 24×24px: " + "; ".join(layout["small"]))
    return problems
