"""Applications (lacak berkas): the record's rules (lifecycle.py), who may handle which
(access.py), what pages show of them (presenters.py); the counter desk: receive, receipt,
detail and pickup (desk.py); an agency's list with bulk actions (lists.py); on-time
performance for managers and the public (performance.py, reports.py); agency API tokens
(tokens.py, tokens_admin.py; the API itself is mpp_lite/api/applications.py); and the
citizen's tracking page (public.py)."""
from flask import Blueprint

bp = Blueprint("applications", __name__)

from . import desk, lists, public, reports, tokens_admin  # noqa: E402,F401
