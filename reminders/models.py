"""Reminders before a client's eligibility window closes (or opens): one row per file, stream, day
and threshold, so that each is made, listed and emailed once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import ClientFile


class WindowReminder(models.Model):
    class Kind(models.TextChoices):
        CLOSES = "closes", _("Window closes")
        OPENS = "opens", _("Window opens")

    client_file = models.ForeignKey(ClientFile, on_delete=models.CASCADE, related_name="window_reminders")
    stream = models.CharField(max_length=64)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    # CLOSES: the last day the stream stays eligible; OPENS: the first day it could be.
    day = models.DateField()
    # The threshold crossed (days before ``day``): 90, 30 or 7 before a window closes, 30 before one opens.
    threshold_days = models.PositiveSmallIntegerField()
    # Why the window ends or starts, in plain words, in each language ({"en": [...], "fr": [...]}):
    # from the engine's window reasons on the day the reminder was made.
    reasons = models.JSONField(default=dict)
    rulebook_version = models.CharField(max_length=64)
    # Who is told: the consultant who opened the file, or the firm's administrators (None: nobody yet).
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Set when a later daily run no longer finds the window (the facts or the rules changed, the file
    # was closed): the reminder leaves the lists and, if not yet emailed, is not emailed.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["day", "client_file_id", "stream", "-threshold_days"]
        constraints = [
            models.UniqueConstraint(fields=["client_file", "stream", "kind", "day", "threshold_days"],
                                    name="one_reminder_per_window_and_threshold"),
        ]
        indexes = [models.Index(fields=["client_file", "day"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.stream} {self.day} ({self.threshold_days} days) for file {self.client_file_id}"


class ReminderRun(models.Model):
    """One daily check: when it ran and what it did (an operator sees that it runs every day)."""

    day = models.DateField()
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    made = models.PositiveIntegerField(default=0)
    emails = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"reminders of {self.day}: {self.made} made, {self.emails} emails"
