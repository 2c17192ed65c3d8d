"""Screening: every requested stream's criteria evaluated on ``as_of``, three-valued, explained.

The evaluator builds the result as the contract's JSON structure (plain dicts) because that is
what every interface sends, and building thousands of pydantic objects per second costs more than
the rules themselves. ``screen()`` validates that structure into the typed ``ScreeningResult``.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from datetime import date
from enum import Enum
from typing import Any

from .findings import Finding, Kind, Outcome, Status
from .inputs import ScreeningRequest
from .labels import CountryName
from .loader import Text
from .results import ScreeningResult
from .rulebook import PlannedCriterion, Rulebook, Stream, default_rulebook

_MET, _UNMET, _UNKNOWN = Status.MET, Status.UNMET, Status.UNKNOWN
_STATUS_TEXT = {status: status.value for status in Status}
_ROWS_CACHE_LIMIT = 100_000


def screen(request: ScreeningRequest, rulebook: Rulebook | None = None) -> ScreeningResult:
    """Screen a validated request against every stream it asks for (all, by default)."""
    return ScreeningResult.model_validate(screen_data(request, rulebook))


def screen_data(request: ScreeningRequest, rulebook: Rulebook | None = None) -> dict[str, Any]:
    """The screening result as the contract's JSON object (dates as ISO strings)."""
    book = rulebook or default_rulebook()
    as_of = request.as_of
    assert as_of is not None  # the request model fills it
    language = request.language
    wanted = set(request.streams) if request.streams else None
    streams = [s for sid, s in book.streams.items() if wanted is None or sid in wanted]
    general = []
    for g in book.general_requirements:
        applies_to = [s for s in g.applies_to if wanted is None or s in wanted]
        if applies_to:
            general.append({
                "id": g.id,
                "title": g.title[language],
                "explanation": g.explanation[language],
                "applies_to": applies_to,
                "citations": book.citations_json(tuple(g.sources), language),
            })
    return {
        "schema_version": "1",
        "as_of": as_of.isoformat(),
        "rulebook_version": book.version,
        "streams": [screen_stream(stream, request, book) for stream in streams],
        "general_requirements": general,
    }


def screen_stream(stream: Stream, request: ScreeningRequest, book: Rulebook) -> dict[str, Any]:
    as_of = request.as_of
    assert as_of is not None
    language = request.language
    spec = stream.spec
    findings: dict[str, Finding] = {}
    rows: list[dict[str, Any]] = []
    met = unmet = unknown = 0
    in_force = as_of >= spec.in_force_from

    if not in_force:
        rows.append(_not_in_force(stream, book, language, as_of))
        unmet += 1
    else:
        params = book.params(stream.id, as_of)
        officer_decides = book.message("officer_decides", language)
        rows_cache = book.rows_cache
        for planned in book.plan(stream.id, as_of, language):
            finding = planned.formula(request, params)
            status = finding.status
            if status is None:
                continue  # does not apply to these facts (e.g. new-office tests for an old office)
            findings[planned.id] = finding
            if status is _MET:
                met += planned.weight
            elif status is _UNMET:
                unmet += planned.weight
            else:
                unknown += planned.weight
            args = finding.args
            if not args:
                # Findings without arguments repeat across screenings: their rows are made once
                # per rulebook and language and copied (the tuples inside are immutable).
                cache_key = (planned.id, language, status, finding.key, finding.missing)
                row = rows_cache.get(cache_key)
                if row is None:
                    row = _build_row(planned, finding, language, officer_decides, book)
                    if len(rows_cache) < _ROWS_CACHE_LIMIT:
                        rows_cache[cache_key] = row
                rows.append(row.copy())
            else:
                rows.append(_build_row(planned, finding, language, officer_decides, book))

    if unmet:
        outcome = Outcome.INELIGIBLE
    elif unknown:
        outcome = Outcome.NEEDS_INFORMATION
    else:
        outcome = Outcome.ELIGIBLE
    total = met + unmet + unknown
    score = round(100 * met / total) if total else 0

    code: str | None = None
    duration: int | None = None
    if outcome is not Outcome.INELIGIBLE and in_force:
        code = stream.exemption_code(request, params, findings)
        duration = stream.max_duration(request, params, findings)

    return {
        "stream": stream.id,
        "title": spec.title[language],
        "program": spec.program,
        "legal_basis": spec.legal_basis,
        "exemption_code": code,
        "outcome": outcome.value,
        "score": score,
        "max_duration_months": duration,
        "criteria": rows,
        "notice": spec.notice[language] if spec.notice else None,
    }


