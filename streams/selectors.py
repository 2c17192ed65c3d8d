"""Reads of the stream catalogue, straight from the engine's rulebook (the source of truth)."""

from __future__ import annotations

from datetime import date
from typing import Any

from streams.engine import default_rulebook


def stream_list_in_force(*, as_of: date, language: str) -> dict[str, Any]:
    """Every encoded stream with the criteria in force on ``as_of``, in ``language``."""
    book = default_rulebook()
    streams = []
    for stream in book.streams.values():
        spec = stream.spec
        criteria = [
            {
                "id": c.id,
                "title": c.title,
                "kind": c.kind,
                "requirement": c.requirement,
                "reads": list(c.criterion.reads),
                "citations": list(c.citations),
            }
            for c in book.plan(stream.id, as_of, language)
        ]
        streams.append({
            "id": stream.id,
            "title": spec.title[language],
            "summary": spec.summary[language],
            "program": spec.program,
            "legal_basis": spec.legal_basis,
            "notice": spec.notice[language] if spec.notice else None,
            "in_force_from": spec.in_force_from.isoformat(),
            "in_force": as_of >= spec.in_force_from,
            "criteria": criteria,
        })
    return {"as_of": as_of.isoformat(), "rulebook_version": book.version, "streams": streams}
