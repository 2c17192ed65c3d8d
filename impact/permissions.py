"""The one way in to impact runs and firm pages, like ``applications.permissions`` for files.

Only consultants see impact, and only their own firm's: its runs, the runs over every firm (their
counts and files restricted to the firm), and its files. Anything else is "not found" (404).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from applications.models import Firm
from applications.permissions import client_file_get_for_editor
from impact.models import FileImpact, ImpactRun


def consultant_firm(user: Any) -> Firm:
    membership = getattr(user, "membership", None) if getattr(user, "is_authenticated", False) else None
    if membership is None:
        raise Http404("No such firm.")
    return membership.firm


def firm_get_for_user(user: Any, firm_id: Any) -> Firm:
    firm = consultant_firm(user)
    try:
        if int(firm_id) != firm.pk:
            raise Http404("No such firm.")
    except (TypeError, ValueError):
        raise Http404("No such firm.") from None
    return firm


def run_get_for_user(user: Any, run_id: Any) -> tuple[ImpactRun, Firm]:
    firm = consultant_firm(user)
    try:
        run = ImpactRun.objects.get(pk=int(run_id))
    except (ImpactRun.DoesNotExist, TypeError, ValueError):
        raise Http404("No such run.") from None
    if run.firm_id is not None and run.firm_id != firm.pk:
        raise Http404("No such run.")
    return run, firm


def file_impact_get_for_user(user: Any, run_id: Any, file_id: Any) -> FileImpact:
    run, firm = run_get_for_user(user, run_id)
    client_file = client_file_get_for_editor(user, file_id)
    try:
        return FileImpact.objects.select_related("run", "client_file").get(run=run, client_file=client_file)
    except FileImpact.DoesNotExist:
        raise Http404("The run did not change this file.") from None
