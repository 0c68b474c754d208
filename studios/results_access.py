"""Who may see a dancer's measured results (numbers, bands, key frames, charts, referral reasons, PDF).

Seeing a dancer (studios.policies.visible_dancers) is not the same as seeing her results:
- the director always: the studio runs the screening and answers for referrals (docs/onboarding.md);
- the dancer herself always: they are her own data;
- a guardian when the studio shows guardians results (Studio.guardian_view, the settings page);
- a teacher of her class only while the report-sharing consent is in force (given by a guardian or,
  for an adult, by the dancer; renewed each season like the filming consent).
Everyone who may see the dancer keeps her program, compliance and screening status.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied

from studios.models import ConsentScope, DancerProfile, GuardianView
from studios.policies import Actor, can_view_dancer, is_guardian_of, is_own_dancer, teaches
from studios.selectors import active_consent, consents_in_force

NOT_SHARED_WITH_TEACHERS = (
    "{name}'s screening results are not shared with teachers: the consent to share reports with "
    "teachers has not been given for this season. The program and compliance are still shown."
)
NOT_SHARED_WITH_GUARDIANS = (
    "{studio} keeps screening results with the studio: the director will talk them through with you. "
    "The exercise program and compliance are shown here."
)


def _shared_with_teachers(dancer: DancerProfile) -> bool:
    return active_consent(dancer, ConsentScope.REPORT_SHARING) is not None


def results_hidden_reason(actor: Actor, dancer: DancerProfile) -> str | None:
    """None when the actor may see the dancer's results, else the sentence the page shows instead."""
    if not can_view_dancer(actor, dancer):
        return NOT_SHARED_WITH_TEACHERS.format(name=dancer.first_name)  # callers 404 before this
    if actor.is_director or is_own_dancer(actor, dancer):
        return None
    if is_guardian_of(actor, dancer) and actor.studio.guardian_view == GuardianView.RESULTS:
        return None
    if teaches(actor, dancer) and _shared_with_teachers(dancer):
        return None
    if is_guardian_of(actor, dancer):
        return NOT_SHARED_WITH_GUARDIANS.format(studio=actor.studio.name)
    return NOT_SHARED_WITH_TEACHERS.format(name=dancer.first_name)


def can_view_results(actor: Actor, dancer: DancerProfile) -> bool:
    return results_hidden_reason(actor, dancer) is None


def require_results_visible(actor: Actor, dancer: DancerProfile) -> None:
    """403 with the reason (pages and API alike) for a dancer the actor sees but whose results they may not."""
    reason = results_hidden_reason(actor, dancer)
    if reason is not None:
        raise PermissionDenied(reason)


def results_hidden_ids(actor: Actor, dancers: Iterable[DancerProfile]) -> set[int]:
    """The dancers (already visible to the actor) whose results the actor may not see, in a few queries."""
    dancers = list(dancers)
    if actor.is_director or not dancers:
        return set()
    ids = [d.pk for d in dancers]
    shared = set(
        consents_in_force(studio=actor.studio, scope=ConsentScope.REPORT_SHARING)
        .filter(dancer_id__in=ids)
        .values_list("dancer_id", flat=True)
    )
    guardians_see = actor.studio.guardian_view == GuardianView.RESULTS
    wards = set(DancerProfile.objects.filter(pk__in=ids, guardians=actor.user).values_list("pk", flat=True))
    taught = (
        set(
            DancerProfile.objects.filter(pk__in=ids, classes__teachers=actor.user).values_list(
                "pk", flat=True
            )
        )
        if actor.is_teacher
        else set()
    )
    hidden = set()
    for dancer in dancers:
        own = dancer.user_id is not None and dancer.user_id == actor.user.pk
        ward_ok = dancer.pk in wards and guardians_see
        teacher_ok = dancer.pk in taught and dancer.pk in shared
        if not (own or ward_ok or teacher_ok):
            hidden.add(dancer.pk)
    return hidden
