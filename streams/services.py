"""Screening as a service for the interfaces (API, command line, pages): one place, one behaviour."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from streams.engine import RequestError, Screening, evaluate, parse_request, to_data, to_json

NUL_MESSAGE = "must not contain the NUL character (\\u0000)"
MAX_DEPTH = 12  # the deepest fact of contract v1 sits 4 levels down (applicant.employment_history.0.country)
DEPTH_MESSAGE = f"nested more than {MAX_DEPTH} levels deep: no field of contract v1 is"


def screening_today() -> date:
    """The date a request without ``as_of`` is screened on: today in the project's time zone."""
    return timezone.localdate()


def screening_evaluate(data: bytes | str | dict[str, Any], *, as_of: date | None = None,
                       documents: bool = False, today: date | None = None) -> Screening:
    """Validate and screen a contract-v1 request (decisions only; text is made when rendered).

    ``as_of`` (the command line's ``--as-of``) replaces the request's own. ``today``: the date a
    request without ``as_of`` is screened on, when not today (a batch screens every file on the day
    it started). Raises the engine's ``RequestError`` for a bad request.
    """
    request = parse_request(data, today=today or screening_today())
    if as_of is not None:
        request = request.model_copy(update={"as_of": as_of})
        # Re-validate so the date checks (birth after as_of, ...) run against the new date.
        request = parse_request(request.model_dump_json(by_alias=True, exclude_none=True))
    return evaluate(request, documents=documents)


def screen_request(data: bytes | str | dict[str, Any], *, as_of: date | None = None,
                   documents: bool = False) -> dict[str, Any]:
    """The result of a contract-v1 request as the contract's JSON object (with each open stream's
    documents when ``documents``)."""
    return to_data(screening_evaluate(data, as_of=as_of, documents=documents))


def screen_request_json(data: bytes | str | dict[str, Any], *, as_of: date | None = None,
                        documents: bool = False, today: date | None = None) -> bytes:
    """The result as JSON bytes, made in one pass (the API and the command line send these)."""
    return to_json(screening_evaluate(data, as_of=as_of, documents=documents, today=today))


def request_refuse_unstorable(data: Any, *, loc: str = "") -> None:
    """Refuse what PostgreSQL cannot store or what no request of the contract looks like: a NUL
    character anywhere in ``data`` (a request's facts, or one piece of text), in a key or a value,
    and nesting deeper than ``MAX_DEPTH``. Raises ``RequestError`` naming each place."""
    errors: list[dict[str, str]] = []
    pending: list[tuple[Any, str, int]] = [(data, loc, 0)]  # iterative: depth is what is being checked
    while pending:
        node, where, depth = pending.pop()
        if depth > MAX_DEPTH:
            errors.append({"loc": where, "message": DEPTH_MESSAGE})
        elif isinstance(node, str):
            if "\x00" in node:
                errors.append({"loc": where, "message": NUL_MESSAGE})
        elif isinstance(node, dict):
            for key, value in node.items():
                inner = f"{where}.{key}".lstrip(".")
                if "\x00" in str(key):
                    errors.append({"loc": inner, "message": NUL_MESSAGE})
                else:
                    pending.append((value, inner, depth + 1))
        elif isinstance(node, list):
            pending.extend((value, f"{where}.{index}".lstrip("."), depth + 1) for index, value in enumerate(node))
    if errors:
        raise RequestError(sorted(errors, key=lambda e: e["loc"]))


def reference_data_load() -> dict[str, int]:
    """Sync the catalogue tables from the engine's reference data and rulebook (idempotent)."""
    from django.db import transaction

    from streams.engine import default_rulebook
    from streams.engine.reference import noc_unit_groups
    from streams.models import NocUnitGroup, StreamCatalogue

    book = default_rulebook()
    with transaction.atomic():
        groups = noc_unit_groups()
        for group in groups.values():
            NocUnitGroup.objects.update_or_create(
                code=group.code,
                defaults={"title_en": group.title_en, "title_fr": group.title_fr, "teer": group.teer},
            )
        NocUnitGroup.objects.exclude(code__in=list(groups)).delete()
        for position, stream in enumerate(book.streams.values()):
            spec = stream.spec
            StreamCatalogue.objects.update_or_create(
                id=stream.id,
                defaults={
                    "title_en": spec.title.en,
                    "title_fr": spec.title.fr,
                    "program": spec.program,
                    "legal_basis": spec.current_legal_basis,
                    "in_force_from": spec.encoded_from,
                    "rulebook_version": book.version,
                    "position": position,
                },
            )
        StreamCatalogue.objects.exclude(id__in=list(book.streams)).delete()
    return {"NOC 2021 unit groups": len(groups), "streams": len(book.streams)}
