"""Client files over the REST API (token authentication). Thin: permission-checked getters, then
services; the same rules as the pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from applications import permissions, services
from applications.checklist import LANGUAGES, StreamsRefused
from applications.models import ClientFile, Job, Note, Screening
from applications.selectors import facts_visible, result_visible


def _access(serializer: serializers.Serializer, client_file: ClientFile) -> permissions.FileAccess:
    return permissions.file_access(serializer.context["request"].user, client_file)


class FileOut(serializers.ModelSerializer):
    """A file as its reader may see it: an employer's contact gets the job offer only (``request``)."""

    request = serializers.SerializerMethodField()

    class Meta:
        model = ClientFile
        fields = ["id", "client_name", "status", "request", "created_at", "updated_at"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_request(self, client_file: ClientFile) -> dict[str, Any]:
        return facts_visible(_access(self, client_file), client_file.request)


class FileIn(serializers.Serializer):
    client_name = serializers.CharField(max_length=200, required=False)
    request = serializers.DictField(required=False)
    status = serializers.ChoiceField(choices=ClientFile.Status.values, required=False)


class NoteOut(serializers.ModelSerializer):
    author = serializers.StringRelatedField()

    class Meta:
        model = Note
        fields = ["id", "author", "text", "created_at"]


class NoteIn(serializers.Serializer):
    text = serializers.CharField(max_length=20000)  # trims; a blank note is refused


class ScreeningOut(serializers.ModelSerializer):
    """A screening as its reader may see it: an employer's contact gets the job offer and each stream's
    outcome, not the criteria (their explanations quote the applicant's facts)."""

    request = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()

    class Meta:
        model = Screening
        fields = ["id", "as_of", "rulebook_version", "request", "result", "created_at"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_request(self, screening: Screening) -> dict[str, Any]:
        return facts_visible(_access(self, screening.client_file), screening.request)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_result(self, screening: Screening) -> dict[str, Any]:
        return result_visible(_access(self, screening.client_file), screening.result)


class JobOut(serializers.ModelSerializer):
    class Meta:
        model = Job
        # error: why the last attempt failed (the reason a failed job gave up); lease_expires_at: until
        # when the worker running it holds it (past it, the job is run again)
        # streams: those the checklist and report are for (chosen, or by default those that fit)
        fields = ["id", "kind", "status", "attempts", "error", "lease_expires_at", "streams", "checklist",
                  "created_at", "updated_at"]


# The screening's language: its result, checklist and report are written in it (English by default).
_SCREENING_REQUEST = {"application/json": {"type": "object", "properties": {"language": {"enum": list(LANGUAGES)}}}}
# streams: the open streams of the screening the checklist and report are for (default: those that fit).
_JOB_REQUEST = {"application/json": {"type": "object", "properties": {
    "kind": {"enum": ["checklist", "report"]}, "streams": {"type": "array", "items": {"type": "string"}}}}}


def _editor(request: Request, file_id: Any) -> ClientFile:
    return permissions.client_file_get_for_editor(request.user, file_id)


def file_etag(client_file: ClientFile) -> str:
    """A strong ETag naming the file and its version: it changes with every change to the file."""
    return f'"{client_file.pk}-{client_file.version}"'


PRECONDITION_REQUIRED = "Send the file's ETag in If-Match (read it with GET), or If-Match: * to overwrite on purpose."


def _version_from_if_match(header: str, client_file: ClientFile) -> int | None:
    """The version a PATCH is based on, from its If-Match header. ``*`` means "whatever it is now"
    (None); a tag that is not one of this file's never matches (version 0)."""
    if header == "*":
        return None
    for tag in (part.strip() for part in header.split(",")):
        # If-Match compares strongly: a weak tag (W/"...") never matches (RFC 9110, 13.1.1).
        file_id, _, version = tag.strip('"').partition("-")
        if tag.startswith('"') and file_id == str(client_file.pk) and version.isdigit():
            return int(version)
    return 0


def _changes_out(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**change, "at": change["at"].isoformat()} for change in changes]


class FileListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=FileOut(many=True), tags=["client files"])
    def get(self, request: Request) -> Response:
        files = permissions.client_files_visible_to(request.user)
        return Response(FileOut(files, many=True, context={"request": request}).data)

    @extend_schema(request=FileIn, responses={201: FileOut}, tags=["client files"])
    def post(self, request: Request) -> Response:
        membership = getattr(request.user, "membership", None)
        if membership is None:
            raise exceptions.NotFound("Only consultants create client files.")
        data = FileIn(data=request.data)
        data.is_valid(raise_exception=True)
        if not data.validated_data.get("client_name"):
            raise exceptions.ValidationError({"client_name": "this field is required"})
        client_file = services.client_file_create(firm=membership.firm, actor=request.user,
                                                  client_name=data.validated_data["client_name"],
                                                  request=data.validated_data.get("request", {}))
        return Response(FileOut(client_file, context={"request": request}).data, status=201,
                        headers={"ETag": file_etag(client_file)})


