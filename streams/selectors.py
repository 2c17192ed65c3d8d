"""Reads of the stream catalogue and the rulebook, straight from the engine (the source of truth)."""

from __future__ import annotations

from datetime import date
from typing import Any

from streams.engine import default_rulebook
from streams.engine.export import rulebook_export


def stream_list_in_force(*, as_of: date, language: str) -> dict[str, Any]:
    """Every encoded stream with the criteria in force on ``as_of``, in ``language``."""
    book = default_rulebook()
    streams = []
    for stream in book.streams.values():
        spec = stream.spec
        plan = book.plan(stream.id, as_of)
        criteria = [
            {
                "id": c.id,
                "title": c.statics[language]["title"],
                "kind": c.kind.value,
                "requirement": c.statics[language]["requirement"],
                "reads": list(c.template.reads_for(c.args)),
                "citations": list(c.statics[language]["citations"]),
            }
            for c in (plan.criteria if plan else ())
        ]
        streams.append({
            "id": stream.id,
            "title": spec.title[language],
            "summary": spec.summary[language],
            "program": spec.program,
            "legal_basis": spec.legal_basis_on(as_of),
            "notice": spec.notice[language] if spec.notice else None,
            "in_force_from": spec.encoded_from.isoformat(),
            "in_force": plan is not None,
            "criteria": criteria,
        })
    return {"as_of": as_of.isoformat(), "rulebook_version": book.version, "streams": streams}


def rulebook_as_of(*, as_of: date) -> dict[str, Any]:
    """The whole rulebook on ``as_of``: criteria, parameters with their histories, sources."""
    return rulebook_export(default_rulebook(), as_of)
