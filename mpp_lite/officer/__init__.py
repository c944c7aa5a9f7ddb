"""Officer tools: counter console (call, serve, finish), walk-in tickets, check-in."""
from flask import Blueprint

bp = Blueprint("officer", __name__, url_prefix="/petugas")

from . import routes  # noqa: E402,F401
