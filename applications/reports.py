"""Summary report of a screening: HTML from a template, PDF from that HTML with WeasyPrint."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import override, pgettext

from applications.checklist import checklist_language
from applications.models import Screening


def report_render(screening: Screening, checklist: dict[str, Any]) -> tuple[str, bytes]:
    # In the screening's language, not the worker's: its results and checklist are written in it.
    with override(checklist_language(screening.request, screening.result)):
        html = render_to_string("applications/report.html", {
            "screening": screening, "client_file": screening.client_file, "result": screening.result,
            "checklist": checklist, "facts": _facts(screening.request),
        })
    from weasyprint import HTML  # imported here: heavy, and only the worker needs it

    return html, HTML(string=html).write_pdf()


def _facts(request: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """The request's facts as (field, value) lines, for the report."""
    lines: list[tuple[str, str]] = []
    for key, value in request.items():
        if key in ("schema_version", "language"):
            continue
        path = f"{prefix}.{key}".lstrip(".")
        if isinstance(value, dict):
            lines += _facts(value, path)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, item in enumerate(value):
                lines += _facts(item, f"{path}.{index}")
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
