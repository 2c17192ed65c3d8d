from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from imp_screening.health import healthz, readyz

# Under /api/ these answer in the contract's error shape; elsewhere they are Django's pages.
handler400 = "imp_screening.errors.bad_request"
handler403 = "imp_screening.errors.permission_denied"
handler404 = "imp_screening.errors.page_not_found"
handler500 = "imp_screening.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("api/v1/", include("streams.api_urls")),
    path("api/v1/", include("applications.api_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("files/", include("applications.urls")),
    path("", include("streams.web.urls")),
]
