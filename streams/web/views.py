"""Public pages: landing, the applicant questionnaire, the employer's role check, results.

Views stay thin: the questions and forms are the ``intake`` app's, storage is in ``services``, what a
reader sees first is arranged by ``presenters``, and the answers are screened by the same service as
the API.

The private link is the only key to someone's answers. The browser also keeps it in a cookie, so that
going back to the first page, or sending it again, continues the same answers instead of making a
second link; "Start again" forgets it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intake import questions as q
from intake.facts import fact_lines, question_answers
from intake.forms import QuestionsForm, entries_to_add
from streams.engine import RequestError
from streams.job_finder import job_search
from streams.models import SavedAnswers
from streams.services import screen_request
from streams.throttling import throttle_posts

from . import presenters
from .services import (
    LinkNotFound,
    answers_create,
    answers_delete,
    answers_export,
    answers_find_by_token,
    answers_get_by_token,
    answers_pdf,
    answers_update,
    html_pdf,
    private_token,
    retention,
)

APPLICANT, EMPLOYER = SavedAnswers.Kind.APPLICANT, SavedAnswers.Kind.EMPLOYER
COOKIES = {APPLICANT: "imp_applicant_link", EMPLOYER: "imp_employer_link"}


def _language() -> str:
    return "fr" if (get_language() or "en").startswith("fr") else "en"


def _screen(stored: dict[str, Any], *, documents: bool = False) -> dict[str, Any]:
    return screen_request({"schema_version": "1", **stored, "language": _language()}, documents=documents)


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


def _remember(response: HttpResponse, answers: SavedAnswers) -> HttpResponse:
    """The browser keeps the private link, so that the first page continues the same answers."""
    response.set_cookie(COOKIES[answers.kind], private_token(answers), max_age=int(retention().total_seconds()),
                        httponly=True, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
    return response


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


def link_not_found(request: HttpRequest, error: LinkNotFound, kind: str) -> HttpResponse:
    """An expired, deleted or unknown private link: a page of the site, in its language, with a way to
    start again (and the browser forgets the link)."""
    response = render(request, "screening/link_not_found.html", {
        "expired": error.expired, "employer": kind == EMPLOYER,
    }, status=404)
    response.delete_cookie(COOKIES[kind])
    return _private(response)


def _with_link(kind: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view reached through a private link: its answers, or the "link not found" page."""
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        def wrapped(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                answers = answers_get_by_token(token, kind=kind)
            except LinkNotFound as error:
                return link_not_found(request, error, kind)
            return view(request, answers, *args, **kwargs)
        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped
    return decorate


# --- landing -------------------------------------------------------------------------------------

@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "screening/home.html")


# --- applicant: the questionnaire -------------------------------------------------------------------

def _first_questions() -> list[q.Question]:
    return [q.BY_ID[i] for i in q.APPLICANT_FIRST]


@require_http_methods(["GET", "POST"])
@throttle_posts
def applicant_start(request: HttpRequest) -> HttpResponse:
    """The first page. With answers already in progress in this browser (back to the first page, or
    the page sent again) it shows them and saves into them: one person, one private link."""
    # Started from a firm's intake link: new answers, which the person may send to that firm at the end.
    send_to = (request.POST.get("to") or request.GET.get("to") or "")[:200]
    answers = None if send_to or request.GET.get("new") or request.POST.get("new") else answers_find_by_token(
        request.COOKIES.get(COOKIES[APPLICANT]), kind=APPLICANT)
    if answers is not None:
        if request.method == "POST":
            return _first_page_post(request, answers)
        return _first_page(request, answers, QuestionsForm(_first_questions(), answers.request),
                           _situations_of(answers.request))
    form = QuestionsForm(_first_questions(), {}, request.POST or None)
    chosen = request.POST.getlist("situation") if request.method == "POST" else []
    if request.method == "POST" and form.is_valid():
        data = _with_situations(form.updated_request({}), chosen)
        try:
            answers = answers_create(kind=APPLICANT, request=data, asked=list(q.APPLICANT_FIRST), send_to=send_to)
        except RequestError as error:
            form.add_engine_errors(error)
        else:
            return _remember(redirect("screening:applicant-step", token=private_token(answers)), answers)
    return _private(render(request, "screening/applicant_start.html",
                           {"form": form, "situations": q.SITUATIONS, "chosen": chosen, "page_number": 1,
                            "send_to": send_to}))


def _first_page(request: HttpRequest, answers: SavedAnswers, form: QuestionsForm, chosen: list[str],
                status: int = 200) -> HttpResponse:
    return _private(render(request, "screening/applicant_start.html", _context(
        answers, form=form, situations=q.SITUATIONS, chosen=chosen, continuing=True, page_number=1,
        action=reverse("screening:applicant-page", args=[private_token(answers), 0])), status=status))