def _build_row(
    planned: PlannedCriterion, finding: Finding, language: str, officer_decides: str, book: Rulebook
) -> dict[str, Any]:
    template = planned.messages.get(finding.key)
    if template is None:
        # Messages shared by several criteria live in common.yaml under "shared.<key>".
        shared = book.common.messages.get(f"shared.{finding.key}")
        if shared is None:
            raise KeyError(f"{planned.id} has no message {finding.key!r}")
        template = shared[language]
    args = finding.args
    explanation = _format(template, _Args(args, language, book), language) if args else template
    if planned.discretionary and finding.status is _MET:
        explanation = f"{explanation} {officer_decides}"
    return {
        "id": planned.id,
        "title": planned.title,
        "status": _STATUS_TEXT[finding.status],  # type: ignore[index]
        "kind": planned.kind,
        "explanation": explanation,
        "citations": planned.citations,
        "missing": finding.missing,
        "requirement": planned.requirement,
    }


def _not_in_force(stream: Stream, book: Rulebook, language: str, as_of: date) -> dict[str, Any]:
    spec = stream.spec
    return {
        "id": f"{stream.id}.in_force",
        "title": book.message("in_force_title", language),
        "status": _UNMET.value,
        "kind": Kind.REQUIREMENT.value,
        "explanation": book.message("not_in_force", language).format(
            as_of=as_of, since=spec.in_force_from
        ),
        "citations": book.citations_json(tuple(spec.criteria[0].sources), language),
        "missing": [],
        "requirement": None,
    }


class _FrenchNumbers(string.Formatter):
    """Formats numbers the French way: 2 500,50 (narrow no-break space, decimal comma)."""

    def format_field(self, value: Any, format_spec: str) -> str:
        text: str = super().format_field(value, format_spec)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            text = text.replace(",", "\u202f").replace(".", ",")
        return text


_FRENCH = _FrenchNumbers()


def _format(template: str, args: Mapping[str, Any], language: str) -> str:
    if language == "fr" and ":" in template:  # only templates with a format spec show numbers
        return _FRENCH.vformat(template, (), args)
    return template.format_map(args)


class _Args(dict):  # type: ignore[type-arg]
    """A finding's arguments as its message shows them in ``language``: countries by name,
    enumeration values by their label, bilingual texts in the language, lists joined."""

    def __init__(self, args: Mapping[str, Any], language: str, book: Rulebook) -> None:
        super().__init__()
        for name, value in args.items():
            self[name] = _shown(value, language, book)


_AS_IS = frozenset({int, float, str, date, bool})  # shown as they are: the common case, tested first


def _shown(value: Any, language: str, book: Rulebook) -> Any:
    if type(value) in _AS_IS:
        return value
    if isinstance(value, CountryName):
        return value.in_language(language)
    if isinstance(value, Enum):
        label = book.common.messages.get(f"enum.{type(value).__name__}.{value.value}")
        return label[language] if label else value.value
    if isinstance(value, Text):
        return value[language]
    if isinstance(value, (list, tuple)):
        items = [str(_shown(v, language, book)) for v in value]
        if len(items) < 2:
            return "".join(items)
        last = " ou " if language == "fr" else " or "
        separator = "; " if any("," in i for i in items) else ", "
        return separator.join(items[:-1]) + last + items[-1]
    return value
