"""Reads for client files: screening history and the comparison of two screenings."""

from __future__ import annotations

from typing import Any

from applications.models import AuditEvent, ClientFile, Screening
from applications.permissions import FileAccess

# What an employer's contact sees of a stream's result: its outcome, not the criteria (their
# explanations quote the applicant's facts).
_OUTCOME_KEYS = ("stream", "title", "program", "legal_basis", "outcome", "exemption_code", "max_duration_months")


def facts_visible(access: FileAccess, facts: dict[str, Any]) -> dict[str, Any]:
    """A file's (or screening's) facts as ``access`` may see them: the employer, the job offer only."""
    if access.applicant_details:
        return facts
    return {"job_offer": facts["job_offer"]} if "job_offer" in facts else {}


def result_visible(access: FileAccess, result: dict[str, Any]) -> dict[str, Any]:
    """A screening result as ``access`` may see it: the employer, each stream's outcome only."""
    if access.applicant_details:
        return result
    return {"as_of": result.get("as_of"), "rulebook_version": result.get("rulebook_version"),
            "streams": [{key: stream.get(key) for key in _OUTCOME_KEYS} for stream in result.get("streams", [])]}


def client_file_changes_since(client_file: ClientFile, version: int) -> list[dict[str, Any]]:
    """The changes made to a file after ``version``: who, when, what (field names, statuses)."""
    events = (AuditEvent.objects.filter(client_file=client_file, file_version__gt=version)
              .select_related("actor").order_by("at", "id"))
    return [{"by": event.actor.get_username() if event.actor else None, "at": event.at, "action": event.action,
             "fields": event.details.get("fields", []), "before": event.details.get("before"),
             "after": event.details.get("after"), "version": event.file_version} for event in events]


def screening_compare(older: Screening, newer: Screening) -> dict[str, Any]:
    """Which streams changed outcome and which criteria changed status between two screenings."""
    def index(result: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        streams = {s["stream"]: s for s in result["streams"]}
        criteria = {c["id"]: {**c, "stream": s["stream"], "stream_title": s["title"]}
                    for s in result["streams"] for c in s["criteria"]}
        return streams, criteria

    old_streams, old_criteria = index(older.result)
    new_streams, new_criteria = index(newer.result)
    streams = [
        {"stream": sid, "title": (new_streams.get(sid) or old_streams[sid])["title"],
         "before": old_streams.get(sid, {}).get("outcome"), "after": new_streams.get(sid, {}).get("outcome")}
        for sid in dict.fromkeys([*old_streams, *new_streams])
        if old_streams.get(sid, {}).get("outcome") != new_streams.get(sid, {}).get("outcome")
    ]
    criteria = [
        {"id": cid, "title": (new_criteria.get(cid) or old_criteria[cid])["title"],
         "stream": (new_criteria.get(cid) or old_criteria[cid])["stream"],
         "stream_title": (new_criteria.get(cid) or old_criteria[cid])["stream_title"],
         "before": old_criteria.get(cid, {}).get("status", "absent"),
         "after": new_criteria.get(cid, {}).get("status", "absent"),
         "explanation": (new_criteria.get(cid) or old_criteria[cid])["explanation"]}
        for cid in dict.fromkeys([*old_criteria, *new_criteria])
        if old_criteria.get(cid, {}).get("status") != new_criteria.get(cid, {}).get("status")
    ]
    return {"older": older, "newer": newer, "streams": streams, "criteria": criteria,
            "rules_changed": older.rulebook_version != newer.rulebook_version}
