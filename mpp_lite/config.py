"""Default configuration. Every key can be overridden by the instance config file
(`instance/config.py`) and then by `MPP_<KEY>` environment variables."""
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


class Defaults:
    # Database: DATABASE_URL wins; the embedded default is SQLite in the instance folder.
    SQLALCHEMY_DATABASE_URI = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # A pooled connection idle this long is checked (a round trip) before use; one used more
    # recently is not (mpp_lite/db_pool.py). 0: check every time (SQLAlchemy's pool_pre_ping).
    DATABASE_PING_AFTER_IDLE_SECONDS = 10
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
    # Search indexes each worker keeps, one per site, least recently searched dropped first
    # (catalog/services.py): about 3.2 MB each for a 150-service site once searched, so 24 sites
    # bound the indexes at about 80 MB per worker however many MPPs are visited. A site not
    # kept is rebuilt on its next search (two queries, tens of milliseconds; with CACHE_URL it is
    # loaded from the copy the first worker left in Redis).
    SEARCH_INDEX_CACHE_SITES = 24
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
    QUEUE_NO_SHOW_GRACE_MINUTES = 30  # an absent visitor may return once within this (0: never)
    BOARD_SHOW_IKM = True             # this month's IKM on the display board (with respondents)
    BOARD_IKM_MIN_RESPONDENTS = 1
    FLOOR_POLL_SECONDS = 10           # the floor view's live refresh (JavaScript)
    FLOOR_REFRESH_SECONDS = 30        # its meta refresh without JavaScript

    # Applications (lacak berkas): personal data (name, phone, documents, who collected) of an
    # application is erased this many days after it was closed (collected, rejected or
    # withdrawn) by `flask --app mpp_lite applications erase`; codes, statuses and dates stay
    # for the performance figures. Staff lists show this many per page.
    APPLICATION_RETENTION_DAYS = 365
    APPLICATION_PAGE_SIZE = 25
    # Agency systems send status changes in batches: a higher limit than citizens' booking.
    APPLICATION_API_RATE_LIMIT = "120 per minute; 5000 per day"

    # Notifications and chat (mpp_lite/notify, mpp_lite/chat; README "Notifications and
    # chat"). Every channel is optional: without its settings nothing is sent on it and
    # nothing else changes. Base URLs are settings so tests point them at a local server.
    # Web Push: keys from `flask --app mpp_lite notify vapid-keys`.
    VAPID_PUBLIC_KEY = ""
    VAPID_PRIVATE_KEY = ""
    VAPID_SUBJECT = ""  # mailto:admin@example.go.id or the deployment's https URL
    # More push service hosts accepted for browser subscriptions, besides the known ones
    # (notify/push.py); a JSON list. http:// only for a loopback host listed here (tests).
    PUSH_EXTRA_HOSTS = []
    # WhatsApp Business (Cloud API): the app's number, its access token, the app secret that
    # signs webhooks and the verify token typed into Meta's webhook settings.
    WHATSAPP_API_BASE = "https://graph.facebook.com/v21.0"
    WHATSAPP_PHONE_NUMBER_ID = ""
    WHATSAPP_TOKEN = ""
    WHATSAPP_APP_SECRET = ""
    WHATSAPP_VERIFY_TOKEN = ""
    WHATSAPP_NUMBER = ""  # shown to citizens (wa.me link), e.g. 6281234567890
    # The approved utility template for messages outside the 24-hour window: its name and
    # language; its body takes two parameters, the MPP's name and the message.
    WHATSAPP_TEMPLATE = "mpp_kabar"
    WHATSAPP_TEMPLATE_LANGUAGE = "id"
    # Telegram bot: its token from @BotFather, its username (deep links t.me/<name>?start=…)
    # and the secret Telegram sends back in X-Telegram-Bot-Api-Secret-Token.
    TELEGRAM_API_BASE = "https://api.telegram.org"
    TELEGRAM_BOT_TOKEN = ""
    TELEGRAM_BOT_USERNAME = ""
    TELEGRAM_SECRET = ""
    # SMS through the gateway the MPP already pays for: a URL template with {phone} and
    # {text} (URL-encoded), sent with SMS_METHOD; for POST, SMS_BODY is a template of the body
    # (form or JSON, by SMS_CONTENT_TYPE). SMS_USERNAME/SMS_PASSWORD: HTTP Basic auth;
    # SMS_HEADERS: extra headers as JSON (e.g. an API key).
    SMS_URL = ""
    SMS_METHOD = "POST"
    SMS_BODY = ""
    SMS_CONTENT_TYPE = "application/x-www-form-urlencoded"
    SMS_USERNAME = ""
    SMS_PASSWORD = ""
    SMS_HEADERS = {}
    SMS_SENDER = ""   # the sender id (masking name), for {sender} in SMS_URL/SMS_BODY
    SMS_OK_TEXT = ""  # optional: text a successful answer contains (gateways that say 200
    #                   even when they refused)
    # The delivery worker: attempts per message, the first retry's delay (doubling after
    # each failure), how often it looks for work, and the HTTP timeout of every send.
    NOTIFY_MAX_ATTEMPTS = 6
    NOTIFY_BACKOFF_SECONDS = 30
    NOTIFY_POLL_SECONDS = 2.0
    NOTIFY_HTTP_TIMEOUT = 10.0
    NOTIFY_PAGE_SIZE = 50
    # The chat assistant: a conversation forgets where it stood after this long; per sender.
    CHAT_STATE_MINUTES = 30
    CHAT_RATE_LIMIT = "20 per minute; 300 per day"
    CHAT_MAX_TEXT = 1000  # characters of one incoming message that are read

    # The shared cache (mpp_lite/cache.py; README "Performance"): rendered pages, QR codes and
    # other things that are the same for everyone. With CACHE_URL (redis://127.0.0.1:6379/1)
    # it lives in Redis, shared by every worker and server; without, in each worker's memory,
    # bounded by CACHE_MEMORY_BYTES. CACHE_PREFIX tells deployments sharing a Redis apart.
    CACHE_URL = ""
    CACHE_PREFIX = "mpp-lite:"
    CACHE_MEMORY_BYTES = 32 * 1024 * 1024
    # Rendered catalogue pages (web/pagecache.py): the directory, each MPP's home, service,
    # print, agency, life event, A-Z and search pages, /api/v1/sites and a site's services list
    # are kept in that cache, so a repeated view does no database work. A change (an edit, a
    # counter opening or closing, an announcement saved) shows at once in the worker that made
    # it and within PAGE_CACHE_VERSION_SECONDS in the other workers and servers (each worker
    # reads the sites' versions with one query at most that often). Something that changes by
    # the clock (open now, a counter's hours, an announcement starting or ending, a new day)
    # ends the page's entry at that instant; no entry lives longer than PAGE_CACHE_SECONDS.
    # PAGE_CACHE_ENABLED=false: pages are rendered every time, as before.
    PAGE_CACHE_ENABLED = True
    PAGE_CACHE_SECONDS = 300
    PAGE_CACHE_VERSION_SECONDS = 1.0

    # Offline (service worker)
    OFFLINE_MAX_PAGES = 150   # saved pages kept on the phone; the oldest go first
    OFFLINE_CACHE_SALT = ""   # change to force every phone to drop its caches          # the display board's refresh without JavaScript
