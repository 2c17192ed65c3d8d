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


def checklist_language(request: dict[str, Any], result: dict[str, Any]) -> str:
    """The screening's language: the engine wrote the result's text in it."""
    return result.get("language") or request.get("language") or "en"


def checklist_build(request: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """The checklist for a screening: per stream still open, the documents it needs or may need."""
    if any("documents" not in s for s in result["streams"] if s["outcome"] in OPEN):
        # Stored before results carried documents: screen the same request again for them.
        result = screen_json(request, documents=True)
    sections = []
    seen_general: set[str] = set()
    for stream in result["streams"]:
        if stream["outcome"] not in OPEN:
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
                         "items": items})
    return {
        "as_of": result["as_of"],
        "rulebook_version": result["rulebook_version"],
        "language": checklist_language(request, result),
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
