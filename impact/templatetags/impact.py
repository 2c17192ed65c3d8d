"""Impact on the client-file pages: a notice on a file a run changed, and staleness."""

from __future__ import annotations

from typing import Any

from django import template

from applications.models import ClientFile
from applications.permissions import can_edit
from impact import selectors

register = template.Library()


@register.inclusion_tag("impact/_file_notice.html", takes_context=True)
def impact_file_notice(context: dict[str, Any], client_file: ClientFile) -> dict[str, Any]:
    """What a re-screening found in the file (for its consultants), and whether its latest
    screening used older rules."""
    user = context["request"].user
    impact = selectors.file_impact_current(client_file) if can_edit(user, client_file) else None
    return {"file": client_file, "impact": impact, "staleness": selectors.file_staleness(client_file)}


@register.filter
def rules_stale(client_file: ClientFile) -> bool:
    """True when the file's latest screening used older rules (select ``impact_decision`` with the files)."""
    return selectors.decision_is_stale(client_file)
