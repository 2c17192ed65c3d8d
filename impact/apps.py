from django.apps import AppConfig


class ImpactConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "impact"
    verbose_name = "Rule-change impact"
