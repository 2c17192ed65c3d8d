"""Rule-change impact: each file's latest decisions in compact form, bulk re-screening runs and
their chunks, the files whose outcome changed, and the emails sent about them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import ClientFile, Firm, Screening


class ImpactRun(models.Model):
    """One bulk re-screening of a firm's files (or of every firm's), as of one day."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Trigger(models.TextChoices):
        COMMAND = "command", _("Command line")
        NEW_RULES = "new_rules", _("New rules")
        CONSULTANT = "consultant", _("Consultant")

    firm = models.ForeignKey(Firm, null=True, blank=True, on_delete=models.CASCADE, related_name="impact_runs")
    as_of = models.DateField()
    # A run as of a later day previews a rule that takes effect then: it reports, but the files'
    # latest decisions stay those of today.
    preview = models.BooleanField(default=False)
    rulebook_version = models.CharField(max_length=64)
    previous_rulebook_versions = models.JSONField(default=list)
    trigger = models.CharField(max_length=16, choices=Trigger.choices, default=Trigger.COMMAND)
    # "rules:<version>" for the run started by a new rulebook: unique, so it starts once.
    trigger_key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.RUNNING, db_index=True)
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    chunks_failed = models.PositiveIntegerField(default=0)
    files = models.PositiveIntegerField(default=0)
    screened = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    flipped = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    by_stream = models.JSONField(default=dict)  # stream id -> files whose outcome for it changed
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"impact run {self.pk} as of {self.as_of} ({self.status})"


class ImpactChunk(models.Model):
    """A range of one firm's files within a run: one Celery task, written in one transaction."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    run = models.ForeignKey(ImpactRun, on_delete=models.CASCADE, related_name="chunks")
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    first_file_id = models.BigIntegerField()
    last_file_id = models.BigIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    files = models.PositiveIntegerField(default=0)
    screened = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    flipped = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    by_stream = models.JSONField(default=dict)
    previous_rulebook_versions = models.JSONField(default=list)
    error = models.TextField(blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "enqueued_at"], name="impact_chunk_pending")]

    def __str__(self) -> str:
        return f"chunk {self.pk} of run {self.run_id}: files {self.first_file_id}-{self.last_file_id}"


class FileDecision(models.Model):
    """A client file's latest decisions in a few kilobytes (``streams.engine.decisions``): what a
    bulk re-screening compares with, so it never reads or writes a full result it does not need."""

    client_file = models.OneToOneField(ClientFile, primary_key=True, on_delete=models.CASCADE,
                                       related_name="impact_decision")
    # stream id -> {"outcome", "code", "months", "score", "criteria": {id: status}, "missing": [...]}
    decisions = models.JSONField()
    rulebook_version = models.CharField(max_length=64, db_index=True)
    as_of = models.DateField()
    language = models.CharField(max_length=2, default="en")
    # The stored screening these decisions come from (None: recorded without one, e.g. seeded, or
    # confirmed unchanged by a run under newer rules).
    screening = models.ForeignKey(Screening, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    run = models.ForeignKey(ImpactRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"decisions of file {self.client_file_id} as of {self.as_of}"


class FileImpact(models.Model):
    """A file whose decisions changed in a run: the streams that changed outcome, the criteria
    that changed status, and each criterion's explanation before and after."""

    class Rank(models.IntegerChoices):
        NEWLY_ELIGIBLE = 0, _("Newly eligible")
        NEWLY_INELIGIBLE = 1, _("Newly not eligible")
        OUTCOME_CHANGED = 2, _("Outcome changed")
        CRITERIA_CHANGED = 3, _("Criteria changed")

    run = models.ForeignKey(ImpactRun, on_delete=models.CASCADE, related_name="impacts")
    client_file = models.ForeignKey(ClientFile, on_delete=models.CASCADE, related_name="impacts")
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(choices=Rank.choices)
    # [{"stream", "title", "before", "after", "direction"}] for the streams whose outcome changed
    streams = models.JSONField(default=list)
    # [{"id", "stream", "title", "before", "after", "explanation_before", "explanation_after"}]
    criteria = models.JSONField(default=list)
    before_as_of = models.DateField(null=True, blank=True)
    before_rulebook_version = models.CharField(max_length=64, blank=True)
    before_screening = models.ForeignKey(Screening, null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="+")
    # Where the explanations before come from: the stored screening, or (for a file whose decisions
    # were kept without one) the rules in force on the earlier day applied again.
    before_source = models.CharField(max_length=16, blank=True)
    after_screening = models.ForeignKey(Screening, null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="+")
    notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rank", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "client_file"], name="one_impact_per_file_and_run")]
        indexes = [models.Index(fields=["run", "firm", "rank"], name="impact_by_run_firm_rank")]

    def __str__(self) -> str:
        return f"impact of run {self.run_id} on file {self.client_file_id}"

    @property
    def flipped(self) -> bool:
        return self.rank != self.Rank.CRITERIA_CHANGED


class ImpactNotification(models.Model):
    """One email to one consultant about one run; the unique row makes it go once."""

    run = models.ForeignKey(ImpactRun, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    files = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "recipient"], name="one_email_per_run_and_recipient")]

    def __str__(self) -> str:
        return f"email about run {self.run_id} to {self.recipient_id}"
