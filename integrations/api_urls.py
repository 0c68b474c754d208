"""API routes for integrations, mounted at /api/studios/<studio_id>/."""

from rest_framework.routers import SimpleRouter

from integrations import api, embed_api, webhook_api

router = SimpleRouter(trailing_slash=True)
router.register("api-keys", api.APIKeyViewSet, basename="api-key")
router.register("webhooks", webhook_api.WebhookViewSet, basename="webhook")
router.register("embed-links", embed_api.EmbedLinkViewSet, basename="embed-link")
router.register("webhook-deliveries", webhook_api.DeliveryViewSet, basename="webhook-delivery")

urlpatterns = router.urls
