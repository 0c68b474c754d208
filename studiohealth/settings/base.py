"""Settings shared by every environment; everything variable comes from the environment.

Defaults are the embedded demo set-up (SQLite, Celery eager) and are safe: DEBUG is off unless
asked for, and production.py refuses to boot without a real SECRET_KEY.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from kombu import Queue

from .envtools import StrictEnv
from .storage import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = StrictEnv()  # strict booleans, NAME_FILE secrets (envtools.py)
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'demo.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default=None)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and Redoc served by us: our CSP allows no CDN
    "axes",
    "csp",
    "pgtrigger",  # audit table append-only (privacy.models)
    "pghistory",  # write history of consents, memberships, assignments (privacy.history)
    "allauth",
    "allauth.account",
    "studiohealth.core",
    "studios",
    "screenings",
    "programs",
    "dashboards",
    "reports",
    "privacy",
    "mirror",
    "rest_framework_api_key",  # key hashing for integrations.StudioAPIKey (its own table unused)
    "integrations",  # studio API keys (docs/integration.md)
    "demo",  # seed_demo: above every app, so it may import them all
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "studiohealth.core.security.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "integrations.middleware.KeyRequestAuditMiddleware",  # after the view's transaction
]

ROOT_URLCONF = "studiohealth.urls"
WSGI_APPLICATION = "studiohealth.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "frontend_templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_USER_MODEL = "studios.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "frontend_templates" / "static"]
WHITENOISE_AUTOREFRESH = DEBUG
# Files browsers ask for at the site root on their own (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "frontend_templates" / "root"
# Vendored libraries sit under a versioned path (vendor/<name>/<version>/): cache them for a year.
WHITENOISE_IMMUTABLE_FILE_TEST = r"/static/vendor/[^/]+/[0-9][^/]*/"
# Uploaded clips and key frames are health data about children: kept outside the web root and
# served only through permission-checked views (never MEDIA_URL).
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# --- Storage (deploy) -------------------------------------------------------------------------------
# STORAGE_BACKEND=filesystem (default, the demo: MEDIA_ROOT on one disk) or s3 (any S3-compatible
# service: AWS, MinIO, Ceph, R2) so web and workers need no shared disk. storage.py, docs/deploy.md.
STORAGES = {
    "default": media_storage(env),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# --- end storage ------------------------------------------------------------------------------------

# --- API -----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first so an anonymous API call gets 401 with a WWW-Authenticate header, not 403.
        "studios.token_auth.ExpiringTokenAuthentication",  # 30-day user tokens, revoked on logout
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "studiohealth.core.exception_handler.api_exception_handler",
    "DEFAULT_METADATA_CLASS": "studiohealth.core.metadata.ScopedMetadata",  # OPTIONS: 404 like GET
    # Anonymous callers are rate-limited everywhere; uploads and logging per user with
    # studiohealth.core.throttles.UploadThrottle / LogThrottle on those views.
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"upload": "30/hour", "log": "600/hour", "anon": "60/minute"},
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Machine credentials accepted by studios.scoping.StudioScopedMixin only (docs/integration.md).
STUDIO_CREDENTIAL_AUTHENTICATION_CLASSES = ["integrations.auth.StudioAPIKeyAuthentication"]
# Outbound webhooks (integrations/webhooks.py): backoff base × 2^n capped, given up after the window.
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", default=False)  # SSRF guard
WEBHOOKS_RETRY_BASE_SECONDS = env.float("WEBHOOKS_RETRY_BASE_SECONDS", default=60.0)
WEBHOOKS_RETRY_MAX_SECONDS = env.float("WEBHOOKS_RETRY_MAX_SECONDS", default=6 * 3600.0)
WEBHOOKS_RETRY_WINDOW_SECONDS = env.int("WEBHOOKS_RETRY_WINDOW_SECONDS", default=72 * 3600)
WEBHOOKS_TIMEOUT_SECONDS = env.float("WEBHOOKS_TIMEOUT_SECONDS", default=10.0)
WEBHOOKS_LINK_BASE_URL = env.str("WEBHOOKS_LINK_BASE_URL", default="")  # "https://app.example" for links
# Lost messages (integrations/webhook_requeue.py): beat looks every INTERVAL for deliveries pending
# more than GRACE past their due time and re-publishes them.
WEBHOOKS_REQUEUE_INTERVAL_SECONDS = env.float("WEBHOOKS_REQUEUE_INTERVAL_SECONDS", default=300.0)
WEBHOOKS_REQUEUE_GRACE_SECONDS = env.float("WEBHOOKS_REQUEUE_GRACE_SECONDS", default=300.0)
# Embedded cards (integrations/embed.py): launch links live 5 minutes; portals must be https://
# (http:// only for local tests and the demo).
EMBED_LINK_MAX_AGE_SECONDS = env.int("EMBED_LINK_MAX_AGE_SECONDS", default=300)
# A launch link opens once; the card it opened keeps working (frame reload) for this long.
EMBED_SESSION_MAX_AGE_SECONDS = env.int("EMBED_SESSION_MAX_AGE_SECONDS", default=1800)
EMBED_ALLOW_HTTP_ORIGINS = env.bool("EMBED_ALLOW_HTTP_ORIGINS", default=False)
# DRF user tokens (studios/tokens.py): expire this long after they were issued.
USER_TOKEN_MAX_AGE_SECONDS = env.int("USER_TOKEN_MAX_AGE_SECONDS", default=30 * 24 * 3600)
SPECTACULAR_SETTINGS = {
    "TITLE": "studiohealth API",
    "DESCRIPTION": "Knee-alignment screening, glute programs and compliance for dance studios. "
    "Every studio-owned route lives under /api/studios/{studio_id}/.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Two state machines share value names; give each enum its own schema name.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AnalysisStateEnum": "screenings.models.AnalysisState",
        "ReportStateEnum": "reports.models.ReportState",
        "APIKeyScopeEnum": "integrations.models.KeyScope",
        "EmbedLinkKindEnum": "integrations.embed.KINDS",
    },
}

# --- Celery ---------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None  # state lives in PostgreSQL rows, not in a result backend
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# Separate queues so a long video never delays a reminder, and beat's repair jobs (reconcile,
# retention purge) never wait behind a screening day's video backlog: `maintenance` is consumed by
# the light worker.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = [
    Queue("default"), Queue("video"), Queue("reports"), Queue("notifications"), Queue("maintenance")
]  # fmt: skip
CELERY_TASK_ROUTES = {
    "integrations.tasks.deliver_webhook": {"queue": "notifications"},
    "integrations.tasks.webhook_deliveries_requeue": {"queue": "maintenance"},
    "integrations.tasks.embed_link_uses_purge": {"queue": "maintenance"},
    "screenings.tasks.analyse_clip": {"queue": "video"},
    "screenings.tasks.reconcile_analyses": {"queue": "maintenance"},
    "screenings.tasks.purge_expired_clips": {"queue": "maintenance"},
    "reports.tasks.*": {"queue": "reports"},
    "programs.tasks.*": {"queue": "notifications"},
}
# One beat process. Each entry's task lives in the app named by its prefix.
CELERY_BEAT_SCHEDULE = {
    "reconcile-analyses": {"task": "screenings.tasks.reconcile_analyses", "schedule": timedelta(minutes=1)},
    "purge-expired-clips": {"task": "screenings.tasks.purge_expired_clips", "schedule": timedelta(hours=6)},
    "referral-flags-sweep": {"task": "programs.tasks.sweep_referral_flags", "schedule": timedelta(hours=24)},
    "weekly-program-reminders": {
        "task": "programs.tasks.send_program_reminders",
        "schedule": timedelta(hours=24),
    },
    "webhook-deliveries-requeue": {
        "task": "integrations.tasks.webhook_deliveries_requeue",
        "schedule": timedelta(seconds=WEBHOOKS_REQUEUE_INTERVAL_SECONDS),
    },
    "embed-link-uses-purge": {
        "task": "integrations.tasks.embed_link_uses_purge",
        "schedule": timedelta(hours=1),
    },
}

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("CACHE_URL")}
        if env("CACHE_URL", default="")
        # Dashboard rows are one entry per dancer (+ her version): the default 300 entries would thrash.
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 20_000}}
    )
}

# --- Accounts and mail (onboarding: django-allauth, invitations) -------------------------------------
# Production sends through SMTP configured here; the demo writes each mail to a file in EMAIL_FILE_PATH
# (scripts/demo.sh prints the folder); tests use the locmem backend.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="studiohealth <no-reply@studiohealth.local>")
# Sign-up, e-mail verification, password reset and change are django-allauth's; /login/ stays the
# one login page (django-axes locks it), allauth's own login URL redirects there (studiohealth/urls.py).
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[studiohealth] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
ACCOUNT_LOGOUT_REDIRECT_URL = "login"
ACCOUNT_SIGNUP_REDIRECT_URL = "home"
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
# --- end accounts and mail -----------------------------------------------------------------------

# --- Security ------------------------------------------------------------------------------------
# Threat model and how each control is tested: SECURITY.md. production.py adds HTTPS-only parts.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # the small upload/log JS reads it to send X-CSRFToken
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_REFERRER_POLICY = "same-origin"  # links out never carry a /s/<studio>/dancers/<id>/ URL
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything is served by us: no CDN, no inline script or style (so an injected <script> cannot run).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Browser features we never use are switched off; the camera is only ever the phone's own app.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
# Login lockout (django-axes): after AXES_FAILURE_LIMIT failures for a username from one address,
# that pair is locked for AXES_COOLOFF_TIME. Username+IP so nobody can lock a dancer out from afar.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["password", "new_password1", "new_password2"]

# --- Product limits ------------------------------------------------------------------------------
CLIP_MAX_BYTES = env.int("CLIP_MAX_BYTES", default=200 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Never more than CLIP_MAX_BYTES of an upload on disk, even before the view's size check.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "studiohealth.core.uploads.CappedTemporaryFileUploadHandler",
]
# Analysis pipeline: a claim's lease (renewed by each progress update), when a queued row counts as
# lost by the broker, how many claims a poison clip gets, and Celery's limits for one analysis.
SCREENINGS_LEASE_SECONDS = env.int("SCREENINGS_LEASE_SECONDS", default=120)
SCREENINGS_QUEUED_GRACE_SECONDS = env.int("SCREENINGS_QUEUED_GRACE_SECONDS", default=600)
SCREENINGS_MAX_ATTEMPTS = env.int("SCREENINGS_MAX_ATTEMPTS", default=3)
SCREENINGS_SOFT_TIME_LIMIT = env.int("SCREENINGS_SOFT_TIME_LIMIT", default=300)
SCREENINGS_HARD_TIME_LIMIT = env.int("SCREENINGS_HARD_TIME_LIMIT", default=360)
CLIP_RETENTION_DAYS_DEFAULT = env.int("CLIP_RETENTION_DAYS_DEFAULT", default=365)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# --- Operations (deploy): health, metrics -------------------------------------------------------------
# /healthz, /readyz (ops/health.py) and /metrics (ops/views.py); docs/deploy.md.
INSTALLED_APPS += ["health_check", "ops"]
MIDDLEWARE.insert(0, "ops.latency.RequestLatencyMiddleware")  # outermost: times the whole stack
# Bearer token a Prometheus scrape must send; unset = /metrics answers 404 (off).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
PROMETHEUS_MULTIPROC_DIR = env.str("PROMETHEUS_MULTIPROC_DIR", default="")
# --- end operations -----------------------------------------------------------------------------------
