"""Interface translations: every string is in every catalogue, the catalogues are complete,
compiled and current, English pages are English, and a new language needs no code."""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from mpp_lite.config import PACKAGE_DIR, PROJECT_DIR
from mpp_lite.extensions import db

from support.catalogs import base_catalog
from support.database import make_app

TRANSLATIONS = PACKAGE_DIR / "translations"
POT = TRANSLATIONS / "messages.pot"
# The same keywords as `flask translate extract` (pybabel's defaults plus -k _l).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None}
PLACEHOLDER = re.compile(r"%\((\w+)\)")


def locales() -> list[str]:
    """Every locale folder with a catalogue, whoever added it."""
    if not TRANSLATIONS.is_dir():
        return []
    return sorted(p.parent.parent.name for p in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def key(message) -> tuple[str | None, str]:
    """(context, singular msgid): how gettext looks a message up."""
    msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
    return (message.context, msgid)


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=locale)


def messages_of(catalog: Catalog) -> dict[tuple[str | None, str], object]:
    return {key(m): m for m in catalog if m.id}


@pytest.fixture(scope="module")
def source_messages() -> dict[tuple[str | None, str], str | tuple[str, ...]]:
    """Every msgid in the code and templates, extracted with babel.cfg as the CLI does."""
    with (PROJECT_DIR / "babel.cfg").open(encoding="utf-8") as file:
        method_map, options_map = parse_mapping_cfg(file)
    found: dict[tuple[str | None, str], str | tuple[str, ...]] = {}
    for _filename, _lineno, message, _comments, context in extract_from_dir(
            str(PROJECT_DIR), method_map, options_map, keywords=KEYWORDS):
        singular = message[0] if isinstance(message, tuple) else message
        found[(context, singular)] = message
    # A babel.cfg whose patterns match nothing would make every check below pass vacuously.
    assert len(found) > 50, "babel.cfg extracted almost nothing: are its patterns right?"
    return found


def msgid_list(keys) -> str:
    return "\n".join(f"  {msgid!r}" + (f" (context {ctx!r})" if ctx else "")
                     for ctx, msgid in sorted(keys, key=lambda k: (k[1], k[0] or "")))


# --- the catalogues -------------------------------------------------------------------------

