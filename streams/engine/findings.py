"""What a criterion's formula returns: a status, the message that explains it, and what is missing.

Formulas are pure: ``(request, params) -> Finding``. They never format text themselves; they name
a message (``key``) of the criterion's catalogue in the stream file and give its arguments, so the
same finding reads the same in English and French.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

from .inputs import ScreeningRequest


class Status(StrEnum):
    MET = "met"
    UNMET = "unmet"
    UNKNOWN = "unknown"


class Kind(StrEnum):
    REQUIREMENT = "requirement"
    DISCRETIONARY = "discretionary"


class Outcome(StrEnum):
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    NEEDS_INFORMATION = "needs_information"


@dataclass(frozen=True, slots=True)
class Finding:
    status: Status | None  # None: the criterion does not apply to these facts
    key: str
    args: Mapping[str, Any] = field(default_factory=dict)
    missing: tuple[str, ...] = ()


NOT_APPLICABLE = Finding(status=None, key="not_applicable")


# Findings are immutable, so those without arguments are made once and shared: screening runs
# thousands of times a second and most findings repeat.
@cache
def _plain(status: Status, key: str, missing: tuple[str, ...] = ()) -> Finding:
    return Finding(status, key, {}, missing)


def met(key: str = "met", /, **args: Any) -> Finding:
    return Finding(Status.MET, key, args) if args else _plain(Status.MET, key)


def unmet(key: str = "unmet", /, **args: Any) -> Finding:
    return Finding(Status.UNMET, key, args) if args else _plain(Status.UNMET, key)


_UNKNOWNS: dict[tuple[str, tuple[str, ...]], Finding] = {}


def _distinct(fields: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(fields)) if len(fields) > 1 and len(set(fields)) != len(fields) else fields


def unknown(missing: Iterable[str], key: str = "unknown", /, **args: Any) -> Finding:
    fields = missing if type(missing) is tuple else tuple(missing)
    if args:
        return Finding(Status.UNKNOWN, key, args, _distinct(fields))
    # The most frequent finding of all: looked up in a plain dict by the fields as given (their
    # duplicates dropped only when the finding is first made).
    found = _UNKNOWNS.get((key, fields))
    if found is None:
        found = Finding(Status.UNKNOWN, key, {}, _distinct(fields))
        if len(_UNKNOWNS) < 50_000:  # bounded: list indices in field paths come from requests
            _UNKNOWNS[(key, fields)] = found
    return found


class Params(Mapping[str, Any]):
    """The parameters in force on ``as_of`` for one stream (its own and the common ones)."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = dict(values)

    def __getitem__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise KeyError(f"parameter {name!r} is not in force on this date") from None

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


Formula = Callable[[ScreeningRequest, Params], Finding]
StreamFormula = Callable[[ScreeningRequest, Params, Mapping[str, Finding]], Any]
