"""Language selection. A locale is available when translations/<code>/ has a catalogue, so
adding a regional language is a translator's job: no code changes."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from flask import current_app, g, has_request_context, request
from flask_babel import get_locale

SOURCE_LANGUAGE = "id"  # the msgids are Indonesian


@lru_cache(maxsize=8)
def _scan(directory: str) -> tuple[str, ...]:
    found = {SOURCE_LANGUAGE}
    root = Path(directory)
    if root.is_dir():
        for child in root.iterdir():
            if (child / "LC_MESSAGES" / "messages.mo").is_file():
                found.add(child.name)
    return tuple(sorted(found, key=lambda c: (c != SOURCE_LANGUAGE, c)))


def available_languages() -> tuple[str, ...]:
    """Codes with a compiled catalogue, Indonesian first."""
    return _scan(current_app.config["BABEL_TRANSLATION_DIRECTORIES"])


def language_name(code: str) -> str:
    """The language's name in itself ("Bahasa Indonesia", "English", "Jawa").

    A translator can set it in translations/<code>/name.txt, for languages (such as
    Makassarese or Buginese) that the Babel locale data does not name.
    """
    if code == SOURCE_LANGUAGE:
        return "Bahasa Indonesia"
    override = Path(current_app.config["BABEL_TRANSLATION_DIRECTORIES"]) / code / "name.txt"
    if override.is_file():
        return override.read_text(encoding="utf-8").strip() or code
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def select_locale() -> str:
    """Cookie choice first, then ?lang= (API clients), then Accept-Language, then Indonesian."""
    languages = available_languages()
    for candidate in (request.args.get("lang"),
                      request.cookies.get(current_app.config["LANGUAGE_COOKIE"])):
        if candidate in languages:
            return candidate
    return request.accept_languages.best_match(languages) or SOURCE_LANGUAGE


def current_language() -> str:
    if not has_request_context():
        return SOURCE_LANGUAGE
    if "lang" not in g:
        locale = get_locale()
        g.lang = str(locale.language if locale else SOURCE_LANGUAGE)
        if g.lang not in available_languages():
            g.lang = SOURCE_LANGUAGE
    return g.lang
