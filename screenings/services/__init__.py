"""Writes of the screenings app, one module per concern; this package re-exports their public names.

- `clips`: screening days, upload validation, storage and the clip rows;
- `analyses`: the analysis state machine (create/publish, claim/lease, progress, save, release, reconcile);
- `retention`: the retention purge and the consent-withdrawal cascade;
- `reasons`: the message shown for each refusal or failure code.
"""

from __future__ import annotations

from screenings.services.analyses import (
    Reconciled,
    analyses_create_for_engine,
    analysis_claim,
    analysis_complete,
    analysis_create,
    analysis_enqueue,
    analysis_fail,
    analysis_progress,
    analysis_reconcile,
    analysis_release,
    new_lease_token,
)
from screenings.services.clips import (
    CANNOT_MANAGE,
    CANNOT_UPLOAD,
    NO_SEASON,
    ClipUpload,
    clip_create,
    clip_request_retake,
    clip_validate,
    screening_create,
    screening_update,
)
from screenings.services.reasons import (
    ANALYSIS_ERROR_MESSAGE,
    CONSENT_WITHDRAWN_MESSAGE,
    UPLOAD_REASONS,
    reason_message,
)
from screenings.services.retention import clips_on_consent_withdrawn, clips_purge_expired

__all__ = [
    "ANALYSIS_ERROR_MESSAGE",
    "CANNOT_MANAGE",
    "CANNOT_UPLOAD",
    "CONSENT_WITHDRAWN_MESSAGE",
    "NO_SEASON",
    "UPLOAD_REASONS",
    "ClipUpload",
    "Reconciled",
    "analyses_create_for_engine",
    "analysis_claim",
    "analysis_complete",
    "analysis_create",
    "analysis_enqueue",
    "analysis_fail",
    "analysis_progress",
    "analysis_reconcile",
    "analysis_release",
    "clip_create",
    "clip_request_retake",
    "clip_validate",
    "clips_on_consent_withdrawn",
    "clips_purge_expired",
    "new_lease_token",
    "reason_message",
    "screening_create",
    "screening_update",
]
