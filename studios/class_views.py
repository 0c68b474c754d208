"""Director pages for classes: list, create, edit (teachers, bulk-enrol dancers), archive and restore."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from studiohealth.core.pages import run_and_flash
from studios import classes
from studios.forms import ClassForm
from studios.models import ClassGroup, Role
from studios.people_policies import DIRECTOR_ONLY
from studios.policies import Actor
from studios.scoping import parse_uuid_or_404, studio_page
from studios.selectors import season_current


def _group(actor: Actor, pk: str) -> ClassGroup:
    group = ClassGroup.objects.filter(studio=actor.studio, public_id=parse_uuid_or_404(pk)).first()
    if group is None:
        raise Http404
    return group


def _classes_url(actor: Actor) -> HttpResponse:
    return redirect("studio-classes", studio_id=actor.studio.public_id)


def _save(
    request: HttpRequest, actor: Actor, form: ClassForm, group: ClassGroup | None
) -> HttpResponse | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    return run_and_flash(
        request,
        lambda: classes.class_save(
            studio=actor.studio,
            actor=actor,
            group=group,
            name=data["name"],
            season=data["season"],
            teachers=list(data["teachers"]),
            dancers=list(data["dancers"]),
        ),
        success=lambda saved: (
            f"{saved.name} saved: {saved.teachers.count()} teacher(s), {saved.dancers.count()} dancer(s)."
        ),
        then=_classes_url(actor),
    )


@studio_page(roles={Role.DIRECTOR}, denied=DIRECTOR_ONLY)
@require_http_methods(["GET", "POST"])
def class_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The classes, and the form for a new one (POST creates it)."""
    season = season_current(studio=actor.studio)
    posted = request.method == "POST"
    form = ClassForm(request.POST if posted else None, studio=actor.studio, initial={"season": season})
    if posted and (done := _save(request, actor, form, None)):
        return done
    groups = (
        ClassGroup.objects.filter(studio=actor.studio).select_related("season").prefetch_related("teachers")
    )
    context = {
        "actor": actor,
        "form": form,
        "current": [g for g in groups if g.archived_at is None],
        "archived": [g for g in groups if g.archived_at is not None],
    }
    return render(request, "studios/classes.html", context, status=400 if form.errors else 200)


@studio_page(roles={Role.DIRECTOR}, denied=DIRECTOR_ONLY)
@require_http_methods(["GET", "POST"])
def class_edit(request: HttpRequest, actor: Actor, pk: str) -> HttpResponse:
    group = _group(actor, pk)
    initial = {
        "name": group.name,
        "season": group.season,
        "teachers": list(group.teachers.all()),
        "dancers": list(group.dancers.all()),
    }
    posted = request.method == "POST"
    form = ClassForm(request.POST if posted else None, studio=actor.studio, initial=initial)
    if posted and (done := _save(request, actor, form, group)):
        return done
    context = {"actor": actor, "form": form, "group": group}
    return render(request, "studios/class_edit.html", context, status=400 if form.errors else 200)


@require_POST
@studio_page(roles={Role.DIRECTOR}, denied=DIRECTOR_ONLY)
def class_archive(request: HttpRequest, actor: Actor, pk: str) -> HttpResponse:
    archived, group = request.POST.get("restore") != "1", _group(actor, pk)
    return run_and_flash(
        request,
        lambda: classes.class_set_archived(studio=actor.studio, actor=actor, group=group, archived=archived),
        success=f"{group.name} {'archived' if archived else 'restored'}.",
        then=_classes_url(actor),
    )
