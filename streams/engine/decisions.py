"""A screening's decisions in a few hundred bytes, and what changed between two of them.

The full result (texts, citations, documents) runs to ~100 KB; what a file list, a staleness check
or a rule-change impact needs is much less: per stream its outcome, code, length, score and each
criterion's status, and the facts still missing. ``decisions()`` makes that from a screening
without writing any text; ``decisions_of_result()`` reads it back from a stored result;
``compare()`` says which streams changed outcome and which criteria changed status.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .evaluate import Screening

_OPEN = ("eligible", "needs_information")
_RANK = {"eligible": 0, "needs_information": 1, "not_assessed": 2, "ineligible": 3}


def decisions(screening: Screening) -> dict[str, Any]:
    """Per stream: outcome, exemption code, maximum months, score, criterion statuses, missing facts."""
    streams: dict[str, Any] = {}
    for s in screening.streams:
        missing = list(s.missing)
        streams[s.stream.id] = {
            "outcome": s.outcome.value,
            "code": s.code,
            "months": s.duration,
            "score": s.score,
            "criteria": {planned.id: finding.status.value for planned, finding in s.findings
                         if finding.status is not None},
            "missing": missing,
        }
    return {"as_of": screening.as_of.isoformat(), "rulebook_version": screening.book.version, "streams": streams}


def decisions_of_result(result: Mapping[str, Any]) -> dict[str, Any]:
    """The same decisions, read from a stored result of the contract."""
    streams: dict[str, Any] = {}
    for s in result.get("streams", []):
        criteria = s.get("criteria", [])
        streams[s["stream"]] = {
            "outcome": s["outcome"],
            "code": s.get("exemption_code"),
            "months": s.get("max_duration_months"),
            "score": s.get("score", 0),
            "criteria": {c["id"]: c["status"] for c in criteria if not c["id"].endswith(".rules_encoded")},
            "missing": list(dict.fromkeys(f for c in criteria for f in c.get("missing", []))),
        }
    return {"as_of": result.get("as_of"), "rulebook_version": result.get("rulebook_version"), "streams": streams}


def best_stream(decided: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]] | None:
    """The stream that fits best: eligible first, then needs information by score."""
    streams = decided.get("streams", {})
    if not streams:
        return None
    stream_id = min(streams, key=lambda sid: (_RANK.get(streams[sid]["outcome"], 9), -streams[sid]["score"]))
    return stream_id, streams[stream_id]


@dataclass
class StreamChange:
    stream: str
    before: str | None
    after: str | None
    criteria: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # id, before, after

    @property
    def direction(self) -> int:
        """+1 better (e.g. newly eligible), -1 worse (newly ineligible), 0 same outcome."""
        was, now = _RANK.get(self.before or "", 9), _RANK.get(self.after or "", 9)
        return 0 if was == now else (1 if now < was else -1)


def compare(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[StreamChange]:
    """The streams whose outcome or criteria changed, with the criteria that changed status."""
    changes = []
    old, new = before.get("streams", {}), after.get("streams", {})
    for stream_id in dict.fromkeys([*old, *new]):
        a, b = old.get(stream_id, {}), new.get(stream_id, {})
        a_criteria, b_criteria = a.get("criteria", {}), b.get("criteria", {})
        moved = [(cid, a_criteria.get(cid), b_criteria.get(cid))
                 for cid in dict.fromkeys([*a_criteria, *b_criteria])
                 if a_criteria.get(cid) != b_criteria.get(cid)]
        if a.get("outcome") != b.get("outcome") or moved:
            changes.append(StreamChange(stream_id, a.get("outcome"), b.get("outcome"), moved))
    return changes
