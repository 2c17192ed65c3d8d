from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: answers without touching the database (also the benchmark's baseline)."""
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("api/v1/", include("streams.api_urls")),
    path("api/v1/", include("applications.api_urls")),
    path("api/v1/", include("impact.api_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("files/", include("applications.urls")),
    path("impact/", include("impact.urls")),
    path("", include("streams.web.urls")),
]