def _first_page_post(request: HttpRequest, answers: SavedAnswers) -> HttpResponse:
    form = QuestionsForm(_first_questions(), answers.request, request.POST)
    chosen = request.POST.getlist("situation")
    if form.is_valid():
        try:
            answers_update(answers, request=_with_situations(form.updated_request(answers.request), chosen),
                           asked=[*answers.asked, *q.APPLICANT_FIRST], page=0, page_questions=list(q.APPLICANT_FIRST))
        except RequestError as error:
            form.add_engine_errors(error)
        else:
            return _remember(redirect(_page_after(answers, 0)), answers)
    return _first_page(request, answers, form, chosen)


def _page_after(answers: SavedAnswers, page: int) -> str:
    """Where "Continue" leads from page ``page``: the next page already seen, else new questions."""
    token = private_token(answers)
    if page + 1 < len(answers.pages or []):
        return reverse("screening:applicant-page", args=[token, page + 1])
    return reverse("screening:applicant-step", args=[token])


def _previous_url(answers: SavedAnswers, page: int) -> str:
    token = private_token(answers)
    return reverse("screening:applicant-page", args=[token, page - 1]) if page > 0 else ""


@require_http_methods(["GET", "POST"])
@throttle_posts
@_with_link(APPLICANT)
def applicant_step(request: HttpRequest, answers: SavedAnswers) -> HttpResponse:
    """The next questions: those settling what the most open streams still need, most decisive first."""
    page = len(answers.pages or [])
    if request.method == "POST":
        return _page_post(request, answers, page)
    result = _screen(answers.request)
    needs = q.next_questions(result, answers.asked)
    if not needs:
        return redirect("screening:applicant-results", token=private_token(answers))
    form = QuestionsForm([n.question for n in needs], answers.request)
    return _page(request, answers, form, page, {n.question.id: n.reasons for n in needs},
                 left=q.questions_left(result, answers.asked))


@require_http_methods(["GET", "POST"])
@throttle_posts
@_with_link(APPLICANT)
def applicant_page(request: HttpRequest, answers: SavedAnswers, page: int) -> HttpResponse:
    """A page already answered, to read or change ("Previous", the browser's back button)."""
    pages = answers.pages or []
    if page == 0:
        if request.method == "POST":
            return _first_page_post(request, answers)
        return _first_page(request, answers, QuestionsForm(_first_questions(), answers.request),
                           _situations_of(answers.request))
    if request.method == "POST" and page <= len(pages):
        return _page_post(request, answers, page)  # a page already seen, or the new one (its index is next)
    if page >= len(pages):
        return redirect("screening:applicant-step", token=private_token(answers))
    ids = [i for i in pages[page] if i in q.BY_ID]
    form = QuestionsForm([q.BY_ID[i] for i in ids], answers.request)
    result = _screen(answers.request)
    return _page(request, answers, form, page, {}, left=q.questions_left(result, answers.asked))


def _page(request: HttpRequest, answers: SavedAnswers, form: QuestionsForm, page: int,
          reasons: dict[str, Any], *, left: int | None = None, status: int = 200) -> HttpResponse:
    return _private(render(request, "screening/applicant_step.html", _context(
        answers, form=form, reasons=reasons, page=page, page_number=page + 1, left=left,
        previous=_previous_url(answers, page),
        action=reverse("screening:applicant-page", args=[private_token(answers), page])), status=status))


def _page_post(request: HttpRequest, answers: SavedAnswers, page: int) -> HttpResponse:
    ids = [i for i in dict.fromkeys(request.POST.getlist("question")) if i in q.BY_ID]
    form = QuestionsForm([q.BY_ID[i] for i in ids], answers.request, request.POST)
    if form.is_valid():
        try:
            answers_update(answers, request=form.updated_request(answers.request), asked=[*answers.asked, *ids],
                           page=page, page_questions=ids)
        except RequestError as error:
            form.add_engine_errors(error)
        else:
            adding = entries_to_add(request.POST)
            if adding:  # the same questions again, with one more entry where asked
                form = QuestionsForm(form.questions, answers.request, add_entries=adding)
                return _page(request, answers, form, page, {})
            if "finish" in request.POST:
                return redirect("screening:applicant-results", token=private_token(answers))
            return redirect(_page_after(answers, page))
    return _page(request, answers, form, page, {})


# --- applicant: results, checklist, answers -----------------------------------------------------------

@require_GET
@_with_link(APPLICANT)
def applicant_results(request: HttpRequest, answers: SavedAnswers) -> HttpResponse:
    result = _screen(answers.request)
    view = presenters.applicant_results(result, _language())
    template = "screening/print.html" if request.GET.get("print") else "screening/results.html"
    return render(request, template, _context(
        answers, result=result, view=view, left=q.questions_left(result, answers.asked),
        edit_url=reverse("screening:applicant-answers", args=[private_token(answers)]),
        screened_subset=bool(answers.request.get("streams")),
    ))


