"""Cross-cutting web concerns: language switch, health check, errors, response policy."""
from flask import Blueprint

bp = Blueprint("web", __name__)

from . import routes  # noqa: E402,F401
