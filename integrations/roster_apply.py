"""Writing a roster plan: bulk creates and updates per table, link tables by difference, archives
through the studios services (so their events fire), and guardian / staff invitations on commit."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.utils import timezone

from integrations.roster_plan import Plan
from studiohealth.core.versions import data_changed
from studios.classes import class_set_archived
from studios.contacts import contact_archive, contacts_invite
from studios.external_models import Contact, EnrolmentRef
from studios.models import ClassGroup, DancerProfile, Season
from studios.people import dancer_archive
from studios.policies import Actor

UPDATE_FIELDS: dict[str, list[str]] = {
    "season": ["name", "starts_on", "ends_on"],
    "staff": ["first_name", "last_name", "email", "user", "archived_at"],
    "guardian": ["first_name", "last_name", "email", "user", "archived_at"],
    "dancer": ["first_name", "last_name", "birth_year", "archived_at"],
    "class": ["name", "season", "archived_at"],
}
MODELS: dict[str, type[Model]] = {
    "season": Season,
    "staff": Contact,
    "guardian": Contact,
    "dancer": DancerProfile,
    "class": ClassGroup,
}
NOT_CHECKED_HERE = ["studio", "season", "user", "id"]  # FKs resolved in the plan; full_clean would query each


def _save_objects(plan: Plan, kind: str) -> None:
    model, now = MODELS[kind], timezone.now()
    if kind == "class":
        for group in [*plan.new.get(kind, []), *plan.changed.get(kind, [])]:
            group.season = plan.objects["season"][plan.class_season[group.external_id]]
    for obj in [*plan.new.get(kind, []), *plan.changed.get(kind, [])]:
        obj.full_clean(exclude=NOT_CHECKED_HERE, validate_unique=False, validate_constraints=False)
        obj.updated_at = now
    model._default_manager.bulk_create(plan.new.get(kind, []))  # PostgreSQL returns the new ids
    if plan.changed.get(kind):
        model._default_manager.bulk_update(plan.changed[kind], [*UPDATE_FIELDS[kind], "updated_at"])


def _set_links(
    through: Any, owner: str, member: str, wanted: dict[int, set[int]], current: dict[int, set[int]]
) -> None:
    """Make the link table hold exactly `wanted` for the owners named in it (one insert, one delete)."""
    add = [through(**{owner: o, member: m}) for o, ms in wanted.items() for m in ms - current.get(o, set())]
    through.objects.bulk_create(add, ignore_conflicts=True)
    for o, ms in wanted.items():
        drop = current.get(o, set()) - ms
        if drop:
            through.objects.filter(**{owner: o, f"{member}__in": drop}).delete()


def _save_links(plan: Plan) -> None:
    groups, guardians, dancers = plan.objects["class"], plan.objects["guardian"], plan.objects["dancer"]
    teachers = {groups[ext].pk: users for ext, users in plan.class_teachers.items()}
    _set_links(ClassGroup.teachers.through, "classgroup_id", "user_id", teachers, plan.current_teachers)
    wards = {guardians[ext].pk: {dancers[d].pk for d in ids} for ext, ids in plan.wards.items()}
    _set_links(Contact.wards.through, "contact_id", "dancerprofile_id", wards, plan.current_wards)
    # A guardian with an account is a guardian of exactly the wards the source lists for them.
    accounts: dict[int, set[int]] = {}
    held: dict[int, set[int]] = {}
    for contact in (guardians[ext] for ext in plan.wards):
        if contact.user_id is not None:
            accounts.setdefault(contact.user_id, set()).update(wards[contact.pk])
            held.setdefault(contact.user_id, set()).update(plan.current_wards.get(contact.pk, set()))
    links = DancerProfile.guardians.through
    per_dancer = [links(dancerprofile_id=d, user_id=u) for u, ds in accounts.items() for d in ds]
    links.objects.bulk_create(per_dancer, ignore_conflicts=True)
    for user_id, was in held.items():
        if was - accounts[user_id]:
            links.objects.filter(user_id=user_id, dancerprofile_id__in=was - accounts[user_id]).delete()


def _save_enrolments(plan: Plan) -> None:
    refs: dict[str, EnrolmentRef] = plan.objects["enrolment"]
    places = ClassGroup.dancers.through
    new, moved, add, drop = [], [], [], []
    for ext, class_id, dancer_id in plan.enrolments:
        group, dancer = plan.objects["class"][class_id], plan.objects["dancer"][dancer_id]
        ref = refs.get(ext)
        if ref is None:
            refs[ext] = EnrolmentRef(
                studio=plan.studio, source=plan.source, external_id=ext, class_group=group, dancer=dancer
            )
            new.append(refs[ext])
        elif (ref.class_group_id, ref.dancer_id) != (group.pk, dancer.pk):
            drop.append((ref.class_group_id, ref.dancer_id))
            ref.class_group, ref.dancer, ref.updated_at = group, dancer, timezone.now()
            moved.append(ref)
        if (group.pk, dancer.pk) not in plan.places:
            add.append(places(classgroup_id=group.pk, dancerprofile_id=dancer.pk))
    for class_pk, dancer_pk in drop:
        places.objects.filter(classgroup_id=class_pk, dancerprofile_id=dancer_pk).delete()
    places.objects.bulk_create(add, ignore_conflicts=True)
    EnrolmentRef.objects.bulk_create(new)
    EnrolmentRef.objects.bulk_update(moved, ["class_group", "dancer", "updated_at"])


def _archive(plan: Plan, actor: Actor) -> None:
    """Few rows by nature; each through its service, so its rules and events apply."""
    studio = plan.studio
    for dancer in plan.archives.get("dancer", []):
        dancer_archive(studio=studio, actor=actor, dancer=dancer)
    for group in plan.archives.get("class", []):
        class_set_archived(studio=studio, actor=actor, group=group, archived=True)
    for contact in [*plan.archives.get("staff", []), *plan.archives.get("guardian", [])]:
        contact_archive(studio=studio, actor=actor, contact=contact)
    for ref in plan.archives.get("enrolment", []):  # leaving a class: the place goes, history stays
        ClassGroup.dancers.through.objects.filter(
            classgroup_id=ref.class_group_id, dancerprofile_id=ref.dancer_id
        ).delete()
        ref.delete()


def roster_write(*, plan: Plan, actor: Actor, link_base: str) -> None:
    """Write an error-free plan (the caller holds the transaction and the studio lock)."""
    for kind in ("season", "staff", "guardian", "dancer", "class"):
        _save_objects(plan, kind)
    _save_links(plan)
    _save_enrolments(plan)
    _archive(plan, actor)
    invitees = [plan.objects[kind][ext] for kind, _, ext in (key.partition(":") for key in plan.invites)]
    if invitees:
        contacts_invite(studio=plan.studio, actor=actor, contacts=invitees, link_base=link_base)
    data_changed(studio_id=plan.studio.pk)  # the dashboards' rows: all of them
