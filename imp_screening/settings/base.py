"""Settings shared by every environment, read from environment variables (django-environ).

Each environment module imports this one and overrides what differs. Reference:
https://docs.djangoproject.com/en/5.2/ref/settings/
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
# A .env file is read when present (development convenience); real deployments set variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- core ------------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
ROOT_URLCONF = "imp_screening.urls"
WSGI_APPLICATION = "imp_screening.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rest_framework.authtoken",
    "axes",
    "csp",
    "streams",
    "intake",
    "applications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "imp_screening.typography.FrenchSpacingMiddleware",  # French pages: no colon or question mark starts a line
    "imp_screening.errors.RequestSizeLimitMiddleware",  # 413 before any body is read
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "imp_screening.privacy.PrivateCacheControlMiddleware",  # after authentication: it asks who is signed in
    # Last, as django-axes asks: turns a sign-in refused for a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

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

# Largest request body accepted, uploads included (a screening request is a few kilobytes): larger
# ones get 413 (imp_screening/errors.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("REQUEST_MAX_BYTES", default=1024 * 1024)

# --- database: DATABASE_URL, e.g. postgres://user@host:5432/name or sqlite:///path ---------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
# A kept connection is checked before a request reuses it: after a database restart the first
# request of each worker would otherwise fail on the dead connection.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that stops answering must not hang requests: give up connecting after
    # DATABASE_CONNECT_TIMEOUT seconds, have the server cancel a statement after
    # DATABASE_STATEMENT_TIMEOUT seconds (under gunicorn's timeout, gunicorn.conf.py), and notice a
    # silent peer on an open connection through TCP keepalives.
    # https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-PARAMKEYWORDS
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "connect_timeout": env.int("DATABASE_CONNECT_TIMEOUT", default=5),
        "options": f"-c statement_timeout={env.int('DATABASE_STATEMENT_TIMEOUT', default=20) * 1000}",
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
    })

# --- cache and Celery: Redis when REDIS_URL is set --------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # A Redis that stops answering must not hang requests: the throttle gives up after these
        # seconds and lets the request through (streams/throttling.py).
        "OPTIONS": {
            "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=0.5),
            "socket_timeout": env.float("REDIS_TIMEOUT", default=0.5),
        },
    }}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None  # job state is kept in PostgreSQL by the app, not in Celery
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
# A report must be made within the hard limit (the pool process is then killed); the soft limit
# raises inside the task first, so that it fails cleanly and is retried.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=4 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=5 * 60)
# A worker holds a lease on the job row it runs. Past the lease the worker is taken to be gone (killed,
# out of memory, its machine lost) and the job is run again. Longer than the hard limit: a live
# worker has always finished, or been stopped, before its lease ends.
JOB_LEASE_SECONDS = env.int("JOB_LEASE_SECONDS", default=CELERY_TASK_TIME_LIMIT + 60)
# Attempts before a job is marked failed, with the reason shown to the consultant.
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=3)
CELERY_TASK_ACKS_LATE = True  # acknowledged when the task ends: a task lost with its worker is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # ... also when only the pool process running it died
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis hands a message that was not acknowledged within the visibility timeout to another worker
# (the Redis transport's version of "the consumer died"). Above the lease, so that a message is not
# handed out while its job may still be held; Kombu's default (1 hour) left jobs stuck that long.
# Workers look for such messages every CELERY_REDELIVERY_SWEEP_SECONDS.
# https://docs.celeryq.dev/en/stable/getting-started/backends-and-brokers/redis.html#visibility-timeout
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * JOB_LEASE_SECONDS),
    "unacked_restore_interval": env.int("CELERY_REDELIVERY_SWEEP_SECONDS", default=60),
    "unacked_restore_throttle": 1,
}
if not (CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT < JOB_LEASE_SECONDS
        < CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]):
    raise ImproperlyConfigured(
        "background jobs need CELERY_TASK_SOFT_TIME_LIMIT < CELERY_TASK_TIME_LIMIT < JOB_LEASE_SECONDS "
        "< CELERY_VISIBILITY_TIMEOUT (seconds)"
    )
# Tasks run in-process when no broker is configured (development without services).
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True

# --- auth --------------------------------------------------------------------------------------
# django-axes (https://django-axes.readthedocs.io/en/latest/4_configuration.html) counts failed
# sign-ins, on the consultants' page and the admin alike, and refuses the next ones, even with the
# right password, for a cool-off. Counts are kept in the database (shared by every process).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: a locked-out attempt never reaches a password check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
# What is locked: by default a username at one address ("username+ip_address"), so guessing a
# password is stopped without letting anyone lock a consultant out from elsewhere. Alternatives are
# separated by commas: "username,ip_address" locks a username from every address and an address
# for every username (stops spraying from many addresses, but anyone can lock an account).
AXES_LOCKOUT_PARAMETERS = [
    [part.strip() for part in item.split("+")] if "+" in item else item.strip()
    for item in env.list("LOGIN_LOCKOUT_PARAMETERS", default=["username+ip_address"])
]
AXES_CLIENT_IP_CALLABLE = "streams.throttling.client_address"  # the throttles' rule (NUM_PROXIES)
AXES_LOCKOUT_CALLABLE = "applications.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True  # a successful sign-in clears that username's failures at that address
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the page's "try again in N minutes" holds
AXES_HTTP_RESPONSE_CODE = 429
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- internationalization: English and French -------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True

# --- static files (whitenoise) -----------------------------------------------------------------
STATIC_URL = "static/"
# Where collectstatic writes (the image: /app/staticfiles; the CI's production check: a temporary folder).
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").exists() else []

# --- REST framework and OpenAPI ----------------------------------------------------------------
# https://www.django-rest-framework.org/api-guide/settings/
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PARSER_CLASSES": [
        "streams.parsers.JSONParserWithDepthLimit",  # deep nesting: 400, not a RecursionError
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Every API (and the questionnaire's POSTs, streams.throttling.throttle_posts) counts anonymous
    # clients by address and signed-in users by account; POST /api/v1/screen has its own limit too.
    "DEFAULT_THROTTLE_CLASSES": [
        "streams.throttling.FixedWindowAnonThrottle",
        "streams.throttling.FixedWindowUserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_ANON_THROTTLE", default="120/min"),
        "user": env("API_USER_THROTTLE", default="600/min"),
        "screen": env("API_SCREEN_THROTTLE", default="60/min"),
    },
    # How many proxies of our own stand in front of the app. 0: the client is the address the
    # server saw and X-Forwarded-For is ignored (a client can write anything there); N: the address
    # the outermost of our N proxies appended to it. Never leave it unset (None): DRF would then
    # count whatever the client wrote in the header.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "EXCEPTION_HANDLER": "streams.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IMP work-permit screener API",
    "DESCRIPTION": (
        "Screens a person and a job against Canadian work-permit streams (International Mobility "
        "Program, and the Global Talent Stream of the Temporary Foreign Worker Program) and "
        "explains every answer. Screening contract v1."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # 3.1 speaks JSON Schema 2020-12, the dialect of the engine's pydantic schemas ("type": "null").
    "OAS_VERSION": "3.1.0",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "streams.openapi.add_engine_schemas",
    ],
}

# --- Content-Security-Policy (django-csp, https://django-csp.readthedocs.io/) --------------------
# Scripts and styles come only from this site (htmx is vendored in static/): no inline script, style
# or event-handler attribute runs, so injected markup cannot either. The API docs pages relax
# style-src for their own bundles (imp_screening/urls.py); the HTML report download carries its own
# sandboxed policy (applications/views.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Private-link tokens never reach a log: every handler, runserver's request log included, rewrites
# them (imp_screening/privacy.py; gunicorn.conf.py does the same for gunicorn's logs).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"private_links": {"()": "imp_screening.privacy.PrivateLinkFilter"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}",
                          "style": "{"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["private_links"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server",
                          "filters": ["private_links"]},
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # django-axes announces its configuration at every start of every command; failures still log.
        "axes.apps": {"level": "WARNING"},
        # WeasyPrint logs every step of every page of every report at INFO.
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# --- personal data: how long it is kept (PIPEDA: no longer than needed) ---------------------------
# Questionnaire answers kept without an account: stated on every page that shows a private link;
# expired answers are deleted daily.
ANSWERS_RETENTION_DAYS = env.int("ANSWERS_RETENTION_DAYS", default=30)
# Closed client files are erased this many days after they were closed (a tombstone audit row
# remains). Professional rules require consultants and lawyers to keep client files for years after
# the work ends: set this to the firm's retention schedule. The default is seven years.
CLOSED_FILES_RETENTION_DAYS = env.int("CLOSED_FILES_RETENTION_DAYS", default=7 * 365)
# The daily purges run at this time of day (project time zone): on the clock, so that restarting
# beat neither moves them nor skips a day (an interval counted from beat's start did both).
PURGE_HOUR = env.int("PURGE_HOUR", default=3)
PURGE_MINUTE = env.int("PURGE_MINUTE", default=30)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "purge-expired-answers": {"task": "streams.purge_expired_answers",
                              "schedule": crontab(hour=PURGE_HOUR, minute=PURGE_MINUTE)},
    "purge-closed-files": {"task": "applications.client_files_purge_closed",
                           "schedule": crontab(hour=PURGE_HOUR, minute=PURGE_MINUTE)},
    # Every minute: jobs whose worker was lost (lease ended), and jobs requested while the broker was
    # down, are queued again. A sweep needs no clock time.
    "requeue-pending-jobs": {"task": "applications.jobs_requeue_pending", "schedule": 60},
}
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/files/"
LOGOUT_REDIRECT_URL = "/"

# --- rule-change impact (impact/): bulk re-screening, its emails and its periodic tasks ----------
INSTALLED_APPS.append("impact")
# Files per chunk (one Celery task, one transaction).
IMPACT_CHUNK_SIZE = env.int("IMPACT_CHUNK_SIZE", default=1000)
# Links in emails point here.
# Screenings of one stream each process keeps for reuse (streams.engine.rulebook.MEMO_LIMIT, about
# 7 KB each: 110 MB when full at the default). Lower it where memory is short; raising it helps
# only traffic with more different sets of facts than that.
ENGINE_MEMO_LIMIT = env.int("ENGINE_MEMO_LIMIT", default=16_384)
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
# consolemail:// prints emails (development); e.g. smtp+tls://user:password@host:587 in production.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="screener@localhost")
CELERY_BEAT_SCHEDULE.update({
    # A new rulebook (a deploy) starts a run over every firm's files once.
    "impact-run-for-new-rules": {"task": "impact.run_for_new_rules", "schedule": 10 * 60},
    # Chunks lost with a worker that died, or never queued while the broker was down.
    "impact-requeue-chunks": {"task": "impact.chunks_requeue_pending", "schedule": 60},
})

# --- window reminders (reminders/): before a client's eligibility window closes or opens ----------
INSTALLED_APPS.append("reminders")
# Days before a window's last day, and before its first, at which the file's consultant is told once.
REMINDER_DAYS_BEFORE_CLOSE = tuple(env.list("REMINDER_DAYS_BEFORE_CLOSE", cast=int, default=[90, 30, 7]))
REMINDER_DAYS_BEFORE_OPEN = tuple(env.list("REMINDER_DAYS_BEFORE_OPEN", cast=int, default=[30]))
# Daily, on the clock (project time zone), after the night's purges.
REMINDER_HOUR = env.int("REMINDER_HOUR", default=6)
REMINDER_MINUTE = env.int("REMINDER_MINUTE", default=0)
CELERY_BEAT_SCHEDULE["window-reminders"] = {"task": "reminders.daily",
                                            "schedule": crontab(hour=REMINDER_HOUR, minute=REMINDER_MINUTE)}
