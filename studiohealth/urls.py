"""URL map. Pages are server-rendered; the JSON API lives under /api/ with its docs at /api/docs/."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/auth/token/", obtain_auth_token, name="api-token"),
    path("api/studios/", include("studios.api_urls")),
    path("", include("studios.urls")),
]
