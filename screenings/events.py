"""Events screenings emits for higher apps (screenings imports none of them): an analysis measured a
clip. programs refreshes the dancer's stored referral flag on it (programs/flag_state.py)."""

from __future__ import annotations

from typing import Protocol

from studiohealth.core.hooks import Hook


class AnalysisHandler(Protocol):
    def __call__(self, *, analysis_id: int) -> object: ...


analysis_measured: Hook[AnalysisHandler] = Hook("analysis measured")


def analysis_measured_emit(*, analysis_id: int) -> None:
    """In the saving transaction; handlers defer their own work to after commit."""
    for handler in analysis_measured.handlers():
        handler(analysis_id=analysis_id)
