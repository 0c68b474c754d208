"""Write history: every insert, update and delete of consents and memberships (roles).

Kept by PostgreSQL triggers (django-pghistory), so a queryset `update()`, a shell or raw SQL is
recorded as surely as a `save()`. Why pghistory rather than django-simple-history: see
docs/security.md ("Write history"). Assignments have the same history in programs/history.py
(privacy sits below programs and may not import it).
"""

from __future__ import annotations

import pghistory

from studios.models import GuardianConsent, Membership


def _trackers() -> tuple[pghistory.RowEvent, ...]:
    # A fresh set per model: a tracker instance binds to the first model it is used with.
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


class GuardianConsentEvent(
    pghistory.create_event_model(
        GuardianConsent, *_trackers(), model_name="GuardianConsentEvent", app_label="privacy"
    )
):
    """A consent given, changed or withdrawn (pgh_label insert / update / delete)."""


class MembershipEvent(
    pghistory.create_event_model(Membership, *_trackers(), model_name="MembershipEvent", app_label="privacy")
):
    """A role granted to or removed from a person in a studio."""
