"""Settings shared by every environment, read from environment variables (django-environ).

Each environment module imports this one and overrides what differs. Reference:
https://docs.djangoproject.com/en/5.2/ref/settings/
"""

from pathlib import Path

import environ

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
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TASK_ACKS_LATE = True  # a task lost with its worker is delivered again
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
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
STATIC_ROOT = BASE_DIR / "staticfiles"
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

# --- questionnaire answers kept without an account ----------------------------------------------
# Stated on every page that shows a private link; expired answers are deleted daily.
ANSWERS_RETENTION_DAYS = env.int("ANSWERS_RETENTION_DAYS", default=30)
CELERY_BEAT_SCHEDULE = {
    "purge-expired-answers": {"task": "streams.purge_expired_answers", "schedule": 24 * 60 * 60},
    # Jobs requested while the broker was down are queued again once it is back.
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
