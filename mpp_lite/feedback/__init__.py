"""Citizen satisfaction survey (SKM/IKM) and complaints (pengaduan)."""
from flask import Blueprint

bp = Blueprint("feedback", __name__)

from . import routes  # noqa: E402,F401
