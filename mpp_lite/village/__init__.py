"""Village offices (kantor desa/kelurahan): book and print tickets for residents."""
from flask import Blueprint

bp = Blueprint("village", __name__, url_prefix="/desa")

from . import routes  # noqa: E402,F401
