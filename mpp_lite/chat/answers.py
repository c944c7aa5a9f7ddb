"""Answers from the catalogue: what to bring, steps, fee, time, place, hours, open counters."""
from __future__ import annotations

from flask_babel import gettext as _

from ..catalog.services import search_services
from ..models import Service, Site
from .engine import Reply, Turn


def find_services(site: Site, text: str, limit: int = 5) -> list[Service]:
    """The services `text` asks about, best first (the catalogue's own forgiving search).
    Shared by the answers and the flows (which service to book)."""
    return search_services(site, text, limit=limit).services


def answer(turn: Turn, text: str) -> Reply:
    return Reply(_("Maaf, saya belum bisa menjawab itu."))
