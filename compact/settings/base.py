"""Settings shared by every environment.

Configuration comes from environment variables only (see README, "Configuration"):
SQLite when DATABASE_URL is unset, PostgreSQL when it is set; Redis for cache and the Celery
broker when REDIS_URL is set, an in-process cache and eager Celery otherwise.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from .media import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# A development key is only acceptable when nothing secret is at stake; production.py refuses it.
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-" + "x" * 20)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A form refused by the CSRF check gets a page in the site's layout that says why (compact/errors.py).
CSRF_FAILURE_VIEW = "compact.errors.csrf_failure"

INSTALLED_APPS = [
    # Before the admin, so that the admin's classes see the translated fields (platform_app/translation.py).
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_celery_beat",
    "import_export",
    "simple_history",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "platform_app",
    "workinggroups",
    "newsletters",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything else, so that they see every answer: JSON errors under /api/ whatever DEBUG
    # says, and no answer to a signed-in request kept by a cache; an API answer a rate limit counted
    # says where the client stands (platform_app.core.api.throttling).
    "platform_app.core.api.throttling.RateLimitHeadersMiddleware",
    "platform_app.core.api.errors.ApiErrorsAsJsonMiddleware",
    "platform_app.core.middleware.PrivateResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Under /api/, the language the client asks for (`lang`, Accept-Language), said in Content-Language.
    "platform_app.core.api.language.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "platform_app.accounts.security.SessionLifetimeMiddleware",
    "platform_app.accounts.security.StaffSecondFactorMiddleware",
    "platform_app.core.audit.AuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "platform_app.core.middleware.UserTimeZoneMiddleware",
    "platform_app.metrics.visits.VisitCounterMiddleware",
    # Last, so that it turns a sign-in refused for a lockout into the 429 page (platform_app.accounts.security).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "compact.urls"
WSGI_APPLICATION = "compact.wsgi.application"
ASGI_APPLICATION = "compact.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time; the others must wait for it (up to `timeout` seconds), not fail
    # with "database is locked". A transaction that reads before it writes (full_clean, then save) and
    # finds another writer cannot wait: SQLite refuses it at once, as waiting could deadlock. IMMEDIATE
    # takes the write lock at BEGIN, so every transaction waits its turn there instead. In WAL mode
    # reading never waits for a writer; the file keeps it once set (by `migrate`, before a server runs:
    # many first connections switching a file at once may find it locked). synchronous=NORMAL is the
    # setting WAL is meant for (a power cut may lose the last commits, never corrupt the file). An
    # in-memory database, the tests', ignores the journal mode.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Behind a pooler in transaction mode (PgBouncer's pool_mode = transaction), consecutive transactions of one
# Django connection may run on different server connections, so nothing may outlive a transaction: the
# server-side cursors that QuerySet.iterator() opens on PostgreSQL would (they are declared WITH HOLD
# outside a transaction), so iterator() fetches in client-side chunks instead. Nothing else here keeps
# session state: statements are bound on the client (no prepared statements), SET TRANSACTION and
# SELECT FOR UPDATE end with their transaction, and the time zone is one PgBouncer tracks per client.
DATABASE_POOL_MODE = os.environ.get("DATABASE_POOL_MODE", "session")
if DATABASE_POOL_MODE not in {"session", "transaction"}:
    raise ImproperlyConfigured(f"DATABASE_POOL_MODE is session or transaction, not {DATABASE_POOL_MODE!r}.")
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASE_POOL_MODE == "transaction"
# The server itself, for backups and restores behind such a pooler (platform_app/ops/databases.py).
DATABASE_DIRECT_URL = os.environ.get("DATABASE_DIRECT_URL", "")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "platform_app.User"
# The lockout check first: a locked-out username and address pair is refused before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "platform_app.accounts.backends.UsernameOrEmailBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account:signed_out"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in protection (platform_app.accounts.security). Five failed sign-ins for one account from one address
# lock that pair out for 15 minutes; a success before then clears the count.
AXES_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SIGN_IN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "platform_app.accounts.security.lockout_username"
AXES_CLIENT_IP_CALLABLE = "platform_app.core.http.client_ip"
AXES_LOCKOUT_CALLABLE = "platform_app.accounts.security.lockout_response"
AXES_VERBOSE = False
# Sign-ins are in the platform's own audit log (platform_app.core.audit); axes keeps only the failures.
AXES_DISABLE_ACCESS_LOG = True
# How many reverse proxies in front of the platform append to X-Forwarded-For (0: use REMOTE_ADDR). The
# lockout, the API's rate limits and the audit log all take the address from platform_app.core.http.client_ip.
_proxy_count = (os.environ.get("TRUSTED_PROXY_COUNT") or "0").strip()
if not (_proxy_count.isascii() and _proxy_count.isdigit()):
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be a whole number, 0 or more, not {_proxy_count!r}.")
TRUSTED_PROXY_COUNT = int(_proxy_count)
# A session ends after 30 minutes without a request and 12 hours after signing in; the cookie itself
# lasts no longer than the absolute limit.
SESSION_IDLE_SECONDS = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12")) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Staff confirm a TOTP code (django-otp) after their password; see platform_app.accounts.security.
OTP_REQUIRED_FOR_STAFF = env_bool("OTP_REQUIRED_FOR_STAFF", True)
OTP_TOTP_ISSUER = "Compact Coordination Platform"
# The admin never shows the key of an existing authenticator (nor its QR code): whoever read it could
# produce its codes. A lost phone is reset by deleting the device.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Content-Security-Policy (django-csp): only the platform's own files run; an inline script or style
# runs only with the response's nonce (request.csp_nonce), which the few templates needing it carry.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en"
# The six official languages of the United Nations; a language is offered once its catalogue
# exists in locale/ (locale/<code>/LC_MESSAGES/django.po), so adding one is adding that file.
UN_LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ru", "Русский"),
    ("zh-hans", "中文"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]


def _has_catalogue(code: str) -> bool:
    from django.utils.translation import to_locale

    return code == "en" or (LOCALE_PATHS[0] / to_locale(code) / "LC_MESSAGES" / "django.po").exists()


LANGUAGES = [(code, name) for code, name in UN_LANGUAGES if _has_catalogue(code)]
# Names of the Compact's bodies, States, languages and themes in each official language
# (platform_app/translation.py): a column per language whatever the catalogues, so that the schema never
# depends on locale/. A name missing in a language is read in English.
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in UN_LANGUAGES)
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# A record made in code with `name=` (not `name_en=`) gets its English name from it too, whatever the
# language active then, so that no record is without one.
MODELTRANSLATION_AUTO_POPULATE = "default"
# The admin's language tabs (jQuery UI, from the admin's own jQuery) come from static/vendor, never a CDN.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = "compact.formats"  # CLDR's number separators and the pages' date patterns

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Without collectstatic (development, tests) WhiteNoise serves straight from the app folders.
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "media/"
# Uploaded files live outside any URL served directly; downloads go through permission checks.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))


# MEDIA_STORAGE: the local disk (MEDIA_ROOT) or an S3 bucket, for the production settings too (media.py).
STORAGES = {
    "default": media_storage(os.environ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The sweep of stored files no row names (platform_app.ops.sweep) leaves those younger than this alone: an
# upload stored but not yet committed must never be swept.
STORED_FILES_SWEEP_GRACE_HOURS = int(os.environ.get("STORED_FILES_SWEEP_GRACE_HOURS", "24"))
if STORED_FILES_SWEEP_GRACE_HOURS < 0:
    raise ImproperlyConfigured("STORED_FILES_SWEEP_GRACE_HOURS must be 0 or more.")

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # The cache may live in another Redis database than the broker (CACHE_URL).
            "LOCATION": os.environ.get("CACHE_URL") or REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "compact"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: a real broker when REDIS_URL is set, tasks run in-process otherwise.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 9 * 60
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task whose worker vanished without acknowledging it goes back to the queue after this long. It
# must exceed the longest task time limit (30 minutes), or a long task would run twice at once.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600"))}
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
CELERY_WORKER_SEND_TASK_EVENTS = False
# A task hit by a transient fault (database, Redis, mail server) is retried this many times, after
# delays growing from TASK_RETRY_BACKOFF seconds up to TASK_RETRY_BACKOFF_MAX, then recorded as failed.
TASK_MAX_RETRIES = int(os.environ.get("TASK_MAX_RETRIES", "5"))
TASK_RETRY_BACKOFF = int(os.environ.get("TASK_RETRY_BACKOFF", "5"))
TASK_RETRY_BACKOFF_MAX = int(os.environ.get("TASK_RETRY_BACKOFF_MAX", "600"))

# The address mails link to (they are written by workers, which have no request to take it from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Focal points who have not signed in for this long are put to their organization's main focal point.
RECONFIRM_AFTER_MONTHS = int(os.environ.get("RECONFIRM_AFTER_MONTHS", "6"))
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "60"))

# Health checks (django-health-check): /health/ (platform_app.ops.health) runs these on
# every request, each as "path" or ("path", {options}). The cache is Redis when REDIS_URL is set.
# A Celery worker must answer a ping (1 s) only with a broker: without REDIS_URL tasks run eagerly
# and there is no worker to ask.
INSTALLED_APPS += ["health_check"]
HEALTH_CHECKS = [
    "health_check.checks.Database",
    "platform_app.ops.health.Migrations",
    "health_check.checks.Cache",
    "health_check.checks.Storage",
]
if REDIS_URL:
    HEALTH_CHECKS.append(("platform_app.ops.health.CeleryPing", {"limit": 1}))
# /health/node/, for load balancers: what decides whether this node can serve. Its database connection (each
# node's own, possibly through its pooler) and applied migrations; not the services all nodes share.
HEALTH_CHECKS_NODE = ["health_check.checks.Database", "platform_app.ops.health.Migrations"]


def _email_settings() -> dict:
    """EMAIL_URL (smtp://user:pass@host:port, console:, locmem:) or the EMAIL_* variables."""
    from urllib.parse import unquote, urlsplit

    url = os.environ.get("EMAIL_URL", "")
    if not url:
        if os.environ.get("EMAIL_HOST"):
            return {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": os.environ["EMAIL_HOST"],
                "EMAIL_PORT": int(os.environ.get("EMAIL_PORT", "587")),
                "EMAIL_HOST_USER": os.environ.get("EMAIL_HOST_USER", ""),
                "EMAIL_HOST_PASSWORD": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", True),
            }
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
        "submission": "django.core.mail.backends.smtp.EmailBackend",
    }
    if parts.scheme not in backends:
        raise ValueError(f"EMAIL_URL: unknown scheme {parts.scheme!r}")
    result = {"EMAIL_BACKEND": backends[parts.scheme]}
    if parts.scheme == "file":
        result["EMAIL_FILE_PATH"] = parts.path
    elif parts.scheme in {"smtp", "smtps", "submission"}:
        result.update(
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=parts.port or (465 if parts.scheme == "smtps" else 587),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_SSL=parts.scheme == "smtps",
            EMAIL_USE_TLS=parts.scheme == "submission",
        )
    return result


