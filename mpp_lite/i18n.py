"""Language selection. A locale is available when mpp_lite/translations/<code>/ has a catalogue, so
adding a regional language is a translator's job: no code changes."""
from __future__ import annotations

from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator
from pathlib import Path

from babel import Locale, UnknownLocaleError, localedata, support
from flask import current_app, g, has_app_context, has_request_context, request
from flask_babel import Babel, Domain, force_locale

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

    A translator can set it in mpp_lite/translations/<code>/name.txt, for languages (such as
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


def _choose() -> str:
    """?lang= first (API clients), then the cookie, then Accept-Language, then Indonesian."""
    languages = available_languages()
    for candidate in (request.args.get("lang"),
                      request.cookies.get(current_app.config["LANGUAGE_COOKIE"])):
        if candidate in languages:
            return candidate
    return request.accept_languages.best_match(languages) or SOURCE_LANGUAGE


def current_language() -> str:
    """The interface language of this request: a folder of mpp_lite/translations/, or "id"."""
    if not has_request_context():
        return SOURCE_LANGUAGE
    # Inside flask_babel.force_locale(...), which records the forced locale here.
    forced = getattr(g.get("_flask_babel"), "forced_babel_locale", None)
    if forced is not None:
        return forced.language if forced.language in available_languages() else SOURCE_LANGUAGE
    if "lang" not in g:
        g.lang = _choose()
    return g.lang


def select_locale() -> str:
    """Babel's locale, for dates and numbers. The CLDR data lacks some regional languages
    (mak, bug, min): those format dates and numbers the Indonesian way."""
    code = current_language()
    return code if localedata.exists(code) else SOURCE_LANGUAGE


class LanguageDomain(Domain):
    """Loads the catalogue of current_language() rather than of Babel's locale, so a language
    unknown to the CLDR data is still translated."""

    def get_translations(self):
        if not has_request_context():
            return support.NullTranslations()
        # A page asks about fifty times: remember the answer for this request, as long as no
        # force_locale(...) has started or ended since (it replaces the forced locale object).
        forced = getattr(g.get("_flask_babel"), "forced_babel_locale", None)
        memo = g.get("_language_translations")
        if memo is not None and memo[0] is self and memo[1] is forced:
            return memo[2]
        translations = self._load()
        g._language_translations = (self, forced, translations)
        return translations

    def _load(self):
        directories = tuple(self.translation_directories)
        key = (directories, current_language(), self.domain[0])  # one cache for all apps
        cached = self.cache.get(key)
        if cached is None:
            cached = support.Translations()
            for directory in directories:
                catalogue = support.Translations.load(directory, [key[1]], key[2])
                cached.merge(catalogue)
                if hasattr(catalogue, "plural"):  # merge() does not copy the plural rule
                    cached.plural = catalogue.plural
            self.cache[key] = cached
        return cached


class LanguageBabel(Babel):
    """Flask-Babel with LanguageDomain as the default domain."""

    @property
    def domain_instance(self):
        return self.__dict__.setdefault("_language_domain", LanguageDomain(domain=self.domain))


@contextmanager
def in_language(code: str) -> Iterator[None]:
    """flask_babel.force_locale that can be nested: force_locale's exit forgets a locale an
    outer force_locale set (the chat answers in English and, inside, builds the Indonesian
    search index), so the outer one is put back here."""
    holder = g.get("_flask_babel") if has_app_context() else None
    saved = {key: getattr(holder, key) for key in ("forced_babel_locale", "babel_locale",
                                                    "babel_translations")
             if holder is not None and hasattr(holder, key)}
    try:
        with force_locale(code):
            yield
    finally:
        for key, value in saved.items():
            setattr(holder, key, value)
