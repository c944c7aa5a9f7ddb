"""Screenshots of the key citizen pages on a small phone (360×640), for the README.

    python tools/screenshots.py              # writes docs/screenshots/<name>.png
    python tools/screenshots.py OUT_DIR      # or somewhere else

It builds a throw-away SQLite database (migrated and demo-seeded), serves the app over HTTP on
127.0.0.1 with a port the OS chooses, drives the system Chromium through Playwright, then stops
both. Nothing leaves this machine. The browser tests (tests/browser/) reuse `serve`,
`launch_chromium`, `find_demo_pages` and `take_screenshots` from here, so the pages in the README
are the pages the tests check.
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
import secrets
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from flask import Flask
    from playwright.sync_api import Browser, Playwright

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium phones home at start; this machine's network is closed.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
]
VIEWPORT = {"width": 360, "height": 640}
# Indonesian is the source language; Chromium would otherwise ask for en-US.
LOCALE = "id-ID"
# The top of each page, up to three phone screens (the notice and the checklist show), while
# the file stays small enough for a README; otherwise only the first screen.
MAX_HEIGHT = 3 * VIEWPORT["height"]
MAX_BYTES = 300 * 1024
ENGLISH_LINK = "English"


@dataclass(frozen=True)
class DemoPages:
    """Slugs of demo records that show each kind of page."""

    site: str
    site_name: str
    partial_service: str   # availability "partial": part of it is done outside the MPP
    free_service: str      # availability "full", no fee, at least two requirements
    other_service: str     # another service with requirements (checklists are per service)
    agency: str
    life_event: str
    queue: dict[str, object] | None = None  # set by prepare_queue() for the queue pictures

    def paths(self) -> dict[str, str]:
        site = f"/{self.site}"
        return {
            "site-chooser": "/",
            "site-home": f"{site}/",
            "search-results": f"{site}/cari?q=ktp",
            "search-no-results": f"{site}/cari?q=zzqxjw",
            "service-partial": f"{site}/layanan/{self.partial_service}",
            "service-free": f"{site}/layanan/{self.free_service}",
            "service-print": f"{site}/layanan/{self.free_service}/cetak",
            "agency": f"{site}/instansi/{self.agency}",
            "life-event": f"{site}/peristiwa/{self.life_event}",
            "all-services": f"{site}/layanan/",
            "not-found": f"{site}/layanan/tidak-ada-layanan-ini",
        }


def find_demo_pages(site_slug: str = "maros") -> DemoPages:
    """Pick the records from the database (inside an app context)."""
    from sqlalchemy.orm import selectinload

    from mpp_lite.catalog import services
    from mpp_lite.catalog.vocab import LIFE_EVENTS
    from mpp_lite.extensions import db
    from mpp_lite.models import Service

    site = services.get_site(site_slug)
    catalogue = list(db.session.scalars(
        services.active_services(site).options(selectinload(Service.requirements))))

    def first(description: str, *rules) -> Service:
        for service in catalogue:
            if all(rule(service) for rule in rules):
                return service
        raise LookupError(f"The {site_slug!r} demo catalogue has no {description} service")

    partial = first("partial", lambda s: s.availability == "partial",
                    lambda s: len(s.requirements) >= 1)
    free = first("free, full", lambda s: s.availability == "full", lambda s: s.fee_free,
                 lambda s: len(s.requirements) >= 2)
    other = first("second", lambda s: s.id != free.id, lambda s: len(s.requirements) >= 1)
    used = {event for service in catalogue for event in service.life_events or ()}
    events = [event for event in LIFE_EVENTS if event in used]
    if not events:
        raise LookupError(f"The {site_slug!r} demo catalogue has no life events")
    return DemoPages(site=site.slug, site_name=site.name, partial_service=partial.slug,
                     free_service=free.slug, other_service=other.slug,
                     agency=free.agency.slug, life_event=events[0])


def english_available(app: Flask) -> bool:
    """Whether an English catalogue is compiled (the language link appears only then)."""
    root = Path(app.config["BABEL_TRANSLATION_DIRECTORIES"])
    return (root / "en" / "LC_MESSAGES" / "messages.mo").is_file()


@contextlib.contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Serve `app` on 127.0.0.1 (OS-chosen port) in a background thread; yield the origin."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_request(self, *args, **kwargs) -> None:  # one line per request is noise here
            pass

    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="mpp-live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def launch_chromium(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def _png_size(data: bytes) -> tuple[int, int]:
    import struct

    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG file")
    return struct.unpack(">II", data[16:24])


def take_screenshots(browser: Browser, origin: str, pages: DemoPages, out_dir: Path,
                     english: bool) -> list[Path]:
    """Write one PNG per key page into out_dir; return the files written."""
    paths = pages.paths()
    shots = {
        "site-chooser": paths["site-chooser"],
        "site-home": paths["site-home"],
        "search-results": f"/{pages.site}/cari?q=akte+lahir",
        "service-partial": paths["service-partial"],
        "service-free": paths["service-free"],
        "service-print": paths["service-print"],
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1, locale=LOCALE)
    try:
        page = context.new_page()
        for name, path in shots.items():
            page.goto(origin + path)
            written.append(_screenshot(page, out_dir / f"{name}.png"))
        if english:
            page.goto(origin + paths["service-free"])
            page.get_by_role("link", name=ENGLISH_LINK).click()
            # A selector, not wait_for_function: a string predicate is eval'd in the page,
            # which the pages' Content-Security-Policy (script-src 'self') refuses.
            page.locator("html[lang='en']").wait_for(state="attached")
            page.wait_for_load_state()
            written.append(_screenshot(page, out_dir / "service-english.png"))
    finally:
        context.close()
    if pages.queue is not None:
        written += _queue_screenshots(browser, origin, pages, out_dir)
        written += _staff_screenshots(browser, origin, pages, out_dir)
        written += _application_screenshots(browser, origin, pages, out_dir)
        written += _floor_screenshots(browser, origin, pages, out_dir)
    return written


def _wide(browser: Browser, out_dir: Path, name: str, size: dict[str, int],
          work) -> Path:
    """A screenshot of what `work(page)` opens, in a fresh context of `size` (no full page)."""
    context = browser.new_context(viewport=size, device_scale_factor=1, locale=LOCALE)
    try:
        page = context.new_page()
        work(context, page)
        page.wait_for_load_state()
        (out_dir / f"{name}.png").write_bytes(page.screenshot(full_page=False))
        return out_dir / f"{name}.png"
    finally:
        context.close()


def _floor_screenshots(browser: Browser, origin: str, pages: DemoPages,
                       out_dir: Path) -> list[Path]:
    """The MPP floor: a visit with several services (phone), the self-service kiosk (a
    1280×800 touch screen, paired by its credential cookie) and the managers' floor view."""
    queue = pages.queue
    written = []
    with _phone(browser) as page:
        page.goto(f"{origin}/kunjungan/{queue['visit']}")
        written.append(_screenshot(page, out_dir / "visit.png"))

    def kiosk(context, page) -> None:
        context.add_cookies([{"name": "mpp_kiosk", "value": str(queue["kiosk_token"]),
                              "url": f"{origin}/kios"}])
        page.goto(f"{origin}/kios")

    def floor(context, page) -> None:
        _login(page, origin, "admin." + pages.site, str(queue["password"]))
        page.goto(f"{origin}/kelola/lantai")

    written.append(_wide(browser, out_dir, "kiosk", {"width": 1280, "height": 800}, kiosk))
    written.append(_wide(browser, out_dir, "floor", {"width": 1280, "height": 800}, floor))
    return written


