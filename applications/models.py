"""Consultant firms, client files, their screenings, background jobs and audit trail."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_intake_key() -> str:
    return secrets.token_urlsafe(24)


class Firm(models.Model):
    name = models.CharField(max_length=200)
    # The secret in the firm's intake link (signed with it): a new key makes the old link stop working.
    intake_key = models.CharField(max_length=64, default=new_intake_key)

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A consultant (RCIC or lawyer) belongs to one firm. It is her profile too: the licence that
    authorizes her to give immigration advice for a fee, printed on every report she signs."""

    class Role(models.TextChoices):
        CONSULTANT = "consultant", _("Consultant")
        ADMIN = "admin", _("Firm administrator")

    class Licence(models.TextChoices):
        # Who may represent or advise for a fee (IRPA s. 91(2)): CICC licensees, members of a
        # provincial or territorial law society, Quebec notaries, and Ontario's licensed paralegals.
        RCIC = "rcic", _("Regulated Canadian Immigration Consultant (CICC)")
        LAWYER = "lawyer", _("Lawyer, member of a law society")
        NOTARY = "notary", _("Notary, member of the Chambre des notaires du Québec")
        PARALEGAL = "paralegal", _("Paralegal licensed by a law society")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CONSULTANT)
    licence = models.CharField(_("licence"), max_length=16, choices=Licence.choices, blank=True)
    # A CICC licensee number (R followed by six digits) or a law society's membership number.
    licence_number = models.CharField(_("licence or membership number"), max_length=32, blank=True)
    # The law society (or the college) that issued it, e.g. "Law Society of Ontario", "Barreau du Québec".
    regulator = models.CharField(_("regulator"), max_length=200, blank=True,
                                 help_text=_("The body that issued the licence, e.g. Law Society of Ontario. "
                                             "Leave empty for the CICC."))

    def __str__(self) -> str:
        return f"{self.user} @ {self.firm}"

    def clean(self) -> None:
        from applications.profiles import licence_number_error

        self.licence_number = self.licence_number.strip()
        if self.licence == self.Licence.RCIC:
            self.licence_number = self.licence_number.upper()
        if self.licence_number and not self.licence:
            raise ValidationError({"licence": _("Say which licence this number is for.")})
        error = licence_number_error(self.licence, self.licence_number)
        if error:
            raise ValidationError({"licence_number": error})


class ClientFile(models.Model):
    class Status(models.TextChoices):
        INTAKE = "intake", _("Intake")
        SCREENING = "screening", _("Screening")
        DOCUMENTS = "documents", _("Documents")
        SUBMITTED = "submitted", _("Submitted")
        DECIDED = "decided", _("Decided")
        CLOSED = "closed", _("Closed")

    firm = models.ForeignKey(Firm, on_delete=models.PROTECT, related_name="client_files")
    client_name = models.CharField(max_length=200)
    # The applicant herself, when she has an account: she sees her own file only.
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="own_client_files")
    # The Canadian employer's contact, when the employer has an account: reads the file, edits nothing.
    employer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="employer_client_files")
    request = models.JSONField(default=dict)  # a contract-v1 request (facts only; validated)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.INTAKE)
    # Optimistic concurrency: every change to the file (facts, status, name) adds one, and a save based
    # on an older version is refused (the API's ETag / If-Match, the pages' hidden "version").
    version = models.PositiveIntegerField(default=1)
    # When the file was closed (None while open): closed files are erased CLOSED_FILES_RETENTION_DAYS later.
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # At a glance (the file list): the latest screening's best-fitting stream, kept here when a
    # screening is made so that the list reads a few columns and never a result.
    screened_at = models.DateTimeField(null=True, blank=True)
    latest_screening = models.ForeignKey("Screening", null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="+")
    screened_version = models.PositiveIntegerField(null=True, blank=True)  # the facts' version it screened
    best_stream = models.CharField(max_length=64, blank=True)
    best_outcome = models.CharField(max_length=32, blank=True, db_index=True)
    best_code = models.CharField(max_length=8, blank=True)
    best_months = models.PositiveSmallIntegerField(null=True, blank=True)
    missing_facts = models.JSONField(default=list, blank=True)  # request paths the best stream still needs

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.client_name

    @property
    def changed_since_screening(self) -> bool:
        """The facts changed after the latest screening (it no longer describes them)."""
        return self.screened_version is not None and self.version > self.screened_version


class Note(models.Model):
    """A consultant's internal note: a row of its own, so that notes added at the same moment are all
    kept (appending to one text field lost one of two concurrent notes). Consultants only."""

    client_file = models.ForeignKey(ClientFile, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    # A default rather than auto_now_add: notes moved from the old text field keep their own time.
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"note {self.pk} on file {self.client_file_id}"


class AuditEvent(models.Model):
    """Who changed what, when; written by the service that makes the change. Details hold field names,
    codes and ids, never personal data. Erasing a file erases its events and leaves one tombstone: an
    event with no file (``firm`` says whose it was) that records the erasure."""

    client_file = models.ForeignKey(ClientFile, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="audit_events")
    firm = models.ForeignKey(Firm, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=64)
    details = models.JSONField(default=dict)  # field names and ids, never personal data
    # The file's version this change made (changes that do not move the version: none). A refused
    # save lists the changes made since the version it was based on.
    file_version = models.PositiveIntegerField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.client_file_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class Screening(models.Model):
    """A screening as it was: the request, the result, the date and the rules used."""

    client_file = models.ForeignKey(ClientFile, on_delete=models.CASCADE, related_name="screenings")
    request = models.JSONField()
    result = models.JSONField()
    as_of = models.DateField()
    rulebook_version = models.CharField(max_length=64)
    input_digest = models.CharField(max_length=64)
    # The result's decisions in a few hundred bytes (streams.engine.decisions): lists read these,
    # never the result (~300 KB with its documents).
    decisions = models.JSONField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["client_file", "input_digest", "rulebook_version"],
                                    name="one_screening_per_input_and_rulebook"),
        ]

    def __str__(self) -> str:
        return f"screening {self.pk} of file {self.client_file_id}"


class Job(models.Model):
    """Background work (checklist, report), its state kept here so nothing is lost."""

    class Kind(models.TextChoices):
        CHECKLIST = "checklist", _("Document checklist")
        REPORT = "report", _("Summary report")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client_file = models.ForeignKey(ClientFile, on_delete=models.CASCADE, related_name="jobs")
    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # While running: until when the worker that took it holds it. Past this the worker is taken to be
    # lost and the job is run again (or failed after the last attempt).
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)  # why the last attempt failed, shown to the consultant
    # The streams the checklist and report are for, chosen by the consultant (by default those that fit).
    streams = models.JSONField(default=list, blank=True)
    checklist = models.JSONField(null=True, blank=True)
    checklist_pdf = models.BinaryField(null=True, blank=True)
    report_html = models.TextField(blank=True)
    report_pdf = models.BinaryField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.status})"
