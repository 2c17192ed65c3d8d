"""Liveness and readiness, for load balancers, orchestrators and the Docker health check.

``/healthz`` says the process answers (it touches nothing). ``/readyz`` says whether it can serve:
it checks the database and Redis (the throttles' counters and the Celery broker) and answers 503
naming what failed. Details of a failure go to the log, not to the public answer.
"""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

log = logging.getLogger(__name__)

OK, FAILED, NOT_CONFIGURED = "ok", "failed", "not configured"


def database_check() -> str:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
        return OK
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        log.warning("readiness: the database does not answer", exc_info=True)
        return FAILED


def redis_check() -> str:
    if not settings.REDIS_URL:
        return NOT_CONFIGURED  # development without services: tasks run in-process
    options = settings.CACHES["default"].get("OPTIONS", {})
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=options.get("socket_connect_timeout", 1),
                                  socket_timeout=options.get("socket_timeout", 1))
    try:
        client.ping()
        return OK
    except Exception:  # noqa: BLE001
        log.warning("readiness: Redis does not answer", exc_info=True)
        return FAILED
    finally:
        client.close()


def readiness() -> dict[str, str]:
    return {"database": database_check(), "redis": redis_check()}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: answers without touching the database (also the benchmark's baseline)."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    checks = readiness()
    ready = FAILED not in checks.values()
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)
