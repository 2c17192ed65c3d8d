from django.urls import path

from applications import apis

urlpatterns = [
    path("files/", apis.FileListApi.as_view(), name="api-files"),
    path("files/<int:file_id>/", apis.FileDetailApi.as_view(), name="api-file"),
    path("files/<int:file_id>/notes/", apis.NoteListApi.as_view(), name="api-notes"),
    path("files/<int:file_id>/screenings/", apis.ScreeningListApi.as_view(), name="api-screenings"),
    path("files/<int:file_id>/screenings/<int:screening_id>/", apis.ScreeningDetailApi.as_view(), name="api-screening"),
    path("files/<int:file_id>/screenings/<int:screening_id>/jobs/", apis.JobCreateApi.as_view(), name="api-job-create"),
    path("files/<int:file_id>/jobs/<uuid:job_id>/", apis.JobDetailApi.as_view(), name="api-job"),
    path("files/<int:file_id>/jobs/<uuid:job_id>/report.pdf", apis.JobReportApi.as_view(), name="api-job-report"),
    path("files/<int:file_id>/jobs/<uuid:job_id>/checklist.pdf", apis.JobChecklistPdfApi.as_view(),
         name="api-job-checklist"),
]
