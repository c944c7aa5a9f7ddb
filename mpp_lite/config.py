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

    # i18n: Indonesian first; a new locale is a new folder in mpp_lite/translations/.
    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    BABEL_TRANSLATION_DIRECTORIES = str(PACKAGE_DIR / "translations")
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
    PERMANENT_SESSION_LIFETIME = 8 * 3600  # staff sessions end after a working day
    REMEMBER_COOKIE_DURATION = 0
    # Reverse proxies in front of the app (nginx: 1). Only then are the client address, scheme,
    # host and port taken from X-Forwarded-For/-Proto/-Host/-Port (Werkzeug's ProxyFix); with 0
    # those headers are ignored, as anyone can send them.
    TRUSTED_PROXIES = 0
    # Absolute links (tickets, QR codes, API "url"s, prints) use SERVER_NAME when it is set
    # (MPP_SERVER_NAME=mpp.example.go.id) instead of the request's Host header; TRUSTED_HOSTS
    # (MPP_TRUSTED_HOSTS='["mpp.example.go.id"]', Flask 3.1) answers 400 to any other host.
    SERVER_NAME = None
    TRUSTED_HOSTS = None

    # Rate limits (Flask-Limiter), keyed on the client address (the real one behind
    # TRUSTED_PROXIES). Use a shared store (redis://127.0.0.1:6379) when several processes serve
    # the app: memory:// counts per process, and a production start warns about it (log and
    # /healthz).
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    BOOKING_RATE_LIMIT = "20 per minute; 200 per day"
    LOGIN_RATE_LIMIT = "10 per minute; 100 per day"
    FEEDBACK_RATE_LIMIT = "10 per minute; 100 per day"  # surveys and complaints

    # Queue
    QUEUE_BOOKING_DAYS_AHEAD = 14
    QUEUE_PRIORITY_STREAK = 2      # after this many priority calls in a row, call a regular one
    QUEUE_NO_SHOW_AFTER_CALLS = 3  # "no-show" is offered after this many calls
    QUEUE_DEFAULT_SERVICE_MINUTES = 10  # until real service times are recorded
    TICKET_REFRESH_SECONDS = 30         # a waiting ticket's page refresh without JavaScript
    BOARD_REFRESH_SECONDS = 20

    # Applications (lacak berkas): personal data (name, phone, documents, who collected) of an
    # application is erased this many days after it was closed (collected, rejected or
    # withdrawn) by `flask --app mpp_lite applications erase`; codes, statuses and dates stay
    # for the performance figures. Staff lists show this many per page.
    APPLICATION_RETENTION_DAYS = 365
    APPLICATION_PAGE_SIZE = 25
    # Agency systems send status changes in batches: a higher limit than citizens' booking.
    APPLICATION_API_RATE_LIMIT = "120 per minute; 5000 per day"

    # Offline (service worker)
    OFFLINE_MAX_PAGES = 150   # saved pages kept on the phone; the oldest go first
    OFFLINE_CACHE_SALT = ""   # change to force every phone to drop its caches          # the display board's refresh without JavaScript
