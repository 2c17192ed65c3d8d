"""The screening engine: framework-free rules for Canadian work-permit streams.

    >>> from streams.engine import parse_request, screen
    >>> result = screen(parse_request({"schema_version": "1", "as_of": "2026-11-22"}))

Nothing here imports Django, DRF, Celery or the project's apps (an import-linter contract holds
it to that); the web, API and command-line interfaces all call these functions.
"""

from __future__ import annotations

from typing import Any

from .errors import RequestError, parse_request
from .evaluate import Screening, evaluate
from .findings import Kind, Outcome, Status
from .inputs import ScreeningRequest
from .render import to_data, to_json
from .results import ScreeningResult
from .rulebook import Rulebook, default_rulebook
from .version import ENGINE_VERSION

__all__ = [
    "ENGINE_VERSION",
    "Kind",
    "Outcome",
    "RequestError",
    "Rulebook",
    "Screening",
    "ScreeningRequest",
    "ScreeningResult",
    "Status",
    "default_rulebook",
    "evaluate",
    "parse_request",
    "screen",
    "screen_data",
    "screen_json",
    "to_data",
    "to_json",
]


def screen(request: ScreeningRequest, rulebook: Rulebook | None = None) -> ScreeningResult:
    """Screen a validated request against every stream it asks for (all, by default)."""
    return ScreeningResult.model_validate(screen_data(request, rulebook))


def screen_data(request: ScreeningRequest, rulebook: Rulebook | None = None, *,
                documents: bool = False) -> dict[str, Any]:
    """The screening result as the contract's JSON object (dates as ISO strings); ``documents``
    adds each open stream's documents."""
    return to_data(evaluate(request, rulebook, documents=documents))


def screen_json(data: bytes | str | dict[str, Any], *, documents: bool = False, **kwargs: Any) -> dict[str, Any]:
    """Validate a request and screen it; returns the result as the contract's JSON object.

    Raises ``RequestError`` (with the contract's located errors) for a bad request.
    """
    return screen_data(parse_request(data, **kwargs), documents=documents)
