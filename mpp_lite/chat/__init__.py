"""The chat assistant: the engine (engine.py, flows.py, answers.py), its conversations, the
web chat page /<site>/tanya (web.py); WhatsApp and Telegram come in through mpp_lite/hooks."""
from flask import Blueprint

bp = Blueprint("chat", __name__)

from . import web  # noqa: E402,F401
