from django.urls import path

from . import rules, views

app_name = "screening"

urlpatterns = [
    path("", views.home, name="home"),
    path("apply/", views.applicant_start, name="applicant-start"),
    path("apply/<str:token>/", views.applicant_step, name="applicant-step"),
    path("apply/<str:token>/page/<int:page>/", views.applicant_page, name="applicant-page"),
    path("apply/<str:token>/results/", views.applicant_results, name="applicant-results"),
    path("apply/<str:token>/checklist/<str:stream_id>/", views.applicant_checklist, name="applicant-checklist"),
    path("apply/<str:token>/checklist/<str:stream_id>.<str:fmt>", views.applicant_checklist,
         name="applicant-checklist-file"),
    path("apply/<str:token>/answers/", views.applicant_answers, name="applicant-answers"),
    path("apply/<str:token>/download.<str:fmt>", views.applicant_download, name="applicant-download"),
    path("apply/<str:token>/delete/", views.applicant_delete, name="applicant-delete"),
    path("start-again/<str:kind>/", views.start_again, name="start-again"),
    path("employer/", views.employer_start, name="employer-start"),
    path("employer/<str:token>/", views.employer_results, name="employer-results"),
    path("employer/<str:token>/edit/", views.employer_start, name="employer-edit"),
    path("noc/", views.noc_search, name="noc-search"),
    path("rules/", rules.rules_index, name="rules"),
    path("rules/<str:stream_id>/", rules.rules_stream, name="rules-stream"),
]
