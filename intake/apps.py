from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """The questionnaire: the screening contract asked as questions (no models of its own)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "intake"
