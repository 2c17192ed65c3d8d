from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from applications import intake_views
from imp_screening.health import healthz, readyz

# Under /api/ these answer in the contract's error shape; elsewhere they are Django's pages.
handler400 = "imp_screening.errors.bad_request"
handler403 = "imp_screening.errors.permission_denied"
handler404 = "imp_screening.errors.page_not_found"
handler500 = "imp_screening.errors.server_error"

# The API docs run third-party bundles (served from here, with no inline script: Swagger UI's
# starter is a file of its own, and templates/drf_spectacular/redoc.html loads Redoc without one)
# that write styles at run time and, for Redoc's search, start a worker from a blob.
docs_policy = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", docs_policy(SpectacularSwaggerSplitView.as_view(url_name="api-schema")), name="api-docs"),
    path("api/v1/redoc/", docs_policy(SpectacularRedocView.as_view(url_name="api-schema")), name="api-redoc"),
    path("api/v1/", include("streams.api_urls")),
    path("api/v1/", include("applications.api_urls")),
    path("api/v1/", include("impact.api_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("files/reminders/", include("reminders.urls")),
    path("to/<str:token>/", intake_views.intake_landing, name="intake-landing"),
    path("apply/<str:token>/send/", intake_views.intake_send, name="intake-send"),
    path("files/intake-link/renew/", intake_views.intake_link_renew, name="intake-link-renew"),
    path("files/", include("applications.urls")),
    path("impact/", include("impact.urls")),
    path("", include("streams.web.urls")),
]
