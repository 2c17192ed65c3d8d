"""Impact runs over the REST API (token authentication), for consultants of the firm. Thin: the
permission-checked getters, then services and selectors; the same rules as the pages."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from applications.models import Firm
from impact import permissions, selectors, services
from impact.models import FileImpact, ImpactRun

TAGS = ["impact runs"]


class RunOut(serializers.Serializer):
    """A run, with the counts of the caller's firm (a run over every firm shows only the firm's files)."""

    id = serializers.IntegerField(source="run.pk")
    scope = serializers.SerializerMethodField(help_text='"firm" (this firm\'s files) or "all" (every firm\'s)')
    as_of = serializers.DateField(source="run.as_of")
    preview = serializers.BooleanField(source="run.preview", help_text="screened as of a later day; kept decisions "
                                                                       "were not replaced")
    rulebook_version = serializers.CharField(source="run.rulebook_version")
    previous_rulebook_versions = serializers.ListField(child=serializers.CharField(),
                                                       source="run.previous_rulebook_versions")
    status = serializers.ChoiceField(choices=ImpactRun.Status.choices, source="run.status")
    trigger = serializers.ChoiceField(choices=ImpactRun.Trigger.choices, source="run.trigger")
    created_at = serializers.DateTimeField(source="run.created_at")
    finished_at = serializers.DateTimeField(source="run.finished_at", allow_null=True)
    seconds = serializers.FloatField(source="run.seconds", allow_null=True)
    chunks_total = serializers.IntegerField()
    chunks_done = serializers.IntegerField()
    files = serializers.IntegerField()
    screened = serializers.IntegerField()
    changed = serializers.IntegerField(help_text="files whose decisions changed (outcome or criteria)")
    flipped = serializers.IntegerField(help_text="files for which at least one stream changed outcome")
    errors = serializers.IntegerField(help_text="files whose facts cannot be screened on as_of")
    by_stream = serializers.DictField(child=serializers.IntegerField(),
                                      help_text="stream id -> files whose outcome for that stream changed")

    def get_scope(self, figures: selectors.RunFigures) -> str:
        return "all" if figures.run.firm_id is None else "firm"


class RunIn(serializers.Serializer):
    as_of = serializers.DateField(required=False, allow_null=True,
                                  help_text="the day to screen as of (today when absent; a later day previews)")


class StreamChangeOut(serializers.Serializer):
    stream = serializers.CharField()
    title = serializers.CharField()
    before = serializers.CharField(allow_null=True)
    after = serializers.CharField(allow_null=True)
    direction = serializers.IntegerField(help_text="+1 better, -1 worse")


class CriterionChangeOut(serializers.Serializer):
    id = serializers.CharField()
    stream = serializers.CharField()
    title = serializers.CharField()
    before = serializers.CharField(help_text='met, unmet, unknown or "absent" (not in force or not applicable)')
    after = serializers.CharField()
    explanation_before = serializers.CharField(allow_null=True)
    explanation_after = serializers.CharField(allow_null=True)


class FileImpactOut(serializers.ModelSerializer):
    client_file = serializers.IntegerField(source="client_file_id")
    client_name = serializers.CharField(source="client_file.client_name")
    rank_label = serializers.CharField(source="get_rank_display")
    streams = StreamChangeOut(many=True)
    criteria = CriterionChangeOut(many=True)
    before_screening = serializers.IntegerField(source="before_screening_id", allow_null=True)
    after_screening = serializers.IntegerField(source="after_screening_id", allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = FileImpact
        fields = ["client_file", "client_name", "rank", "rank_label", "streams", "criteria", "before_as_of",
                  "before_rulebook_version", "before_screening", "after_screening", "notified_at", "url"]

    def get_url(self, impact: FileImpact) -> str:
        return reverse("impact:file-impact", args=[impact.run_id, impact.client_file_id])


class FileImpactPage(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = FileImpactOut(many=True)


def _firm(request: Request) -> Firm | None:
    membership = getattr(request.user, "membership", None)
    return membership.firm if membership is not None else None


class ImpactRunListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=RunOut(many=True), tags=TAGS, summary="The firm's latest impact runs")
    def get(self, request: Request) -> Response:
        firm = _firm(request)
        if firm is None:
            return Response([])
        runs = selectors.impact_runs_for_firm(firm)[:selectors.RUNS_LISTED]
        return Response(RunOut([selectors.impact_run_figures(run, firm) for run in runs], many=True).data)

    @extend_schema(request=RunIn, responses={202: RunOut}, tags=TAGS,
                   summary="Re-screen the firm's files (as of today, or a later day to preview)")
    def post(self, request: Request) -> Response:
        firm = permissions.consultant_firm(request.user)
        data = RunIn(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.impact_run_request(firm=firm, actor=request.user, as_of=data.validated_data.get("as_of"))
        run.refresh_from_db()
        return Response(RunOut(selectors.impact_run_figures(run, firm)).data, status=202)


class ImpactRunDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=RunOut, tags=TAGS, summary="One impact run")
    def get(self, request: Request, run_id: int) -> Response:
        run, firm = permissions.run_get_for_user(request.user, run_id)
        return Response(RunOut(selectors.impact_run_figures(run, firm)).data)


class ImpactRunFilesApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=FileImpactPage, tags=TAGS, summary="The firm's files the run changed, best news first",
        parameters=[OpenApiParameter("flipped", bool, description="only files with a stream whose outcome changed"),
                    OpenApiParameter("limit", int), OpenApiParameter("offset", int)],
    )
    def get(self, request: Request, run_id: int) -> Response:
        run, firm = permissions.run_get_for_user(request.user, run_id)
        impacts = selectors.file_impacts_for_firm(run, firm,
                                                  flipped_only=request.query_params.get("flipped") in ("1", "true"))
        paginator = LimitOffsetPagination()
        paginator.default_limit = 100
        page: Any = paginator.paginate_queryset(impacts, request, view=self)
        return paginator.get_paginated_response(FileImpactOut(page, many=True).data)
