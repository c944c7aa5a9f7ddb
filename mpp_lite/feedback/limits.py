"""Rate limits of the survey and complaints, shared by the citizen pages and the API."""
from __future__ import annotations

from flask import current_app


def feedback_rate_limit() -> str:
    """Survey and complaint submissions (pages and API); configurable per deployment."""
    return current_app.config["FEEDBACK_RATE_LIMIT"]
