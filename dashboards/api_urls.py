"""Dashboard API, mounted at /api/studios/<studio_id>/dashboard/."""

from django.urls import path

from dashboards import api

urlpatterns = [
    path("roster/", api.RosterApi.as_view(), name="dashboard-roster-api"),
    path("classes/<str:pk>/", api.ClassDashboardApi.as_view(), name="dashboard-class-api"),
    path("dancers/<str:pk>/", api.DancerDashboardApi.as_view(), name="dashboard-dancer-api"),
    path("dancers/<str:pk>/summary/", api.DancerSummaryApi.as_view(), name="dashboard-dancer-summary-api"),
]
