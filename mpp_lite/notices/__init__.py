"""Announcements (outage notices) only: the notices in force on citizen pages, the board and
the API, and the managers' pages that post them. Counters live in mpp_lite.counters."""
from flask import Blueprint

bp = Blueprint("notices", __name__)

from . import routes  # noqa: E402,F401
