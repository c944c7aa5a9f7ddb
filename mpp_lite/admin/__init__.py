"""Managers' tools: dashboard, catalogue editing with audit log, staff accounts."""
from flask import Blueprint

bp = Blueprint("admin", __name__)

from . import routes  # noqa: E402,F401
