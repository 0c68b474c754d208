"""URL map. Pages are server-rendered; the JSON API lives under /api/ with its docs at /api/docs/."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from studiohealth.core.api_docs import RedocView

urlpatterns = [
    path("", include("ops.urls")),  # /healthz, /readyz, /metrics (unnamed: see ops/urls.py)
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI from drf-spectacular-sidecar; the split view serves its init script from its own URL
    # (our CSP allows no inline script). Redoc too, with a per-response style nonce (core/api_docs.py).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", RedocView.as_view(url_name="schema"), name="api-redoc"),
    path("api/auth/", include("studios.auth_urls")),  # user tokens: 30 days, revoked on logout
    path("api/studios/", include("studios.api_urls")),
    path("api/studios/<str:studio_id>/", include("screenings.api_urls")),
    path("api/studios/<str:studio_id>/", include("programs.api_urls")),
    path("api/studios/<str:studio_id>/dashboard/", include("dashboards.api_urls")),
    path("api/studios/<str:studio_id>/", include("reports.api_urls")),
    path("api/studios/<str:studio_id>/", include("privacy.api_urls")),
    path("api/studios/<str:studio_id>/", include("integrations.api_urls")),
    # Pages: /s/<studio_id>/... resolved through studios.scoping.studio_page.
    path("s/<str:studio_id>/", include("screenings.urls")),
    path("s/<str:studio_id>/", include("programs.urls")),
    path("s/<str:studio_id>/", include("dashboards.urls")),
    path("s/<str:studio_id>/", include("reports.urls")),
    path("s/<str:studio_id>/", include("privacy.urls")),
    path("s/<str:studio_id>/", include("mirror.urls")),
    path("", include("mirror.root_urls")),  # /mirror-sw.js: the offline mirror's service worker
    # Accounts: one login page (/login/, locked by django-axes); the rest of the flows are allauth's.
    path(
        "accounts/login/", RedirectView.as_view(pattern_name="login", query_string=True), name="account_login"
    ),
    path("accounts/", include("allauth.urls")),
    path("s/<str:studio_id>/", include("integrations.urls")),
    path("s/<str:studio_id>/", include("calendars.urls")),
    # Cards a studio's portal frames, opened by a 5-minute signed link (integrations/embed.py).
    path("embed/", include("embeds.urls")),
    path("", include("studios.urls")),
]
