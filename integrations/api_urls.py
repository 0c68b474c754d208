"""API routes for integrations, mounted at /api/studios/<studio_id>/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from integrations import api, embed_api, sync_api, webhook_api

router = SimpleRouter(trailing_slash=True)
router.register("api-keys", api.APIKeyViewSet, basename="api-key")
router.register("webhooks", webhook_api.WebhookViewSet, basename="webhook")
router.register("embed-links", embed_api.EmbedLinkViewSet, basename="embed-link")
router.register("webhook-deliveries", webhook_api.DeliveryViewSet, basename="webhook-delivery")

router.register("roster-imports", sync_api.RosterImportViewSet, basename="roster-import")

# One upsert route per record type; "staff" and "guardians" are studios.Contact records.
BY_EXTERNAL_ID = {
    "seasons": "season",
    "staff": "staff",
    "guardians": "guardian",
    "dancers": "dancer",
    "classes": "class",
    "enrolments": "enrolment",
}

urlpatterns = [
    *router.urls,
    path("roster-sync/", sync_api.RosterSyncView.as_view(), name="roster-sync"),
    *(
        path(
            f"{plural}/by-external-id/<str:source>/<str:external_id>/",
            sync_api.by_external_id_view(kind),
            name=f"{kind}-by-external-id",
        )
        for plural, kind in BY_EXTERNAL_ID.items()
    ),
]
