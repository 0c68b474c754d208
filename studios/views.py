"""Account pages: home (which studio, which page) and invitation acceptance."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from studiohealth.core.exceptions import ApplicationError
from studios import invitations
from studios.forms import InviteSignupForm
from studios.home_links import home_for_user
from studios.http import AuthenticatedHttpRequest
from studios.models import Invitation
from studios.selectors import studio_list_for_user


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = home_for_user(user=request.user, studios=list(studio_list_for_user(user=request.user)))
    # Anyone without a studio may start one; among members, only directors are offered another.
    can_start = not rows or any("director" in row.roles for row in rows)
    return render(request, "studios/home.html", {"rows": rows, "can_start": can_start})


def _not_valid(request: HttpRequest) -> HttpResponse:
    # Guessed, reused, expired and revoked links all get this same page: nothing tells them apart.
    return render(
        request, "studios/invite_invalid.html", {"reason": invitations.INVITE_NOT_VALID}, status=404
    )


def _signup_and_accept(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    form = InviteSignupForm(request.POST)
    if not form.is_valid():
        return render(request, "studios/invite.html", {"invitation": invitation, "form": form})
    try:
        with transaction.atomic():  # the new account exists only if the invitation is accepted
            user = invitations.user_create_for_invitation(invitation=invitation, user=form.save(commit=False))
            invitations.invitation_accept(token=token, user=user)
    except ApplicationError as error:
        if error.extra.get("code") == "invite_not_valid":
            return _not_valid(request)
        form.add_error(None, error.message)
        return render(request, "studios/invite.html", {"invitation": invitation, "form": form})
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, f"Welcome to {invitation.studio.name}.")
    return redirect("home")


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitations.find_open_invitation(token=token)
    if invitation is None:
        return _not_valid(request)
    context: dict[str, object] = {"invitation": invitation}
    if not request.user.is_authenticated:
        if request.method == "POST":
            return _signup_and_accept(request, invitation, token)
        return render(request, "studios/invite.html", {**context, "form": InviteSignupForm()})
    if not invitations.email_matches(request.user, invitation):
        if not invitations.email_claimed_unverified(request.user, invitation):
            context["refusal"] = invitations.WRONG_ADDRESS
            return render(request, "studios/invite.html", context, status=403)
        context["confirms_address"] = invitation.email  # accepting confirms it (the link went there)
    if request.method == "GET":
        return render(request, "studios/invite.html", context)
    try:
        invitations.invitation_accept(token=token, user=request.user)
    except PermissionDenied as error:
        return render(request, "studios/invite.html", {**context, "refusal": str(error)}, status=403)
    except ApplicationError as error:
        if error.extra.get("code") == "invite_not_valid":
            return _not_valid(request)
        return render(request, "studios/invite.html", {**context, "refusal": error.message}, status=403)
    messages.success(request, f"Welcome to {invitation.studio.name}.")
    return redirect("home")
