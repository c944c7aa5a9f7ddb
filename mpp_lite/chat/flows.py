"""Conversations that do something in several turns (booking, status, cancel, application
lookup, SKM survey, complaint, linking a chat to a ticket)."""
from __future__ import annotations

from .engine import Reply, Turn


def wants(text: str) -> bool:
    """Whether `text` starts one of the flows (so "menu"-like words do not swallow it)."""
    return False


def handle(turn: Turn, text: str) -> Reply | None:
    """A reply when the text belongs to a flow (started now or under way), else None."""
    return None
