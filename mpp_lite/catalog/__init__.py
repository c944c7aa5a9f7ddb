"""The service catalogue: sites, agencies, services, search."""
from flask import Blueprint

bp = Blueprint("catalog", __name__)

from . import routes  # noqa: E402,F401
