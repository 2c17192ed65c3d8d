"""REST API of the screener (contract v1). Thin: parse, call the service, return."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from streams.selectors import rulebook_as_of, stream_list_in_force
from streams.services import screen_request_json, screening_today
from streams.throttling import FixedWindowAnonThrottle, FixedWindowScopedThrottle


class JsonOnly(BaseContentNegotiation):
    """The screening endpoints speak JSON only; skip parsing Accept headers on every request."""

    def select_parser(self, request: Request, parsers: list[Any]) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Request, renderers: list[Any], format_suffix: str | None = None) -> Any:
        return renderers[0], renderers[0].media_type


_ERRORS = OpenApiResponse(OpenApiTypes.OBJECT, description='{"errors": [{"loc", "message"}]}')


class ScreenApi(APIView):
    """Screen a person and a job against every encoded stream."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []  # no account: no session, no CSRF
    throttle_classes = [FixedWindowAnonThrottle, FixedWindowScopedThrottle]  # no account: no user limit
    throttle_scope = "screen"
    content_negotiation_class = JsonOnly
    renderer_classes = [JSONRenderer]

    @extend_schema(
        operation_id="screen",
        summary="Screen a request (contract v1)",
        description=(
            "Validates a screening request strictly and returns, for each stream, its outcome, "
            "criteria met, unmet and unknown with plain explanations and citations. The body is "
            "read as JSON; unknown fields, wrong types, impossible dates and codes outside their "
            "lists give a 400 naming the field. No account is needed; requests are throttled."
        ),
        parameters=[OpenApiParameter("documents", bool, description="also list each open stream's documents "
                                                                       "(needed, not needed or unknown, and why)")],
        request=OpenApiTypes.OBJECT,  # replaced by the engine's JSON schema (see openapi.py)
        responses={200: OpenApiTypes.OBJECT, 400: _ERRORS, 415: _ERRORS, 429: _ERRORS},
        examples=[OpenApiExample("Empty request", value={"schema_version": "1"},
                                 request_only=True)],
        tags=["screening"],
    )
    def post(self, request: Request) -> Response:
        if request.content_type.split(";")[0].strip() != "application/json":
            raise exceptions.UnsupportedMediaType(request.content_type or "none")
        # The raw body goes to the engine, which validates JSON strictly in one pass; the result
        # is serialized once, with orjson (a screening result runs to tens of kilobytes).
        documents = request.query_params.get("documents", "").lower() in ("1", "true", "yes")
        return HttpResponse(screen_request_json(request.body, documents=documents), content_type="application/json")


class StreamListApi(APIView):
    """The streams this screener encodes, with the criteria in force and their citations."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        operation_id="streams_list",
        summary="List streams and criteria",
        parameters=[
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="rules in force on this date (default today)"),
            OpenApiParameter("language", str, enum=["en", "fr"], description="language of titles"),
        ],
        responses={200: OpenApiTypes.OBJECT, 400: _ERRORS},
        tags=["screening"],
    )
    def get(self, request: Request) -> Response:
        language = request.query_params.get("language", "en")
        if language not in ("en", "fr"):
            raise exceptions.ValidationError({"language": "must be en or fr"})
        return Response(stream_list_in_force(as_of=_as_of(request), language=language))


class RulebookApi(APIView):
    """The rules as data: every stream's criteria, parameters with their dated values, sources."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        operation_id="rulebook",
        summary="The rulebook in force on a date",
        description=(
            "Every stream with its criteria (in force on as_of or not, with their dates), each one's "
            "rule, title and requirement in English and French, the parameters it tests with the "
            "value in force and their dated history, and the sources cited (official or not)."
        ),
        parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE, description="rules in force on this date (default "
                                                                             "today)")],
        responses={200: OpenApiTypes.OBJECT, 400: _ERRORS},
        tags=["rulebook"],
    )
    def get(self, request: Request) -> HttpResponse:
        return HttpResponse(orjson.dumps(rulebook_as_of(as_of=_as_of(request))), content_type="application/json")


def _as_of(request: Request) -> date:
    raw = request.query_params.get("as_of")
    try:
        return date.fromisoformat(raw) if raw else screening_today()
    except ValueError:
        raise exceptions.ValidationError({"as_of": "must be a date written YYYY-MM-DD"}) from None
