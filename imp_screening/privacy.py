"""Keeping private answers private on the way out: no cache keeps them, no log writes a private link.

A private link (``/apply/<token>/``, ``/employer/<token>/``) is the only key to an applicant's
answers, so it is a secret: the token is replaced by ``[private-link]`` in every log line, whether
Django writes it (runserver's request log, "Not Found: ..." warnings) or gunicorn does (its access
and error logs, including the Referer header).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# A token is a row's random id, signed (streams/web/services.py): 32 hex digits, ":", and the
# signature. In a URL the colon may be written %3A.
PRIVATE_LINK_TOKEN = re.compile(r"[0-9a-f]{32}(?::|%3[aA])[A-Za-z0-9_-]{20,}")
REDACTED = "[private-link]"

# Paths whose answers are private whoever asks: consultants' pages and the file API (a refusal
# included, so that no cache keeps one for a signed-in user either).
PRIVATE_PREFIXES = ("/files/", "/api/v1/files/", "/accounts/", "/admin/")


def redact_private_links(text: str) -> str:
    return PRIVATE_LINK_TOKEN.sub(REDACTED, text)


class PrivateLinkFilter(logging.Filter):
    """Rewrites a log record whose message holds a private-link token (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a record that cannot be formatted is left to the handler
            return True
        redacted = redact_private_links(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def is_private(request: HttpRequest) -> bool:
    """A response that only this person may see: signed in, a private link, or a private path."""
    if getattr(getattr(request, "user", None), "is_authenticated", False):
        return True
    match = getattr(request, "resolver_match", None)
    if match is not None and "token" in match.kwargs:
        return True
    return request.path.startswith(PRIVATE_PREFIXES)


class PrivateCacheControlMiddleware:
    """``Cache-Control: private, no-store`` on every private response: no shared proxy, and no
    browser cache on a shared computer, keeps a copy of someone's answers, files or reports."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_private(request):
            patch_cache_control(response, private=True, no_store=True)
        return response


def gunicorn_logger_class() -> Any:
    """gunicorn's logger with the private-link filter on its access and error logs."""
    from gunicorn import glogging

    class RedactingLogger(glogging.Logger):  # type: ignore[misc]
        def setup(self, cfg: Any) -> None:
            super().setup(cfg)
            for log in (self.error_log, self.access_log):
                if not any(isinstance(f, PrivateLinkFilter) for f in log.filters):  # setup runs again on reload
                    log.addFilter(PrivateLinkFilter())

    return RedactingLogger
