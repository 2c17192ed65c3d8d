"""Consultant pages. Every object comes through applications.permissions; logic is in services."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications import intake, permissions, services
from applications.audit_words import history
from applications.checklist import StreamsRefused, streams_default, streams_open
from applications.fact_labels import fact_sections
from applications.models import ClientFile, Job
from applications.profiles import signatory_of
from applications.selectors import (
    OUTCOME_FILTERS,
    client_file_glance,
    client_file_list,
    facts_visible,
    result_visible,
    screening_compare,
    screenings_best_fit,
    stream_titles,
)
from intake import questions
from intake.forms import QuestionsForm, entries_to_add
from streams.engine import RequestError
from streams.models import SavedAnswers
from streams.web.services import LinkNotFound, answers_get_by_token

# The HTML report is a self-contained document (its styles inline, as the PDF renderer reads them):
# opened in a browser it may show its styles and nothing else; no script, no request anywhere.
REPORT_DOCUMENT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
FILES_PER_PAGE = 50


def _language() -> str:
    return "fr" if (get_language() or "en").startswith("fr") else "en"


def _request_from_text(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text or "{}")
    except json.JSONDecodeError as exc:
        raise RequestError([{"loc": "", "message": f"not valid JSON: {exc.msg} (line {exc.lineno})"}]) from None
    except RecursionError:
        raise RequestError([{"loc": "", "message": "not valid JSON: nested too deeply"}]) from None
    if not isinstance(data, dict):
        raise RequestError([{"loc": "", "message": "the facts must be a JSON object"}])
    return data


@login_required
@require_GET
def file_list(request: HttpRequest) -> HttpResponse:
    """The desk: files at a glance (best-fitting stream, outcome, what is missing, last screening),
    filtered by status and outcome, a page at a time."""
    status, outcome = request.GET.get("status", ""), request.GET.get("outcome", "")
    files = client_file_list(request.user, status=status, outcome=outcome)
    page = Paginator(files, FILES_PER_PAGE).get_page(request.GET.get("page"))
    language = _language()
    membership = getattr(request.user, "membership", None)
    consultant = membership is not None
    return render(request, "applications/file_list.html", {
        "intake_link": intake.intake_url(membership.firm) if membership is not None else "",
        "can_renew_intake_link": membership is not None and membership.role == membership.Role.ADMIN,
        "page": page, "rows": [(f, client_file_glance(f, language)) for f in page],
        "statuses": ClientFile.Status.choices, "outcomes": OUTCOME_FILTERS, "status": status, "outcome": outcome,
        "filtered": bool(status or outcome), "can_create": consultant, "show_missing": consultant,
        "signatory": signatory_of(request.user) if consultant else None,
    })


@login_required
@require_http_methods(["GET", "POST"])
def file_create(request: HttpRequest) -> HttpResponse:
    """A new file: from the questionnaire's questions (the file is made, then its facts asked part
    by part), from an applicant's private link (her answers imported), or from JSON facts."""
    membership = getattr(request.user, "membership", None)
    if membership is None:
        raise Http404("Only consultants create client files.")
    errors: list[dict[str, str]] = []
    name, facts = request.POST.get("client_name", ""), request.POST.get("facts", "").strip()
    link = request.POST.get("private_link", "").strip()
    if request.method == "POST":
        upload = request.FILES.get("facts_file")
        if upload:
            facts = upload.read().decode("utf-8", errors="replace")
        try:
            if not name.strip():
                raise RequestError([{"loc": "client_name", "message": "the client's name is required"}])
            if link:
                answers = _answers_of_private_link(link)
                client_file = intake.intake_import(answers=answers, firm=membership.firm, actor=request.user,
                                                   client_name=name)
            else:
                client_file = services.client_file_create(firm=membership.firm, actor=request.user,
                                                          client_name=name.strip(),
                                                          request=_request_from_text(facts or "{}"))
        except RequestError as error:
            errors = error.errors
        else:
            if link or (facts and facts != "{}"):
                return redirect("applications:file-detail", file_id=client_file.pk)
            return redirect("applications:file-facts", file_id=client_file.pk)  # its questions, part by part
    return render(request, "applications/file_form.html", {"errors": errors, "client_name": name, "facts": facts,
                                                             "private_link": link})


