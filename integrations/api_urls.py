"""API routes for integrations, mounted at /api/studios/<studio_id>/."""

from rest_framework.routers import SimpleRouter

from integrations import api

router = SimpleRouter(trailing_slash=True)
router.register("api-keys", api.APIKeyViewSet, basename="api-key")

urlpatterns = router.urls