def _login(page, origin: str, username: str, password: str) -> None:
    page.goto(f"{origin}/staff/login")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_load_state()


@contextlib.contextmanager
def _phone(browser: Browser) -> Iterator[object]:
    """A page in a fresh phone-sized context (its own cookies), closed afterwards."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1, locale=LOCALE)
    try:
        yield context.new_page()
    finally:
        context.close()


def _staff_screenshots(browser: Browser, origin: str, pages: DemoPages,
                       out_dir: Path) -> list[Path]:
    """Counters today and the complaint form (citizens), then assisted mode, a village
    office's booking form and the managers' dashboard, each in its own signed-in context."""
    queue = pages.queue
    site = pages.site
    written = []
    with _phone(browser) as page:
        for path, name in ((f"/{site}/gerai", "counters-today"),
                           (f"/{site}/pengaduan", "complaint")):
            page.goto(origin + path)
            written.append(_screenshot(page, out_dir / f"{name}.png"))
        # The web chat after one question (the same assistant as WhatsApp and Telegram).
        page.goto(f"{origin}/{site}/tanya")
        page.fill("textarea[name=text]", "syarat bikin paspor apa aja")
        page.click("form.form button[type=submit]:not([name])")
        page.wait_for_selector(".chat-reply")
        written.append(_screenshot(page, out_dir / "web-chat.png"))
    staff = (("pendamping." + site, f"/pendamping/layanan/{queue['service_id']}/tanya",
              "assisted-mode"),
             ("desa.bontoa", f"/desa/pesan?layanan={queue['service']}", "village-booking"),
             ("admin." + site, "/kelola/", "dashboard"),
             ("admin." + site, "/kelola/notifikasi", "notifications"))
    for username, path, name in staff:
        with _phone(browser) as page:
            _login(page, origin, username, str(queue["password"]))
            page.goto(origin + path)
            written.append(_screenshot(page, out_dir / f"{name}.png"))
    return written


def _application_screenshots(browser: Browser, origin: str, pages: DemoPages,
                            out_dir: Path) -> list[Path]:
    """Application tracking: a citizen's tracking page, the public performance page, and the
    receipt an officer prints (its 58 mm layout, as the phone-width picture)."""
    queue = pages.queue
    written = []
    with _phone(browser) as page:
        for path, name in ((f"/berkas/{queue['application_code']}", "application-tracking"),
                           (f"/{pages.site}/kinerja", "performance")):
            page.goto(origin + path)
            written.append(_screenshot(page, out_dir / f"{name}.png"))
    with _phone(browser) as page:
        _login(page, origin, "admin." + pages.site, str(queue["password"]))
        page.goto(f"{origin}/kelola/berkas/{queue['application_id']}/tanda-terima")
        written.append(_screenshot(page, out_dir / "application-receipt.png"))
    return written


def _queue_screenshots(browser: Browser, origin: str, pages: DemoPages,
                       out_dir: Path) -> list[Path]:
    """Booking form, a waiting ticket, the officer console and the hall's display board."""
    queue = pages.queue
    written = []
    with _phone(browser) as page:
        page.goto(f"{origin}/{pages.site}/layanan/{queue['service']}/antre")
        written.append(_screenshot(page, out_dir / "booking.png"))
        page.goto(f"{origin}/tiket/{queue['ticket']}")
        written.append(_screenshot(page, out_dir / "ticket.png"))
        _login(page, origin, queue["officer"], queue["password"])
        page.goto(f"{origin}/petugas/gerai/{queue['counter']}")
        written.append(_screenshot(page, out_dir / "officer-console.png"))
    board = browser.new_context(viewport={"width": 1280, "height": 720}, device_scale_factor=1,
                                locale=LOCALE)
    try:
        page = board.new_page()
        page.goto(f"{origin}/{pages.site}/layar")
        page.wait_for_load_state()
        data = page.screenshot(full_page=False)
        (out_dir / "board.png").write_bytes(data)
        written.append(out_dir / "board.png")
    finally:
        board.close()
    return written


