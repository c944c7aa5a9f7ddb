"""The conversation engine behind the web chat, WhatsApp and Telegram: text in, text out.

    reply = respond(Turn(text=…, channel="whatsapp", conversation=…, now=…, message_id=…))

One engine, three front-ends (chat/web.py, hooks/whatsapp.py, hooks/telegram.py). The order:
1. language switches ("english", "bahasa indonesia") and "menu";
2. which MPP: a deployment with one active MPP needs no question; otherwise the person picks
   one by number or name, and can change it later ("ganti mpp");
3. chat/flows.py: the conversations that do something in several turns (take a ticket, a
   ticket's status, cancelling, an application by code, the SKM survey, a complaint, linking a
   Telegram chat to a ticket);
4. chat/answers.py: everything else, answered from the catalogue (requirements, steps, fee,
   time, place, hours, open counters), or an honest "I don't know" with where to ask.

Replies are plain text, short, with numbered choices a person answers with one digit, and
links to the full pages. Every fact comes from the catalogue, never made up.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from ..extensions import db
from ..i18n import in_language
from ..models import ChatConversation, Site
from .conversations import save_state

LANGUAGES = ("id", "en")
_TO_ENGLISH = re.compile(r"^\s*(english|bahasa inggris|in english|/en|/english)\s*[.!]?\s*$",
                         re.I)
_TO_INDONESIAN = re.compile(r"^\s*(bahasa( indonesia)?|indonesia|indonesian|/id|"
                            r"/indonesia)\s*[.!]?\s*$", re.I)
_MENU = re.compile(r"^\s*(menu|mulai|start|/start|/menu|help|bantuan|/help|hai|halo|hallo|"
                   r"hi|hello|p|ping|assalamu'?alaikum|selamat (pagi|siang|sore|malam))"
                   r"\s*[.!?]*\s*$", re.I)
_CHANGE_SITE = re.compile(r"^\s*(ganti mpp|pilih mpp|ubah mpp|change mpp|other mpp|/mpp)\s*$",
                          re.I)


@dataclass
class Turn:
    text: str
    channel: str                         # "web", "whatsapp", "telegram"
    conversation: ChatConversation
    now: dt.datetime
    message_id: str = ""                 # the platform's id: makes bookings idempotent
    site: Site | None = None             # set by respond() before flows and answers run
    # Mutable copy of the conversation's state; respond() saves it after the turn.
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def language(self) -> str:
        return self.conversation.language


@dataclass
class Reply:
    text: str
    # The service pages the reply cites: [{"slug", "name", "url"}] (the web chat and API).
    services: list[dict[str, str]] = field(default_factory=list)
    # Numbered choices offered (the text lists them too), for channels that show buttons.
    choices: list[str] = field(default_factory=list)


# The main menu: (label, the words it stands for). A digit answered to the menu becomes those
# words, so the flows (chat/flows.py) and answers (chat/answers.py) see what a person could
# have typed: "antre" starts booking, "tiket saya" the status, and so on.
MENU = (
    (lambda: _("Tanya syarat, biaya, atau waktu layanan"), "tanya layanan"),
    (lambda: _("Ambil nomor antrean"), "antre"),
    (lambda: _("Tiket saya (status dan posisi)"), "tiket saya"),
    (lambda: _("Lacak berkas dengan kode"), "lacak"),
    (lambda: _("Jam buka dan gerai yang buka"), "jam buka"),
    (lambda: _("Survei kepuasan"), "survei"),
    (lambda: _("Pengaduan"), "pengaduan"),
)


def menu(turn: Turn) -> Reply:
    site = turn.site
    labels = [label() for label, _words in MENU]
    turn.state = {"await": "menu", **_kept(turn.state)}
    greeting = _("Halo! Ini asisten %(name)s.", name=site.tr("name")) if site else _("Halo!")
    return Reply(greeting + "\n" + _("Balas dengan angka, atau tulis pertanyaan Anda:") + "\n"
                 + numbered(labels) + "\n" + _("Ketik \"menu\" kapan saja untuk kembali ke sini."
                                               " Type \"english\" for English."),
                 choices=labels)


# What the state keeps across the menu and finished flows: the web chat's tickets (WhatsApp
# and Telegram find theirs through their subscriptions).
KEPT = ("tickets",)


def _kept(state: dict[str, Any]) -> dict[str, Any]:
    return {key: state[key] for key in KEPT if state.get(key)}


def active_sites() -> list[Site]:
    return list(db.session.scalars(sa.select(Site).order_by(Site.name)))


def choice_number(text: str) -> int | None:
    """The number a person answered a numbered choice with ("2", "2."), or None. Only ASCII
    digits count: "²" or "٣" are digits to Python, but not choices (and int() refuses "²")."""
    word = text.strip().rstrip(".").strip()
    if not word or len(word) > 3 or not (word.isascii() and word.isdigit()):
        return None
    return int(word)


def numbered(options: list[str]) -> str:
    return "\n".join(f"{i}. {option}" for i, option in enumerate(options, 1))


def _site_question(sites: list[Site], turn: Turn, pending: str = "") -> Reply:
    turn.state = {"await": "site", "sites": [s.slug for s in sites], **_kept(turn.state)}
    if pending:  # the question that came before the MPP was known: answered once it is
        turn.state["pending"] = pending[:500]
    names = [s.tr("name") for s in sites]
    return Reply(_("Di MPP mana? Balas dengan angkanya:") + "\n" + numbered(names),
                 choices=names)


_SITE_WORDS = {"mpp", "mal", "mall", "pelayanan", "publik", "kabupaten", "kab", "kota", "di",
               "yang", "public", "service", "regency", "city", "in", "the"}


def _pick_site(text: str, sites: list[Site], offered: list[str]) -> Site | None:
    by_slug = {s.slug: s for s in sites}
    number = choice_number(text)
    if number is not None and offered:
        if 1 <= number <= len(offered):
            return by_slug.get(offered[number - 1])
        return None
    said = re.findall(r"\w+", text.casefold())
    spoken = f" {' '.join(said)} "
    for site in sites:
        # The regency's (or slug's) own words, whole: "maros" picks Maros, "aros" does not,
        # and "kota" or "akta" never pick "Kota Jakarta".
        for name in (site.regency, site.slug.replace("-", " ")):
            words = [w for w in re.findall(r"\w+", name.casefold())
                     if w not in _SITE_WORDS]
            if words and f" {' '.join(words)} " in spoken:
                return site
    return None


def _only_site_name(text: str, site: Site) -> bool:
    """Whether `text` says nothing but which MPP ("Maros", "MPP Kabupaten Maros")."""
    own = set(re.findall(r"\w+", f"{site.name} {site.regency} {site.slug}".casefold()))
    return set(re.findall(r"\w+", text.casefold())) <= own | _SITE_WORDS


def respond(turn: Turn) -> Reply:
    """Answer one message. Saves the conversation's state (flushes; the caller commits)."""
    conversation = turn.conversation
    turn.state = dict(conversation.state or {})
    text = turn.text.strip()
    if _TO_ENGLISH.match(text) or _TO_INDONESIAN.match(text):
        conversation.language = "en" if _TO_ENGLISH.match(text) else "id"
        text = "menu"
    with in_language(conversation.language if conversation.language in LANGUAGES else "id"):
        reply = _respond(turn, text)
    save_state(conversation, turn.state, turn.now)
    return reply


