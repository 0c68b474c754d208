"""Pages for integrations, mounted at /s/<studio_id>/."""

from django.urls import path

from integrations import embed_views, views, webhook_views

urlpatterns = [
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
