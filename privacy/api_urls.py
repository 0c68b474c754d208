"""API routes for privacy, mounted at /api/studios/<studio_id>/."""

from rest_framework.routers import SimpleRouter

from privacy import api

router = SimpleRouter(trailing_slash=True)
router.register("audit-events", api.AuditEventViewSet, basename="audit-event")
router.register("privacy/dancers", api.DancerDataViewSet, basename="privacy-dancer")

urlpatterns = router.urls
