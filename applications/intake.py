"""Intake: an applicant's own screening becomes a client file of a firm.

Two ways in, both with the applicant's consent:

- **The firm's intake link** (shareable, signed with the firm's secret key): it opens the public
  questionnaire; once she has her results the applicant may send her answers to that firm, and only
  that firm. A new key (``intake_link_renew``) makes the old link stop working.
- **Her private link**, which she gives to a consultant: the consultant imports the answers into a
  new file of the consultant's own firm.

What is shared is the answers (the facts) and the name she gives; the file is a copy, and her private
link stays hers (it is never stored with the file).
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from applications import services
from applications.models import AuditEvent, ClientFile, Firm, Membership, new_intake_key
from streams.engine import RequestError
from streams.models import SavedAnswers

_SALT = "applications.firm-intake"
_NOT_FACTS = ("schema_version", "as_of", "language", "streams")  # a screening's settings, not facts
_PRIVATE_LINK = re.compile(r"/apply/(?P<token>[^/?#\s]+)")


class AlreadySent(Exception):
    """These answers were sent to the firm already (once is enough)."""


def intake_token(firm: Firm) -> str:
    return signing.Signer(salt=_SALT).sign(f"{firm.pk}.{firm.intake_key}")


def intake_url(firm: Firm) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("intake-landing", args=[intake_token(firm)])


def firm_for_token(token: str) -> Firm | None:
    """The firm whose current intake link this is (None: forged, mangled, or an old key's link)."""
    try:
        firm_id, key = signing.Signer(salt=_SALT).unsign(token).split(".", 1)
        firm = Firm.objects.get(pk=int(firm_id))
    except (signing.BadSignature, ValueError, Firm.DoesNotExist):
        return None
    return firm if key == firm.intake_key else None


def intake_link_renew(*, firm: Firm, actor: Any) -> Firm:
    firm.intake_key = new_intake_key()
    firm.save(update_fields=["intake_key"])
    AuditEvent.objects.create(firm=firm, actor=actor, action="intake_link_renewed")
    return firm


def _facts(request: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in request.items() if key not in _NOT_FACTS}


@transaction.atomic
def intake_send(*, answers: SavedAnswers, firm: Firm, client_name: str, email: str = "") -> ClientFile:
    """The applicant sends her answers to the firm whose link she started from: a new client file,
    screened, and the firm told. Raises ``AlreadySent`` the second time."""
    locked = SavedAnswers.objects.select_for_update().get(pk=answers.pk)
    if locked.sent_at is not None:
        raise AlreadySent(locked.sent_at)
    name = client_name.strip()
    if not name:
        raise RequestError([{"loc": "client_name", "message": "your name is required"}])
    client_file = services.client_file_create(firm=firm, actor=None, client_name=name[:200],
                                              request=_facts(locked.request), source="intake_link")
    if email:
        services.client_file_add_note(client_file=client_file, actor=None,
                                      note=f"Email given with the answers sent from the firm's intake link: {email}")
    locked.sent_at = timezone.now()
    locked.save(update_fields=["sent_at"])
    services.screening_run(client_file=client_file, actor=None,
                           language=locked.request.get("language") or translation.get_language() or "en")
    transaction.on_commit(lambda: _tell_the_firm(client_file))
    return client_file


def token_from_private_link(link: str) -> str:
    """The token of an applicant's private link (the whole address, or the token alone)."""
    link = link.strip()
    found = _PRIVATE_LINK.search(link)
    return found.group("token") if found else link


@transaction.atomic
def intake_import(*, answers: SavedAnswers, firm: Firm, actor: Any, client_name: str) -> ClientFile:
    """A consultant imports the answers an applicant's private link leads to, into her own firm."""
    name = client_name.strip()
    if not name:
        raise RequestError([{"loc": "client_name", "message": "the client's name is required"}])
    client_file = services.client_file_create(firm=firm, actor=actor, client_name=name[:200],
                                              request=_facts(answers.request), source="private_link")
    return client_file


def _tell_the_firm(client_file: ClientFile) -> None:
    """Email the firm's administrators (its consultants when it has none) about the new file."""
    firm = client_file.firm
    members = Membership.objects.filter(firm=firm, user__is_active=True).exclude(user__email="")
    admins = members.filter(role=Membership.Role.ADMIN)
    to = sorted(set((admins if admins.exists() else members).values_list("user__email", flat=True)))
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {"file": client_file, "firm": firm,
                   "url": settings.SITE_URL.rstrip("/") + reverse("applications:file-detail", args=[client_file.pk])}
        subject = render_to_string("applications/intake_email_subject.txt", context).strip()
        body = render_to_string("applications/intake_email.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=True)
