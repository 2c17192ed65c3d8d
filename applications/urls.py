from django.urls import path

from applications import views

app_name = "applications"

urlpatterns = [
    path("", views.file_list, name="file-list"),
    path("new/", views.file_create, name="file-create"),
    path("<int:file_id>/", views.file_detail, name="file-detail"),
    path("<int:file_id>/facts/", views.file_facts, name="file-facts"),
    path("<int:file_id>/facts/<slug:part>/", views.file_facts, name="file-facts-part"),
    path("<int:file_id>/edit/", views.file_edit, name="file-edit"),
    path("<int:file_id>/erase/", views.file_erase, name="file-erase"),
    path("<int:file_id>/status/", views.file_status, name="file-status"),
    path("<int:file_id>/notes/", views.file_note, name="file-note"),
    path("<int:file_id>/screen/", views.file_screen, name="file-screen"),
    path("<int:file_id>/compare/", views.screening_compare_view, name="screening-compare"),
    path("<int:file_id>/screenings/<int:screening_id>/", views.screening_detail, name="screening-detail"),
    path("<int:file_id>/screenings/<int:screening_id>/jobs/", views.job_create, name="job-create"),
    path("<int:file_id>/jobs/<uuid:job_id>/", views.job_detail, name="job-detail"),
    path("<int:file_id>/jobs/<uuid:job_id>/status/", views.job_status, name="job-status"),
    path("<int:file_id>/jobs/<uuid:job_id>/download.<str:fmt>", views.job_download, name="job-download"),
    path("<int:file_id>/jobs/<uuid:job_id>/checklist.pdf", views.job_checklist_pdf, name="job-checklist-pdf"),
]
