"""What a rule sees while one request is screened: the facts, the date, the parameters in force on
that date, and a memo for work several criteria share (IEC routes, the principal's rule sets).

A context lives for one screening of one request on one date. Nothing about a request is kept
between requests: the memo dies with the context, so no rule keeps state of its own. What follows
from the parameters in force alone (the widest IEC age range of a category) is worked out once per
period, in a memo the rulebook keeps for that period (``per_period``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from datetime import date
from typing import Any, TypeVar, cast

from .inputs import ScreeningRequest
from .parameters import Param

T = TypeVar("T")


class Context:
    __slots__ = ("as_of", "memo", "period_memo", "request", "values")

    def __init__(self, request: ScreeningRequest, as_of: date, values: Mapping[str, Any],
                 period_memo: dict[Hashable, Any] | None = None) -> None:
        self.request = request
        self.as_of = as_of  # the day screened: the request's own, or another day (windows)
        self.values = values  # every parameter's value in force on as_of
        self.memo: dict[Hashable, Any] = {}
        # Shared by every context of the same period (the rulebook's); a context of its own without one.
        self.period_memo: dict[Hashable, Any] = {} if period_memo is None else period_memo

    def p(self, ref: Param[T]) -> T:
        """The value in force on ``as_of`` of the parameter ``ref`` names."""
        return cast(T, self.values[ref.name])

    def once(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, worked out once per screening for ``key``."""
        return _memoized(self.memo, key, compute)

    def per_period(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, worked out once per period of the rules for ``key``: only for what follows
        from the parameters in force (``values``) alone, never from the request or the day."""
        return _memoized(self.period_memo, key, compute)


def _memoized(memo: dict[Hashable, Any], key: Hashable, compute: Callable[[], T]) -> T:
    if key in memo:
        return cast(T, memo[key])
    value = memo[key] = compute()
    return value
