"""Settings shared by every environment; local, test and production import and adjust these.

Everything that differs between machines is read from the environment (django-environ).
"""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"  # runtime files of a local run: SQLite, embedded broker, private files

env = environ.Env()

# GENERAL
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SITE_NAME = env("SITE_NAME", default="物业纠纷调解平台")
# The public address of the site: the QR code printed on every agreement leads to its
# verification page here, and a worker rendering it has no request to ask.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# I18N / L10N
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/i18n/
# Chinese first; every user-visible string is an English msgid translated in the
# zh_Hans catalogues (project locale/ plus each app's own locale/).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# DATABASES
# ------------------------------------------------------------------------------
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
# A connection that died with a PostgreSQL restart is replaced, not reused.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg 3 binds parameters on the server and prepares a query the fifth time a connection
    # runs it: PostgreSQL then plans it once per connection, not once per request. Planning a
    # page's queries took longer than running them (the case row with its six places took
    # 3 ms to plan and 0.2 ms to run; docs/performance.md). Behind a transaction-pooling
    # PgBouncer older than 1.21, set DB_PREPARE_THRESHOLD to an empty value to turn it off.
    prepare_threshold = env("DB_PREPARE_THRESHOLD", default="5")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=int(prepare_threshold) if prepare_threshold else None,
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The local run has a web server, a worker and beat writing to one file: wait for the
    # lock instead of failing, and take it at the start of each transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 30, "transaction_mode": "IMMEDIATE"}
    )
    # The ledgers' covering indexes carry extra columns on PostgreSQL; SQLite builds the same
    # indexes without them, which is all a local run needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

# APPS
# ------------------------------------------------------------------------------
DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.admin",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "guardian",
    "axes",
    "django_htmx",
]
LOCAL_APPS = [
    "core",
    "grids",
    "mediators",
    "cases",
    "intake",
    "agreements",
    "documents",
    "followups",
    "reports",
    "notifications",
    "privacy",
]
# Our apps first: their translations and templates take precedence over the libraries'.
INSTALLED_APPS = LOCAL_APPS + DJANGO_APPS + THIRD_PARTY_APPS

# AUTHENTICATION
# ------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/auth/customizing/
AUTH_USER_MODEL = "mediators.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out login before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # django-guardian holds only the per-case exceptions (an invited expert or partner).
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "public-home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-guardian: no anonymous user row; anonymous visitors never hold object permissions.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

# THE CLIENT'S ADDRESS
# ------------------------------------------------------------------------------
# How many reverse proxies in front of the app append to X-Forwarded-For (the TLS proxy that
# production requires: 1). Every limit that counts per address (the login lockout, the API's
# throttles, the residents' limits) reads the client from there (core/clientip.py); with 0 the
# header is ignored and REMOTE_ADDR is the client. `check --deploy` warns while it is 0.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# django-axes: login throttling. https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
# The residents' per-address and per-number limits (intake/ratelimit.py). Off only for a load
# test from one address (bench/run.py); `check --deploy` warns when they are off.
RATE_LIMITS_ENABLED = env.bool("RATE_LIMITS_ENABLED", default=True)
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Per account and address: wrong passwords from one place pause that place only, so nobody can
# keep the account's owner out by guessing from elsewhere (mediators/lockout.py tells them).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.views.login_locked_out"

# MIDDLEWARE
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before any view, WhiteNoise and the debug page: a NUL byte or bytes that are not UTF-8 in
    # the address answer 400 (issue 19, item 8).
    "core.middleware.RefuseUnusableAddressMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

# STATIC AND PRIVATE FILES
# ------------------------------------------------------------------------------
# Every stylesheet, script and icon is served from our own static files (WhiteNoise):
# the product must work on a government intranet with no internet.
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded evidence and rendered documents live outside any public path and are served
# only by views that check permission. There is deliberately no MEDIA_URL route.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/private/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# TEMPLATES
# ------------------------------------------------------------------------------
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
                "core.context_processors.site",
            ],
        },
    },
]

# SECURITY
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_AGE = 60 * 60 * 10  # one working day