def _respond(turn: Turn, text: str) -> Reply:
    from . import answers, flows

    conversation = turn.conversation
    sites = active_sites()
    if _CHANGE_SITE.match(text):
        conversation.site_id = None
        return _site_question(sites, turn)
    site = db.session.get(Site, conversation.site_id) if conversation.site_id else None
    if site is None and len(sites) == 1:
        site = sites[0]
    if site is None and (linked := flows.linked_site_id(text)) is not None:
        site = db.session.get(Site, linked)  # a ticket's link names its MPP
    if site is None:
        if not sites:
            return Reply(_("Belum ada MPP yang terdaftar."))
        asked = turn.state.get("await") == "site"
        chosen = _pick_site(text, sites, turn.state.get("sites", []) if asked else [])
        if chosen is None:
            first = "" if _MENU.match(text) or choice_number(text) is not None else text
            return _site_question(sites, turn, first or turn.state.get("pending", ""))
        site = chosen
        conversation.site_id = site.id
        pending = turn.state.get("pending", "")
        turn.state = _kept(turn.state)
        if choice_number(text) is not None or _only_site_name(text, site):
            # The answer was only the MPP's name or number: now answer what came before it.
            text = pending or "menu"
    conversation.site_id = site.id
    turn.site = site
    if turn.state.get("await") == "site":
        turn.state = _kept(turn.state)
    if _MENU.match(text) and not flows.wants(text):
        return menu(turn)
    if turn.state.get("await") == "menu":
        turn.state = _kept(turn.state)
        number = choice_number(text)
        if number is not None:
            if not 1 <= number <= len(MENU):
                return menu(turn)
            text = MENU[number - 1][1]
    reply = flows.handle(turn, text)
    if reply is not None:
        return reply
    return answers.answer(turn, text)
