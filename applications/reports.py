"""Summary report of a screening: HTML from a template, PDF from that HTML with WeasyPrint."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from applications.models import Screening


def report_render(screening: Screening, checklist: dict[str, Any]) -> tuple[str, bytes]:
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
        elif value is None:
            # an employment without an end date is current (contract); anything else is unknown
            lines.append((path, "current" if key == "end_date" else "not known"))
        else:
            shown = ", ".join(map(str, value)) if isinstance(value, list) else ("yes" if value is True else
                                                                                 "no" if value is False else str(value))
            lines.append((path, shown or "none"))
    return lines
