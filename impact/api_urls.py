from django.urls import path

from impact import apis

urlpatterns = [
    path("impact-runs/", apis.ImpactRunListApi.as_view(), name="api-impact-runs"),
    path("impact-runs/<int:run_id>/", apis.ImpactRunDetailApi.as_view(), name="api-impact-run"),
    path("impact-runs/<int:run_id>/files/", apis.ImpactRunFilesApi.as_view(), name="api-impact-run-files"),
]
