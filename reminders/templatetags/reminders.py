"""The file page's window reminders (consultants only), as impact's notice is shown."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils import timezone, translation

from applications.models import ClientFile
from reminders.models import WindowReminder
from reminders.services import reminders_upcoming, stream_title
from streams.engine import texts

register = template.Library()


@register.filter
def reminder_items(reminders: Any) -> list[dict[str, Any]]:
    """What a page shows of each reminder, in the active language."""
    language = _language()
    today = timezone.localdate()
    return [{"reminder": r, "closes": r.kind == WindowReminder.Kind.CLOSES,
             "stream_title": stream_title(r.stream, language), "days_left": (r.day - today).days,
             "reasons": r.reasons.get(language, [])} for r in reminders]


@register.filter
def long_date(day: date, language: str | None = None) -> str:
    """A date as the screening's texts write it ("1 March 2027", "1er mars 2027")."""
    return texts.long_date(day, _language(language))


def _language(language: str | None = None) -> str:
    language = (language or translation.get_language() or "en")[:2]
    return language if language in ("en", "fr") else "en"


@register.inclusion_tag("reminders/_file_reminders.html")
def file_reminders(client_file: ClientFile, can_edit: bool) -> dict[str, Any]:
    if not can_edit:
        return {"items": []}
    return {"items": reminder_items(reminders_upcoming(ClientFile.objects.filter(pk=client_file.pk)))}
