from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if mapping else None


# The engine reports programs and legal bases as the contract spells them (English); the pages show
# them in the reader's language.
_FRENCH_LABELS = {"IMP": "PMI", "TFWP": "PTET", "R203 with a positive LMIA": "R203 avec une EIMT favorable"}


@register.filter
def in_language(value: str) -> str:
    """A program or legal basis as the current language writes it (PMI for IMP in French)."""
    from django.utils.translation import get_language

    if (get_language() or "en").startswith("fr"):
        return _FRENCH_LABELS.get(value, value)
    return value


_OUTCOMES = {"eligible": _("could be eligible"), "ineligible": _("not eligible on these answers"),
             "needs_information": _("more information needed"),
             "not_assessed": _("not assessed: its rules are not encoded for that date")}
_STATUSES = {"met": _("met"), "unmet": _("not met"), "unknown": _("unknown"), "absent": _("not assessed")}


@register.filter
def outcome_label(value: str | None) -> str:
    """A stream outcome in words ("—" when the stream was not screened)."""
    return str(_OUTCOMES.get(value or "", "—"))


@register.filter
def stream_title(stream_id: str) -> str:
    """A stream's title in the page's language (its id when the rulebook has no such stream)."""
    from django.utils.translation import get_language

    from streams.engine import default_rulebook

    stream = default_rulebook().streams.get(stream_id)
    if stream is None:
        return stream_id
    return str(stream.spec.title["fr" if (get_language() or "en").startswith("fr") else "en"])


@register.filter
def status_label(value: str | None) -> str:
    """A criterion status in words."""
    return str(_STATUSES.get(value or "", value or "—"))


_PERMITS = {"open": _("Open work permit"), "employer_specific": _("Employer-specific work permit"),
            "lmia": _("Employer-specific work permit, after an LMIA")}
_WHO = {"applicant": _("You"), "principal": _("Your family member in Canada"), "employer": _("Your employer"),
        "foreign_employer": _("Your employer abroad"), "third_party": _("Others (schools, police, doctors)")}


@register.filter
def permit_label(value: str | None) -> str:
    """A kind of permit in words."""
    return str(_PERMITS.get(value or "", ""))


@register.filter
def who_label(value: str | None) -> str:
    """Who provides a document, as an applicant reads it."""
    return str(_WHO.get(value or "", value or ""))


@register.filter
def long_date(value: Any) -> str:
    """An ISO date (or a date) in words, in the page's language: 9 March 2027, 9 mars 2027."""
    from datetime import date

    from django.utils.translation import get_language

    from streams.engine.texts import long_date as in_words

    if not value:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return in_words(day, "fr" if (get_language() or "en").startswith("fr") else "en")
