"""Consultant pages. Every object comes through applications.permissions; logic is in services."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications import permissions, services
from applications.models import ClientFile, Job
from applications.selectors import screening_compare
from streams.engine import RequestError
from streams.web import questions
from streams.web.answers import QuestionsForm, entries_to_add


def _request_from_text(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text or "{}")
    except json.JSONDecodeError as exc:
        raise RequestError([{"loc": "", "message": f"not valid JSON: {exc.msg} (line {exc.lineno})"}]) from None
    if not isinstance(data, dict):
        raise RequestError([{"loc": "", "message": "the facts must be a JSON object"}])
    return data


@login_required
@require_GET
def file_list(request: HttpRequest) -> HttpResponse:
    files = permissions.client_files_visible_to(request.user).select_related("firm", "impact_decision")
    return render(request, "applications/file_list.html", {
        "files": files, "can_create": hasattr(request.user, "membership"),
    })


@login_required
@require_http_methods(["GET", "POST"])
def file_create(request: HttpRequest) -> HttpResponse:
    membership = getattr(request.user, "membership", None)
    if membership is None:
        raise Http404("Only consultants create client files.")
    errors: list[dict[str, str]] = []
    name, facts = request.POST.get("client_name", ""), request.POST.get("facts", "{}")
    if request.method == "POST":
        upload = request.FILES.get("facts_file")
        if upload:
            facts = upload.read().decode("utf-8", errors="replace")
        try:
            if not name.strip():
                raise RequestError([{"loc": "client_name", "message": "the client's name is required"}])
            client_file = services.client_file_create(firm=membership.firm, actor=request.user,
                                                      client_name=name.strip(), request=_request_from_text(facts))
        except RequestError as error:
            errors = error.errors
        else:
            return redirect("applications:file-detail", file_id=client_file.pk)
    return render(request, "applications/file_form.html", {"errors": errors, "client_name": name, "facts": facts})


@login_required
@require_GET
def file_detail(request: HttpRequest, file_id: int) -> HttpResponse:
    client_file = permissions.client_file_get_for_user(request.user, file_id)
    screenings = list(client_file.screenings.all()[:20])
    return render(request, "applications/file_detail.html", {
        "file": client_file, "screenings": screenings, "latest": screenings[0] if screenings else None,
        "jobs": client_file.jobs.all()[:10],
        "audit": client_file.audit_events.select_related("actor").order_by("-at")[:30],
        "statuses": ClientFile.Status.choices, "can_edit": permissions.can_edit(request.user, client_file),
        "facts": json.dumps(client_file.request, indent=2, ensure_ascii=False),
    })


@login_required
@require_http_methods(["GET", "POST"])
def file_edit(request: HttpRequest, file_id: int) -> HttpResponse:
    client_file = permissions.client_file_get_for_editor(request.user, file_id)
    facts = request.POST.get("facts") if request.method == "POST" else json.dumps(client_file.request, indent=2,
                                                                                 ensure_ascii=False)
    errors: list[dict[str, str]] = []
    if request.method == "POST":
        try:
            services.client_file_update_request(client_file=client_file, actor=request.user,
                                                request=_request_from_text(facts or "{}"))
        except RequestError as error:
            errors = error.errors
        else:
            return redirect("applications:file-detail", file_id=client_file.pk)
    return render(request, "applications/file_edit.html", {"file": client_file, "facts": facts, "errors": errors})


@login_required
@require_http_methods(["GET", "POST"])
def file_facts(request: HttpRequest, file_id: int) -> HttpResponse:
    """The file's facts as the questionnaire's questions, every one of them, grouped by part."""
    client_file = permissions.client_file_get_for_editor(request.user, file_id)
    groups = questions.sections()
    form = QuestionsForm([question for _, part in groups for question in part], client_file.request,
                         request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_file_update_request(client_file=client_file, actor=request.user,
                                                request=form.updated_request(client_file.request))
        except RequestError as error:
            form.add_engine_errors(error)
        else:
            adding = entries_to_add(request.POST)
            if not adding:
                return redirect("applications:file-detail", file_id=client_file.pk)
            form = QuestionsForm(form.questions, client_file.request, add_entries=adding)
    bound = {question: (fields, entries) for question, fields, entries in form.groups()}
    return render(request, "applications/file_facts.html", {
        "file": client_file, "form": form,
        "sections": [(title, [(question, *bound[question]) for question in part]) for title, part in groups],
    })


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
    note = request.POST.get("note", "").strip()
    if note:
        services.client_file_add_note(client_file=client_file, actor=request.user, note=note)
    return redirect("applications:file-detail", file_id=client_file.pk)


@login_required
@require_POST
def file_screen(request: HttpRequest, file_id: int) -> HttpResponse:
    client_file = permissions.client_file_get_for_editor(request.user, file_id)
    # In the language of the page the consultant screened from; its checklist and report follow it.
    language = "fr" if (get_language() or "en").startswith("fr") else "en"
    screening = services.screening_run(client_file=client_file, actor=request.user, language=language)
    return redirect("applications:screening-detail", file_id=client_file.pk, screening_id=screening.pk)


@login_required
@require_GET
def screening_detail(request: HttpRequest, file_id: int, screening_id: int) -> HttpResponse:
    screening = permissions.screening_get_for_user(request.user, file_id, screening_id)
    return render(request, "applications/screening_detail.html", {
        "file": screening.client_file, "screening": screening, "result": screening.result,
        "can_edit": permissions.can_edit(request.user, screening.client_file),
    })


@login_required
@require_GET
def screening_compare_view(request: HttpRequest, file_id: int) -> HttpResponse:
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
    job = services.job_request(screening=screening, actor=request.user, kind=kind)
    return redirect("applications:job-detail", file_id=file_id, job_id=job.pk)


@login_required
@require_GET
def job_detail(request: HttpRequest, file_id: int, job_id: str) -> HttpResponse:
    job = permissions.job_get_for_user(request.user, file_id, job_id)
    template = "applications/_job_status.html" if request.headers.get("HX-Request") else "applications/job_detail.html"
    return render(request, template, {"file": job.client_file, "job": job})


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
    elif fmt == "json":
        response = HttpResponse(json.dumps(job.checklist, indent=2, ensure_ascii=False),
                                content_type="application/json")
    else:
        raise Http404("No such format.")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