def prepare_queue(site_slug: str, service_slug: str) -> dict[str, object]:
    """Today's queue for the pictures: an open counter, tickets waiting and one called."""
    import sqlalchemy as sa

    from mpp_lite.dates import site_today
    from mpp_lite.demo_seed import DEMO_PASSWORD
    from mpp_lite.extensions import db
    from mpp_lite.models import Application, QueueSequence, Service, Site, Ticket
    from mpp_lite.dates import now

    site = db.session.scalar(sa.select(Site).filter_by(slug=site_slug))
    service = db.session.scalar(sa.select(Service).filter_by(site_id=site.id, slug=service_slug))
    counter = service.counters[0]
    counter.status, counter.status_since = "open", now()
    today = site_today(site)
    names = ["Andi", "Ibu Ani", "Pak Rahman", "Sari", "Budi"]
    tickets = []
    for sequence, name in enumerate(names, start=1):
        ticket = Ticket(code=f"screenshot-ticket-{sequence:02d}",
                        idempotency_key=f"screenshot-ticket-{sequence:02d}", site_id=site.id,
                        service_id=service.id, day=today, prefix=service.queue_prefix,
                        sequence=sequence, name=name, channel="online",
                        priority="lansia" if sequence == 2 else None)
        tickets.append(ticket)
        db.session.add(ticket)
    # the queue's counter knows these numbers are taken (the visit below books after them)
    db.session.merge(QueueSequence(site_id=site.id, day=today, prefix=service.queue_prefix,
                                   last_number=len(names)))
    tickets[0].status, tickets[0].counter_id = "serving", counter.id
    tickets[0].called_at = tickets[0].served_at = now()
    tickets[0].call_count = 1
    db.session.commit()
    visit_code, kiosk_token = _visit_and_kiosk(site)
    # A demo application ready for pickup (tracking page) and its receipt.
    application = db.session.scalar(sa.select(Application).filter_by(
        site_id=site.id, status="ready").order_by(Application.id))
    return {"service": service.slug, "service_id": service.id, "ticket": tickets[3].code,
            "counter": counter.id,
            "officer": "dukcapil.maros", "password": DEMO_PASSWORD,
            "application_code": application.code, "application_id": application.id,
            "visit": visit_code, "kiosk_token": kiosk_token}