def _answers_of_private_link(link: str) -> Any:
    try:
        return answers_get_by_token(intake.token_from_private_link(link), kind=SavedAnswers.Kind.APPLICANT)
    except LinkNotFound as missing:
        message = ("these answers have expired and were deleted" if missing.expired
                   else "this private link leads to no answers: check it was copied whole")
        raise RequestError([{"loc": "private_link", "message": message}]) from None


@login_required
@require_GET
def file_detail(request: HttpRequest, file_id: int) -> HttpResponse:
    client_file = permissions.client_file_get_for_user(request.user, file_id)
    access = permissions.file_access(request.user, client_file)
    # The list of screenings reads their compact decisions, never their results.
    screenings = list(client_file.screenings.defer("result", "request")[:20])
    latest = screenings[0] if screenings else None
    latest_result = None
    if latest is not None and not access.applicant_details:  # the employer's outcomes
        latest_result = result_visible(access, client_file.screenings.only("result").get(pk=latest.pk).result)
    language = _language()
    return render(request, "applications/file_detail.html", {
        "file": client_file, "access": access, "screenings": screenings, "latest": latest,
        "latest_result": latest_result, "glance": client_file_glance(client_file, language),
        "best": screenings_best_fit(screenings, language),
        "jobs": client_file.jobs.defer("checklist", "checklist_pdf", "report_html", "report_pdf")[:10]
        if access.applicant_details else [],
        "audit": history(client_file.audit_events.select_related("actor").order_by("-at")[:30])
        if access.internal else [],
        "notes": client_file.notes.select_related("author") if access.internal else [],
        "statuses": ClientFile.Status.choices, "can_edit": access.edit,
        "facts": _as_json(facts_visible(access, client_file.request)),
        "fact_sections": fact_sections(facts_visible(access, client_file.request), language),
    })


@login_required
@require_http_methods(["GET", "POST"])
def file_erase(request: HttpRequest, file_id: int) -> HttpResponse:
    """Erase a client file for good (asked first): only a tombstone audit row remains."""
    client_file = permissions.client_file_get_for_editor(request.user, file_id)
    if request.method == "POST":
        services.client_file_erase(client_file=client_file, actor=request.user)
        return redirect("applications:file-list")
    return render(request, "applications/file_erase.html", {"file": client_file})


def _posted_version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _posted_base(request: HttpRequest) -> dict[str, Any] | None:
    """The facts the page was opened with (to merge with a colleague's change), when it says."""
    try:
        base = json.loads(request.POST.get("base", ""))
    except json.JSONDecodeError:
        return None
    return base if isinstance(base, dict) else None


def _as_json(facts: dict[str, Any]) -> str:
    return json.dumps(facts, indent=2, ensure_ascii=False)


def _save_facts(client_file: ClientFile, request: HttpRequest,
                facts: dict[str, Any]) -> services.FileChanged | None:
    """Save facts based on the version the page carried; the conflict when it is out of date.
    A page that carries no version is out of date too (nothing is saved blindly)."""
    version = _posted_version(request)
    if version is None:
        return services.FileChanged(client_file, [])
    try:
        services.client_file_update_request(client_file=client_file, actor=request.user, request=facts,
                                            version=version)
    except services.FileChanged as conflict:
        return conflict
    return None


def _conflict_context(conflict: services.FileChanged, base: dict[str, Any] | None,
                      mine: dict[str, Any] | None) -> dict[str, Any]:
    """What a conflict page shows: who changed what and when, the facts both changed (with their value
    now) and my facts merged with theirs where we did not both change the same fact."""
    theirs = conflict.client_file.request
    merged, both = (services.facts_merge(base, mine, theirs) if base is not None and mine is not None
                    else (mine, []))
    return {"conflict": conflict, "merged": merged, "version": conflict.client_file.version, "base": _as_json(theirs),
            "both_changed": [{"field": path, "now": json.dumps(services.fact_at(theirs, path), ensure_ascii=False)}
                             for path in both]}


