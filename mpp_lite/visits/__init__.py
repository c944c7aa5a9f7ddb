"""Visits (kunjungan): several services in one trip, a ticket each, in a sensible order."""
from flask import Blueprint

bp = Blueprint("visits", __name__)

from . import routes  # noqa: E402,F401
