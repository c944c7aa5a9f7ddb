"""Rate limits of the queue, shared by the booking page and the API."""
from __future__ import annotations

from flask import current_app


def booking_rate_limit() -> str:
    """The booking limit (pages and API), read per request so it can be configured."""
    return current_app.config["BOOKING_RATE_LIMIT"]
