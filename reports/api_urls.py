"""Report API routes under /api/studios/<studio_id>/."""

from django.urls import path

from reports import api

urlpatterns = [
    path("reports/dancers/<str:pk>/", api.DancerReportApi.as_view(), name="report-dancer"),
    path("reports/season/", api.SeasonReportListApi.as_view(), name="report-season-list"),
    path("reports/season/<str:pk>/", api.SeasonReportDetailApi.as_view(), name="report-season-detail"),
    path("reports/season/<str:pk>/file/", api.SeasonReportFileApi.as_view(), name="report-season-file"),
]
