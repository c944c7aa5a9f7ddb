"""Staff accounts: login, logout, roles, and the managers' account pages (/kelola/akun)."""
from flask import Blueprint

# No url_prefix: sign-in lives under /staff/, account management under /kelola/akun.
bp = Blueprint("staff", __name__)

from . import accounts, routes  # noqa: E402,F401
