"""The display board for the hall's TV: numbers being served and the last calls."""
from flask import Blueprint

bp = Blueprint("board", __name__)

from . import routes  # noqa: E402,F401
