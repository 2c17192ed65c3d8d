"""The screening engine: framework-free rules for Canadian work-permit streams.

    >>> from streams.engine import parse_request, screen
    >>> result = screen(parse_request({"schema_version": "1", "as_of": "2026-11-22"}))

Nothing here imports Django, DRF, Celery or the project's apps (an import-linter contract holds
it to that); the web, API and command-line interfaces all call these functions.
"""

from .errors import RequestError, parse_request
from .evaluate import screen, screen_data
from .findings import Kind, Outcome, Status
from .inputs import ScreeningRequest
from .results import ScreeningResult
from .rulebook import Rulebook, default_rulebook
from .version import ENGINE_VERSION

__all__ = [
    "ENGINE_VERSION",
    "Kind",
    "Outcome",
    "RequestError",
    "Rulebook",
    "ScreeningRequest",
    "ScreeningResult",
    "Status",
    "default_rulebook",
    "parse_request",
    "screen",
    "screen_data",
    "screen_json",
]


def screen_json(data: bytes | str | dict, **kwargs: object) -> dict:  # type: ignore[type-arg]
    """Validate a request and screen it; returns the result as the contract's JSON object.

    Raises ``RequestError`` (with the contract's located errors) for a bad request.
    """
    request = parse_request(data, **kwargs)  # type: ignore[arg-type]
    return screen_data(request)
