"""Programs pages (mobile-first, 390 px): the dancer's "today" page and the teacher's two-step assign.

Thin: resolve ids inside the actor's scope → selector / service → template. The logging buttons post
through the JSON API from static/js/log.js (offline queue + idempotency key); without JavaScript the
same buttons are plain forms posting to `today_log`, which calls the same service.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from programs import dancer_services, selectors, services
from programs.models import Assignment, PauseKind
from programs.referral import PAIN_ADVICE, PAIN_HIGH
from studiohealth.core.dates import day_label
from studiohealth.core.exceptions import ApplicationError, NotFoundError
from studios.models import ClassGroup, DancerProfile
from studios.policies import (
    STAFF_ROLES,
    Actor,
    can_log_for_dancer,
    can_manage_class,
    can_manage_dancer,
    visible_classes,
    visible_dancers,
)
from studios.scoping import dancer_visible_or_404, parse_uuid_or_404, studio_page

# A class that already has a program: end it today and start this one, or run both side by side.
EXISTING_CHOICES = ("replace", "add")


def _dancer_for_today(request: HttpRequest, actor: Actor) -> DancerProfile:
    """`?dancer=<id>` for a visible dancer, else the requester's own dancer profile."""
    wanted = request.GET.get("dancer") or request.POST.get("dancer")
    if wanted:
        return dancer_visible_or_404(actor=actor, public_id=wanted)
    dancer = visible_dancers(actor).select_related("studio").filter(user=actor.user).first()
    if dancer is None:
        raise Http404
    return dancer


@studio_page
def today(request: HttpRequest, actor: Actor) -> HttpResponse:
    dancer = _dancer_for_today(request, actor)
    dancer_services.program_view_record(studio=actor.studio, actor=actor, dancer=dancer)  # "opened", not "did"
    return render(
        request,
        "programs/today.html",
        {
            "actor": actor,
            "studio": actor.studio,
            "dancer": dancer,
            "can_log": can_log_for_dancer(actor, dancer),
            "pause_kinds": PauseKind.choices,
        },
    )


def _back_to_today(actor: Actor, dancer: DancerProfile) -> HttpResponse:
    url = reverse("programs-today", kwargs={"studio_id": actor.studio.public_id})
    if dancer.user_id != actor.user.pk:
        url += f"?dancer={dancer.public_id}"
    return redirect(url)


@require_POST
@studio_page
def today_log(request: HttpRequest, actor: Actor) -> HttpResponse:
    """No-JavaScript fallback for "log a set": the form carries an idempotency key minted at render."""
    dancer = _dancer_for_today(request, actor)
    assignment = (
        Assignment.objects.filter(
            studio=actor.studio, public_id=parse_uuid_or_404(request.POST.get("assignment"))
        )
        .select_related("program", "class_group")
        .first()
    )
    exercise = (
        selectors.exercise_list(studio=actor.studio)
        .filter(public_id=parse_uuid_or_404(request.POST.get("exercise")))
        .first()
    )
    if assignment is None or exercise is None:
        raise Http404

    def number(name: str) -> int | None:
        raw = request.POST.get(name, "").strip()
        return int(raw) if raw.isdigit() else None

    try:
        dancer_services.log_set(
            studio=actor.studio,
            actor=actor,
            dancer=dancer,
            assignment=assignment,
            exercise=exercise,
            idempotency_key=request.POST.get("idempotency_key") or uuid.uuid4().hex,
            on=date.fromisoformat(request.POST["date"]) if request.POST.get("date") else None,
            reps=number("reps"),
            hold_s=number("hold_s"),
            # A score counts only when given (its box ticked); an untouched slider is not a 0 or a 5.
            pain=number("pain") if request.POST.get("with_pain") else None,
            effort=number("effort") if request.POST.get("with_effort") else None,
            side=request.POST["side"] if request.POST.get("side") in ("left", "right") else "",
        )
    except NotFoundError:
        raise Http404 from None  # the same answer as an unknown id: no in-studio existence oracle
    except (ApplicationError, ValueError) as error:
        messages.error(request, getattr(error, "message", "That set could not be saved."))
    else:
        messages.success(request, f"{exercise.name}: set saved.")
        if (pain := number("pain") if request.POST.get("with_pain") else None) is not None and pain >= PAIN_HIGH:
            messages.warning(request, PAIN_ADVICE)
    return _back_to_today(actor, dancer)


@require_POST
@studio_page
def today_rest(request: HttpRequest, actor: Actor) -> HttpResponse:
    dancer = _dancer_for_today(request, actor)
    kind = request.POST.get("kind", PauseKind.REST)
    try:
        on = date.fromisoformat(request.POST.get("date") or actor.studio.today().isoformat())
        dancer_services.pause_day_mark(studio=actor.studio, actor=actor, dancer=dancer, on=on, kind=kind)
    except (ApplicationError, ValueError) as error:
        messages.error(request, getattr(error, "message", "That day could not be saved."))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(
            request,
            f"{day_label(on, '%A %-d %B')} marked as {dict(PauseKind.choices).get(kind, kind).lower()}.",
        )
    return _back_to_today(actor, dancer)


# --- teacher: two-step assign -------------------------------------------------------------------------


