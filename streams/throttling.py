"""Throttling: per real client, shared by every process, and never a cause of a server error.

DRF's default throttles keep a list of request times per client and rewrite it in the cache on
every request, which costs more than a screening. A fixed-window counter needs one atomic
increment (``INCR`` on Redis), so concurrent requests cannot both slip under the limit either.

Who the client is: the address the server saw, or, behind ``NUM_PROXIES`` proxies of our own, the
address the outermost of them added to ``X-Forwarded-For`` (DRF's rule). What the client itself
writes in that header never counts.

The counters live in the cache (Redis in production). When it is unreachable the request is let
through and a warning is logged: a screener that keeps answering without limits for the length of
an outage is better than one that answers nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

log = logging.getLogger(__name__)

_OUTAGE_LOG_INTERVAL = 30.0  # seconds between two warnings about the same outage, per process
_last_outage_log = 0.0


def client_address(request: Any) -> str:
    """The client's address as throttling and sign-in lockouts count it (see the module's docstring)."""
    return str(BaseThrottle().get_ident(request) or "")


class FixedWindowThrottle(SimpleRateThrottle):
    """At most N requests per client per window. Subclasses say whom they count (``ident``)."""

    cache = cache
    scope: str | None = None

    def __init__(self) -> None:  # the rate is looked up per request (it may depend on the view)
        self.wait_seconds = 0.0

    def get_rate(self) -> str | None:
        # Read on every request rather than once at import, so the settings in force apply.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope) if self.scope else None

    def ident(self, request: Any) -> str | None:
        """Whom this request counts against; None: this throttle does not count it."""
        raise NotImplementedError

    def allow_request(self, request: Any, view: Any) -> bool:
        self.scope = self.scope_for(view)
        rate = self.get_rate()
        if rate is None:
            return True
        ident = self.ident(request)
        if ident is None:
            return True
        num_requests, duration = self.parse_rate(rate)
        now = time.time()
        key = f"throttle:{self.scope}:{ident}:{int(now // duration)}"
        self.wait_seconds = duration - (now % duration)
        try:
            count = self._increment(key, duration)
        except Exception:  # noqa: BLE001 - any cache failure (Redis down, timeout): fail open
            _log_outage()
            return True
        return count <= num_requests

    def scope_for(self, view: Any) -> str | None:
        return self.scope

    def _increment(self, key: str, duration: int) -> int:
        try:
            return int(self.cache.incr(key))  # one round trip in the common case
        except ValueError:  # first request of this window
            if self.cache.add(key, 1, timeout=duration + 1):
                return 1
            return int(self.cache.incr(key))  # another request created the key meanwhile

    def wait(self) -> float:
        return self.wait_seconds


class FixedWindowAnonThrottle(FixedWindowThrottle):
    """Anonymous clients, by address (rate ``anon``)."""

    scope = "anon"

    def ident(self, request: Any) -> str | None:
        user = getattr(request, "user", None)
        return None if getattr(user, "is_authenticated", False) else client_address(request)


class FixedWindowUserThrottle(FixedWindowThrottle):
    """Signed-in users, by account (rate ``user``)."""

    scope = "user"

    def ident(self, request: Any) -> str | None:
        user = getattr(request, "user", None)
        return f"user-{user.pk}" if getattr(user, "is_authenticated", False) else None


class FixedWindowScopedThrottle(FixedWindowThrottle):
    """The view's own limit, named by its ``throttle_scope``: per account, or per address."""

    def scope_for(self, view: Any) -> str | None:
        return getattr(view, "throttle_scope", None)

    def ident(self, request: Any) -> str | None:
        user = getattr(request, "user", None)
        return f"user-{user.pk}" if getattr(user, "is_authenticated", False) else client_address(request)


def _log_outage() -> None:
    global _last_outage_log
    now = time.monotonic()
    if now - _last_outage_log >= _OUTAGE_LOG_INTERVAL:
        _last_outage_log = now
        log.warning("throttle cache unavailable: requests are let through uncounted", exc_info=True)


def throttle_posts(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The API's anonymous and user limits for a page's POSTs (reading a page is not counted)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            for throttle in (FixedWindowAnonThrottle(), FixedWindowUserThrottle()):
                if not throttle.allow_request(request, None):
                    wait = max(1, int(throttle.wait() + 0.999))
                    response = render(request, "429.html", {"retry_after": wait}, status=429)
                    response["Retry-After"] = str(wait)
                    return response
        return view(request, *args, **kwargs)

    return wrapped
