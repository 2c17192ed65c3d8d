"""The public rules pages: each stream's rules readably, from the same rulebook the engine runs.

For a date (today by default, or ``?as_of=``): the streams, and for one stream its criteria in plain
words, whether each is a bright-line test or an officer's judgement, the parameters it tests with the
value in force and their dated history, the dates it applies, and its sources, in English or French.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from streams.selectors import rulebook_as_of
from streams.services import screening_today


def _language() -> str:
    return "fr" if (get_language() or "en").startswith("fr") else "en"


def _day(request: HttpRequest) -> tuple[date, str | None]:
    raw = request.GET.get("as_of") or ""
    if not raw:
        return screening_today(), None
    try:
        return date.fromisoformat(raw), None
    except ValueError:
        return screening_today(), raw


@require_GET
def rules_index(request: HttpRequest) -> HttpResponse:
    day, bad = _day(request)
    book = rulebook_as_of(as_of=day)
    language = _language()
    streams = [
        {"id": s["id"], "title": s["title"][language], "summary": s["summary"][language], "program": s["program"],
         "legal_basis": s["legal_basis"], "encoded_from": date.fromisoformat(s["encoded_from"]),
         "assessed": s["assessed_on_as_of"],
         "criteria": sum(1 for c in s["criteria"] if c["in_force_on_as_of"])}
        for s in book["streams"]
    ]
    return render(request, "rules/index.html", {"streams": streams, "as_of": day, "bad_date": bad,
                                                "version": book["rulebook_version"]})


@require_GET
def rules_stream(request: HttpRequest, stream_id: str) -> HttpResponse:
    day, bad = _day(request)
    book = rulebook_as_of(as_of=day)
    language = _language()
    stream = next((s for s in book["streams"] if s["id"] == stream_id), None)
    if stream is None:
        raise Http404("no such stream")
    sources = book["sources"]

    def cite(ids: list[str]) -> list[dict[str, Any]]:
        return [{"title": sources[i]["title"][language], "url": sources[i]["url"][language],
                 "official": sources[i]["official"], "page_date": sources[i]["page_date"]} for i in dict.fromkeys(ids)]

    criteria = []
    for c in stream["criteria"]:
        criteria.append({
            "id": c["id"],
            "title": c["title"][language],
            "requirement": c["requirement"][language],
            "rule": c["rule"] if language == "en" else "",
            "discretionary": c["kind"] == "discretionary",
            "in_force": c["in_force_on_as_of"],
            "since": _date(c["in_force"]["from"]),
            "until": _date(c["in_force"]["until"]),
            "parameters": [_parameter(a, language, cite) for a in c["arguments"] if "parameter" in a],
            "citations": cite(c["sources"]),
        })
    context = {
        "stream": {"id": stream["id"], "title": stream["title"][language], "summary": stream["summary"][language],
                   "notice": stream["notice"][language] if stream["notice"] else None, "program": stream["program"],
                   "legal_basis": stream["legal_basis"], "encoded_from": date.fromisoformat(stream["encoded_from"]),
                   "assessed": stream["assessed_on_as_of"], "citations": cite(stream["sources"]),
                   "changes": [date.fromisoformat(d) for d in stream["change_points"]]},
        "criteria": [c for c in criteria if c["in_force"]],
        "other_criteria": [c for c in criteria if not c["in_force"]],
        "durations": [_parameter(a, language, cite) for a in stream["max_duration"]["arguments"] if "parameter" in a],
        "codes": [_parameter(a, language, cite) for a in stream["exemption_code"]["arguments"] if "parameter" in a],
        "as_of": day, "bad_date": bad, "version": book["rulebook_version"],
    }
    return render(request, "rules/stream.html", context)


def _parameter(argument: dict[str, Any], language: str, cite: Any) -> dict[str, Any]:
    return {
        "name": argument["parameter"],
        "description": argument["description"][language],
        "unit": argument["unit"],
        "value": argument["value"],
        "history": [{"since": date.fromisoformat(h["from"]), "value": h["value"], "note": h["note"],
                     "citations": cite(h["sources"])} for h in argument["history"]],
    }


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
