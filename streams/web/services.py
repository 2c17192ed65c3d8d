"""Saved answers: create, update, find by private link, purge after the retention period."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.utils import timezone

from streams.engine import RequestError, parse_request
from streams.models import SavedAnswers
from streams.services import request_refuse_unstorable

_SALT = "streams.saved-answers"


def retention() -> timedelta:
    return timedelta(days=settings.ANSWERS_RETENTION_DAYS)


def answers_create(*, kind: str, request: dict[str, Any], asked: list[str]) -> SavedAnswers:
    _validate(request)
    return SavedAnswers.objects.create(
        id=uuid.uuid4(), kind=kind, request=request, asked=asked, expires_at=timezone.now() + retention()
    )


def answers_update(answers: SavedAnswers, *, request: dict[str, Any], asked: list[str]) -> SavedAnswers:
    """Store new answers; nothing is stored when the request breaks the contract."""
    _validate(request)
    answers.request = request
    answers.asked = list(dict.fromkeys(asked))
    answers.expires_at = timezone.now() + retention()
    answers.save(update_fields=["request", "asked", "expires_at", "updated_at"])
    return answers


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
        raise Http404("No saved answers at this link.") from None
    if answers.expires_at <= timezone.now():
        answers.delete()
        raise Http404("These answers have expired and were deleted.")
    return answers


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

    from .facts import fact_lines

    html = render_to_string("screening/answers_pdf.html", {
        "answers": answers, "facts": fact_lines(answers.request), "result": result,
    })
    return HTML(string=html).write_pdf()


def answers_delete(answers: SavedAnswers) -> None:
    """Delete a person's answers at once, at her request (nothing about them is kept)."""
    answers.delete()


def answers_purge_expired() -> int:
    deleted, _ = SavedAnswers.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


__all__ = ["RequestError", "answers_create", "answers_delete", "answers_export", "answers_get_by_token",
           "answers_pdf", "answers_purge_expired", "answers_update", "private_token"]
