"""Pages for integrations, mounted at /s/<studio_id>/."""

from django.urls import path

from integrations import embed_views, import_views, views, webhook_views

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
    path("integrations/embed/", embed_views.embed_settings, name="integrations-embed"),
    path("integrations/webhooks/", webhook_views.webhooks_page, name="integrations-webhooks"),
    *[
        path(
            f"integrations/webhooks/<str:webhook_id>/{action}/",
            webhook_views.webhook_action,
            {"action": action},
            name=f"integrations-webhook-{action}",
        )
        for action in webhook_views.ACTIONS
    ],
    path(
        "integrations/webhook-deliveries/<str:delivery_id>/redeliver/",
        webhook_views.webhook_redeliver,
        name="integrations-webhook-redeliver",
    ),
]