class FileDetailApi(APIView):
    """A client file. Its ETag changes with every change; a PATCH must send the ETag it was based on
    in If-Match: 428 without one, 412 (with the changes made since, and the current ETag) when the
    file changed meanwhile, so that nobody overwrites a colleague's change without seeing it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=FileOut, tags=["client files"])
    def get(self, request: Request, file_id: int) -> Response:
        client_file = permissions.client_file_get_for_user(request.user, file_id)
        return Response(FileOut(client_file, context={"request": request}).data,
                        headers={"ETag": file_etag(client_file)})

    @extend_schema(request=FileIn, responses={200: FileOut, 412: OpenApiTypes.OBJECT, 428: OpenApiTypes.OBJECT},
                   parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True,
                                                description="the ETag of the version this change is based on")],
                   tags=["client files"])
    def patch(self, request: Request, file_id: int) -> Response:
        client_file = _editor(request, file_id)
        if isinstance(request.data, dict) and "note" in request.data:
            raise exceptions.ValidationError({"note": f"add notes with POST /api/v1/files/{client_file.pk}/notes/"})
        if_match = request.headers.get("If-Match", "").strip()
        if not if_match:  # 428: a save that does not say what it read could overwrite a colleague's change
            return Response({"errors": [{"loc": "If-Match", "message": PRECONDITION_REQUIRED}]},
                            status=428, headers={"ETag": file_etag(client_file)})
        version = _version_from_if_match(if_match, client_file)
        data = FileIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            services.client_file_update(client_file=client_file, actor=request.user, version=version,
                                        request=values.get("request"), status=values.get("status"),
                                        client_name=values.get("client_name"))
        except services.FileChanged as changed:
            message = "the file changed since the version in If-Match; nothing was saved (see changes)"
            return Response({"errors": [{"loc": "If-Match", "message": message}],
                             "changes": _changes_out(changed.changes)},
                            status=412, headers={"ETag": file_etag(changed.client_file)})
        return Response(FileOut(client_file, context={"request": request}).data,
                        headers={"ETag": file_etag(client_file)})

    @extend_schema(responses={204: None}, tags=["client files"])
    def delete(self, request: Request, file_id: int) -> Response:
        """Erase the file for good (facts, screenings, reports, notes, history); a tombstone remains."""
        services.client_file_erase(client_file=_editor(request, file_id), actor=request.user)
        return Response(status=204)


class NoteListApi(APIView):
    """Internal notes: the firm's consultants only (others get 404, as for any file they cannot edit)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=NoteOut(many=True), tags=["client files"])
    def get(self, request: Request, file_id: int) -> Response:
        client_file = _editor(request, file_id)
        return Response(NoteOut(client_file.notes.select_related("author"), many=True).data)

    @extend_schema(request=NoteIn, responses={201: NoteOut}, tags=["client files"])
    def post(self, request: Request, file_id: int) -> Response:
        client_file = _editor(request, file_id)
        data = NoteIn(data=request.data)
        data.is_valid(raise_exception=True)
        note = services.client_file_add_note(client_file=client_file, actor=request.user,
                                             note=data.validated_data["text"])
        return Response(NoteOut(note).data, status=201)


class ScreeningListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ScreeningOut(many=True), tags=["client files"])
    def get(self, request: Request, file_id: int) -> Response:
        client_file = permissions.client_file_get_for_user(request.user, file_id)
        screenings = client_file.screenings.select_related("client_file")
        return Response(ScreeningOut(screenings, many=True, context={"request": request}).data)

    @extend_schema(request=_SCREENING_REQUEST, responses={201: ScreeningOut}, tags=["client files"])
    def post(self, request: Request, file_id: int) -> Response:
        client_file = _editor(request, file_id)
        language = request.data.get("language", "en") if isinstance(request.data, dict) else "en"
        if language not in LANGUAGES:
            raise exceptions.ValidationError({"language": f"must be one of: {', '.join(LANGUAGES)}"})
        screening = services.screening_run(client_file=client_file, actor=request.user, language=language)
        return Response(ScreeningOut(screening, context={"request": request}).data, status=201)


class ScreeningDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ScreeningOut, tags=["client files"])
    def get(self, request: Request, file_id: int, screening_id: int) -> Response:
        screening = permissions.screening_get_for_user(request.user, file_id, screening_id)
        return Response(ScreeningOut(screening, context={"request": request}).data)


class JobCreateApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=_JOB_REQUEST, responses={202: JobOut}, tags=["client files"])
    def post(self, request: Request, file_id: int, screening_id: int) -> Response:
        screening = permissions.screening_get_for_user(request.user, file_id, screening_id)
        _editor(request, file_id)
        data = request.data if isinstance(request.data, dict) else {}
        kind = data.get("kind")
        if kind not in Job.Kind.values:
            raise exceptions.ValidationError({"kind": f"must be one of: {', '.join(Job.Kind.values)}"})
        streams = data.get("streams") or []
        if not isinstance(streams, list) or not all(isinstance(sid, str) for sid in streams):
            raise exceptions.ValidationError({"streams": "a list of stream ids"})
        try:
            job = services.job_request(screening=screening, actor=request.user, kind=kind, streams=streams)
        except StreamsRefused as refused:
            raise exceptions.ValidationError({"streams": str(refused)}) from None
        job.refresh_from_db()
        return Response(JobOut(job).data, status=202)


class JobDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=JobOut, tags=["client files"])
    def get(self, request: Request, file_id: int, job_id: str) -> Response:
        return Response(JobOut(permissions.job_get_for_user(request.user, file_id, job_id)).data)


class JobReportApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY}, tags=["client files"])
    def get(self, request: Request, file_id: int, job_id: str) -> Any:
        from django.http import HttpResponse

        job = permissions.job_get_for_user(request.user, file_id, job_id)
        if job.kind != Job.Kind.REPORT or job.status != Job.Status.DONE:
            raise exceptions.NotFound("No finished report for this job.")
        response = HttpResponse(bytes(job.report_pdf), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="report-{job.pk}.pdf"'
        return response


class JobChecklistPdfApi(APIView):
    """The document checklist of a finished job (checklist or report) as a PDF."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY}, tags=["client files"])
    def get(self, request: Request, file_id: int, job_id: str) -> Any:
        from django.http import HttpResponse

        job = permissions.job_get_for_user(request.user, file_id, job_id)
        if job.status != Job.Status.DONE or not job.checklist_pdf:
            raise exceptions.NotFound("No finished checklist for this job.")
        response = HttpResponse(bytes(job.checklist_pdf), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="checklist-{job.pk}.pdf"'
        return response
