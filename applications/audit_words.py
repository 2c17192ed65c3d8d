"""A file's history in words, in the page's language.

Audit rows keep codes (an action, field paths, status values, a reason), never words, so that the
log reads the same whatever the language it was written in; the file page reads them here: facts by
their labels, statuses by theirs, dates as the language writes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from streams.engine.texts import long_date

from .fact_labels import fact_labels
from .models import AuditEvent, ClientFile, Job

ACTIONS = {
    "created": gettext_lazy("File created"),
    "facts_changed": gettext_lazy("Facts changed"),
    "status_changed": gettext_lazy("Status changed"),
    "renamed": gettext_lazy("Client's name changed"),
    "note_added": gettext_lazy("Note added"),
    "screened": gettext_lazy("Screened"),
    "rescreened": gettext_lazy("Screened again under new rules"),
    "impact_emailed": gettext_lazy("Rule-change notice emailed"),
    "reminder_emailed": gettext_lazy("Window reminder emailed"),
}
SOURCES = {
    "intake_link": gettext_lazy("the applicant sent the answers through the firm's intake link"),
    "private_link": gettext_lazy("imported from the applicant's private link"),
}
JOB_STEPS = {
    "requested": gettext_lazy("requested"),
    "started": gettext_lazy("started"),
    "done": gettext_lazy("ready"),
    "retrying": gettext_lazy("to be tried again"),
    "failed": gettext_lazy("failed"),
}
REASONS = {
    "worker_lost": gettext_lazy("the worker making it stopped"),
    "time_limit": gettext_lazy("it took too long"),
    "error": gettext_lazy("an error"),
}


def _status(value: Any) -> str:
    try:
        return str(ClientFile.Status(value).label)
    except ValueError:
        return str(value)


def _day(value: Any) -> str:
    try:
        return long_date(date.fromisoformat(str(value)), "fr" if (get_language() or "").startswith("fr") else "en")
    except ValueError:
        return str(value)


def describe(event: AuditEvent) -> str:
    """What happened, in words (the time and who did it are shown beside)."""
    action, details = event.action, event.details or {}
    kind, _sep, step = action.rpartition("_")
    if kind in Job.Kind.values and step in JOB_STEPS:
        text = _("%(job)s: %(step)s") % {"job": Job.Kind(kind).label, "step": JOB_STEPS[step]}
        reason = details.get("reason")
        if reason in REASONS:
            text += f" ({REASONS[reason]})"
        return text
    label = ACTIONS.get(action)
    text = str(label) if label is not None else action.replace("_", " ").capitalize()
    if action == "created" and details.get("source") in SOURCES:
        return _("%(what)s: %(how)s") % {"what": text, "how": SOURCES[details["source"]]}
    if action == "status_changed":
        return _("%(what)s: %(before)s → %(after)s") % {
            "what": text, "before": _status(details.get("before")), "after": _status(details.get("after"))}
    if action == "facts_changed" and details.get("fields"):
        return _("%(what)s: %(facts)s") % {"what": text, "facts": ", ".join(fact_labels(details["fields"]))}
    if action == "screened" and details.get("as_of"):
        return _("%(what)s (rules in force on %(day)s)") % {"what": text, "day": _day(details["as_of"])}
    return text


def history(events: Iterable[AuditEvent]) -> list[dict[str, Any]]:
    """The file page's history lines."""
    return [{"at": e.at, "actor": e.actor, "text": describe(e)} for e in events]
