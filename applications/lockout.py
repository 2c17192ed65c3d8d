"""The page shown while sign-in is locked after repeated failures (django-axes' lockout callable)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict[str, Any] | None = None) -> HttpResponse:
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    response = render(request, "registration/locked_out.html",
                      {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
                      status=settings.AXES_HTTP_RESPONSE_CODE)
    response["Retry-After"] = str(minutes * 60)
    return response
