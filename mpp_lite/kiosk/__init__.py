"""The self-service kiosk (anjungan): the site admin's kiosk pages under /kelola/anjungan and
the paired device's pages under /kios (walk-in tickets only; see services.py)."""
from flask import Blueprint

bp = Blueprint("kiosk", __name__)

from . import routes, admin  # noqa: E402,F401
