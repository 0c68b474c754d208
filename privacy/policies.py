"""Who may exercise a dancer's data rights (GDPR Art. 15/17/20) inside one studio."""

from __future__ import annotations

from studios.models import DancerProfile, Role
from studios.policies import Actor, is_guardian_of, is_own_dancer

# Roles that can reach the export/erase actions at all; the object policy below narrows further.
DATA_RIGHTS_ROLES = frozenset({Role.DIRECTOR, Role.GUARDIAN, Role.DANCER})
AUDIT_ROLES = frozenset({Role.DIRECTOR})


def can_exercise_data_rights(actor: Actor, dancer: DancerProfile) -> bool:
    """Director (controller), a guardian of the dancer, or an adult dancer for themselves.

    A minor's rights are exercised by a guardian: the child cannot erase or export on their own.
    """
    if dancer.studio_id != actor.studio.pk:
        return False
    if actor.is_director or is_guardian_of(actor, dancer):
        return True
    return is_own_dancer(actor, dancer) and not dancer.is_minor


def can_view_audit_log(actor: Actor) -> bool:
    return actor.is_director
