"""A URL conf with one view that fails, to render the real 500 page (tests only)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def fault(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault on our side")


urlpatterns = [path("fault/", fault), path("", include("studiohealth.urls"))]
