"""Client-ready documents made from a screening: the report (a few pages a consultant hands to her
client) and the document checklist, each as HTML and as PDF (WeasyPrint).

The report is for the streams the consultant chose (by default those that fit). In the screening's
language it holds: who prepared it (the firm, the consultant and her licence) for whom, the date and
the rules' date; a one-page summary of the streams that fit, best first, what is missing and what to
do next; the chosen streams' criteria in plain words; their document checklist; the facts as
questions and answers; an annex of the streams ruled out, one reason each; and the official sources
it cites, numbered (secondary sources never appear in a client's document). The rulebook's version
appears only in the footer.

``report_data`` gathers everything from stored rows (fetch), the templates only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from applications.checklist import OPEN, checklist_language, streams_ranked
from applications.fact_labels import fact_labels, fact_sections
from applications.models import Job
from applications.profiles import Signatory, signatory_of
from streams.engine.texts import long_date

MISSING_SHOWN = 3  # missing facts named per stream in the summary (the rest are counted): it stays one page
MISSING_NAMED_ROWS = 4  # beyond the first rows (and the chosen streams), the summary counts missing facts
# Official sources cited per criterion or step, and per document: its own pages come first (the engine
# lists them before the pages of the parameters it reads); the site's rules pages list them all.
CITED_PER_CRITERION = 2
CITED_PER_DOCUMENT = 1


@dataclass
class Sources:
    """The official sources a document cites, numbered in the order they are first cited."""

    items: list[dict[str, Any]] = field(default_factory=list)
    _numbers: dict[str, int] = field(default_factory=dict)

    def cite(self, citations: Any, limit: int = CITED_PER_CRITERION) -> list[int]:
        """Numbers of the first ``limit`` official ones among ``citations`` (secondary sources are
        left out)."""
        numbers: list[int] = []
        for citation in citations or ():
            if not citation.get("official"):
                continue
            if len(numbers) == limit:
                break
            url = citation["url"]
            number = self._numbers.get(url)
            if number is None:
                number = self._numbers[url] = len(self.items) + 1
                self.items.append({"number": number, "title": citation["title"], "url": url})
            if number not in numbers:
                numbers.append(number)
        return sorted(numbers)


def _outcome_label(outcome: str) -> str:
    return {"eligible": _("Could be eligible"), "needs_information": _("More information needed"),
            "ineligible": _("Not eligible on these answers"),
            "not_assessed": pgettext("stream outcome", "Not assessed on this date")}.get(outcome, outcome)


def _status_label(status: str) -> str:
    return {"met": pgettext("criterion status", "Met"), "unmet": pgettext("criterion status", "Not met"),
            "unknown": pgettext("criterion status", "Not known yet")}.get(status, status)


def _day(value: str | None, language: str) -> str:
    return long_date(date.fromisoformat(value), language) if value else ""


def _missing(stream: dict[str, Any]) -> list[str]:
    """The facts that would settle a stream, as questions (most useful first)."""
    paths = stream.get("questions") or [path for c in stream.get("criteria", []) for path in c.get("missing", [])]
    return fact_labels(paths)


def _window(stream: dict[str, Any], language: str) -> str:
    window = stream.get("window") or {}
    start, until = window.get("eligible_from"), window.get("eligible_until")
    if start and until:
        return _("from %(start)s until %(until)s") % {"start": _day(start, language), "until": _day(until, language)}
    if until:
        return _("until %(until)s") % {"until": _day(until, language)}
    if start:
        return _("from %(start)s") % {"start": _day(start, language)}
    return ""


def _ruled_out_reason(stream: dict[str, Any]) -> str:
    """One reason a stream is out: the first criterion it does not meet, in its words."""
    criteria = stream.get("criteria", [])
    for criterion in criteria:
        if criterion["status"] == "unmet":
            return criterion["explanation"]
    return criteria[0]["explanation"] if criteria else ""


def _summary_row(stream: dict[str, Any], chosen: list[str], language: str, named: bool) -> dict[str, Any]:
    missing = _missing(stream) if stream["outcome"] == "needs_information" else []
    if not named and stream["stream"] not in chosen:  # a long list: its lower rows count what is missing
        return {**_summary_row(stream, chosen, language, True), "missing": [], "more_missing": 0,
                "missing_count": len(missing)}
    return {
        "stream": stream["stream"], "title": stream["title"], "outcome": stream["outcome"],
        "outcome_label": _outcome_label(stream["outcome"]), "code": stream.get("exemption_code"),
        "months": stream.get("max_duration_months"), "window": _window(stream, language),
        "missing": missing[:MISSING_SHOWN], "more_missing": max(0, len(missing) - MISSING_SHOWN),
        "missing_count": 0, "chosen": stream["stream"] in chosen,
    }


def _criteria(stream: dict[str, Any], sources: Sources) -> list[dict[str, Any]]:
    """Each criterion in plain words: met, what the facts show; not met, why and what it takes;
    not known yet, what it takes (its explanation only says the fact is unknown)."""
    rows = []
    for criterion in stream.get("criteria", []):
        status, requirement = criterion["status"], criterion.get("requirement") or ""
        rows.append({
            "title": criterion["title"], "status": status, "status_label": _status_label(status),
            "explanation": "" if status == "unknown" and requirement else criterion["explanation"],
            "requirement": requirement if status != "met" else "",
            "refs": sources.cite(criterion.get("citations")),
        })
    return rows


def _documents(section: dict[str, Any], sources: Sources) -> list[dict[str, Any]]:
    return [{**item, "refs": sources.cite(item.get("sources"), CITED_PER_DOCUMENT)}
            for item in section.get("items", [])]


def _next_steps(chosen_streams: list[dict[str, Any]], checklist: dict[str, Any], result: dict[str, Any],
                sources: Sources) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What to do next for the chosen streams: the rulebook's own steps, the facts still missing and
    the documents to gather; and, apart, the requirements every such permit shares."""
    steps: list[dict[str, Any]] = []
    for stream in chosen_streams:
        for step in stream.get("next_steps", []):
            steps.append({"text": step["text"], "refs": sources.cite(step.get("citations"))})
    missing = fact_labels(path for stream in chosen_streams if stream["outcome"] == "needs_information"
                          for path in (stream.get("questions") or []))
    if missing:
        shown = "; ".join(missing[:MISSING_SHOWN]) + ("; …" if len(missing) > MISSING_SHOWN else "")
        steps.append({"text": _("Tell us what is still unknown: %(facts)s.") % {"facts": shown}, "refs": []})
    items = [item for section in checklist.get("sections", []) for item in section.get("items", [])]
    needed = sum(1 for item in items if item["status"] == "needed")
    if items:
        steps.append({"text": _("Gather the documents of the checklist (section 3): %(needed)s needed, "
                                "%(maybe)s that may be needed.") % {"needed": needed, "maybe": len(items) - needed},
                      "refs": []})
    chosen_ids = {stream["stream"] for stream in chosen_streams}
    shared = [{"text": requirement["title"], "refs": sources.cite(requirement.get("citations"))}
              for requirement in result.get("general_requirements", [])
              if chosen_ids & set(requirement.get("applies_to", []))]
    return steps, shared


