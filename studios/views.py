"""Account pages: home (which studio, which page), invitation acceptance. Login/logout are Django's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from studiohealth.core.exceptions import ApplicationError
from studios import services
from studios.forms import InviteSignupForm
from studios.models import Invitation
from studios.selectors import studio_list_for_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    studios = list(studio_list_for_user(user=request.user).prefetch_related("memberships"))
    rows = [
        {"studio": s, "roles": sorted({m.role for m in s.memberships.all() if m.user_id == request.user.pk})}
        for s in studios
    ]
    return render(request, "studios/home.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.objects.select_related("studio").filter(token=token).first()
    if invitation is None or not invitation.is_open:
        raise Http404
    form = None
    if request.method == "POST":
        if request.user.is_authenticated:
            user = request.user
        else:
            form = InviteSignupForm(request.POST)
            if not form.is_valid():
                return render(request, "studios/invite.html", {"invitation": invitation, "form": form})
            user = form.save(commit=False)
            user.email = invitation.email
            user.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        try:
            services.invitation_accept(token=token, user=user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("home")
        messages.success(request, f"Welcome to {invitation.studio.name}.")
        return redirect("home")
    if not request.user.is_authenticated:
        form = InviteSignupForm()
    return render(request, "studios/invite.html", {"invitation": invitation, "form": form})
