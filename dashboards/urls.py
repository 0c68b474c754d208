"""Dashboard pages, mounted at /s/<studio_id>/ (all under dashboard/ so they never clash with other apps)."""

from django.urls import path

from dashboards import views

urlpatterns = [
    path("dashboard/roster/", views.roster_page, name="dashboard-roster"),
    path("dashboard/classes/<str:pk>/", views.class_page, name="dashboard-class"),
    path("dashboard/dancers/<str:pk>/", views.dancer_page, name="dashboard-dancer"),
    path("dashboard/me/", views.my_page, name="dashboard-me"),
]
