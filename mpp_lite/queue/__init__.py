"""Queue tickets for citizens: booking, the ticket page, cancelling."""
from flask import Blueprint

bp = Blueprint("queue", __name__)

from . import routes  # noqa: E402,F401
