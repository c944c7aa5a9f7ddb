"""Search in a real browser: the MPP home's search box is on the first screen of a small phone."""
from __future__ import annotations


def test_search_box_is_on_the_first_screen_at_360x640(page, live_server):
    """Can a citizen on a 360×640 phone type a search without scrolling the MPP home?"""
    page.goto(f"{live_server}/maros/")
    box = page.locator("#q").bounding_box()
    button = page.get_by_role("button", name="Cari", exact=True).bounding_box()
    assert box is not None and button is not None
    assert box["y"] + box["height"] <= 640 and button["y"] + button["height"] <= 640
