"""Screening as a service for the interfaces (API, command line, pages): one place, one behaviour."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from streams.engine import RequestError, parse_request, screen_data

NUL_MESSAGE = "must not contain the NUL character (\\u0000)"


def screening_today() -> date:
    """The date a request without ``as_of`` is screened on: today in the project's time zone."""
    return timezone.localdate()


def screen_request(data: bytes | str | dict[str, Any], *, as_of: date | None = None) -> dict[str, Any]:
    """Validate and screen a contract-v1 request; returns the result JSON object.

    ``as_of`` (the command line's ``--as-of``) replaces the request's own. Raises the engine's
    ``RequestError`` for a bad request.
    """
    request = parse_request(data, today=screening_today())
    if as_of is not None:
        request = request.model_copy(update={"as_of": as_of})
        # Re-validate so the date checks (birth after as_of, ...) run against the new date.
        request = parse_request(request.model_dump_json(by_alias=True, exclude_none=True))
    return screen_data(request)


def request_refuse_nul(data: Any, *, loc: str = "") -> None:
    """Refuse text PostgreSQL cannot store: a NUL character anywhere in ``data`` (a request's
    facts, or one piece of text), in a key or a value. Raises ``RequestError`` naming each place."""
    errors = [{"loc": where, "message": NUL_MESSAGE} for where in _nul_locations(data, loc)]
    if errors:
        raise RequestError(errors)


def _nul_locations(data: Any, loc: str) -> list[str]:
    if isinstance(data, str):
        return [loc] if "\x00" in data else []
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            where = f"{loc}.{key}".lstrip(".")
            if "\x00" in str(key):
                found.append(where)
            else:
                found += _nul_locations(value, where)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _nul_locations(value, f"{loc}.{index}".lstrip("."))
    return found


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
                    "legal_basis": spec.legal_basis,
                    "in_force_from": spec.in_force_from,
                    "rulebook_version": book.version,
                    "position": position,
                },
            )
        StreamCatalogue.objects.exclude(id__in=list(book.streams)).delete()
    return {"NOC 2021 unit groups": len(groups), "streams": len(book.streams)}
