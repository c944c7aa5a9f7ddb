"""The web chat: /<site>/tanya, a plain form in front of the conversation engine.

Works with JavaScript off: each question is a POST (with CSRF) that answers with the whole
page. The conversation's token is random and travels in a hidden field (never the URL, no
cookie needed); only its hash is stored (conversations.web_address). The last few turns are
kept in the conversation's state, so they expire with it (CHAT_STATE_MINUTES)."""
from __future__ import annotations

import re
import secrets

from flask import current_app, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import HiddenField, TextAreaField, ValidationError
from wtforms.validators import Optional, Regexp

from .. import dates
from ..catalog import services as catalog
from ..extensions import db, limiter
from ..i18n import current_language
from . import bp, conversations, inbox
from .engine import LANGUAGES

HISTORY = 3                      # turns shown again above the form
TOKEN_PATTERN = r"^[A-Za-z0-9_-]{32,64}$"
_URL = re.compile(r"https?://[^\s<>\"']+")


def chat_rate_limit() -> str:
    return current_app.config["CHAT_RATE_LIMIT"]


def _max_text() -> int:
    return int(current_app.config.get("CHAT_MAX_TEXT", 1000))


class AskForm(FlaskForm):
    text = TextAreaField(_l("Pertanyaan Anda"), validators=[Optional()])
    pick = HiddenField(validators=[Optional(), Regexp(r"^\d{1,2}$")])
    conversation = HiddenField(validators=[Optional(), Regexp(
        TOKEN_PATTERN, message=_l("Percakapan tidak dikenal. Muat ulang halaman ini."))])

    def validate_text(self, field) -> None:
        if len(field.data or "") > _max_text():
            raise ValidationError(_("Pertanyaan terlalu panjang (paling banyak %(num)s karakter).",
                               num=_max_text()))


def linked(text: str) -> Markup:
    """A reply as HTML: escaped, links clickable, line breaks kept."""
    out = []
    for line in text.split("\n"):
        parts, last = [], 0
        for match in _URL.finditer(line):
            parts.append(escape(line[last:match.start()]))
            url = match.group(0).rstrip(".,)")
            parts.append(Markup('<a href="{0}">{0}</a>').format(url))
            parts.append(escape(match.group(0)[len(url):]))
            last = match.end()
        parts.append(escape(line[last:]))
        out.append(Markup("").join(parts))
    return Markup("<br>").join(out)


@bp.route("/<site>/tanya", methods=["GET", "POST"])
@limiter.limit(chat_rate_limit, methods=["POST"])
def ask(site: str):
    """Ask the assistant: requirements, fee, time, place, hours; answered from the catalogue."""
    site_obj = catalog.get_site(site)
    form = AskForm()
    history: list[list[str]] = []
    choices: list[str] = []
    token = ""
    error = None
    status = 200
    if request.method == "POST":
        text = (form.pick.data or "").strip() or (form.text.data or "").strip()
        if not form.validate_on_submit():
            error = _("Periksa isian yang ditandai.")
            status = 400
        elif not text:
            form.text.errors = [_("Tulis pertanyaan Anda.")]
            error = _("Periksa isian yang ditandai.")
            status = 422
        else:
            now = dates.now()
            token = form.conversation.data or secrets.token_urlsafe(32)
            language = current_language() if current_language() in LANGUAGES else "id"
            before = conversations.web_conversation(token, site_obj, language, now=now)
            history = [list(t) for t in (before.state or {}).get("web_log", [])]
            conversation, reply = inbox.web_turn(token, site_obj, language, text[:_max_text()],
                                                 now=now)
            history = (history + [[text[:_max_text()], reply.text]])[-HISTORY:]
            state = dict(conversation.state or {})
            state["web_log"] = history
            state["ui"] = language  # the interface language this question came in
            conversations.save_state(conversation, state, now)
            db.session.commit()
            choices = reply.choices
            form = AskForm(formdata=None)
        if token:
            form.conversation.data = token
        else:
            form.conversation.data = form.conversation.data if not form.conversation.errors \
                else ""
    return render_template("chat/ask.html", site=site_obj, form=form, history=history,
                           choices=choices, error=error, linked=linked,
                           has_errors=bool(error)), status
