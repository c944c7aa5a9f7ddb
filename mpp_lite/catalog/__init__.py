"""The service catalogue: sites, agencies, services, search; the managers' catalogue pages
(manage.py); the catalogue version that moves on with every catalogue write (versions.py)."""
from flask import Blueprint

bp = Blueprint("catalog", __name__)

from . import versions  # noqa: E402

versions.install()

from . import manage, routes  # noqa: E402,F401
