from django.urls import path

from impact import views

app_name = "impact"

urlpatterns = [
    path("", views.impact_home, name="home"),
    path("firms/<int:firm_id>/", views.firm_impact, name="firm"),
    path("firms/<int:firm_id>/runs/", views.run_start, name="run-start"),
    path("runs/<int:run_id>/files/<int:file_id>/", views.file_impact, name="file-impact"),
    path("runs/<int:run_id>/files/<int:file_id>/screening/", views.file_impact_screening,
         name="file-impact-screening"),
]
