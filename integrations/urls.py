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
    path("integrations/webhooks/<str:webhook_id>/test/", webhook_views.webhook_test, name="integrations-webhook-test"),
    path(
        "integrations/webhooks/<str:webhook_id>/active/",
        webhook_views.webhook_active,
        name="integrations-webhook-active",
    ),
    path(
        "integrations/webhooks/<str:webhook_id>/delete/",
        webhook_views.webhook_delete,
        name="integrations-webhook-delete",
    ),
    path(
        "integrations/webhook-deliveries/<str:delivery_id>/redeliver/",
        webhook_views.webhook_redeliver,
        name="integrations-webhook-redeliver",
    ),
]
