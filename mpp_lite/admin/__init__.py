"""Managers' overview: the dashboard and the audit log of catalogue and account changes
(the editing pages live with their nouns: catalog/manage.py, counters/manage.py,
staff/accounts.py)."""
from flask import Blueprint

bp = Blueprint("admin", __name__)

from . import routes  # noqa: E402,F401