def _target(request: HttpRequest, actor: Actor) -> tuple[DancerProfile | None, ClassGroup | None]:
    dancer = group = None
    if request.GET.get("dancer"):
        dancer = dancer_visible_or_404(actor=actor, public_id=request.GET["dancer"])
        if not can_manage_dancer(actor, dancer):
            raise Http404
    if request.GET.get("class"):
        group = visible_classes(actor).filter(public_id=parse_uuid_or_404(request.GET["class"])).first()
        if group is None or not can_manage_class(actor, group):
            raise Http404
    return dancer, group


@studio_page(roles=STAFF_ROLES)
def assign_program(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Step 1: pick a program (suggested ones first, with their reasons, when a dancer is given)."""
    dancer, group = _target(request, actor)
    suggestions = (
        selectors.program_suggestions_for_dancer(studio=actor.studio, dancer=dancer) if dancer else []
    )
    return render(
        request,
        "programs/assign_program.html",
        {
            "actor": actor,
            "studio": actor.studio,
            "dancer": dancer,
            "group": group,
            "suggestions": suggestions,
            "programs": selectors.program_list(studio=actor.studio),
            "query": request.GET.urlencode(),
        },
    )


@studio_page
def assign_class(request: HttpRequest, actor: Actor, pk: str) -> HttpResponse:
    """Entry from the class dashboard: step 1 with the class already chosen."""
    url = reverse("program-assign", kwargs={"studio_id": actor.studio.public_id})
    return redirect(f"{url}?class={parse_uuid_or_404(pk)}")


@studio_page(roles=STAFF_ROLES)
def assign_target(request: HttpRequest, actor: Actor, program_pk: str) -> HttpResponse:
    """Step 2: pick the dancer or class and the start date, then assign."""
    program = (
        selectors.program_list(studio=actor.studio).filter(public_id=parse_uuid_or_404(program_pk)).first()
    )
    if program is None:
        raise Http404
    dancer, group = _target(request, actor)
    dancers = [
        d for d in visible_dancers(actor).order_by("last_name", "first_name") if can_manage_dancer(actor, d)
    ]
    classes = [c for c in visible_classes(actor).order_by("name") if can_manage_class(actor, c)]
    reason = ""
    if dancer:
        reason = " ".join(
            r
            for s in selectors.program_suggestions_for_dancer(studio=actor.studio, dancer=dancer)
            if s.program.pk == program.pk
            for r in s.reasons
        )
    error = ""
    running: list[Assignment] = []
    existing = request.POST.get("existing", "")
    if request.method == "POST":
        target = request.POST.get("target", "")
        kind, _, raw_id = target.partition(":")
        chosen_dancer = (
            next((d for d in dancers if str(d.public_id) == raw_id), None) if kind == "dancer" else None
        )
        chosen_group = (
            next((c for c in classes if str(c.public_id) == raw_id), None) if kind == "class" else None
        )
        try:
            starts_on = date.fromisoformat(request.POST.get("starts_on") or actor.studio.today().isoformat())
            if chosen_dancer is None and chosen_group is None:
                raise ApplicationError("Choose a dancer or a class.")
            if chosen_group is not None:
                running = selectors.active_assignments_for_target(
                    studio=actor.studio, class_group=chosen_group
                )
            if running and existing not in EXISTING_CHOICES:
                raise ApplicationError(
                    f"{chosen_group} already has a program. Choose: replace it (it ends today) or add this one."
                )
            assignment = services.assignment_create(
                studio=actor.studio,
                actor=actor,
                program=program,
                dancer=chosen_dancer,
                class_group=chosen_group,
                starts_on=starts_on,
                reason=request.POST.get("reason", "")[:1000],
                replace_existing=bool(running) and existing == "replace",
            )
        except (ApplicationError, ValueError) as exc:
            error = getattr(exc, "message", "Please check the start date.")
        else:
            messages.success(
                request,
                f"{program.name} assigned to {assignment.dancer or assignment.class_group} "
                f"from {day_label(assignment.starts_on, '%-d %B')} to {day_label(assignment.ends_on, '%-d %B %Y')}.",
            )
            return redirect("program-assign", studio_id=actor.studio.public_id)
    return render(
        request,
        "programs/assign_target.html",
        {
            "actor": actor,
            "studio": actor.studio,
            "program": program,
            "dancers": [(f"dancer:{d.public_id}", d.full_name) for d in dancers],
            "classes": [(f"class:{c.public_id}", c.name) for c in classes],
            "preselected": request.POST.get("target") or f"dancer:{dancer.public_id}"
            if dancer
            else f"class:{group.public_id}"
            if group
            else "",
            "today": actor.studio.today(),
            "reason": request.POST.get("reason", reason),
            "starts_on": request.POST.get("starts_on", ""),
            "chosen": request.POST.get("target", ""),
            "running": running,
            "error": error,
        },
    )


@studio_page
@require_GET
def exercise_library(request: HttpRequest, actor: Actor) -> HttpResponse:
    """Every exercise the studio can prescribe, drawn and explained (no dancer data on it)."""
    exercises = selectors.exercise_list(studio=actor.studio).order_by("studio_id", "name")
    return render(request, "programs/exercises.html", {"actor": actor, "studio": actor.studio, "exercises": exercises})
