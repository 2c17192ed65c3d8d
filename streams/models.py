"""Catalogue tables for the admin and the web pages, synced from the engine's data by
``load_reference_data``. The engine stays the source of truth; these rows are a read model."""

from django.db import models


class NocUnitGroup(models.Model):
    code = models.CharField(max_length=5, primary_key=True)
    title_en = models.CharField(max_length=255)
    title_fr = models.CharField(max_length=255)
    teer = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["code"]
        verbose_name = "NOC 2021 unit group"

    def __str__(self) -> str:
        return f"{self.code} {self.title_en}"


class StreamCatalogue(models.Model):
    class Program(models.TextChoices):
        IMP = "IMP", "International Mobility Program"
        TFWP = "TFWP", "Temporary Foreign Worker Program"

    id = models.CharField(max_length=64, primary_key=True)
    title_en = models.CharField(max_length=255)
    title_fr = models.CharField(max_length=255)
    program = models.CharField(max_length=4, choices=Program.choices)
    legal_basis = models.CharField(max_length=64)
    in_force_from = models.DateField()
    rulebook_version = models.CharField(max_length=64)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = "stream"

    def __str__(self) -> str:
        return self.title_en


class SavedAnswers(models.Model):
    """Answers of an applicant or employer who has no account: a contract-v1 request reached
    through a signed private link, deleted once the retention period has passed."""

    class Kind(models.TextChoices):
        APPLICANT = "applicant", "Applicant"
        EMPLOYER = "employer", "Employer"

    id = models.UUIDField(primary_key=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    request = models.JSONField(default=dict)
    asked = models.JSONField(default=list)  # ids of the questions already put to the person
    # The questionnaire's pages as the person saw them, in order (lists of question ids): "Previous"
    # goes back through them, and posting a page again replaces it instead of adding one.
    pages = models.JSONField(default=list)
    # Answers started from a firm's intake link: that link's token (checked when the answers are sent),
    # and when they were sent to the firm (once).
    send_to = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "saved answers"
        verbose_name_plural = "saved answers"

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"
