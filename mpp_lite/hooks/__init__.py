"""Webhooks of the chat platforms: /hooks/whatsapp (Meta's Cloud API) and /hooks/telegram.
They authenticate by signature or secret header, not by cookie: CSRF does not apply."""
from flask import Blueprint

bp = Blueprint("hooks", __name__, url_prefix="/hooks")

from . import telegram, whatsapp  # noqa: E402,F401
