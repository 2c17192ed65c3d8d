"""Errors outside the views: oversized bodies, unknown paths and server errors.

Under ``/api/`` they answer in the contract's shape, ``{"errors": [{"loc": "", "message": ...}]}``
(what API clients parse); elsewhere they are pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults

API_PREFIX = "/api/"
NOT_FOUND = "not found: no such API endpoint or object"
SERVER_ERROR = "server error: the request could not be completed"
BAD_REQUEST = "bad request"
FORBIDDEN = "forbidden"


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"errors": [{"loc": "", "message": message}]}, status=status)


class RequestSizeLimitMiddleware:
    """Refuse a body larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` with 413 before anything reads it.

    Django itself checks that limit only where a view reads ``request.body`` or a form, and answers
    400; DRF's parsers read the stream and do not check it at all; file uploads are not counted.
    One check on the declared length covers them all (a WSGI server never hands a view more than
    the declared length).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            if is_api(request):
                return api_error(413, f"the request body is larger than the limit of {limit} bytes")
            return render(request, "413.html", {"limit_kb": max(1, limit // 1024)}, status=413)
        return self.get_response(request)


def bad_request(request: HttpRequest, exception: Exception, **kwargs: Any) -> HttpResponse:
    if is_api(request):
        return api_error(400, BAD_REQUEST)
    return defaults.bad_request(request, exception, **kwargs)


def permission_denied(request: HttpRequest, exception: Exception, **kwargs: Any) -> HttpResponse:
    if is_api(request):
        return api_error(403, FORBIDDEN)
    return defaults.permission_denied(request, exception, **kwargs)


def page_not_found(request: HttpRequest, exception: Exception, **kwargs: Any) -> HttpResponse:
    if is_api(request):
        return api_error(404, NOT_FOUND)
    return defaults.page_not_found(request, exception, **kwargs)


def server_error(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    if is_api(request):
        return api_error(500, SERVER_ERROR)
    return defaults.server_error(request, **kwargs)
