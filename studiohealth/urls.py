"""URL map. Pages are server-rendered; the JSON API lives under /api/ with its docs at /api/docs/."""

from django.contrib import admin
from django.db import transaction
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

from ops import health
from ops import views as ops_views

urlpatterns = [
    # Health and metrics (ops/): not studio-scoped, deliberately unnamed so the page matrix (which
    # walks named routes) leaves them to tests/deploy/, which checks them for every persona.
    path("healthz", health.liveness),
    path("readyz", health.readiness),
    path("metrics", ops_views.metrics),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    # Not atomic: a failed attempt raises (400), which would roll back django-axes' failure record
    # and leave the token endpoint open to brute force (tests/security/test_login_lockout.py).
    path("api/auth/token/", transaction.non_atomic_requests(obtain_auth_token), name="api-token"),
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
    path("s/<str:studio_id>/", include("integrations.urls")),
    path("", include("studios.urls")),
]
