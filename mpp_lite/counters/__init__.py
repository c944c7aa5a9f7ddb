"""Counters (gerai): status values, weekday hours and "today", warnings, hours accounting, the
public counters page, the counter report and the managers' counter editing."""
from flask import Blueprint

bp = Blueprint("counters", __name__)

from . import manage, routes  # noqa: E402,F401
