"""Saved answers: create, update, find by private link, purge after the retention period."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from streams.engine import RequestError, parse_request
from streams.models import SavedAnswers
from streams.services import request_refuse_unstorable

_SALT = "streams.saved-answers"


def retention() -> timedelta:
    return timedelta(days=settings.ANSWERS_RETENTION_DAYS)


def answers_create(*, kind: str, request: dict[str, Any], asked: list[str], send_to: str = "") -> SavedAnswers:
    """New answers; ``send_to``: the token of the firm's intake link they were started from (the
    firm they may be sent to, if the person chooses)."""
    _validate(request)
    return SavedAnswers.objects.create(
        id=uuid.uuid4(), kind=kind, request=request, asked=asked, pages=[list(asked)],
        expires_at=timezone.now() + retention(), send_to=send_to[:200],
    )


def answers_update(answers: SavedAnswers, *, request: dict[str, Any], asked: list[str],
                   page: int | None = None, page_questions: list[str] | None = None) -> SavedAnswers:
    """Store new answers; nothing is stored when the request breaks the contract. ``page``: the
    questionnaire's page these answers came from (its questions, ``page_questions``): a page posted
    again replaces itself, so going back and forward never adds pages."""
    _validate(request)
    answers.request = request
    answers.asked = list(dict.fromkeys(asked))
    if page is not None and page_questions is not None:
        pages = [list(p) for p in answers.pages or []]
        if page < len(pages):
            pages[page] = list(page_questions)
        else:
            pages.append(list(page_questions))
        answers.pages = pages
    answers.expires_at = timezone.now() + retention()
    answers.save(update_fields=["request", "asked", "pages", "expires_at", "updated_at"])
    return answers


class LinkNotFound(Http404):
    """No answers at this private link: never there, deleted, or expired (``expired``)."""

    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.expired = expired


def _validate(request: dict[str, Any]) -> None:
    request_refuse_unstorable(request)  # raises RequestError naming the field
    parse_request({"schema_version": "1", **request})


def private_token(answers: SavedAnswers) -> str:
    """The private link's token: the row's random id, signed so it cannot be forged or guessed."""
    return signing.Signer(salt=_SALT).sign(answers.id.hex)


def answers_get_by_token(token: str, *, kind: str) -> SavedAnswers:
    try:
        raw = signing.Signer(salt=_SALT).unsign(token)
        answers = SavedAnswers.objects.get(id=uuid.UUID(hex=raw), kind=kind)
    except (signing.BadSignature, ValueError, SavedAnswers.DoesNotExist):
        raise LinkNotFound("No saved answers at this link.") from None
    if answers.expires_at <= timezone.now():
        answers.delete()
        raise LinkNotFound("These answers have expired and were deleted.", expired=True)
    return answers


def answers_find_by_token(token: str | None, *, kind: str) -> SavedAnswers | None:
    """The answers a private link (or the browser's cookie holding it) leads to, if any are still kept."""
    if not token:
        return None
    try:
        return answers_get_by_token(token, kind=kind)
    except LinkNotFound:
        return None


def answers_export(answers: SavedAnswers, result: dict[str, Any]) -> dict[str, Any]:
    """Everything kept about a person who answered without an account, for her to download."""
    return {
        "kind": answers.kind,
        "answers": answers.request,  # a contract-v1 request: it can be screened again as it is
        "questions_answered": answers.asked,
        "result": result,
        "saved_at": answers.created_at.isoformat(),
        "changed_at": answers.updated_at.isoformat(),
        "kept_until": answers.expires_at.isoformat(),
    }


def answers_pdf(answers: SavedAnswers, result: dict[str, Any]) -> bytes:
    """The answers and their results as a PDF, in the active language."""
    from django.template.loader import render_to_string
    from weasyprint import HTML  # imported here: heavy, and only this download needs it

    from imp_screening.typography import typeset
    from intake.facts import fact_lines

    from .presenters import applicant_results

    language = "fr" if (get_language() or "en").startswith("fr") else "en"
    html = render_to_string("screening/answers_pdf.html", {
        "answers": answers, "facts": fact_lines(answers.request), "result": result,
        "view": applicant_results(result, language),
    })
    return HTML(string=typeset(html, language)).write_pdf()


def html_pdf(html: str, language: str) -> bytes:
    """A page's HTML as a PDF (WeasyPrint), French spacing applied."""
    from weasyprint import HTML

    from imp_screening.typography import typeset

    return HTML(string=typeset(html, language)).write_pdf()


def answers_delete(answers: SavedAnswers) -> None:
    """Delete a person's answers at once, at her request (nothing about them is kept)."""
    answers.delete()


def answers_purge_expired() -> int:
    deleted, _ = SavedAnswers.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


__all__ = ["LinkNotFound", "RequestError", "answers_create", "answers_delete", "answers_export",
           "answers_find_by_token", "answers_get_by_token", "answers_pdf", "answers_purge_expired", "answers_update",
           "html_pdf", "private_token"]
