"""Date arithmetic and dated values: the value in force on a date.

Rules change on dated announcements. A dated value holds from its key date until the next key;
``None`` repeals it (as in OpenFisca's parameters).
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Generic, TypeVar

T = TypeVar("T")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's last day.

    2024-02-29 plus 12 months is 2025-02-28: a period of "one year" from a leap day ends on the
    last day of February.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def whole_months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start`` to ``end`` (negative when ``end`` is earlier)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if months > 0 and add_months(start, months) > end:
        months -= 1
    elif months < 0 and add_months(start, months) < end:
        months += 1
    return months


def age_on(birth: date, on: date) -> int:
    """Age in completed years on ``on`` (a person born on 29 February turns a year older on 1 March
    in common years, as in most provincial age-of-majority statutes)."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


class Timeline(Generic[T]):
    """Values keyed by the date they took effect. ``at(day)`` returns the one in force, or None."""

    __slots__ = ("_dates", "_values")

    def __init__(self, values: Mapping[date, T | None]) -> None:
        items = sorted(values.items())
        self._dates: Sequence[date] = [d for d, _ in items]
        self._values: Sequence[T | None] = [v for _, v in items]

    def at(self, day: date) -> T | None:
        index = bisect_right(self._dates, day) - 1
        if index < 0:
            return None
        return self._values[index]

    @property
    def dates(self) -> Sequence[date]:
        return self._dates