@require_GET
@_with_link(APPLICANT)
def applicant_checklist(request: HttpRequest, answers: SavedAnswers, stream_id: str,
                        fmt: str = "html") -> HttpResponse:
    """Her own document checklist for a stream she fits, on the page or as a PDF, in her language."""
    result = _screen(answers.request, documents=True)
    made = presenters.checklist(result, stream_id)
    if made is None:
        raise Http404("No checklist for a stream that does not fit.")
    context = _context(answers, checklist=made, result=result)
    if fmt == "pdf":
        html = render_to_string("screening/checklist_pdf.html", context, request=request)
        response = HttpResponse(html_pdf(html, _language()), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="checklist-{stream_id}.pdf"'
        return response
    if fmt != "html":
        raise Http404("No such format.")
    return render(request, "screening/checklist.html", context)


@require_http_methods(["GET", "POST"])
@throttle_posts
@_with_link(APPLICANT)
def applicant_answers(request: HttpRequest, answers: SavedAnswers) -> HttpResponse:
    """Every answer given so far, page by page, each page a link to change its answers (the page opens
    with what was said). A form of every answer is still taken when posted."""
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
                return redirect("screening:applicant-results", token=private_token(answers))
            form = QuestionsForm(asked, answers.request, add_entries=adding)
    if request.method == "POST":  # a form of every answer, posted (kept for pages saved before)
        return render(request, "screening/answers_form.html", _context(
            answers, form=form, reasons={}, situations=q.SITUATIONS, chosen=chosen))
    pages = []
    for number, ids in enumerate(answers.pages or [list(answers.asked)]):
        asked_here = [q.BY_ID[i] for i in ids if i in q.BY_ID]
        pages.append({"number": number, "questions": [(question, question_answers(question, answers.request))
                                                     for question in asked_here]})
    situations = [label for key, label, _ in q.SITUATIONS if key in chosen]
    return render(request, "screening/answers.html", _context(answers, pages=pages, situations=situations))


@require_GET
@_with_link(APPLICANT)
def applicant_download(request: HttpRequest, answers: SavedAnswers, fmt: str) -> HttpResponse:
    """Her answers and their results, to keep: JSON (the request as it is stored) or PDF."""
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
@_with_link(APPLICANT)
def applicant_delete(request: HttpRequest, answers: SavedAnswers) -> HttpResponse:
    """Delete her answers at once (asked first; a GET deletes nothing)."""
    if request.method == "POST":
        answers_delete(answers)
        response = render(request, "screening/deleted.html")
        response.delete_cookie(COOKIES[APPLICANT])
        return response
    return render(request, "screening/delete.html", _context(answers))


@require_POST
def start_again(request: HttpRequest, kind: str) -> HttpResponse:
    """Forget the answers this browser was continuing (they stay at their private link)."""
    target = "screening:employer-start" if kind == EMPLOYER else "screening:applicant-start"
    response = redirect(target)
    response.delete_cookie(COOKIES[EMPLOYER if kind == EMPLOYER else APPLICANT])
    return response


# --- employer -----------------------------------------------------------------------------------

def _employer_questions() -> list[q.Question]:
    return [q.BY_ID[i] for i in q.EMPLOYER_QUESTIONS]


@require_http_methods(["GET", "POST"])
@throttle_posts
def employer_start(request: HttpRequest, token: str | None = None) -> HttpResponse:
    """The role's questions: a new role, or the role at a private link (or kept by this browser)."""
    answers = None
    if token:
        try:
            answers = answers_get_by_token(token, kind=EMPLOYER)
        except LinkNotFound as error:
            return link_not_found(request, error, EMPLOYER)
    elif not (request.GET.get("new") or request.POST.get("new")):
        answers = answers_find_by_token(request.COOKIES.get(COOKIES[EMPLOYER]), kind=EMPLOYER)
    stored = answers.request if answers else {}
    form = QuestionsForm(_employer_questions(), stored, request.POST or None, employer=True)
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
            return _remember(redirect("screening:employer-results", token=private_token(answers)), answers)
    return _private(render(request, "screening/employer_start.html", {
        "form": form, "answers": answers, "token": private_token(answers) if answers else ""}))


@require_GET
@_with_link(EMPLOYER)
def employer_results(request: HttpRequest, answers: SavedAnswers) -> HttpResponse:
    result = _screen(answers.request)
    view = presenters.employer_results(result, _language())
    template = "screening/employer_print.html" if request.GET.get("print") else "screening/employer_results.html"
    return render(request, template, _context(
        answers, result=result, view=view, facts=fact_lines(answers.request), employer=True,
        edit_url=reverse("screening:employer-edit", args=[private_token(answers)]),
    ))


# --- NOC lookup (htmx suggestions, or a plain page without JavaScript) -----------------------------

@require_GET
def noc_search(request: HttpRequest) -> HttpResponse:
    """Unit groups from a job title or a code, in both languages (``streams.job_finder``)."""
    query = (request.GET.get("q") or "").strip()[:100]
    matches = job_search(query, language=_language()) if query else []
    template = "screening/noc_results.html" if request.headers.get("HX-Request") else "screening/noc_page.html"
    return render(request, template, {"matches": matches, "q": query, "target": request.GET.get("target", "")})
