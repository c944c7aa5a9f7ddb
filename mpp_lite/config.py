"""Default configuration. Every key can be overridden by the instance config file
(`instance/config.py`) and then by `MPP_<KEY>` environment variables."""
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


class Defaults:
    # Database: DATABASE_URL wins; the embedded default is SQLite in the instance folder.
    SQLALCHEMY_DATABASE_URI = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # On the embedded SQLite default, create the schema and load the demo data at start-up
    # when the database is empty, so the README's one command gives a working app.
    AUTO_SETUP = None  # None: only for the default SQLite database

    # i18n: Indonesian first; a new locale is a new folder in translations/.
    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_DIR / "translations")
    LANGUAGE_COOKIE = "lang"

    # Pages
    SEARCH_PAGE_SIZE = 20
    PUBLIC_CACHE_SECONDS = 0  # HTML is revalidated with ETags (304) rather than cached blindly
    STATIC_MAX_AGE = 365 * 24 * 3600
    GZIP_MIN_SIZE = 500
    WTF_CSRF_TIME_LIMIT = 8 * 3600

    # Security
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # set MPP_SESSION_COOKIE_SECURE=true behind HTTPS
    PREFERRED_URL_SCHEME = "http"
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    CONTACT_URL = "https://www.lapor.go.id/"
