"""Offline support: the web app manifest, the service worker and the offline page."""
from flask import Blueprint

bp = Blueprint("offline", __name__)

from . import routes  # noqa: E402,F401
