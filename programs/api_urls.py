"""Programs routes under /api/studios/<studio_id>/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from programs.api import assignments, compliance, library, logs, notifications

router = SimpleRouter(trailing_slash=True)
router.register("exercises", library.ExerciseViewSet, basename="exercise")
router.register("programs", library.ProgramViewSet, basename="program")
router.register("assignments", assignments.AssignmentViewSet, basename="assignment")
router.register("doses", assignments.DoseViewSet, basename="dose")
router.register("logs", logs.LogViewSet, basename="exercise-log")
router.register("pause-days", logs.PauseDayViewSet, basename="pause-day")
router.register("program-views", logs.ProgramViewRecordViewSet, basename="program-view")
router.register("compliance/dancers", compliance.DancerComplianceViewSet, basename="compliance-dancer")
router.register("compliance/classes", compliance.ClassComplianceViewSet, basename="compliance-class")
router.register("referral-flags", compliance.ReferralFlagViewSet, basename="referral-flag")
router.register("referral-requests", compliance.ReferralRequestViewSet, basename="referral-request")
router.register("notifications", notifications.NotificationViewSet, basename="notification")

# One-object answers are plain APIViews (a router "list" would be documented as an array).
urlpatterns = [
    path("program-suggestions/", library.SuggestionApi.as_view(), name="program-suggestion-list"),
    path("compliance/studio/", compliance.StudioComplianceApi.as_view(), name="compliance-studio-list"),
    *router.urls,
]