@login_required
@require_http_methods(["GET", "POST"])
def file_edit(request: HttpRequest, file_id: int) -> HttpResponse:
    client_file = permissions.client_file_get_for_editor(request.user, file_id)
    context: dict[str, Any] = {"file": client_file, "errors": [], "version": client_file.version,
                               "base": _as_json(client_file.request), "facts": _as_json(client_file.request)}
    if request.method == "POST":
        text = request.POST.get("facts") or "{}"
        context.update(facts=text, version=request.POST.get("version", ""), base=request.POST.get("base", ""))
        try:
            mine = _request_from_text(text)
            conflict = _save_facts(client_file, request, mine)
        except RequestError as error:
            context["errors"] = error.errors
        else:
            if conflict is None:
                return redirect("applications:file-detail", file_id=client_file.pk)
            context.update(_conflict_context(conflict, _posted_base(request), mine))
            context["facts"] = _as_json(context["merged"])
            context["current"] = _as_json(conflict.client_file.request)
            return render(request, "applications/file_edit.html", context, status=409)
    return render(request, "applications/file_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def file_facts(request: HttpRequest, file_id: int, part: str | None = None) -> HttpResponse:
    """One part of the file's facts (the person, her history, the job, the family member) as the
    questionnaire's questions; each part a page of its own, saved on its own."""
    client_file = permissions.client_file_get_for_editor(request.user, file_id)
    groups = questions.parts()
    if part is None:
        return redirect("applications:file-facts-part", file_id=client_file.pk, part=groups[0][0].slug)
    index = next((i for i, (p, _) in enumerate(groups) if p.slug == part), None)
    if index is None:
        raise Http404("No such part of a file.")
    current, asked = groups[index]
    following = groups[index + 1][0] if index + 1 < len(groups) else None
    form = QuestionsForm(asked, client_file.request, request.POST or None)
    context: dict[str, Any] = {"file": client_file, "version": client_file.version,
                               "base": _as_json(client_file.request), "part": current, "parts": [p for p, _ in groups],
                               "next_part": following}
    status = 200
    if request.method == "POST":
        context.update(version=request.POST.get("version", ""), base=request.POST.get("base", ""))
    if request.method == "POST" and form.is_valid():
        base = _posted_base(request)
        try:
            conflict = _save_facts(client_file, request, form.updated_request(client_file.request))
        except RequestError as error:
            form.add_engine_errors(error)
        else:
            adding = entries_to_add(request.POST)
            if conflict is not None:
                # What was typed, applied to the facts the page was opened with, merged with the change
                # made meanwhile: shown back (not saved) for the consultant to check and save again.
                mine = form.updated_request(base) if base is not None else None
                context.update(_conflict_context(conflict, base, mine))
                if context["merged"] is not None:
                    form = QuestionsForm(asked, context["merged"], add_entries=adding)
                status = 409  # without the page's facts nothing can be merged: the typed form is shown as is
            elif not adding:
                if following is not None and "continue" in request.POST:
                    return redirect("applications:file-facts-part", file_id=client_file.pk, part=following.slug)
                return redirect("applications:file-detail", file_id=client_file.pk)
            else:
                form = QuestionsForm(form.questions, client_file.request, add_entries=adding)
                context.update(version=client_file.version, base=_as_json(client_file.request))
    context.update(form=form, items=form.groups())
    return render(request, "applications/file_facts.html", context, status=status)


@login_required
@require_POST
def file_status(request: HttpRequest, file_id: int) -> HttpResponse:
    client_file = permissions.client_file_get_for_editor(request.user, file_id)
    status = request.POST.get("status", "")
    if status in ClientFile.Status.values:
        services.client_file_set_status(client_file=client_file, actor=request.user, status=status)
    return redirect("applications:file-detail", file_id=client_file.pk)


@login_required
@require_POST
def file_note(request: HttpRequest, file_id: int) -> HttpResponse:
    client_file = permissions.client_file_get_for_editor(request.user, file_id)
    try:
        services.client_file_add_note(client_file=client_file, actor=request.user, note=request.POST.get("note", ""))
    except RequestError as error:
        return render(request, "applications/refused.html", {"file": client_file, "errors": error.errors},
                      status=400)
    except ValueError:
        pass  # an empty note: nothing to add
    return redirect("applications:file-detail", file_id=client_file.pk)


@login_required
@require_POST
def file_screen(request: HttpRequest, file_id: int) -> HttpResponse:
    client_file = permissions.client_file_get_for_editor(request.user, file_id)
    # In the language of the page the consultant screened from; its checklist and report follow it.
    screening = services.screening_run(client_file=client_file, actor=request.user, language=_language())
    return redirect("applications:screening-detail", file_id=client_file.pk, screening_id=screening.pk)


@login_required
@require_GET
def screening_detail(request: HttpRequest, file_id: int, screening_id: int) -> HttpResponse:
    screening = permissions.screening_get_for_user(request.user, file_id, screening_id)
    access = permissions.file_access(request.user, screening.client_file)
    return render(request, "applications/screening_detail.html", {
        "file": screening.client_file, "screening": screening, "result": result_visible(access, screening.result),
        "access": access, "can_edit": access.edit,
        # the streams a report or checklist can be for, and those ticked unless the consultant chooses
        "open_streams": streams_open(screening.result) if access.edit else [],
        "default_streams": streams_default(screening.result) if access.edit else [],
        "signatory": signatory_of(request.user) if access.edit else None,
    })


@login_required
@require_GET
def screening_compare_view(request: HttpRequest, file_id: int) -> HttpResponse:
    permissions.client_file_get_with_details(request.user, file_id)  # criteria changes describe the applicant
    older = permissions.screening_get_for_user(request.user, file_id, request.GET.get("a"))
    newer = permissions.screening_get_for_user(request.user, file_id, request.GET.get("b"))
    if older.created_at > newer.created_at:
        older, newer = newer, older
    return render(request, "applications/compare.html", {"file": older.client_file,
                                                         "diff": screening_compare(older, newer)})


@login_required
@require_POST
def job_create(request: HttpRequest, file_id: int, screening_id: int) -> HttpResponse:
    screening = permissions.screening_get_for_user(request.user, file_id, screening_id)
    if not permissions.can_edit(request.user, screening.client_file):
        raise Http404("No such screening.")
    kind = request.POST.get("kind")
    if kind not in Job.Kind.values:
        raise Http404("No such job kind.")
    try:
        job = services.job_request(screening=screening, actor=request.user, kind=kind,
                                   streams=request.POST.getlist("streams"))
    except StreamsRefused as refused:
        return render(request, "applications/refused.html", {"file": screening.client_file, "errors": [
            {"loc": "streams", "message": str(refused)}]}, status=400)
    return redirect("applications:job-detail", file_id=file_id, job_id=job.pk)


@login_required
@require_GET
def job_detail(request: HttpRequest, file_id: int, job_id: str) -> HttpResponse:
    job = permissions.job_get_for_user(request.user, file_id, job_id)
    template = "applications/_job_status.html" if request.headers.get("HX-Request") else "applications/job_detail.html"
    titles = stream_titles(_language())
    return render(request, template, {"file": job.client_file, "job": job,
                                      "stream_titles": [titles.get(sid, sid) for sid in job.streams]})


@login_required
@require_GET
def job_status(request: HttpRequest, file_id: int, job_id: str) -> JsonResponse:
    job = permissions.job_get_for_user(request.user, file_id, job_id)
    return JsonResponse({"id": str(job.pk), "kind": job.kind, "status": job.status, "attempts": job.attempts,
                         "error": job.error})


@login_required
@require_GET
def job_download(request: HttpRequest, file_id: int, job_id: str, fmt: str) -> HttpResponse:
    job = permissions.job_get_for_user(request.user, file_id, job_id)
    if job.status != Job.Status.DONE:
        raise Http404("Not ready yet.")
    stem = f"file-{job.client_file_id}-screening-{job.screening_id}-{job.kind}"
    if fmt == "pdf" and job.kind == Job.Kind.REPORT:
        response = HttpResponse(bytes(job.report_pdf), content_type="application/pdf")
    elif fmt == "html" and job.kind == Job.Kind.REPORT:
        response = HttpResponse(job.report_html, content_type="text/html; charset=utf-8")
        response["Content-Security-Policy"] = REPORT_DOCUMENT_POLICY
    elif fmt == "json":
        response = HttpResponse(json.dumps(job.checklist, indent=2, ensure_ascii=False),
                                content_type="application/json")
    else:
        raise Http404("No such format.")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@login_required
@require_GET
def job_checklist_pdf(request: HttpRequest, file_id: int, job_id: str) -> HttpResponse:
    """The document checklist of a finished job (checklist or report) as a PDF of its own."""
    job = permissions.job_get_for_user(request.user, file_id, job_id)
    if job.status != Job.Status.DONE or not job.checklist_pdf:
        raise Http404("Not ready yet.")
    response = HttpResponse(bytes(job.checklist_pdf), content_type="application/pdf")
    name = f"file-{job.client_file_id}-screening-{job.screening_id}-checklist.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
