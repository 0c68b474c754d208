"""Write history: every insert, update and delete of consents and memberships (roles).

Kept by PostgreSQL triggers (django-pghistory), so a queryset `update()`, a shell or raw SQL is
recorded as surely as a `save()`. Why pghistory rather than django-simple-history: see
docs/security.md ("Write history"). Assignments have the same history in programs/history.py
(privacy sits below programs and may not import it).
"""

from __future__ import annotations

from typing import Any

import pghistory

from studios.models import GuardianConsent, Membership


def _trackers() -> tuple[pghistory.RowEvent, ...]:
    # A fresh set per model: a tracker instance binds to the first model it is used with.
    return (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())


# Typed Any: the bases are built at import time, which mypy cannot follow.
_ConsentEventBase: Any = pghistory.create_event_model(
    GuardianConsent, *_trackers(), model_name="GuardianConsentEvent", app_label="privacy"
)
_MembershipEventBase: Any = pghistory.create_event_model(
    Membership, *_trackers(), model_name="MembershipEvent", app_label="privacy"
)


class GuardianConsentEvent(_ConsentEventBase):
    """A consent given, changed or withdrawn (pgh_label insert / update / delete)."""


class MembershipEvent(_MembershipEventBase):
    """A role granted to or removed from a person in a studio."""
