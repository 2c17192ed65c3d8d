"""Consultant pages for rule-change impact. Every object comes through impact.permissions; logic
is in services and selectors."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from impact import permissions, selectors, services
from impact.models import ImpactRun

FILES_PER_PAGE = 50


@login_required
@require_GET
def impact_home(request: HttpRequest) -> HttpResponse:
    return redirect("impact:firm", firm_id=permissions.consultant_firm(request.user).pk)


@login_required
@require_GET
def firm_impact(request: HttpRequest, firm_id: int) -> HttpResponse:
    firm = permissions.firm_get_for_user(request.user, firm_id)
    runs = list(selectors.impact_runs_for_firm(firm)[:selectors.RUNS_LISTED])
    selected: ImpactRun | None = None
    if request.GET.get("run"):
        selected, _ = permissions.run_get_for_user(request.user, request.GET["run"])
    elif runs:
        selected = next((r for r in runs if r.status != ImpactRun.Status.RUNNING), runs[0])
    page = None
    if selected is not None:
        impacts = selectors.file_impacts_for_firm(selected, firm)
        page = Paginator(impacts, FILES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "impact/firm.html", {
        "firm": firm, "runs": [selectors.impact_run_figures(run, firm) for run in runs], "selected": selected,
        "figures": selectors.impact_run_figures(selected, firm) if selected else None, "page": page,
        "today": services.screening_today(),
    })


@login_required
@require_POST
def run_start(request: HttpRequest, firm_id: int) -> HttpResponse:
    firm = permissions.firm_get_for_user(request.user, firm_id)
    as_of = None
    if request.POST.get("as_of"):
        try:
            as_of = date.fromisoformat(request.POST["as_of"])
        except ValueError:
            as_of = None
    run = services.impact_run_request(firm=firm, actor=request.user, as_of=as_of)
    return redirect(reverse("impact:firm", args=[firm.pk]) + f"?run={run.pk}")


@login_required
@require_GET
def file_impact(request: HttpRequest, run_id: int, file_id: int) -> HttpResponse:
    impact = permissions.file_impact_get_for_user(request.user, run_id, file_id)
    return render(request, "impact/file_impact.html", {"impact": impact, "run": impact.run,
                                                       "file": impact.client_file})


@login_required
@require_POST
def file_impact_screening(request: HttpRequest, run_id: int, file_id: int) -> HttpResponse:
    """The new screening in full (made now if the run did not store one), or its comparison with
    the screening before."""
    impact = permissions.file_impact_get_for_user(request.user, run_id, file_id)
    language = "fr" if (get_language() or "").startswith("fr") else "en"
    screening = services.impact_screening(impact=impact, actor=request.user, language=language)
    if request.POST.get("compare") and impact.before_screening_id:
        return redirect(reverse("applications:screening-compare", args=[file_id])
                        + f"?a={impact.before_screening_id}&b={screening.pk}")
    return redirect("applications:screening-detail", file_id, screening.pk)
