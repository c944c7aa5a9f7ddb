"""Assisted mode for petugas pendamping: large text, one step per screen, priority tickets."""
from flask import Blueprint

bp = Blueprint("assist", __name__, url_prefix="/pendamping")

from . import routes  # noqa: E402,F401
