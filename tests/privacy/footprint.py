"""A dancer's full footprint: one row of every kind the product stores, with real files on disk."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from programs.models import (
    Assignment,
    DoseOverride,
    Exercise,
    ExerciseLog,
    Notification,
    PauseDay,
    Program,
    ProgramView,
    ReferralRequest,
)
from screenings.models import Analysis, AnalysisState, Clip, Screening
from studios.models import DancerProfile, GuardianConsent, Invitation, Role, User
from tests.world import Tenant

PNG_1PX = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@dataclass
class Footprint:
    dancer: DancerProfile
    files: list[str] = field(default_factory=list)
    clip: Clip | None = None
    analysis: Analysis | None = None


def _exercise() -> Exercise:
    exercise, _ = Exercise.objects.get_or_create(
        studio=None,
        slug="clamshell",
        defaults={
            "name": "Clamshell",
            "target_muscles": "gluteus medius",
            "cues": "knees apart",
            "common_faults": "rolling back",
        },
    )
    return exercise


def build_footprint(tenant: Tenant, dancer: DancerProfile, *, guardian: User, teacher: User) -> Footprint:
    """Rows in every table that points at the dancer, plus a clip and a key frame in MEDIA_ROOT."""
    studio = tenant.studio
    fp = Footprint(dancer=dancer)
    GuardianConsent.objects.create(studio=studio, dancer=dancer, guardian=guardian, retention_days=200)
    screening = Screening.objects.create(
        studio=studio,
        dancer=dancer,
        season=tenant.season,
        date=date(2026, 10, 1),
        filmed_by=teacher,
        notes=f"{dancer.full_name} filmed after class",
    )
    clip = Clip(
        studio=studio,
        screening=screening,
        dancer=dancer,
        test="plie",
        original_name=f"{dancer.first_name}.mp4",
        container="mp4",
        size_bytes=11,
        uploaded_by=teacher,
    )
    clip.file.save("ignored.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=False)
    clip.save()
    analysis = Analysis(
        studio=studio,
        clip=clip,
        dancer=dancer,
        test="plie",
        engine_version="test-1",
        state=AnalysisState.DONE,
        result={
            "status": "ok",
            "dancer": str(dancer.public_id),
            "metrics": {"depth_pct": {"value": 20.0, "sem": 1.0}},
        },
        finished_at=timezone.now(),
    )
    analysis.keyframe.save("ignored.png", ContentFile(PNG_1PX), save=False)
    analysis.save()
    fp.clip, fp.analysis = clip, analysis
    fp.files = [clip.file.name, analysis.keyframe.name]

    program = Program.objects.create(studio=studio, name="Glute basics", created_by=teacher)
    exercise = _exercise()
    own = Assignment.objects.create(
        studio=studio,
        program=program,
        dancer=dancer,
        starts_on=date(2026, 10, 5),
        ends_on=date(2026, 11, 16),
        assigned_by=teacher,
        reason=f"Plié flags for {dancer.full_name}",
    )
    by_class = Assignment.objects.create(
        studio=studio,
        program=program,
        class_group=tenant.class_group,
        starts_on=date(2026, 10, 5),
        ends_on=date(2026, 11, 16),
        assigned_by=teacher,
    )
    DoseOverride.objects.create(
        studio=studio, assignment=own, dancer=dancer, exercise=exercise, sets=2, reps=10
    )
    for n, assignment in enumerate((own, by_class)):
        ExerciseLog.objects.create(
            studio=studio,
            dancer=dancer,
            assignment=assignment,
            exercise=exercise,
            date=date(2026, 10, 6),
            set_number=1,
            reps=12,
            pain=2,
            effort=5,
            note="felt fine",
            idempotency_key=f"k{n}-{dancer.pk}",
            logged_by=dancer.user,
        )
    PauseDay.objects.create(
        studio=studio, dancer=dancer, date=date(2026, 10, 7), kind="illness", marked_by=guardian
    )
    ProgramView.objects.create(studio=studio, dancer=dancer, date=date(2026, 10, 6))
    ReferralRequest.objects.create(
        studio=studio, dancer=dancer, requested_by=guardian, note="knee hurts on stairs"
    )
    Notification.objects.create(
        studio=studio,
        user=teacher,
        dancer=dancer,
        kind="behind",
        message=f"{dancer.full_name} is behind on the program this week",
        week_start=date(2026, 10, 5),
    )
    if dancer.user is not None:
        Notification.objects.create(
            studio=studio,
            user=dancer.user,
            dancer=None,
            kind="reminder",
            message="Time for your exercises",
            week_start=date(2026, 10, 5),
        )
    Invitation.objects.create(
        studio=studio,
        email=f"parent-of-{dancer.pk}@example.test",
        role=Role.GUARDIAN,
        dancer=dancer,
        expires_at=timezone.now() + timedelta(days=3),
    )
    return fp
