"""What a rule sees while one request is screened: the facts, the date, the parameters in force on
that date, and a memo for work several criteria share (IEC routes, the principal's rule sets).

A context lives for one screening of one request on one date. Nothing is kept between requests:
the memo dies with the context, so no rule keeps state of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from datetime import date
from typing import Any, TypeVar, cast

from .inputs import ScreeningRequest
from .parameters import Param

T = TypeVar("T")


class Context:
    __slots__ = ("as_of", "memo", "request", "values")

    def __init__(self, request: ScreeningRequest, as_of: date, values: Mapping[str, Any]) -> None:
        self.request = request
        self.as_of = as_of  # the day screened: the request's own, or another day (windows)
        self.values = values  # every parameter's value in force on as_of
        self.memo: dict[Hashable, Any] = {}

    def p(self, ref: Param[T]) -> T:
        """The value in force on ``as_of`` of the parameter ``ref`` names."""
        return cast(T, self.values[ref.name])

    def once(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, worked out once per screening for ``key``."""
        memo = self.memo
        if key in memo:
            return cast(T, memo[key])
        value = memo[key] = compute()
        return value
