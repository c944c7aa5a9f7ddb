"""Rescheduling tickets, declared closures and no-show grace (issue #15): citizen, officer
and manager pages. The rules live in mpp_lite/queue/moving.py, closures.py and no_show.py."""
from flask import Blueprint

bp = Blueprint("moving", __name__)

from . import routes  # noqa: E402,F401
