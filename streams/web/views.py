"""Public pages: landing, the applicant questionnaire, the employer's role check, results.

Views stay thin: the questionnaire logic is in ``questions``/``answers``, storage in ``services``,
the answers are screened by the same service as the API.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from streams.engine import RequestError, default_rulebook
from streams.job_finder import job_search
from streams.models import SavedAnswers
from streams.services import screen_request
from streams.throttling import throttle_posts

from . import questions as q
from .answers import QuestionsForm, entries_to_add
from .services import (
    answers_create,
    answers_delete,
    answers_export,
    answers_get_by_token,
    answers_pdf,
    answers_update,
    private_token,
    retention,
)

APPLICANT, EMPLOYER = SavedAnswers.Kind.APPLICANT, SavedAnswers.Kind.EMPLOYER
# Criteria reading these facts are about the candidate, not the role.
_CANDIDATE_FACTS = ("applicant", "principal", "significant_benefit")


def _language() -> str:
    return "fr" if (get_language() or "en").startswith("fr") else "en"


def _screen(stored: dict[str, Any]) -> dict[str, Any]:
    return screen_request({"schema_version": "1", **stored, "language": _language()})


def _with_situations(data: dict[str, Any], chosen: list[str]) -> dict[str, Any]:
    """The request screened only for the streams of the situations chosen (all, when none is)."""
    streams = sorted({s for key, _, ids in q.SITUATIONS if key in chosen for s in ids})
    updated = {k: v for k, v in data.items() if k != "streams"}
    return {**updated, "streams": streams} if streams else updated


def _situations_of(data: dict[str, Any]) -> list[str]:
    """The situations whose streams a stored request is screened for."""
    screened = set(data.get("streams") or ())
    return [key for key, _, ids in q.SITUATIONS if screened and set(ids) <= screened]


def _context(answers: SavedAnswers, **extra: Any) -> dict[str, Any]:
    token = private_token(answers)
    return {"answers": answers, "token": token, "retention_days": retention().days, **extra}


# --- landing -------------------------------------------------------------------------------------

@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "screening/home.html")


# --- applicant --------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@throttle_posts
def applicant_start(request: HttpRequest) -> HttpResponse:
    first = [q.BY_ID[i] for i in q.APPLICANT_FIRST]
    form = QuestionsForm(first, {}, request.POST or None)
    chosen = request.POST.getlist("situation") if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        data = _with_situations(form.updated_request({}), chosen)
        try:
            answers = answers_create(kind=APPLICANT, request=data, asked=list(q.APPLICANT_FIRST))
        except RequestError as error:
            form.add_engine_errors(error)
        else:
            return redirect("screening:applicant-step", token=private_token(answers))
    return render(request, "screening/applicant_start.html",
                  {"form": form, "situations": q.SITUATIONS, "chosen": chosen})


@require_http_methods(["GET", "POST"])
@throttle_posts
def applicant_step(request: HttpRequest, token: str) -> HttpResponse:
    answers = answers_get_by_token(token, kind=APPLICANT)
    if request.method == "POST":
        ids = [i for i in request.POST.getlist("question") if i in q.BY_ID]
        form = QuestionsForm([q.BY_ID[i] for i in ids], answers.request, request.POST)
        if form.is_valid():
            try:
                answers_update(answers, request=form.updated_request(answers.request), asked=[*answers.asked, *ids])
            except RequestError as error:
                form.add_engine_errors(error)
            else:
                adding = entries_to_add(request.POST)
                if adding:  # the same questions again, with one more entry where asked
                    form = QuestionsForm(form.questions, answers.request, add_entries=adding)
                    return render(request, "screening/applicant_step.html", _context(
                        answers, form=form, reasons={}, step=len(answers.asked)))
                if "finish" in request.POST:
                    return redirect("screening:applicant-results", token=token)
                return redirect("screening:applicant-step", token=token)
        needs = [q.Need(question, {}) for question in form.questions]
    else:
        result = _screen(answers.request)
        needs = q.next_questions(result, answers.asked)
        if not needs:
            return redirect("screening:applicant-results", token=token)
        form = QuestionsForm([n.question for n in needs], answers.request)
    reasons = {n.question.id: n.reasons for n in needs}
    return render(request, "screening/applicant_step.html",
                  _context(answers, form=form, reasons=reasons, step=len(answers.asked)))


@require_GET
def applicant_results(request: HttpRequest, token: str) -> HttpResponse:
    answers = answers_get_by_token(token, kind=APPLICANT)
    result = _screen(answers.request)
    remaining = q.next_questions(result, answers.asked, limit=1)
    template = "screening/print.html" if request.GET.get("print") else "screening/results.html"
    return render(request, template, _context(
        answers, result=result, more_questions=bool(remaining),
        edit_url=reverse("screening:applicant-answers", args=[private_token(answers)]),
        screened_subset=bool(answers.request.get("streams")),
    ))


@require_http_methods(["GET", "POST"])
@throttle_posts
def applicant_answers(request: HttpRequest, token: str) -> HttpResponse:
    """Every answer given so far, to change any of them without starting again."""
    answers = answers_get_by_token(token, kind=APPLICANT)
    asked = [q.BY_ID[i] for i in answers.asked if i in q.BY_ID]
    form = QuestionsForm(asked, answers.request, request.POST or None)
    chosen = request.POST.getlist("situation") if request.method == "POST" else _situations_of(answers.request)
    if request.method == "POST" and form.is_valid():
        try:
            answers_update(answers, request=_with_situations(form.updated_request(answers.request), chosen),
                           asked=answers.asked)
        except RequestError as error:
            form.add_engine_errors(error)
        else:
            adding = entries_to_add(request.POST)
            if not adding:
                return redirect("screening:applicant-results", token=token)
            form = QuestionsForm(asked, answers.request, add_entries=adding)
    return render(request, "screening/answers.html", _context(
        answers, form=form, reasons={}, situations=q.SITUATIONS, chosen=chosen))


@require_GET
def applicant_download(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    """Her answers and their results, to keep: JSON (the request as it is stored) or PDF."""
    answers = answers_get_by_token(token, kind=APPLICANT)
    result = _screen(answers.request)
    if fmt == "json":
        response = HttpResponse(json.dumps(answers_export(answers, result), indent=2, ensure_ascii=False),
                                content_type="application/json; charset=utf-8")
    elif fmt == "pdf":
        response = HttpResponse(answers_pdf(answers, result), content_type="application/pdf")
    else:
        raise Http404("No such format.")
    response["Content-Disposition"] = f'attachment; filename="work-permit-screening.{fmt}"'
    return response


@require_http_methods(["GET", "POST"])
def applicant_delete(request: HttpRequest, token: str) -> HttpResponse:
    """Delete her answers at once (asked first; a GET deletes nothing)."""
    answers = answers_get_by_token(token, kind=APPLICANT)
    if request.method == "POST":
        answers_delete(answers)
        return render(request, "screening/deleted.html")
    return render(request, "screening/delete.html", _context(answers))


# --- employer -----------------------------------------------------------------------------------

def _employer_questions() -> list[q.Question]:
    return [q.BY_ID[i] for i in q.EMPLOYER_QUESTIONS]


@require_http_methods(["GET", "POST"])
@throttle_posts
def employer_start(request: HttpRequest, token: str | None = None) -> HttpResponse:
    answers = answers_get_by_token(token, kind=EMPLOYER) if token else None
    stored = answers.request if answers else {}
    form = QuestionsForm(_employer_questions(), stored, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.updated_request(stored)
        try:
            if answers:
                answers_update(answers, request=data, asked=list(q.EMPLOYER_QUESTIONS))
            else:
                answers = answers_create(kind=EMPLOYER, request=data, asked=list(q.EMPLOYER_QUESTIONS))
        except RequestError as error:
            form.add_engine_errors(error)
        else:
            return redirect("screening:employer-results", token=private_token(answers))
    return render(request, "screening/employer_start.html", {"form": form, "answers": answers})


@require_GET
def employer_results(request: HttpRequest, token: str) -> HttpResponse:
    answers = answers_get_by_token(token, kind=EMPLOYER)
    result = _screen(answers.request)
    book = default_rulebook()
    day = date.fromisoformat(result["as_of"])
    open_streams, closed_streams = [], []
    for stream in result["streams"]:
        plan = book.plan(stream["stream"], day)
        reads = {c.id: c.template.reads_for(c.args) for c in (plan.criteria if plan else ())}
        candidate = [c for c in stream["criteria"] if c["status"] != "met"
                     and any(r.startswith(_CANDIDATE_FACTS) for r in reads.get(c["id"], ()))]
        employer = [c for c in stream["criteria"] if c["status"] != "met" and c not in candidate]
        entry = {"stream": stream, "candidate": candidate, "employer": employer,
                 "obligations": [g for g in result["general_requirements"] if stream["stream"] in g["applies_to"]
                                 and g["id"] != "general.temporary_stay_and_admissibility"]}
        (closed_streams if stream["outcome"] == "ineligible" else open_streams).append(entry)
    template = "screening/print.html" if request.GET.get("print") else "screening/employer_results.html"
    return render(request, template, _context(
        answers, result=result, open_streams=open_streams, closed_streams=closed_streams,
        edit_url=reverse("screening:employer-edit", args=[private_token(answers)]), employer=True,
    ))


# --- NOC lookup (htmx suggestions, or a plain page without JavaScript) -----------------------------

@require_GET
def noc_search(request: HttpRequest) -> HttpResponse:
    """Unit groups from a job title or a code, in both languages (``streams.job_finder``)."""
    query = (request.GET.get("q") or "").strip()[:100]
    matches = job_search(query, language=_language()) if query else []
    template = "screening/noc_results.html" if request.headers.get("HX-Request") else "screening/noc_page.html"
    return render(request, template, {"matches": matches, "q": query, "target": request.GET.get("target", "")})
