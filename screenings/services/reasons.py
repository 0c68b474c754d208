"""The words a dancer sees when a clip is refused or an analysis fails: one message per reason code."""

from __future__ import annotations

from studiohealth.core.exceptions import ApplicationError
from workers.quality import REASONS

CONSENT_WITHDRAWN_MESSAGE = "Consent for video analysis was withdrawn, so this clip was not analysed."
# Our fault, never the video's: the dancer is told so and is not asked to film again.
ANALYSIS_ERROR_MESSAGE = (
    "Something went wrong on our side while analysing this clip; the video itself is fine. "
    "We tried several times and have logged the problem. You do not need to film it again."
)
# Upload-time and pipeline reasons on top of the engine's quality-gate reasons (same shape: code -> text).
UPLOAD_REASONS: dict[str, str] = {
    "empty_file": "The file is empty. Record the clip again and wait for the upload to finish.",
    "not_a_video": "This file is not a video we can read. Choose a clip recorded with the phone's camera.",
    "analysis_error": ANALYSIS_ERROR_MESSAGE,
    "clip_deleted": "This clip was deleted before it could be analysed. Please film it again.",
    "consent_withdrawn": CONSENT_WITHDRAWN_MESSAGE,
}


def reason_message(reason: str) -> str:
    return REASONS.get(reason) or UPLOAD_REASONS.get(reason) or UPLOAD_REASONS["analysis_error"]


def refusal(reason: str, status: int = 400) -> ApplicationError:
    error = ApplicationError(reason_message(reason), {"reason": reason})
    error.status_code = status
    return error
