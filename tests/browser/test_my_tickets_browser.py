"""'Tiket saya' in a real browser: the server's list without JavaScript, the ticket pages saved
on the phone with it (also offline), and the pages meet WCAG."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect



from support.browser import controlled, waiting_ticket

pytestmark = pytest.mark.browser


@pytest.fixture
def ticket_code(live_app):
    with waiting_ticket(live_app, "browser-my-tickets-01", "ZY", 4) as code:
        yield code


def test_my_tickets_without_javascript(new_context, live_server, ticket_code):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server}/tiket/{ticket_code}")
    page.click("text=Tiket saya")
    expect(page.locator("h1")).to_have_text("Tiket saya")
    expect(page.locator("#my-current a")).to_have_text("Tiket ZY-004")
    expect(page.locator("#my-saved")).to_be_hidden()


def test_ticket_pages_saved_on_the_phone_are_listed_even_offline(new_context, live_server,
                                                                  ticket_code):
    context = new_context()
    page = context.new_page()
    page.goto(f"{live_server}/tiket-saya")
    controlled(page)
    page.goto(f"{live_server}/tiket/{ticket_code}")  # saved by the service worker
    context.clear_cookies()  # the cookie is gone (another browser profile, cleared cookies)
    page.goto(f"{live_server}/tiket-saya")
    expect(page.locator("#my-current")).to_have_count(0)
    expect(page.locator("#my-saved-list a")).to_have_count(1)
    expect(page.locator("#my-saved-list a")).to_contain_text("ZY-004")
    context.set_offline(True)
    page.goto(f"{live_server}/tiket-saya")  # the saved copy of this page, plus the saved ticket
    expect(page.locator("#my-saved-list a")).to_have_count(1)
    page.locator("#my-saved-list a").click()
    expect(page.locator(".ticket-number")).to_have_text("ZY-004")
    context.set_offline(False)


@pytest.mark.parametrize("path", ["/tiket-saya", "/tiket/no-such-ticket-code"])
def test_my_tickets_and_the_ticket_not_found_page_meet_wcag(page, live_server, axe_source, path):
    from support.browser import axe_violations, format_violations

    response = page.goto(f"{live_server}{path}")
    assert response.status == (200 if path == "/tiket-saya" else 404)
    violations = axe_violations(page, axe_source)
    assert not violations, format_violations(violations)
