"""Report pages under /s/<studio_id>/."""

from django.urls import path

from reports import views

urlpatterns = [
    path("reports/dancers/<str:dancer_id>.pdf", views.dancer_report_pdf_view, name="report-dancer-pdf"),
    path("reports/dancers/<str:dancer_id>/share/", views.dancer_report_share, name="report-dancer-share"),
    path("reports/season/", views.season_report_page, name="report-season-page"),
    path("reports/season/<str:job_id>.pdf", views.season_report_download, name="report-season-download"),
]
