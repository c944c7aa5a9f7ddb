"""Helpers shared by the browser tests: signing a demo account in through the login form, and
reading a printed PDF back (page sizes, its text, the QR codes a phone would scan)."""
from __future__ import annotations

import contextlib
import re

from .conftest import shots

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

    from mpp_lite.catalog.hours import local_now
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
