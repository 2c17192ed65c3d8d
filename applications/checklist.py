"""Document checklists, read from the screening result.

The engine decides which documents each stream needs (``streams/engine/data/documents/``): every
open stream of the result lists its documents, each needed, not needed or unknown (with the facts
that would settle it and why, in the screening's language), tied to the criterion it proves and
citing its sources. This module only arranges them: one section per stream still open, the papers
needed or possibly needed, a document every stream shares listed once (in the first section that
has it). Nothing here decides a rule.
"""

from __future__ import annotations

from typing import Any

from streams.engine import screen_json

LANGUAGES = ("en", "fr")
OPEN = ("eligible", "needs_information")
LISTED = ("needed", "unknown")  # not needed: left out of the checklist
# Best first, as streams.engine.decisions.best_stream ranks them: eligible, then needs information,
# each by score; ties keep the rulebook's order of streams.
RANK = {"eligible": 0, "needs_information": 1, "not_assessed": 2, "ineligible": 3}


class StreamsRefused(ValueError):
    """Streams a checklist or report cannot be for: unknown to the screening, or not open in it."""

    def __init__(self, streams: list[str]) -> None:
        super().__init__(f"not open in this screening: {', '.join(streams)}")
        self.streams = streams


def streams_ranked(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The result's streams, best-fitting first."""
    return sorted(result["streams"], key=lambda s: (RANK.get(s["outcome"], 9), -(s.get("score") or 0)))


def streams_open(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The streams a checklist or report can be for (eligible or needing information), best first."""
    return [s for s in streams_ranked(result) if s["outcome"] in OPEN]


def streams_default(result: dict[str, Any]) -> list[str]:
    """The streams a report is for unless the consultant chooses: those that fit (eligible); when
    none does, the one that comes closest (the best of those needing information)."""
    candidates = streams_open(result)
    fitting = [s["stream"] for s in candidates if s["outcome"] == "eligible"]
    return fitting or [s["stream"] for s in candidates[:1]]


def streams_chosen(result: dict[str, Any], wanted: list[str] | None) -> list[str]:
    """The streams chosen, in best-first order (none: the default). Raises ``StreamsRefused`` for a
    stream that is not open in the result."""
    if not wanted:
        return streams_default(result)
    open_ids = [s["stream"] for s in streams_open(result)]
    refused = [sid for sid in dict.fromkeys(wanted) if sid not in open_ids]
    if refused:
        raise StreamsRefused(refused)
    return [sid for sid in open_ids if sid in wanted]


def checklist_language(request: dict[str, Any], result: dict[str, Any]) -> str:
    """The screening's language: the engine wrote the result's text in it."""
    return result.get("language") or request.get("language") or "en"


def checklist_build(request: dict[str, Any], result: dict[str, Any],
                    streams: list[str] | None = None) -> dict[str, Any]:
    """The checklist for a screening: per stream chosen (by default every stream still open, best
    first), the documents it needs or may need."""
    if any("documents" not in s for s in result["streams"] if s["outcome"] in OPEN):
        # Stored before results carried documents: screen the same request again for them.
        result = screen_json(request, documents=True)
    sections = []
    seen_general: set[str] = set()
    for stream in streams_open(result):
        if streams and stream["stream"] not in streams:
            continue
        items = []
        for document in stream.get("documents") or ():
            if document["status"] not in LISTED:
                continue
            if document.get("general"):
                if document["id"] in seen_general:
                    continue
                seen_general.add(document["id"])
            items.append(_item(document))
        sections.append({"stream": stream["stream"], "title": stream["title"], "outcome": stream["outcome"],
                         "exemption_code": stream.get("exemption_code"), "items": items})
    return {
        "as_of": result["as_of"],
        "rulebook_version": result["rulebook_version"],
        "language": checklist_language(request, result),
        "streams": [section["stream"] for section in sections],
        "sections": sections,
    }


def _item(document: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": document["id"],
        "document": document.get("document", document["id"]),
        "country": document.get("country"),
        "title": document["title"],
        "who": document["who"],
        "proves": document["proves"],
        "status": document["status"],
        "explanation": document.get("explanation", ""),
        "missing": document.get("missing", []),
        "criterion": document["criterion"],
        "sources": [{"title": c["title"], "url": c["url"], "official": c.get("official", False)}
                    for c in document["citations"]],
    }
