"""Summary report of a screening: HTML from a template, PDF from that HTML with WeasyPrint."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import override

from applications.checklist import checklist_language
from applications.models import Screening
from intake.facts import fact_lines


def report_render(screening: Screening, checklist: dict[str, Any]) -> tuple[str, bytes]:
    # In the screening's language, not the worker's: its results and checklist are written in it.
    with override(checklist_language(screening.request, screening.result)):
        html = render_to_string("applications/report.html", {
            "screening": screening, "client_file": screening.client_file, "result": screening.result,
            "checklist": checklist, "facts": fact_lines(screening.request),
        })
    from weasyprint import HTML  # imported here: heavy, and only the worker needs it

    return html, HTML(string=html).write_pdf()