globals().update(_email_settings())
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Counter-Terrorism Compact Secretariat <noreply@compact.invalid>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "compact-demo-2026")

# REST API (/api/v1/). Tokens expire: a default lifetime, and a ceiling a request may not exceed.
API_TOKEN_DEFAULT_DAYS = int(os.environ.get("API_TOKEN_DEFAULT_DAYS", "90"))
API_TOKEN_MAX_DAYS = int(os.environ.get("API_TOKEN_MAX_DAYS", "365"))
# last_used_at is written at most this often per token, not on every request.
API_TOKEN_TOUCH_SECONDS = 60
API_MAX_UPLOAD_BYTES = int(os.environ.get("API_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
# Lists (API and pages) count matches up to this many and page through this many at most
# (platform_app/core/paging.py): past it, filters and search narrow the list.
LIST_COUNT_LIMIT = int(os.environ.get("LIST_COUNT_LIMIT", "10000"))
# The same for a searched list (API `search=`, a page's `q`): its matches are read from the top, and
# counting them is the costly part.
SEARCH_COUNT_LIMIT = int(os.environ.get("SEARCH_COUNT_LIMIT", "1000"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "platform_app.accounts.authentication.TokenAuthentication",
        "platform_app.accounts.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["platform_app.core.api.permissions.IsPlatformUser"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "platform_app.core.api.filters.FullTextSearchFilter",
        "platform_app.core.api.filters.StableOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "platform_app.core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["platform_app.core.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": os.environ.get("API_THROTTLE_RATE", "5000/hour"),
        "sign_in": os.environ.get("API_SIGN_IN_THROTTLE_RATE", "20/minute"),
    },
    "DEFAULT_SCHEMA_CLASS": "platform_app.core.api.schema.CompactAutoSchema",
    "EXCEPTION_HANDLER": "platform_app.core.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # The rate limits count per address with platform_app.core.http.client_ip; this keeps DRF's own
    # reading of X-Forwarded-For, should anything call it, to the same proxies.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Compact Coordination Platform API",
    "DESCRIPTION": (
        "Read the Compact's organizations, focal points, library, calendar, working groups, projects, "
        "Multi-Year Appeal, CTED assessments and recommendations, figures and newsletters; write where "
        "your role allows. Send `Authorization: Token <key>`; get a key from `POST /api/v1/auth/token/`. "
        "Every list shows only what the caller may see. Errors are JSON: `detail` for people, `code` for "
        "programs, and `errors` naming the fields at fault; each operation lists those it can answer with. "
        "A method a path does not offer is answered 405, with Allow naming those it does."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1/",
    "ENUM_NAME_OVERRIDES": {
        "OrganizationKindEnum": "platform_app.directory.models.Organization.Kind",
        "EventKindEnum": "platform_app.calendar.models.Event.Kind",
        "AssessmentKindEnum": "platform_app.cted.models.CountryAssessment.Kind",
        "ProjectStatusEnum": "platform_app.projects.models.Project.Status",
        "RecommendationStatusEnum": "platform_app.cted.models.Recommendation.Status",
        "NewsletterStatusEnum": "newsletters.models.NewsletterIssue.Status",
        "NewsletterSectionKindEnum": "newsletters.models.NewsletterSection.Kind",
        "MetricSourceEnum": "platform_app.metrics.models.MetricSnapshot.Source",
        "CountryEntryKindEnum": "platform_app.countries.models.CountryEntry.Kind",
        "SupportRequestStatusEnum": "platform_app.support.models.SupportRequest.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "platform_app.core.api.schema.blank_or_format_is_any_of",
        "platform_app.core.api.schema.empty_query_value_is_absent",
        "platform_app.core.api.language.document_language",
    ],
}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
