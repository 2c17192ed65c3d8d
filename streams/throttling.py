"""Throttling for anonymous screening.

DRF's default throttles keep a list of request times per client and rewrite it in the cache on
every request, which costs more than a screening. A fixed-window counter needs one atomic
increment (``INCR`` on Redis), so concurrent requests cannot both slip under the limit either.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView


class FixedWindowScopedThrottle(SimpleRateThrottle):
    """At most N requests per client per window (the view's ``throttle_scope`` names the rate)."""

    cache = cache
    scope_attr = "throttle_scope"

    def __init__(self) -> None:  # the rate depends on the view, known in allow_request
        pass

    def allow_request(self, request: Request, view: APIView) -> bool:
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if self.rate is None:
            return True
        window = int(time.time() // self.duration)
        self.key = f"throttle:{self.scope}:{self.get_ident(request)}:{window}"
        self.wait_seconds = self.duration - (time.time() % self.duration)
        try:
            count = self.cache.incr(self.key)  # one round trip in the common case
        except ValueError:  # first request of this window
            if self.cache.add(self.key, 1, timeout=self.duration + 1):
                count = 1
            else:  # another request created the key meanwhile
                count = self.cache.incr(self.key)
        return count <= self.num_requests

    def get_cache_key(self, request: Request, view: APIView) -> str | None:
        return self.key

    def wait(self) -> float:
        return self.wait_seconds
