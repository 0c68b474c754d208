"""The stored referral flag per dancer and the `referral.flagged` webhook on its transition.

The rule (programs/referral.py) is computed at read time, so a read cannot tell "just started"
from "still flagged". We keep the last evaluated state (ReferralFlagState) and emit when it turns
from not flagged to flagged. It is re-evaluated:
- after the writes that change the rule's inputs — a logged set (pain, compliance), an evaluation
  request, a measured analysis (concern bands) — as a task after commit, so the dancer's request
  or the worker never waits for it and never fails because of it;
- by a daily beat sweep of every current dancer, for what time alone changes (the 8-week pain
  look-back sliding, the season changing, compliance as weeks pass).
Why not only the sweep: a flag would reach the studio software up to a day late. Why not on every
read: the roster is read far more often than it changes, and a read must not send mail or webhooks.
The first evaluation of a dancer (no row yet) that finds her flagged emits too: the receiver hears
of every flag once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from integrations import events as integration_events
from programs.models import ReferralFlagState
from programs.selectors import referral_flags_for_dancers
from screenings.models import Analysis
from studiohealth.celery import app
from studios.models import DancerProfile, Studio

# Published by name: programs.tasks imports this module, so the task object cannot be imported here.
REFRESH_TASK = "programs.tasks.refresh_referral_flags"


def referral_flags_refresh(*, studio: Studio, dancer_ids: Iterable[int]) -> list[int]:
    """Re-evaluate and store the flags; returns the ids of dancers newly flagged (webhook sent)."""
    ids = list(
        DancerProfile.objects.filter(studio=studio, pk__in=list(dancer_ids), archived_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not ids:
        return []
    reasons = referral_flags_for_dancers(studio=studio, dancer_ids=ids)
    newly = []
    with transaction.atomic():
        # Rows first (a concurrent refresh may create them too), then lock them: one transition, one event.
        ReferralFlagState.objects.bulk_create(
            [ReferralFlagState(studio=studio, dancer_id=i) for i in ids], ignore_conflicts=True
        )
        states = ReferralFlagState.objects.select_for_update().filter(dancer_id__in=ids).order_by("dancer_id")
        now = timezone.now()
        for state in states:
            codes = [r.code for r in reasons.get(state.dancer_id, [])]
            flagged = bool(codes)
            if flagged and not state.flagged:
                newly.append(state.dancer_id)
                state.flagged_since = now
            elif not flagged:
                state.flagged_since = None
            state.flagged, state.codes = flagged, codes
            state.save(update_fields=["flagged", "codes", "flagged_since", "evaluated_at"])
        for dancer in DancerProfile.objects.filter(pk__in=newly):
            integration_events.referral_flagged(studio=studio, dancer=dancer)  # sent after commit
    return newly


def referral_flags_refresh_later(*, studio: Studio, dancer_ids: Iterable[int]) -> None:
    """Queue a refresh once the caller's transaction commits (the notifications queue)."""
    studio_id, ids = studio.pk, sorted(set(dancer_ids))
    transaction.on_commit(lambda: app.signature(REFRESH_TASK, args=(studio_id, ids)).delay(), robust=True)


def on_analysis_measured(*, analysis_id: int) -> None:
    """screenings.events hook: a measured clip can add a concern-band screening."""
    row = Analysis.objects.filter(pk=analysis_id).values("studio_id", "clip__dancer_id").first()
    if row is not None:
        studio = Studio.objects.get(pk=row["studio_id"])
        referral_flags_refresh_later(studio=studio, dancer_ids=[row["clip__dancer_id"]])


def referral_flags_sweep() -> int:
    """Every current dancer of every studio (the daily beat); returns how many were newly flagged."""
    total = 0
    for studio in Studio.objects.order_by("pk"):
        ids = DancerProfile.objects.filter(studio=studio, archived_at__isnull=True).values_list(
            "pk", flat=True
        )
        total += len(referral_flags_refresh(studio=studio, dancer_ids=list(ids)))
    return total
