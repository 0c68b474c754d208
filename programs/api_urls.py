"""Programs routes under /api/studios/<studio_id>/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from programs import api

router = SimpleRouter(trailing_slash=True)
router.register("exercises", api.ExerciseViewSet, basename="exercise")
router.register("programs", api.ProgramViewSet, basename="program")
router.register("assignments", api.AssignmentViewSet, basename="assignment")
router.register("doses", api.DoseViewSet, basename="dose")
router.register("logs", api.LogViewSet, basename="exercise-log")
router.register("pause-days", api.PauseDayViewSet, basename="pause-day")
router.register("program-views", api.ProgramViewRecordViewSet, basename="program-view")
router.register("compliance/dancers", api.DancerComplianceViewSet, basename="compliance-dancer")
router.register("compliance/classes", api.ClassComplianceViewSet, basename="compliance-class")
router.register("referral-flags", api.ReferralFlagViewSet, basename="referral-flag")
router.register("referral-requests", api.ReferralRequestViewSet, basename="referral-request")
router.register("notifications", api.NotificationViewSet, basename="notification")

# One-object answers are plain APIViews (a router "list" would be documented as an array).
urlpatterns = [
    path("program-suggestions/", api.SuggestionApi.as_view(), name="program-suggestion-list"),
    path("compliance/studio/", api.StudioComplianceApi.as_view(), name="compliance-studio-list"),
    *router.urls,
]