def test_english_catalogue_exists():
    """Is English, which must always be complete, among the locales?"""
    assert "en" in locales()
    assert (TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.mo").is_file()


def test_template_is_up_to_date_with_the_sources(source_messages):
    """Does messages.pot, where translators start, hold exactly the current msgids?"""
    template = set(messages_of(read_catalog(POT)))
    missing, stale = set(source_messages) - template, template - set(source_messages)
    assert not missing and not stale, (
        "mpp_lite/translations/messages.pot is out of date; run `flask --app mpp_lite translate "
        f"update`.\nMissing:\n{msgid_list(missing)}\nNo longer used:\n{msgid_list(stale)}")


@pytest.mark.parametrize("locale", locales())
def test_catalogue_has_every_source_string(locale, source_messages):
    """Is every msgid of the code and templates in this locale's messages.po?"""
    catalogue = messages_of(read_catalog(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"))
    missing = set(source_messages) - set(catalogue)
    assert not missing, (
        f"mpp_lite/translations/{locale}/LC_MESSAGES/messages.po lacks {len(missing)} msgid(s); run "
        f"`flask --app mpp_lite translate update` and translate them:\n{msgid_list(missing)}")


@pytest.mark.parametrize("locale", locales())
def test_catalogue_declares_its_language_and_plural_forms(locale):
    """Does the .po keep its header, which PO editors need for plurals and encoding?"""
    catalogue = read_catalog(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po")
    header = dict(catalogue.mime_headers)
    assert header.get("Language") == locale, "the .po header must say `Language: <code>`"
    assert "nplurals=" in header.get("Plural-Forms", ""), "the .po header lacks Plural-Forms"


@pytest.mark.parametrize("locale", locales())
def test_catalogue_translations_are_complete_and_keep_placeholders(locale, source_messages):
    """No empty or fuzzy translation, right number of plural forms, same %(x)s placeholders."""
    path = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    catalogue = read_catalog(path)
    problems: list[str] = []
    for k, message in messages_of(catalogue).items():
        if k not in source_messages:
            continue  # obsolete strings are harmless; `translate update` drops them
        msgid = k[1]
        if message.fuzzy:
            problems.append(f"fuzzy (check it, then remove the fuzzy mark): {msgid!r}")
        if message.pluralizable:
            forms = list(message.string)
            if len(forms) != catalogue.num_plurals:
                problems.append(f"{len(forms)} plural forms, expected {catalogue.num_plurals}: "
                                f"{msgid!r}")
            expected = set(PLACEHOLDER.findall(msgid)) | set(PLACEHOLDER.findall(message.id[1]))
            optional = {"num"}  # a form for exactly one may say "one" instead of the number
        else:
            forms = [message.string]
            expected = set(PLACEHOLDER.findall(msgid))
            optional = set()
        for form in forms:
            if not form or not form.strip():
                problems.append(f"empty translation: {msgid!r}")
                continue
            found = set(PLACEHOLDER.findall(form))
            if not (expected - optional <= found <= expected):
                problems.append(f"placeholders {sorted(found)} instead of {sorted(expected)}: "
                                f"{msgid!r} → {form!r}")
    assert not problems, f"mpp_lite/translations/{locale}/LC_MESSAGES/messages.po:\n" + "\n".join(
        f"  {p}" for p in problems)


@pytest.mark.parametrize("locale", locales())
def test_compiled_catalogue_matches_its_po(locale):
    """Is messages.mo (what the app reads) compiled from the current messages.po?"""
    folder = TRANSLATIONS / locale / "LC_MESSAGES"
    assert (folder / "messages.mo").is_file(), (
        f"mpp_lite/translations/{locale} has no messages.mo; run `flask --app mpp_lite translate compile`")

    def translated(catalog: Catalog) -> dict[object, object]:
        def plain(value):  # read_mo gives lists where read_po gives tuples
            return tuple(value) if isinstance(value, (list, tuple)) else value
        return {(m.context, plain(m.id)): plain(m.string) for m in catalog
                if m.id and not m.fuzzy and all(m.string if m.pluralizable else [m.string])}

    with (folder / "messages.mo").open("rb") as file:
        compiled = translated(read_mo(file))
    source = translated(read_catalog(folder / "messages.po", locale=locale))
    stale = {k for k in source.keys() | compiled.keys() if source.get(k) != compiled.get(k)}
    assert not stale, (
        f"mpp_lite/translations/{locale}/LC_MESSAGES/messages.mo is out of date for {len(stale)} "
        "message(s); run `flask --app mpp_lite translate compile`:\n"
        + msgid_list((ctx, i[0] if isinstance(i, tuple) else i) for ctx, i in stale))


# --- English pages and API --------------------------------------------------------------------

ENGLISH_SITE_HOME = ["Find a service", "What do you need?", "Agencies at this MPP",
                     "Opening hours and contact", "Skip to main content", "Search"]
INDONESIAN_SITE_HOME = ["Cari layanan", "Apa keperluan Anda?", "Instansi di MPP ini",
                        "Jam buka dan kontak", "Langsung ke isi", "Contoh: bikin KTP"]


def english_translations() -> dict[str, str]:
    catalogue = read_catalog(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po", locale="en")
    return {m.id: m.string for m in catalogue
            if m.id and not m.pluralizable and m.string and m.string != m.id}


def leftover_indonesian(page: str) -> list[str]:
    """Interface msgids (long enough not to be a name or a word of the data) still shown."""
    return [msgid for msgid in english_translations()
            if len(msgid) >= 12 and "%(" not in msgid and msgid in page]


def test_site_home_in_english_from_accept_language(catalog_app):
    """Does a browser asking for English get the interface in English?"""
    response = catalog_app.test_client().get("/maros/", headers={"Accept-Language": "en"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="en">' in page
    for text in ENGLISH_SITE_HOME:
        assert text in page
    for text in INDONESIAN_SITE_HOME:
        assert text not in page
    assert "Maros Public Service Mall" in page  # catalogue text follows the interface language
    assert leftover_indonesian(page) == []


@pytest.mark.parametrize("path", ["/maros/layanan/ktp-el-baru", "/maros/layanan/paspor-baru",
                                  "/maros/cari?q=ktp", "/maros/cari?q=zzzz",
                                  "/maros/layanan/", "/maros/instansi/imigrasi",
                                  "/maros/peristiwa/dewasa", "/maros/layanan/ktp-el-baru/cetak",
                                  "/maros/tidak-ada/"])
def test_pages_in_english_have_no_leftover_indonesian_interface(catalog_app, path):
    """Is every interface string on the citizen pages translated when English is chosen?"""
    response = catalog_app.test_client().get(path, headers={"Accept-Language": "en-GB,en"})
    page = response.get_data(as_text=True)
    assert '<html lang="en">' in page
    assert leftover_indonesian(page) == []


def test_english_plurals(catalog_app):
    """Are counts worded in English, singular and plural ("1 service", "2 services")?"""
    client = catalog_app.test_client()
    home = client.get("/maros/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "1 service<" in home  # each agency of the small catalogue has one service
    results = client.get("/maros/cari?q=baru", headers={"Accept-Language": "en"})
    assert "2 services found." in results.get_data(as_text=True)
    service = client.get("/maros/layanan/ktp-el-baru", headers={"Accept-Language": "en"})
    assert "100 applicants" in service.get_data(as_text=True)


def test_language_cookie_switches_the_interface(catalog_app):
    """Does the language link set a cookie that keeps the next pages in English?"""
    client = catalog_app.test_client()
    response = client.get("/bahasa/en?next=/maros/")
    assert response.status_code == 303
    assert urlsplit(response.location).path == "/maros/"
    assert "lang=en" in response.headers["Set-Cookie"]
    page = client.get("/maros/").get_data(as_text=True)  # no Accept-Language: the cookie rules
    assert '<html lang="en">' in page
    assert "Find a service" in page and "Cari layanan" not in page
    back = client.get("/bahasa/id?next=/maros/", follow_redirects=True).get_data(as_text=True)
    assert "Cari layanan" in back and "Find a service" not in back


def test_indonesian_is_the_default(catalog_app):
    page = catalog_app.test_client().get("/maros/").get_data(as_text=True)
    assert '<html lang="id">' in page
    assert "Cari layanan" in page and "Find a service" not in page


@pytest.mark.parametrize("how", [{"query_string": {"lang": "en"}},
                                 {"headers": {"Accept-Language": "en"}}])
def test_api_answers_in_english(catalog_app, how):
    """Do ?lang=en and Accept-Language: en both select English on the JSON API?"""
    client = catalog_app.test_client()
    response = client.get("/api/v1/sites", **how)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    assert response.get_json()["sites"][0]["name"] == "Maros Public Service Mall"
    missing = client.get("/api/v1/sites/tidak-ada/services", **how)
    assert missing.status_code == 404
    assert missing.get_json()["error"]["message"] == "MPP not found."


def test_api_defaults_to_indonesian_and_ignores_unknown_lang(catalog_app):
    response = catalog_app.test_client().get("/api/v1/sites?lang=xx")
    assert response.headers["Content-Language"] == "id"
    assert response.get_json()["sites"][0]["name"] == "Mal Pelayanan Publik Kabupaten Maros"


def test_unknown_language_sets_no_cookie(catalog_app):
    response = catalog_app.test_client().get("/bahasa/xx?next=/maros/")
    assert response.status_code == 303
    assert urlsplit(response.location).path == "/maros/"
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/",
                                    "/\\evil.example"])
def test_language_switch_does_not_redirect_off_site(catalog_app, target):
    response = catalog_app.test_client().get("/bahasa/en", query_string={"next": target})
    assert response.status_code == 303
    location = urlsplit(response.location)
    assert location.netloc in ("", "mpp.test") and location.path == "/"


# --- adding a language is a translator's job ------------------------------------------------

def fake_locale(root: Path, code: str, changes: dict[str, str]) -> None:
    """A translator's new folder: the English .po with some strings changed, compiled."""
    catalogue = read_catalog(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po", locale="en")
    for msgid, text in changes.items():
        catalogue[msgid].string = text
    folder = root / code / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.po").open("wb") as file:
        write_po(file, catalogue)
    with (folder / "messages.mo").open("wb") as file:
        write_mo(file, catalogue)


@pytest.fixture
def app_with_translations(database_url, tmp_path):
    """make(root) → an app reading interface catalogues from root, small catalogue loaded."""
    apps = []

    def make(root: Path):
        app = make_app(database_url, BABEL_TRANSLATION_DIRECTORIES=str(root))
        with app.app_context():
            from mpp_lite.catalog.transfer import import_catalog

            import_catalog(base_catalog())
            db.session.commit()
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


JAVANESE = {"Cari layanan": "Golek layanan", "Apa keperluan Anda?": "Apa kabutuhan panjenengan?"}


def test_new_language_folder_needs_no_code(app_with_translations, tmp_path):
    """Does a compiled catalogue in a new folder appear in the switch and translate pages?"""
    root = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS / "en", root / "en")
    fake_locale(root, "jv", JAVANESE)
    client = app_with_translations(root).test_client()

    home = client.get("/maros/").get_data(as_text=True)
    assert re.search(r'<a href="[^"]*/bahasa/jv\?next=/maros/"[^>]*>Jawa</a>', home), \
        "the language switch should offer Javanese by its own name"
    assert ">English</a>" in home

    page = client.get("/bahasa/jv?next=/maros/", follow_redirects=True).get_data(as_text=True)
    assert '<html lang="jv">' in page
    assert 'aria-current="true" lang="jv">Jawa<' in page
    for text in JAVANESE.values():
        assert text in page
    assert "Cari layanan" not in page
    assert "Agencies at this MPP" in page  # the strings left as they were in the copy


def test_language_unknown_to_babel_works(app_with_translations, tmp_path):
    """Can a translator add Makassarese, which the CLDR locale data does not know?"""
    root = tmp_path / "translations"
    fake_locale(root, "mak", {"Cari layanan": "Boya' layanan"})
    (root / "mak" / "name.txt").write_text("Basa Mangkasara'\n", encoding="utf-8")
    client = app_with_translations(root).test_client()
    response = client.get("/maros/", headers={"Accept-Language": "mak"})
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert "Boya' layanan" in page
    assert "Basa Mangkasara'" in page


# --- the `flask translate` commands ---------------------------------------------------------

@pytest.fixture
def translate_cli(runner, app, tmp_path, monkeypatch):
    """run(*args) → the `flask translate` command over a copy of mpp_lite/translations/ in tmp_path."""
    import mpp_lite.cli

    root = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, root)
    monkeypatch.setattr(mpp_lite.cli, "POT", root / "messages.pot")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(root)

    def run(*args: str):
        return runner.invoke(args=["translate", *args])
    run.root = root
    return run


def test_translate_update_keeps_translations_and_headers(translate_cli, source_messages):
    result = translate_cli("update")
    assert result.exit_code == 0, result.output
    root = translate_cli.root
    assert set(messages_of(read_catalog(root / "messages.pot"))) == set(source_messages)
    before = read_catalog(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po")
    after = read_catalog(root / "en" / "LC_MESSAGES" / "messages.po")
    assert dict(after.mime_headers).get("Language") == "en"
    assert not after.obsolete
    assert {k: m.string for k, m in messages_of(after).items()} == \
        {k: m.string for k, m in messages_of(before).items() if k in source_messages}


def test_translate_init_starts_a_new_language(translate_cli, source_messages):
    result = translate_cli("init", "jv")
    assert result.exit_code == 0, result.output
    catalogue = read_catalog(translate_cli.root / "jv" / "LC_MESSAGES" / "messages.po")
    assert dict(catalogue.mime_headers).get("Language") == "jv"
    assert set(messages_of(catalogue)) == set(source_messages)


def test_translations_kept_for_a_request_follow_every_forced_language(app):
    from flask_babel import gettext

    from mpp_lite.i18n import in_language

    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        english = gettext("Ambil nomor antrean")
        assert english != "Ambil nomor antrean"
        with in_language("id"):
            assert gettext("Ambil nomor antrean") == "Ambil nomor antrean"
            with in_language("en"):
                assert gettext("Ambil nomor antrean") == english
            assert gettext("Ambil nomor antrean") == "Ambil nomor antrean"
        assert gettext("Ambil nomor antrean") == english
