"""Payesh settings, read from the environment (see README: Configuration).

SQLite is the zero-setup default; set DATABASE_URL for PostgreSQL. With DEBUG off a SECRET_KEY
must be given, and the process refuses to start without one.
"""

import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONCE as CSP_NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_float(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}") from None


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment, or set DEBUG=true for local work."
        )
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

# Our apps come first: where two catalogs translate the same text, the first app's wins, so
# Payesh's own words take precedence over Django's (and dashboards' status words over the rest).
INSTALLED_APPS = [
    "payesh",
    "dashboards",
    "accounts",
    "centers",
    "commitments",
    "reports",
    "courses",
    "meetings",
    "notifications",
    "demo",
    "api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tables2",
    "simple_history",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body: refuses one larger than the largest upload (413).
    "payesh.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After whitenoise, which serves static files with their own cache headers.
    "payesh.middleware.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "payesh.middleware.PersianFirstLocaleMiddleware",
    # Before a code, a session or a form's value is looked up: refuses a NUL character (400).
    "payesh.middleware.NulRefusalMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # the first-login rule (an initial password is changed before anything else) and the profile's language
    "accounts.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "payesh.middleware.RequestLogMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            "builtins": ["payesh.templatetags.payesh"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A streaming read replica of the primary, for the dashboards' reads (payesh/routers.py): parsed
# like DATABASE_URL; both must be PostgreSQL. The database name is always the primary's (a physical
# replica holds the primary's databases under the same names), which also makes the test runner's
# MIRROR point it at the replica's copy of the test database instead of creating one there.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
REPLICA_IGNORED = ""
if DATABASE_REPLICA_URL:
    _replica = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    if "postgresql" not in DATABASES["default"]["ENGINE"] or "postgresql" not in _replica["ENGINE"]:
        REPLICA_IGNORED = "DATABASE_REPLICA_URL is ignored: the primary and the replica must both be PostgreSQL"
    else:
        # No health-check query per request: the router's one replica query per dashboard request
        # is the check, and a replica that fails it is left alone for a few seconds.
        _replica["CONN_HEALTH_CHECKS"] = False
        _replica["NAME"] = DATABASES["default"]["NAME"]
        _replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
        _replica["TEST"] = {"MIRROR": "default"}
        DATABASES["replica"] = _replica
        DATABASE_ROUTERS = ["payesh.routers.ReplicaRouter"]

# The cache holds the data version and the dashboards' cached numbers (payesh/dataversion.py). It
# must be shared by every process that writes: Redis (REDIS_URL, e.g. redis://127.0.0.1:6379/0)
# with more than one gunicorn worker or server. Without it, local memory: private to each process,
# so numbers are then cached only when one process serves and writes everything (development's
# runserver, the test suite): PAYESH_SINGLE_PROCESS, on with DEBUG. `check --deploy` warns.
PAYESH_SINGLE_PROCESS = env_bool("PAYESH_SINGLE_PROCESS", DEBUG)
# With Redis, each process looks in the database at least this often for a data version bump that
# another process could not deliver to Redis: the longest a failed bump can leave old numbers on a
# page served by a process that saw no failure (payesh/dataversion.py).
PAYESH_CACHE_TRUST_SECONDS = env_int("PAYESH_CACHE_TRUST_SECONDS", 5)
if PAYESH_CACHE_TRUST_SECONDS < 1:
    raise ImproperlyConfigured("PAYESH_CACHE_TRUST_SECONDS must be at least 1.")
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_FUNCTION": "payesh.dataversion.make_key",
            # a slow or absent Redis must not hang requests: reads then compute, see dataversion;
            # a (re)made connection makes the process look for bumps Redis missed (payesh/redispool.py)
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1,
                        "pool_class": "payesh.redispool.WatchedConnectionPool"},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "payesh",
            "KEY_FUNCTION": "payesh.dataversion.make_key",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.passwords.MinimumLengthValidator"},  # Django's, its number in the page's digits
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# A static file missing from the manifest falls back to its plain name instead of a 500 page.
WHITENOISE_MANIFEST_STRICT = False
if DEBUG and "STATICFILES_BACKEND" not in os.environ:
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"

# --- security ---------------------------------------------------------------------------
# Secure by default when DEBUG is off (`manage.py check --deploy` is clean); a deployment behind a
# TLS-terminating proxy sets SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO. Local HTTP tools
# (the load test on loopback) turn the HTTPS rules off with SECURE_SSL_REDIRECT=false.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers and the image's HEALTHCHECK use plain HTTP
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (os.environ["SECURE_PROXY_SSL_HEADER"], "https")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# The language switch's cookie: over HTTPS only like the session's, never read by a script, and
# not sent along by other sites' requests.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# How many reverse proxies stand in front of the app server (a TLS proxy: 1). Behind them, the
# client's address is read from X-Forwarded-For as they write it (payesh/proxies.py): login
# lockouts and the API's anonymous budget then count each client, not the proxy. 0: direct.
PAYESH_TRUSTED_PROXIES = env_int("PAYESH_TRUSTED_PROXIES", 0)
if PAYESH_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured(f"PAYESH_TRUSTED_PROXIES must be 0 or more, not {PAYESH_TRUSTED_PROXIES}")
X_FRAME_OPTIONS = "DENY"

# Content security policy (django-csp): only our own origin. Plotly draws with inline style
# attributes, hence 'unsafe-inline' for styles only; scripts come from our static files, or are
# inline with the per-request nonce: <script nonce="{{ request.csp_nonce }}">.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", CSP_NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one username from one
# address (the client's, also behind proxies: PAYESH_TRUSTED_PROXIES), that pair is locked out
# for AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_float("AXES_COOLOFF_HOURS", 1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.backends.normalized_username"
AXES_CLIENT_IP_CALLABLE = "payesh.proxies.client_address"

# The one limit on what a request sends, pages and API alike: a file (a spreadsheet, a DHIS2 file)
# of up to this size, and a request body of up to it plus 64 KB for the form around a file. A
# larger body is refused (413) before any of it is read (payesh.middleware).
PAYESH_MAX_UPLOAD_BYTES = env_int("PAYESH_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
# ... and refused when they would unpack (an XLSX is a zip) to more than this.
PAYESH_MAX_UNPACKED_BYTES = env_int("PAYESH_MAX_UNPACKED_BYTES", 50 * 1024 * 1024)
# ... or when one part of it (a sheet, the shared strings, the styles) unpacks to more than this,
# which is also all the XML one read parses over the parts it reads (about 6,000 rows of the
# commitments workbook as Payesh writes it, 1.3 KB a row: five times a province's year; more
# from Excel, which keeps texts apart; a month's grid or a course register is a few hundred KB) ...
PAYESH_MAX_WORKBOOK_PART_BYTES = env_int("PAYESH_MAX_WORKBOOK_PART_BYTES", 8 * 1024 * 1024)
# ... or when its cells use more texts than this from its table of shared strings (Excel keeps
# each distinct text once there: a year's commitments use a few thousand) ...
PAYESH_MAX_SHARED_STRINGS = env_int("PAYESH_MAX_SHARED_STRINGS", 100_000)
# ... or when it holds more parts than this (a real workbook has a few dozen).
PAYESH_MAX_WORKBOOK_PARTS = env_int("PAYESH_MAX_WORKBOOK_PARTS", 1000)
# A DHIS2 dataValueSets import (page or API): at most this many values, and at most this many
# months of a center (each is a month's grid to check and write; a province's year is 24 x 12).
# Its periods must be of a year Payesh knows (one with commitments, or this year).
PAYESH_DHIS2_MAX_VALUES = env_int("PAYESH_DHIS2_MAX_VALUES", 100_000)
PAYESH_DHIS2_MAX_MONTHS = env_int("PAYESH_DHIS2_MAX_MONTHS", 1200)
# The DHIS2 server a planner pushes figures to (api/dhis2_push.py; empty: no push), with a
# personal access token of a DHIS2 account that may write the data set (DHIS2 2.37+: "d2pat_...",
# sent as "Authorization: ApiToken ..."), the code of the data set the months are registered
# complete in, and how long one request may take (seconds) before the push is given up.
PAYESH_DHIS2_URL = os.environ.get("PAYESH_DHIS2_URL", "").rstrip("/")
PAYESH_DHIS2_TOKEN = os.environ.get("PAYESH_DHIS2_TOKEN", "")
PAYESH_DHIS2_DATA_SET = os.environ.get("PAYESH_DHIS2_DATA_SET", "PAYESH")
PAYESH_DHIS2_TIMEOUT = env_float("PAYESH_DHIS2_TIMEOUT", 60.0)
# Django's own cap on a body read into memory would be a second, smaller limit (2.5 MB by default:
# a DHIS2 file between it and the one above was a 500). A body never passes the middleware's
# limit (WSGI hands Django at most its Content-Length), so Django's cap is off.
DATA_UPLOAD_MAX_MEMORY_SIZE = None

DJANGO_TABLES2_TEMPLATE = "table.html"  # templates/table.html: page numbers in the page's digits

# One line per request on the "payesh.requests" logger (user, method, path, status, duration);
# errors with their traceback through django.request, where a 4xx (a 403, say) stays one line
# without one. Both to stderr, for the process manager.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"client_errors_without_traceback": {"()": "payesh.logfilters.ClientErrorsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"filters": ["client_errors_without_traceback"]},
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# --- Payesh's own rules, tunable without touching code -------------------------------------
# Status of a center from its pace (actual to date / expected to date).
PAYESH_ON_TRACK_PACE = env_float("PAYESH_ON_TRACK_PACE", 1.00)
PAYESH_SLIGHTLY_BEHIND_PACE = env_float("PAYESH_SLIGHTLY_BEHIND_PACE", 0.90)
# A month's report is due by this day of the following Jalali month.
PAYESH_REPORT_DEADLINE_DAY = env_int("PAYESH_REPORT_DEADLINE_DAY", 5)
# A typed figure above this multiple of the month's phased target needs a confirming comment.
PAYESH_OUTLIER_FACTOR = env_float("PAYESH_OUTLIER_FACTOR", 10.0)
# A figure far from the center's own past months of the same row needs a confirming comment
# (reports/quality/history.py): the last PAYESH_OUTLIER_HISTORY_MONTHS months (0: no history check),
# checked once at least PAYESH_OUTLIER_MIN_HISTORY of them have a figure; flagged when it is at
# least PAYESH_OUTLIER_RATIO times the usual (or at most its 1/ratio) and more than
# PAYESH_OUTLIER_Z robust standard deviations (1.4826 x the median absolute deviation) from it.
PAYESH_OUTLIER_HISTORY_MONTHS = env_int("PAYESH_OUTLIER_HISTORY_MONTHS", 24)
PAYESH_OUTLIER_MIN_HISTORY = env_int("PAYESH_OUTLIER_MIN_HISTORY", 6)
PAYESH_OUTLIER_RATIO = env_float("PAYESH_OUTLIER_RATIO", 3.0)
PAYESH_OUTLIER_Z = env_float("PAYESH_OUTLIER_Z", 3.5)
if PAYESH_OUTLIER_HISTORY_MONTHS < 0 or PAYESH_OUTLIER_MIN_HISTORY < 1 or PAYESH_OUTLIER_RATIO <= 1 or PAYESH_OUTLIER_Z <= 0:
    raise ImproperlyConfigured("PAYESH_OUTLIER_HISTORY_MONTHS must be 0 or more, PAYESH_OUTLIER_MIN_HISTORY 1 or more, "
                               "PAYESH_OUTLIER_RATIO above 1 and PAYESH_OUTLIER_Z above 0.")
# The shortest and the longest sensible course, in hours: the shipped validation rules keep a
# month's person-hours between these times its person-courses (reports/quality/rules.py).
PAYESH_COURSE_HOURS_MIN = env_float("PAYESH_COURSE_HOURS_MIN", 8)
PAYESH_COURSE_HOURS_MAX = env_float("PAYESH_COURSE_HOURS_MAX", 600)
if not 0 < PAYESH_COURSE_HOURS_MIN <= PAYESH_COURSE_HOURS_MAX:
    raise ImproperlyConfigured("PAYESH_COURSE_HOURS_MIN must be above 0 and at most PAYESH_COURSE_HOURS_MAX.")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.CaseInsensitiveModelBackend",
]

# --- mail and the monthly cycle (notifications/) -------------------------------------------
# Mail goes out through SMTP when EMAIL_HOST is set; without it, to the console in development
# and nowhere in production (the inbox still works).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend" if DEBUG
    else "django.core.mail.backends.dummy.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "payesh@localhost")
# The site's address, for the links in mails (e.g. https://payesh.example.org); empty: paths only.
PAYESH_SITE_URL = os.environ.get("PAYESH_SITE_URL", "").rstrip("/")
# Heads who have not submitted are reminded from this many days before the deadline.
PAYESH_REMINDER_DAYS = env_int("PAYESH_REMINDER_DAYS", 3)
# Planners hear of a submitted report waiting for review longer than this many days.
PAYESH_REVIEW_WAIT_DAYS = env_int("PAYESH_REVIEW_WAIT_DAYS", 3)
# Owners hear of an open action item this many days before its due date.
PAYESH_ACTION_DUE_DAYS = env_int("PAYESH_ACTION_DUE_DAYS", 7)
# --- the API (api/): DRF with personal tokens or the session, JSON only, errors in one shape ----
PAYESH_API_RATE = os.environ.get("PAYESH_API_RATE", "600/min")  # per token (api/throttles.py)
# Live (not revoked) personal tokens one person may hold at once (api/tokens.py).
PAYESH_API_MAX_TOKENS = env_int("PAYESH_API_MAX_TOKENS", 10)
if PAYESH_API_MAX_TOKENS < 1:
    raise ImproperlyConfigured(f"PAYESH_API_MAX_TOKENS must be 1 or more, not {PAYESH_API_MAX_TOKENS}")
if not re.fullmatch(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)", PAYESH_API_RATE):
    raise ImproperlyConfigured(f"PAYESH_API_RATE must read like 600/min (or n/sec, n/hour, n/day), not {PAYESH_API_RATE!r}")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.PersonalTokenAuthentication",
                                       "api.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.PerTokenThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],  # DRF's, bounded (payesh.inputs)
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Payesh API",
    "DESCRIPTION": "Commitments, monthly reports and progress of the training centers (see README: API).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our static files, no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No link inside each operation's button (a link in a button is out of reach of a keyboard and
    # a screen reader: axe-core's nested-interactive); the page's own address stays as it is.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ReportStatusEnum": "reports.models.ReportStatus",
        "CommitmentStatusEnum": "commitments.models.CommitmentStatus",
        "MeetingStatusEnum": "meetings.models.MeetingStatus",
        "ActionItemStatusEnum": "meetings.models.ActionItemStatus",
    },
}
