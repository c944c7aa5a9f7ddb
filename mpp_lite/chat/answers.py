"""Answers from the catalogue: what to bring, steps, fee, time, place, hours, open counters."""
from __future__ import annotations

from flask_babel import gettext as _

from .engine import Reply, Turn


def menu(turn: Turn) -> Reply:
    return Reply(_("Halo! Tulis nama layanan yang Anda perlukan."))


def answer(turn: Turn, text: str) -> Reply:
    return Reply(_("Maaf, saya belum bisa menjawab itu."))
