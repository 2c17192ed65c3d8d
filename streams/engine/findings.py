"""What a criterion's rule finds: a status, the message that explains it, and what is missing.

Rules are pure: ``(context, arguments) -> Finding``. They never format text themselves; they name a
message of their template (``key``) and give its values, so the same finding reads the same in
English and French, and text is only made for results that are read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import Any, NamedTuple


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
    NOT_ASSESSED = "not_assessed"


_EMPTY: Mapping[str, Any] = {}


class Finding(NamedTuple):
    """Immutable and cheap to make (a tuple): screening makes hundreds per request."""

    status: Status | None  # None: the criterion does not apply to these facts
    key: str
    args: Mapping[str, Any] = _EMPTY
    missing: tuple[str, ...] = ()


NOT_APPLICABLE = Finding(status=None, key="not_applicable")
MET = Finding(Status.MET, "met")
UNMET = Finding(Status.UNMET, "unmet")


# Findings are made straight from their fields (``tuple.__new__``): the generated ``Finding.__new__``
# adds a Python call to each of the hundreds a screening makes.
_make = tuple.__new__
_MET_STATUS, _UNMET_STATUS, _UNKNOWN_STATUS = Status.MET, Status.UNMET, Status.UNKNOWN


def met(key: str = "met", /, **args: Any) -> Finding:
    if not args and key == "met":
        return MET
    return _make(Finding, (_MET_STATUS, key, args or _EMPTY, ()))


def unmet(key: str = "unmet", /, **args: Any) -> Finding:
    if not args and key == "unmet":
        return UNMET
    return _make(Finding, (_UNMET_STATUS, key, args or _EMPTY, ()))


def unknown(missing: Iterable[str], key: str = "unknown", /, **args: Any) -> Finding:
    fields = missing if type(missing) is tuple else tuple(missing)
    if len(fields) > 1 and len(set(fields)) != len(fields):
        fields = tuple(dict.fromkeys(fields))  # each field once, in the order first named
    return _make(Finding, (_UNKNOWN_STATUS, key, args or _EMPTY, fields))


RANK = {Status.MET: 0, Status.UNKNOWN: 1, Status.UNMET: 2}


def most_favourable(findings: Iterable[Finding], nearest: Callable[[Finding], float] | None = None) -> Finding:
    """Of the findings for the ways a person may qualify (routes, categories), the best one:
    met, else unknown, else unmet. ``nearest`` ranks findings of the same status (the smallest
    first: how far the way is from being open), so that the one told is the nearest to qualifying;
    without it, or on a tie, the first one."""
    if nearest is None:
        return min(findings, key=lambda f: RANK[f.status])  # type: ignore[index]
    return min(findings, key=lambda f: (RANK[f.status], nearest(f)))  # type: ignore[index]


def all_of(statuses: Iterable[Status | None]) -> Status:
    """Three-valued AND (a criterion that does not apply counts as met)."""
    seen = set(statuses)
    if Status.UNMET in seen:
        return Status.UNMET
    if Status.UNKNOWN in seen:
        return Status.UNKNOWN
    return Status.MET