# Content-Security-Policy (django-csp): our own files only, no inline script or style.
# https://django-csp.readthedocs.io/en/latest/configuration.html
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# EMAIL
# ------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@tiaojie.local")

# SMS: a backend like Django's email backends (see notifications/sms/__init__.py)
SMS_BACKEND = env("SMS_BACKEND", default="notifications.sms.console.SmsBackend")
SMS_FILE_PATH = env("SMS_FILE_PATH", default=str(VAR_DIR / "sms.jsonl"))
SMS_HTTP_URL = env("SMS_HTTP_URL", default="")
SMS_HTTP_TOKEN = env("SMS_HTTP_TOKEN", default="")
SMS_SIGN = env("SMS_SIGN", default="【物业纠纷调解】")

# CACHES
# ------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="tiaojie"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# CELERY
# ------------------------------------------------------------------------------
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
# Redis when configured; otherwise kombu's filesystem transport, so that `make run`
# needs no external service.
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "control"):
        (BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    # The filesystem transport has no fanout exchange worth relying on.
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
else:
    # How long Redis hides a message a worker took before handing it to another worker (the
    # worker died). Long waits are polled from the database: config.celery refuses an ETA or
    # countdown that would not fit inside it.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60)
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True  # task state that users see is kept on our own rows
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
CELERY_WORKER_SEND_TASK_EVENTS = False
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Installed into django-celery-beat's tables when beat starts; edit times in the admin.
CELERY_BEAT_SCHEDULE: dict = {
    "core-heartbeat": {"task": "core.tasks.heartbeat", "schedule": 300.0},
}

# DJANGO REST FRAMEWORK
# ------------------------------------------------------------------------------
# https://www.django-rest-framework.org/api-guide/settings/
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON first; the browsable API draws no forms, whose menus listed other cases' parties.
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "core.api.renderers.BrowsableAPIRenderer",
    ],
    # DRF's JSON parser, refusing lone surrogates, NUL and deep nesting (core/api/parsers.py)
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    # For any throttle on DRF's own get_ident; ours count by core.clientip (the same rule).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "物业纠纷调解平台 API",
    "DESCRIPTION": "Cases, intake, agreements, follow-ups and figures of the mediation platform.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # API documentation assets come from drf-spectacular-sidecar, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that share a field name across models get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "cases.workflow.Status",
        "AssessmentStatusEnum": "cases.models.work.ExpertAssessment.Status",
        "PartyKindEnum": "cases.models.party.Party.Kind",
        "CaseLinkKindEnum": "cases.models.work.CaseLink.Kind",
        "PartySideEnum": "cases.models.party.Side",
        "AgreementStatusEnum": "agreements.models.Agreement.Status",
        "ObligationStatusEnum": "agreements.models.Obligation.Status",
        "ObligationKindEnum": "agreements.models.Obligation.Kind",
        "DocumentStateEnum": "documents.models.Document.State",
        "TeamKindEnum": "mediators.models.Team.Kind",
        "FollowUpVisitStatusEnum": "followups.models.FollowUpVisit.Status",
        "FollowUpVisitModeEnum": "followups.models.FollowUpVisit.Mode",
        "PatrolMemberKindEnum": "followups.models.PatrolMember.Kind",
        "ObligationRecordedStatusEnum": "followups.api.serializers.RecordedStatus",
        "DataRequestKindEnum": "privacy.models.DataRequest.Kind",
    },
}

# LOGGING
# ------------------------------------------------------------------------------
# Phone and ID numbers are masked in every log line (core.logging.PersonalDataFilter).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "core.logging.PersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "kombu.connection": {"level": "ERROR"},
    },
}

# THE DOMAIN
# ------------------------------------------------------------------------------
# 人民调解一般在一个月内调结: a case is concluded within 30 days of acceptance.
CASE_DEADLINE_DAYS = env.int("CASE_DEADLINE_DAYS", default=30)
# Each tier's share of that month before it should settle or escalate.
TIER_DEADLINE_DAYS = {"grid": 10, "specialist": 10, "joint_centre": 10}
DEMO_PASSWORD = env("DEMO_PASSWORD", default="tiaojie2026")
