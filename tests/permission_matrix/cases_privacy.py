"""Matrix rows for privacy/ routes: the audit trail (director only) and a dancer's data rights."""

from __future__ import annotations

from tests.permission_matrix.case import FORBIDDEN, NOT_FOUND, OK, Case, dancer_kwargs, expect, studio_kwargs
from tests.world import World

DIRECTOR_ONLY = expect(FORBIDDEN, director=OK)
# The role gate comes first (teachers never hold data rights → 403 for any id); then the dancer must be
# visible (else 404); then the object policy: a minor cannot export or erase on their own (403).
DATA_RIGHTS = expect(
    FORBIDDEN,
    director=OK,
    guardian=OK,
    other_dancer=NOT_FOUND,
    other_guardian=NOT_FOUND,
)


CASES = [
    Case("audit-event-list", "get", DIRECTOR_ONLY, kwargs=studio_kwargs),
    Case("audit-event-export-csv", "get", DIRECTOR_ONLY, kwargs=studio_kwargs),
    Case("audit-event-export-json", "get", DIRECTOR_ONLY, kwargs=studio_kwargs),
    Case("privacy-dancer-export", "get", DATA_RIGHTS, kwargs=dancer_kwargs),
    Case("privacy-dancer-erase", "post", DATA_RIGHTS, kwargs=dancer_kwargs, data=lambda w: {"confirm": True}),
]


def setup(w: World) -> None:
    """Audit rows in both studios, so a wrong scope would show up as data."""
    from privacy.models import AuditAction
    from privacy.services import audit_record
    from studios.policies import actor_for

    for tenant in (w.a, w.b):
        actor = actor_for(user=tenant.teacher, studio=tenant.studio)
        assert actor is not None
        audit_record(actor=actor, action=AuditAction.VIEW_DANCER_PAGE, dancer=tenant.dancer)
