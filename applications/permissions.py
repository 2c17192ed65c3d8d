"""The one way in to client files: every view and API endpoint gets objects through here.

A consultant sees the files of her firm; an applicant sees only the files where she is the
applicant, and an employer's contact only the files naming that employer (both only read).
Anything else is "not found" (404), never "forbidden", so file ids leak nothing.

What each of them sees of a file (``file_access``):

- the firm's consultants: everything, and they edit;
- the applicant: her facts, screenings, checklists and reports, but not the consultants' internal
  notes nor the file's internal history;
- the employer's contact: the job offer and the outcome of each stream, nothing about the
  applicant's history (facts, criteria explanations, checklists and reports describe her), no notes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from applications.models import ClientFile, Job, Screening


def client_files_visible_to(user: Any) -> QuerySet[ClientFile]:
    if not getattr(user, "is_authenticated", False):
        return ClientFile.objects.none()
    membership = getattr(user, "membership", None)
    condition = Q(applicant=user) | Q(employer=user)
    if membership is not None:
        condition |= Q(firm_id=membership.firm_id)
    return ClientFile.objects.filter(condition)


def client_file_get_for_user(user: Any, file_id: Any) -> ClientFile:
    try:
        return client_files_visible_to(user).get(pk=int(file_id))
    except (ClientFile.DoesNotExist, TypeError, ValueError):
        raise Http404("No such client file.") from None


@dataclass(frozen=True)
class FileAccess:
    role: str  # "consultant", "applicant" or "employer"

    @property
    def edit(self) -> bool:
        return self.role == "consultant"

    @property
    def internal(self) -> bool:
        """Notes and the file's history: the firm's own working papers."""
        return self.role == "consultant"

    @property
    def applicant_details(self) -> bool:
        """Every fact, criteria explanations, comparisons, checklists and reports."""
        return self.role in ("consultant", "applicant")


def file_access(user: Any, client_file: ClientFile) -> FileAccess:
    """What ``user`` (who can see the file) sees of it. A consultant of the firm is one first."""
    if can_edit(user, client_file):
        return FileAccess("consultant")
    if client_file.applicant_id is not None and client_file.applicant_id == getattr(user, "pk", None):
        return FileAccess("applicant")
    return FileAccess("employer")


def can_edit(user: Any, client_file: ClientFile) -> bool:
    """Consultants of the firm edit; an applicant reads her own file."""
    membership = getattr(user, "membership", None)
    return membership is not None and membership.firm_id == client_file.firm_id


def client_file_get_for_editor(user: Any, file_id: Any) -> ClientFile:
    client_file = client_file_get_for_user(user, file_id)
    if not can_edit(user, client_file):
        raise Http404("No such client file.")
    return client_file


def client_file_get_with_details(user: Any, file_id: Any) -> ClientFile:
    """A file whose applicant's details the user may see (consultants, the applicant herself)."""
    client_file = client_file_get_for_user(user, file_id)
    if not file_access(user, client_file).applicant_details:
        raise Http404("No such client file.")
    return client_file


def screening_get_for_user(user: Any, file_id: Any, screening_id: Any) -> Screening:
    client_file = client_file_get_for_user(user, file_id)
    try:
        return client_file.screenings.get(pk=int(screening_id))
    except (Screening.DoesNotExist, TypeError, ValueError):
        raise Http404("No such screening.") from None


def job_get_for_user(user: Any, file_id: Any, job_id: Any) -> Job:
    """Checklists and reports describe the applicant: not for the employer."""
    client_file = client_file_get_with_details(user, file_id)
    try:
        return client_file.jobs.get(pk=job_id)
    except (Job.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404("No such job.") from None
