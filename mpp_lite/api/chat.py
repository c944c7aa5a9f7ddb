"""POST /api/v1/sites/<site>/ask: the chat assistant as JSON.

    {"text": "syarat paspor", "conversation": "<token>"?}
    → {"reply", "conversation", "services": [{"slug", "name", "url"}], "choices": [...]}

The same engine as the web chat and WhatsApp. The conversation token is random; only its hash
is stored. A missing or unknown token starts a new conversation (its token is returned)."""
from __future__ import annotations

import re
import secrets

from flask import current_app, jsonify, request
from flask_babel import gettext as _

from .. import dates
from ..chat import inbox
from ..chat.engine import LANGUAGES
from ..chat.web import TOKEN_PATTERN, chat_rate_limit
from ..extensions import db, limiter
from ..i18n import current_language
from . import bp
from .errors import error_response
from .lookup import find_site, site_not_found
from .openapi import EXTRA_PATHS, EXTRA_SCHEMAS, LANG_PARAM, NOT_FOUND, SITE_PARAM, _json, _ref


@bp.post("/sites/<site>/ask")
@limiter.limit(chat_rate_limit)
def ask(site: str):
    """One question to the assistant; answers from the catalogue only."""
    site_obj = find_site(site)
    if site_obj is None:
        return site_not_found()
    limit = int(current_app.config.get("CHAT_MAX_TEXT", 1000))
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return error_response(400, "invalid_json", _("Kirim objek JSON."))
    text, token = data.get("text"), data.get("conversation")
    fields = {}
    if not isinstance(text, str) or not text.strip():
        fields["text"] = _("Tulis pertanyaan Anda.")
    if token is not None and (not isinstance(token, str) or not re.match(TOKEN_PATTERN, token)):
        fields["conversation"] = _("Percakapan tidak dikenal. Muat ulang halaman ini.")
    if fields:
        return error_response(422, "invalid", _("Periksa isian."), fields)
    if len(text) > limit:
        return error_response(413, "too_long", _(
            "Pertanyaan terlalu panjang (paling banyak %(num)s karakter).", num=limit),
            {"text": _("Pertanyaan terlalu panjang (paling banyak %(num)s karakter).",
                       num=limit)})
    now = dates.now()
    token = token or secrets.token_urlsafe(32)
    language = current_language() if current_language() in LANGUAGES else "id"
    _conversation, reply = inbox.web_turn(token, site_obj, language, text, now=now,
                                          explicit_language="lang" in request.args)
    db.session.commit()
    response = jsonify(reply=reply.text, conversation=token, services=reply.services,
                       choices=reply.choices)
    response.cache_control.no_store = True
    return response


EXTRA_PATHS["/sites/{site}/ask"] = {"post": {
    "operationId": "ask",
    "summary": "Ask the assistant about the MPP's services and hours",
    "description": "Requirements, steps, fee, processing time, counter and floor, whether the "
                   "MPP finishes the service, today's hours and open counters, answered only "
                   "from the catalogue: every fact reply names the service and cites its page "
                   "and its last-reviewed date. Several matches come with numbered choices; "
                   "answer with the digit in the same conversation. Questions the catalogue "
                   "does not cover get a plain \"don't know\" with the service list, the MPP's "
                   "phone number and the complaint page. Send the returned conversation token "
                   "with the next question; the conversation's state expires after "
                   "CHAT_STATE_MINUTES. The reply's language follows `lang`.",
    "parameters": [SITE_PARAM, LANG_PARAM],
    "requestBody": {"required": True, "content": {"application/json": {
        "schema": _ref("AskRequest")}}},
    "responses": {
        "200": _json(_ref("AskResponse"), "The assistant's reply"),
        "400": _json(_ref("Error"), "Body is not a JSON object"),
        "404": NOT_FOUND,
        "413": _json(_ref("Error"), "Text longer than CHAT_MAX_TEXT characters"),
        "422": _json(_ref("Error"), "Missing text or malformed conversation token "
                                    "(error.fields)"),
        "429": _json(_ref("Error"), "Too many requests (CHAT_RATE_LIMIT)"),
    },
}}
EXTRA_SCHEMAS["AskRequest"] = {
    "type": "object", "required": ["text"],
    "properties": {
        "text": {"type": "string", "minLength": 1, "maxLength": 1000,
                 "examples": ["syarat bikin paspor apa aja"]},
        "conversation": {"type": "string", "pattern": TOKEN_PATTERN,
                         "description": "The token returned by the previous answer"},
    },
}
EXTRA_SCHEMAS["AskResponse"] = {
    "type": "object", "required": ["reply", "conversation", "services", "choices"],
    "properties": {
        "reply": {"type": "string", "maxLength": 1100,
                  "description": "Plain text, lines separated by \\n"},
        "conversation": {"type": "string", "pattern": TOKEN_PATTERN},
        "services": {"type": "array", "description": "The service pages the reply cites",
                     "items": {"type": "object", "required": ["slug", "name", "url"],
                               "properties": {"slug": {"type": "string"},
                                              "name": {"type": "string"},
                                              "url": {"type": "string", "format": "uri"}}}},
        "choices": {"type": "array", "items": {"type": "string"},
                    "description": "Numbered choices offered; answer with 1, 2, …"},
    },
}
