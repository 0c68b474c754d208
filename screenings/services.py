"""Writes for screenings, clips and analyses."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from screenings.models import Analysis, AnalysisState, Clip
from studios.models import DancerProfile, Studio

CONSENT_WITHDRAWN_MESSAGE = "Consent for video analysis was withdrawn, so this clip was not analysed."


@transaction.atomic
def clips_on_consent_withdrawn(*, studio: Studio, dancer: DancerProfile) -> int:
    """Stop processing a dancer's clips and schedule their files for deletion today.

    Queued or running analyses end as failed (a running worker's save is refused by its lease check);
    the retention task removes the files. Results already computed stay, as the consent covered them.
    """
    now = timezone.now()
    Analysis.objects.filter(
        studio=studio, dancer=dancer, state__in=[AnalysisState.QUEUED, AnalysisState.RUNNING]
    ).update(
        state=AnalysisState.FAILED,
        reason="consent_withdrawn",
        message=CONSENT_WITHDRAWN_MESSAGE,
        finished_at=now,
        lease_expires_at=None,
    )
    return Clip.objects.filter(studio=studio, dancer=dancer, file_deleted_at__isnull=True).update(
        retention_until=studio.today()
    )
