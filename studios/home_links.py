"""The home page's links: for each studio, only the pages the member can actually act on there."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from studios.models import Role, Studio, User
from studios.policies import Actor, actor_for, can_upload_for_dancer, visible_classes, visible_dancers


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class StudioHome:
    studio: Studio
    roles: list[str]
    links: list[Link]
    notices: list[str]


NO_CLASS_YET = "You have no class yet — ask your director to add you to one."
NO_PROFILE_YET = "Your dancer profile is not linked yet — ask your director."
NO_WARD_YET = "No dancer is linked to your account yet — ask your director."


def _url(name: str, studio: Studio, **kwargs: object) -> str:
    return reverse(name, kwargs={"studio_id": studio.public_id, **kwargs})


def _links(actor: Actor) -> tuple[list[Link], list[str]]:
    studio, links, notices = actor.studio, [], []
    dancers = list(visible_dancers(actor).select_related("studio"))
    if actor.is_director:
        links += [
            Link("People and invitations", _url("studio-people", studio)),
            Link("Classes", _url("studio-classes", studio)),
            Link("Studio settings", _url("studio-settings", studio)),
            Link("Roster of every dancer", _url("dashboard-roster", studio)),
            Link("Season report (PDF)", _url("report-season-page", studio)),
            Link("Audit log: who viewed what", _url("privacy-audit", studio)),
            Link("API keys for studio software", _url("integrations-api-keys", studio)),
            Link("Webhooks for studio software", _url("integrations-webhooks", studio)),
            Link("Cards in your studio's portal (embed)", _url("integrations-embed", studio)),
            Link("Import the roster from a file (CSV)", _url("integrations-roster-import", studio)),
        ]
    if actor.is_teacher:
        classes = list(visible_classes(actor).filter(teachers=actor.user, archived_at__isnull=True))
        links += [Link(f"Class: {g.name}", _url("dashboard-class", studio, pk=g.public_id)) for g in classes]
        if not classes and not actor.is_director:
            notices.append(NO_CLASS_YET)
    if actor.is_staff_member and any(can_upload_for_dancer(actor, d) for d in dancers):
        links += [
            Link("Film a screening", _url("screening-upload", studio)),
            Link("Assign a program", _url("program-assign", studio)),
        ]
    if Role.DANCER in actor.roles:
        own = [d for d in dancers if d.user_id == actor.user.pk]
        links += [Link("My page", _url("dashboard-dancer", studio, pk=d.public_id)) for d in own]
        if own:
            links += [
                Link("Today's exercises", _url("programs-today", studio)),
                Link("Film my screening clips", _url("screening-upload", studio)),
                # An adult gives her own consents; a minor reads who gives them for her.
                Link("My consents" if not own[0].is_minor else "Who consents for me", _url("studio-consent", studio)),
            ]
        else:
            notices.append(NO_PROFILE_YET)
    if Role.GUARDIAN in actor.roles:
        wards = list(actor.user.wards.filter(studio=studio))
        links += [
            Link(f"{w.first_name}'s page", _url("dashboard-dancer", studio, pk=w.public_id)) for w in wards
        ]
        if wards:
            links.append(Link("Consent: filming and sharing reports", _url("studio-consent", studio)))
        else:
            notices.append(NO_WARD_YET)
    if actor.is_director or (Role.GUARDIAN in actor.roles and dancers):
        links.append(Link("Privacy: export or erase a dancer's data", _url("privacy-index", studio)))
    return links, notices


def home_for_user(*, user: User, studios: list[Studio]) -> list[StudioHome]:
    rows = []
    for studio in studios:
        actor = actor_for(user=user, studio=studio)
        if actor is None:
            continue
        links, notices = _links(actor)
        rows.append(StudioHome(studio=studio, roles=sorted(actor.roles), links=links, notices=notices))
    return rows
