"""Reads for client files: the desk's list at a glance, screening history and the comparison of two
screenings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from applications.fact_labels import fact_labels
from applications.models import AuditEvent, ClientFile, Screening
from applications.permissions import FileAccess, client_files_visible_to
from streams.engine import default_rulebook
from streams.engine.decisions import best_stream

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


# --- the desk: files at a glance ------------------------------------------------------------------

# Columns the file list reads: never the facts nor a result (a result runs to hundreds of kilobytes).
_LIST_COLUMNS = ("id", "client_name", "status", "updated_at", "version", "screened_at", "screened_version",
                 "best_stream", "best_outcome", "best_code", "best_months", "missing_facts", "firm_id")
NOT_SCREENED = "none"  # the outcome filter's value for files never screened
OUTCOME_FILTERS = (
    ("eligible", _("Could be eligible")),
    ("needs_information", _("More information needed")),
    ("ineligible", _("Not eligible on these answers")),
    (NOT_SCREENED, _("Not screened yet")),
)
GLANCE_MISSING_SHOWN = 3


def client_file_list(user: Any, *, status: str | None = None, outcome: str | None = None) -> QuerySet[ClientFile]:
    """The files ``user`` may see, most recently changed first, filtered by status and by the outcome
    of their best-fitting stream; only the columns the list shows are loaded (one query)."""
    # with each file's kept decisions' rulebook (impact): "screened with older rules"
    files = client_files_visible_to(user).select_related("impact_decision").only(
        *_LIST_COLUMNS, "impact_decision__rulebook_version")
    if status in ClientFile.Status.values:
        files = files.filter(status=status)
    if outcome == NOT_SCREENED:
        files = files.filter(screened_at__isnull=True)
    elif outcome in dict(OUTCOME_FILTERS):
        files = files.filter(best_outcome=outcome)
    return files.order_by("-updated_at", "-id")


def stream_titles(language: str) -> dict[str, str]:
    """Stream id -> its title in ``language`` (from the rulebook; nothing read from the database)."""
    return _stream_titles(default_rulebook().version, language)


@cache
def _stream_titles(version: str, language: str) -> dict[str, str]:
    return {sid: stream.spec.title[language] for sid, stream in default_rulebook().streams.items()}


@dataclass(frozen=True)
class Glance:
    """A file's latest screening in a line: its best-fitting stream and what that stream still needs."""

    screened_at: Any
    stream: str
    title: str
    outcome: str
    outcome_label: str
    code: str
    months: int | None
    missing: list[str]
    more_missing: int
    changed_since: bool


def screenings_best_fit(screenings: list[Screening], language: str) -> dict[int, dict[str, Any] | None]:
    """Each screening's best-fitting stream (title, outcome, code), read from its compact decisions
    (None for a screening stored without them)."""
    titles = stream_titles(language)
    found: dict[int, dict[str, Any] | None] = {}
    for screening in screenings:
        best = best_stream(screening.decisions) if screening.decisions else None
        found[screening.pk] = None if best is None else {
            "title": titles.get(best[0], best[0]), "outcome": best[1]["outcome"], "code": best[1].get("code")}
    return found


def client_file_glance(client_file: ClientFile, language: str) -> Glance | None:
    """What the desk shows of a file's latest screening (None: never screened). Reads the file's own
    columns only; labels are in ``language`` (call it in that language)."""
    if client_file.screened_at is None:
        return None
    labels = fact_labels(client_file.missing_facts or [])
    return Glance(
        screened_at=client_file.screened_at, stream=client_file.best_stream,
        title=stream_titles(language).get(client_file.best_stream, client_file.best_stream),
        outcome=client_file.best_outcome, outcome_label=str(dict(OUTCOME_FILTERS).get(client_file.best_outcome, "—")),
        code=client_file.best_code, months=client_file.best_months,
        missing=labels[:GLANCE_MISSING_SHOWN], more_missing=max(0, len(labels) - GLANCE_MISSING_SHOWN),
        changed_since=client_file.changed_since_screening,
    )
