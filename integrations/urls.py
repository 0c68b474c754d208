"""Pages for integrations, mounted at /s/<studio_id>/."""

from django.urls import path

from integrations import import_views, views

urlpatterns = [
    path("integrations/roster-import/", import_views.roster_import, name="integrations-roster-import"),
    path(
        "integrations/roster-import/example.csv",
        import_views.roster_import_example,
        name="integrations-roster-import-example",
    ),
    path(
        "integrations/roster-import/<str:import_id>/",
        import_views.roster_import_detail,
        name="integrations-roster-import-detail",
    ),
    path(
        "integrations/roster-import/<str:import_id>/apply/",
        import_views.roster_import_apply,
        name="integrations-roster-import-apply",
    ),
    path("integrations/api-keys/", views.api_keys, name="integrations-api-keys"),
    path(
        "integrations/api-keys/<str:key_id>/revoke/", views.api_key_revoke, name="integrations-api-key-revoke"
    ),
]
