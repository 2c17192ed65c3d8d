"""A consultant's profile as her reports print it: her name, her firm and the licence that lets her
advise for a fee (a CICC licence, or membership of a law society or the Chambre des notaires)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The CICC's public register lists licensees as R followed by six digits (R712345).
RCIC_NUMBER = re.compile(r"R\d{6}")
MEMBERSHIP_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .\-/]{0,31}")

RCIC_NUMBER_ERROR = gettext_lazy("A CICC licence number is R followed by six digits, such as R712345.")
MEMBERSHIP_NUMBER_ERROR = gettext_lazy(
    "A membership number is letters and digits (spaces, dots, hyphens and slashes allowed).")


def licence_number_error(licence: str, number: str) -> str | None:
    """Why ``number`` cannot be a number of that licence (None: it can, or nothing is given)."""
    if not number:
        return None
    if licence == "rcic":
        return None if RCIC_NUMBER.fullmatch(number) else str(RCIC_NUMBER_ERROR)
    return None if MEMBERSHIP_NUMBER.fullmatch(number) else str(MEMBERSHIP_NUMBER_ERROR)


@dataclass(frozen=True)
class Signatory:
    """Who signs a report: her name, her firm, and her licence as one line ("" when not on her profile)."""

    name: str
    firm: str
    licence: str

    @property
    def licensed(self) -> bool:
        return bool(self.licence)


def licence_line(licence: str, number: str, regulator: str) -> str:
    """The licence as a report prints it, in the active language ("" without a number)."""
    number = number.strip()
    if not licence or not number:
        return ""
    if licence == "rcic":
        return _("Regulated Canadian Immigration Consultant (RCIC), CICC licence %(number)s") % {"number": number}
    body = regulator.strip()
    if licence == "notary":
        body = body or "Chambre des notaires du Québec"
        return _("Notary, member of the %(body)s, no. %(number)s") % {"body": body, "number": number}
    if licence == "paralegal":
        return (_("Paralegal licensed by the %(body)s, no. %(number)s") % {"body": body, "number": number} if body
                else _("Licensed paralegal, no. %(number)s") % {"number": number})
    return (_("Lawyer, member of the %(body)s, no. %(number)s") % {"body": body, "number": number} if body
            else _("Lawyer, law society membership no. %(number)s") % {"number": number})


def signatory_of(user: Any) -> Signatory | None:
    """The profile of a consultant (a firm's member), as her reports print it; None for anyone else.
    Call it in the report's language."""
    membership = getattr(user, "membership", None) if user is not None else None
    if membership is None:
        return None
    name = user.get_full_name().strip() or user.get_username()
    return Signatory(name=name, firm=membership.firm.name,
                     licence=licence_line(membership.licence, membership.licence_number, membership.regulator))
