"""The engine's request errors in the words of the page's language.

The engine states its errors in English (the API's contract); a form shows them next to the field
in the page's language. Each known message is matched by its wording and said again; anything else
is said generically in French, as it is in English.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

_NUMBER = r"(?P<limit>[0-9][0-9,.]*)"
_PATTERNS: tuple[tuple[re.Pattern[str], Any], ...] = tuple((re.compile(pattern), message) for pattern, message in (
    (r"^the date of birth .* is after as_of", lambda m: _("The date of birth cannot be after today.")),
    (r"^employment history cannot start after as_of", lambda m: _("A job cannot start after today.")),
    (r"^the employment starts before the date of birth", lambda m: _("A job cannot start before your birth.")),
    (r"^the end date is before the start date", lambda m: _("The end date is before the start date.")),
    (r"^an earlier IEC permit cannot be issued after as_of",
     lambda m: _("An earlier permit cannot have been issued after today.")),
    (r"^the initial application cannot be after as_of",
     lambda m: _("The first application cannot be after today.")),
    (r"^the graduation cannot be after as_of", lambda m: _("The graduation cannot be after today.")),
    (r"^the permit expires before it was issued", lambda m: _("The permit expires before it was issued.")),
    (r"^the end of the stay is before its start", lambda m: _("The end of the stay is before its start.")),
    (rf"^must be {_NUMBER} or less", lambda m: _("Enter %(limit)s or less.") % {"limit": _limit(m)}),
    (rf"^must be {_NUMBER} or more", lambda m: _("Enter %(limit)s or more.") % {"limit": _limit(m)}),
    (rf"^must be more than {_NUMBER}", lambda m: _("Enter a number above %(limit)s.") % {"limit": _limit(m)}),
    (r"NUL", lambda m: _("This answer contains a character that cannot be stored.")),
))


def _limit(match: re.Match[str]) -> str:
    raw = match.group("limit").rstrip(".,")
    if (get_language() or "en").startswith("fr"):
        return raw.replace(",", "\u202f").replace(".", ",")
    return raw


def engine_message(error: dict[str, str]) -> str:
    """A located engine error as the page says it."""
    message = error.get("message", "")
    for pattern, say in _PATTERNS:
        match = pattern.search(message)
        if match:
            return str(say(match))
    if (get_language() or "en").startswith("fr"):
        return _("This answer is not accepted.")
    return message