def report_data(*, screening: Any, checklist: dict[str, Any], streams: list[str], signatory: Signatory | None,
                made_on: date, language: str) -> dict[str, Any]:
    """Everything the report shows, in ``language`` (call it inside ``override(language)``)."""
    result = screening.result
    ranked = streams_ranked(result)
    chosen_streams = [s for s in ranked if s["stream"] in streams]
    sources = Sources()
    summary = [_summary_row(s, streams, language, index < MISSING_NAMED_ROWS)
               for index, s in enumerate(s for s in ranked if s["outcome"] in OPEN)]
    next_steps, shared_requirements = _next_steps(chosen_streams, checklist, result, sources)
    sections = {section["stream"]: section for section in checklist.get("sections", [])}
    detailed = [{
        "stream": s["stream"], "title": s["title"], "outcome": s["outcome"],
        "outcome_label": _outcome_label(s["outcome"]), "code": s.get("exemption_code"),
        "months": s.get("max_duration_months"), "notice": s.get("notice"),
        "window": _window(s, language), "window_reasons": (s.get("window") or {}).get("reasons", []),
        "criteria": _criteria(s, sources),
    } for s in chosen_streams]
    documents = [{"stream": sid, "title": sections[sid]["title"], "items": _documents(sections[sid], sources)}
                 for sid in streams if sid in sections]
    ruled_out = [{"title": s["title"], "outcome": s["outcome"], "reason": _ruled_out_reason(s)}
                 for s in ranked if s["outcome"] not in OPEN]
    return {
        "language": language, "signatory": signatory, "client_name": screening.client_file.client_name,
        "firm": signatory.firm if signatory else screening.client_file.firm.name,
        "made_on": long_date(made_on, language), "rules_on": long_date(screening.as_of, language),
        "rulebook_version": screening.rulebook_version, "file_number": screening.client_file_id,
        "summary": summary, "next_steps": next_steps, "shared_requirements": shared_requirements,
        "streams": detailed, "documents": documents,
        "facts": fact_sections(screening.request, language), "ruled_out": ruled_out,
        "sources": sources.items,
    }


def checklist_data(*, screening: Any, checklist: dict[str, Any], signatory: Signatory | None, made_on: date,
                   language: str) -> dict[str, Any]:
    """What the checklist's own document shows (call it inside ``override(language)``)."""
    sources = Sources()
    return {
        "language": language, "signatory": signatory, "client_name": screening.client_file.client_name,
        "firm": signatory.firm if signatory else screening.client_file.firm.name,
        "made_on": long_date(made_on, language), "rules_on": long_date(screening.as_of, language),
        "rulebook_version": screening.rulebook_version, "file_number": screening.client_file_id,
        "documents": [{"stream": section["stream"], "title": section["title"], "code": section.get("exemption_code"),
                       "items": _documents(section, sources)} for section in checklist.get("sections", [])],
        "sources": sources.items,
    }


def _pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: heavy, and only the worker needs it

    return HTML(string=html).write_pdf()


def _made_on(job: Job) -> date:
    return timezone.localdate(job.created_at) if job.created_at else timezone.localdate()


def report_render(job: Job, checklist: dict[str, Any]) -> tuple[str, bytes]:
    """The report of a job, as HTML and PDF, in its screening's language."""
    screening = job.screening
    language = checklist_language(screening.request, screening.result)
    with override(language):
        data = report_data(screening=screening, checklist=checklist, streams=list(checklist.get("streams") or []),
                           signatory=signatory_of(job.created_by), made_on=_made_on(job), language=language)
        html = render_to_string("applications/report.html", data)
    return html, _pdf(html)


def checklist_render(job: Job, checklist: dict[str, Any]) -> bytes:
    """The checklist of a job as a PDF of its own, in its screening's language."""
    screening = job.screening
    language = checklist_language(screening.request, screening.result)
    with override(language):
        data = checklist_data(screening=screening, checklist=checklist, signatory=signatory_of(job.created_by),
                              made_on=_made_on(job), language=language)
        html = render_to_string("applications/checklist_document.html", data)
    return _pdf(html)
