"""Facts of a request as lines for a printed report, in the active language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import pgettext


def fact_lines(request: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """A request's facts as (field, value) lines, for the reports (a consultant's, an applicant's)."""
    lines: list[tuple[str, str]] = []
    for key, value in request.items():
        if key in ("schema_version", "language"):
            continue
        path = f"{prefix}.{key}".lstrip(".")
        if isinstance(value, dict):
            lines += fact_lines(value, path)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, item in enumerate(value):
                lines += fact_lines(item, f"{path}.{index}")
        else:
            lines.append((path, _shown(key, value)))
    return lines


def _shown(key: str, value: Any) -> str:
    """A fact's value as the report shows it, in the active language."""
    if value is None:
        # an employment without an end date is current (contract); anything else is unknown
        return pgettext("fact value", "current") if key == "end_date" else pgettext("fact value", "not known")
    if isinstance(value, bool):
        return pgettext("fact value", "yes") if value else pgettext("fact value", "no")
    shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return shown or pgettext("fact value", "none")