def _visit_and_kiosk(site) -> tuple[str, str]:
    """A visit for a new baby's documents booked today, and a paired kiosk's credential."""
    import sqlalchemy as sa

    from mpp_lite.dates import site_today
    from mpp_lite.extensions import db
    from mpp_lite.kiosk import services as kiosks
    from mpp_lite.models import Agency, Service, StaffUser
    from mpp_lite.visits.booking import VisitRequest, book_visit

    slugs = ("kia", "kk-perubahan-data", "akta-kelahiran")
    services = list(db.session.scalars(sa.select(Service).where(
        Service.site_id == site.id, Service.slug.in_(slugs))))
    visit, _ = book_visit(VisitRequest(
        site=site, services=services, day=site_today(site), name="Ibu Sari",
        idempotency_key="screenshot-visit-01"), secret="screenshots")
    admin = db.session.scalar(sa.select(StaffUser).filter_by(site_id=site.id, role="admin"))
    agencies = list(db.session.scalars(sa.select(Agency.id).filter_by(site_id=site.id)))
    kiosk = kiosks.create_kiosk(site, kiosks.KioskInput("Anjungan pintu utama", "Lobi, lantai 1",
                                                        agencies), admin)
    code = kiosks.new_pairing_code(kiosk, admin)
    _kiosk, token = kiosks.pair(code)
    db.session.commit()
    return visit.code, token


def _screenshot(page, target: Path) -> Path:
    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
    data = page.screenshot(full_page=True,
                           clip={"x": 0, "y": 0, "width": VIEWPORT["width"], "height": height})
    if len(data) > MAX_BYTES:
        data = page.screenshot(full_page=False)
    target.write_bytes(data)
    return target


@contextlib.contextmanager
def demo_app(db_dir: Path) -> Iterator[Flask]:
    """The app over a new SQLite file in db_dir, migrated and demo-seeded."""
    from mpp_lite import create_app
    from mpp_lite.demo_seed import seed_demo
    from mpp_lite.extensions import db
    from mpp_lite.setup import upgrade_schema

    # DATABASE_URL would win over our throw-away database: never seed someone's real one.
    saved = os.environ.pop("DATABASE_URL", None)
    try:
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_dir / 'screenshots.sqlite3'}",
            "SECRET_KEY": secrets.token_hex(16),
            "AUTO_SETUP": False,
            # Four sign-ins in a few seconds; in a test run, other tests' sign-ins from the
            # same address count against the same in-memory limit.
            "LOGIN_RATE_LIMIT": "1000 per minute",
        })
    finally:
        if saved is not None:
            os.environ["DATABASE_URL"] = saved
    with app.app_context():
        upgrade_schema()
        seed_demo()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def make_screenshots(out_dir: Path = DEFAULT_OUT, browser: Browser | None = None) -> list[Path]:
    """Seed, serve, screenshot, stop. Pass a running `browser` to reuse it (as the tests do)."""
    with tempfile.TemporaryDirectory(prefix="mpp-screenshots-") as tmp, \
            demo_app(Path(tmp)) as app, serve(app) as origin:
        with app.app_context():
            pages = find_demo_pages()
            pages = dataclasses.replace(pages, queue=prepare_queue(pages.site, pages.free_service))
        english = english_available(app)
        if browser is not None:
            return take_screenshots(browser, origin, pages, out_dir, english)
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            own_browser = launch_chromium(playwright)
            try:
                return take_screenshots(own_browser, origin, pages, out_dir, english)
            finally:
                own_browser.close()


def main(argv: list[str]) -> int:
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: install Debian's chromium package "
              "(apt-get install chromium).", file=sys.stderr)
        return 1
    out_dir = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    for path in make_screenshots(out_dir):
        width, height = _png_size(path.read_bytes())
        print(f"{path}  {width}×{height}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main(sys.argv))
