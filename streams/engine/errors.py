"""Parsing a request, and the contract's error shape: ``{"errors": [{"loc", "message"}]}``."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from pydantic import ValidationError

from .inputs import ScreeningRequest

# Plainer words than pydantic's for the errors users meet most.
_MESSAGES = {
    "extra_forbidden": "unknown field: it is not part of screening contract v1",
    "missing": "this field is required",
    "json_invalid": "the request is not valid JSON",
    "literal_error": "must be one of: {expected}",
    "enum": "must be one of: {expected}",
    "date_from_datetime_parsing": "must be a date written YYYY-MM-DD",
    "date_parsing": "must be a real date written YYYY-MM-DD",
    "date_from_datetime_inexact": "must be a date written YYYY-MM-DD, without a time",
    "greater_than_equal": "must be {ge:g} or more",
    "greater_than": "must be more than {gt:g}",
    "less_than_equal": "must be {le:g} or less",
    "bool_type": "must be true or false",
    "model_type": "must be an object",
    "list_type": "must be a list",
    "string_type": "must be a string",
    "int_type": "must be a whole number",
    "float_type": "must be a number",
    "date_type": "must be a date written YYYY-MM-DD",
}


class RequestError(ValueError):
    """A request that breaks the contract; ``errors`` is the contract's list of located errors."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{e['loc']}: {e['message']}" for e in errors))
        self.errors = errors

    def as_json(self) -> dict[str, Any]:
        return {"errors": self.errors}


def parse_request(data: bytes | str | dict[str, Any], *, today: date | None = None) -> ScreeningRequest:
    """Validate a request given as JSON text or as the dict ``json.loads`` made of it.

    Validation always runs in JSON mode, so a dict and its JSON text are accepted or refused alike
    (strict mode would otherwise refuse date strings in a dict). ``today`` stands in for a missing
    ``as_of``.
    """
    if isinstance(data, dict):
        data = json.dumps(data)
    context = {"today": today or date.today()}
    try:
        if isinstance(data, (bytes, str)) and not _is_object(data):
            raise RequestError([{"loc": "", "message": "the request must be a JSON object"}])
        return ScreeningRequest.model_validate_json(data, context=context)
    except ValidationError as exc:
        raise RequestError(errors_from(exc)) from None


def _is_object(text: bytes | str) -> bool:
    stripped = text.lstrip()
    if isinstance(stripped, bytes):
        return stripped[:1] in (b"{", b"")
    return stripped[:1] in ("{", "")


def errors_from(exc: ValidationError) -> list[dict[str, str]]:
    errors: list[dict[str, str]] = []
    for error in exc.errors(include_url=False):
        parts = [str(p) for p in error["loc"]]
        context = error.get("ctx") or {}
        if error["type"] == "located":
            parts.append(context["field"])
            message = context["message"]
        else:
            template = _MESSAGES.get(error["type"])
            try:
                message = template.format(**context) if template else error["msg"]
            except KeyError:
                message = error["msg"]
        # pydantic reports a tagged choice of types as "field.type_name"; users only need the field.
        errors.append({"loc": ".".join(p for p in parts if p), "message": message})
    return errors
