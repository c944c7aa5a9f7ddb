"""Notifications: subscriptions (routes.py), the outbox and its worker (outbox.py, cli.py),
the channels (push, whatsapp, telegram, sms) and the managers' view (manage.py)."""
from flask import Blueprint

bp = Blueprint("notify", __name__)

from . import manage, routes  # noqa: E402,F401
