"""Counters (gerai): weekday hours, "today" and warnings (services.py), hours accounting
(accounting.py) and the counter report (report.py), the public counters page and the report's
views (routes.py), and the managers' counter editing (manage.py). Status values live beside
the model (models.COUNTER_STATUSES); an officer sets a counter's status from the console
(queue/calling.py)."""
from flask import Blueprint

bp = Blueprint("counters", __name__)

from . import manage, routes  # noqa: E402,F401
