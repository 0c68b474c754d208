"""Routes under /api/studios/<studio_id>/ for screenings, clips and analyses."""

from __future__ import annotations

from rest_framework.routers import SimpleRouter

from screenings import api

router = SimpleRouter(trailing_slash=True)
router.register("screenings", api.ScreeningViewSet, basename="screening")
router.register("clips", api.ClipViewSet, basename="clip")
router.register("analyses", api.AnalysisViewSet, basename="analysis")

urlpatterns = router.urls
