"""Director pages for people: members by role, dancers (add, archive, restore), invitations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from studiohealth.core.pages import run_and_flash
from studios import invitations, people, selectors, services
from studios.forms import DancerAddForm, GuardianLinkForm, InviteForm, RoleChangeForm
from studios.models import DancerProfile, Invitation, Membership, Role
from studios.people_policies import DIRECTOR_ONLY
from studios.policies import Actor
from studios.scoping import PageView, parse_uuid_or_404, studio_page

M = TypeVar("M", bound=Model)


def _people_url(actor: Actor) -> HttpResponse:
    return redirect("studio-people", studio_id=actor.studio.public_id)


def _link_base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _one(model: type[M], actor: Actor, pk: str) -> M:
    """An object of this studio by public id; another studio's, unknown and malformed ids: 404."""
    obj = model._default_manager.filter(studio=actor.studio, public_id=parse_uuid_or_404(pk)).first()
    if obj is None:
        raise Http404
    return obj


def _object_action(
    model: type[M],
    kwarg: str,
    service: Callable[..., object],
    success: Callable[[M, dict[str, Any]], str],
    *,
    link_base: bool = False,
    form: Callable[[HttpRequest, Actor], Form] | None = None,
    invalid: str = "",
) -> PageView:
    """A director's POST on one object of the studio (`pk`, else 404): `service(studio=, actor=,
    <kwarg>=obj)` plus `link_base=` for e-mailed links and the cleaned data of `form` (when it does
    not validate: `invalid` is flashed), flash `success(obj, data)`, back to People."""

    @require_POST
    @studio_page(roles={Role.DIRECTOR}, denied=DIRECTOR_ONLY)
    def view(request: HttpRequest, actor: Actor, pk: str) -> HttpResponse:
        obj = _one(model, actor, pk)
        bound = form(request, actor) if form else None
        extra = {"link_base": _link_base(request)} if link_base else {}

        def data() -> dict[str, Any]:
            return dict(bound.cleaned_data) if bound else {}

        return run_and_flash(
            request,
            lambda: service(studio=actor.studio, actor=actor, **{kwarg: obj}, **extra, **data()),
            form=bound,
            invalid=invalid,
            success=lambda _: success(obj, data()),
            then=_people_url(actor),
        )

    return view


def _invalid(request: HttpRequest, actor: Actor, **forms: object) -> HttpResponse:
    """The people page again with the posted form and its errors (nothing was saved)."""
    context = {"actor": actor, **_people_context(actor, ""), **forms}
    return render(request, "studios/people.html", context, status=400)


def _people_context(actor: Actor, search: str) -> dict[str, object]:
    studio = actor.studio
    members = list(selectors.member_list(studio=studio, search=search))
    dancers = selectors.dancer_list_for_people(studio=studio, search=search)
    season = selectors.season_current(studio=studio)
    return {
        "search": search,
        "groups": [(label, [m for m in members if m.role == role]) for role, label in Role.choices],
        "dancers": [(d, selectors.consent_status(d, season)) for d in dancers],
        "archived": list(selectors.dancer_list_for_people(studio=studio, search=search, archived=True)),
        "invitations": list(selectors.invitation_list_pending(studio=studio)),
        "invite_form": InviteForm(dancers=selectors.dancer_list_for_people(studio=studio)),
        "dancer_form": DancerAddForm(),
        "role_choices": RoleChangeForm().fields["role"].choices,  # type: ignore[attr-defined]
        "guardian_choices": list(GuardianLinkForm(studio=studio).fields["guardian"].queryset),  # type: ignore[attr-defined]
    }


@require_GET
@studio_page(roles={Role.DIRECTOR}, denied=DIRECTOR_ONLY)
def people_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    return render(request, "studios/people.html", {"actor": actor, **_people_context(actor, search)})


@require_POST
@studio_page(roles={Role.DIRECTOR}, denied=DIRECTOR_ONLY)
def invite(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = InviteForm(request.POST, dancers=selectors.dancer_list_for_people(studio=actor.studio))
    if not form.is_valid():
        return _invalid(request, actor, invite_form=form)
    return run_and_flash(
        request,
        lambda: invitations.invitation_create(
            studio=actor.studio, actor=actor, link_base=_link_base(request), **form.cleaned_data
        ),
        success=lambda invitation: f"Invitation e-mailed to {invitation.email}.",
        then=_people_url(actor),
    )


@require_POST
@studio_page(roles={Role.DIRECTOR}, denied=DIRECTOR_ONLY)
def dancer_add(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = DancerAddForm(request.POST)
    if not form.is_valid():
        return _invalid(request, actor, dancer_form=form)
    return run_and_flash(
        request,
        lambda: people.dancer_add(studio=actor.studio, actor=actor, **form.cleaned_data),
        success=lambda dancer: f"{dancer.full_name} added. Invite them or a guardian below.",
        then=_people_url(actor),
    )


invitation_resend = _object_action(
    Invitation,
    "invitation",
    invitations.invitation_resend,
    lambda i, _: f"A new link was e-mailed to {i.email}; the old one no longer works.",
    link_base=True,
)
invitation_revoke = _object_action(
    Invitation,
    "invitation",
    invitations.invitation_revoke,
    lambda i, _: f"Invitation for {i.email} revoked; its link no longer works.",
)
member_remove = _object_action(
    Membership,
    "membership",
    people.membership_remove,
    lambda m, _: f"{m.user} no longer has the {m.role} role here.",
)
dancer_archive = _object_action(
    DancerProfile,
    "dancer",
    people.dancer_archive,
    lambda d, _: f"{d.full_name} archived: kept for history, out of current lists.",
)
dancer_restore = _object_action(
    DancerProfile, "dancer", people.dancer_restore, lambda d, _: f"{d.full_name} restored."
)
member_role = _object_action(
    Membership,
    "membership",
    people.membership_change_role,
    lambda m, data: f"{m.user} is now {data['role']}.",
    form=lambda request, actor: RoleChangeForm(request.POST),
    invalid="Choose a role: director, teacher or guardian.",
)
# Several guardians per dancer and several dancers per guardian: one link at a time.
dancer_link_guardian = _object_action(
    DancerProfile,
    "dancer",
    services.guardian_add,
    lambda d, data: f"{data['guardian']} is now a guardian of {d.full_name}.",
    form=lambda request, actor: GuardianLinkForm(request.POST, studio=actor.studio),
    invalid="Choose a guardian of this studio (invite them first if needed).",
)
