"""Settings shared by every environment, read from environment variables (django-environ).

Each environment module imports this one and overrides what differs. Reference:
https://docs.djangoproject.com/en/5.2/ref/settings/
"""

from pathlib import Path

import environ
from celery.schedules import crontab
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
    "streams",
    "applications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

# --- database: DATABASE_URL, e.g. postgres://user@host:5432/name or sqlite:///path ---------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)

# --- cache and Celery: Redis when REDIS_URL is set --------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
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
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_ANON_THROTTLE", default="120/min"),
        "screen": env("API_SCREEN_THROTTLE", default="60/min"),
    },
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
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
