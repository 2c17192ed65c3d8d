"""Test settings: the suite runs against real PostgreSQL and Redis, named by DATABASE_URL and
REDIS_URL. Both are required: a test run must never fall back silently to something else."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

for _name in ("DATABASE_URL", "REDIS_URL"):
    if not env(_name, default=""):
        raise ImproperlyConfigured(
            f"{_name} must be set for the test suite (make test sets the local defaults)"
        )

SECRET_KEY = "test-only-not-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tasks run eagerly in ordinary tests; the worker tests start a real worker on the Redis broker
# (the worker process runs with CELERY_EAGER=0).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {  # noqa: F405
    "anon": "100000/min",
    "user": "100000/min",
    "screen": "100000/min",
}

# Serve static files from the apps and static/ directly (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Test only: while this file exists, a background job waits just after it has started, so that the
# worker tests can kill a worker in the middle of a job (applications.services._hold_for_tests).
JOBS_TEST_HOLD_FILE = env("JOBS_TEST_HOLD_FILE", default="")
