"""Pages: the director's audit trail, and a dancer's export / erasure with a confirmation step."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Model, Value
from django.db.models.functions import Concat
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from privacy import selectors, services
from privacy.forms import AuditFilterForm, ErasureConfirmForm
from privacy.models import AuditAction, AuditEvent
from privacy.policies import can_exercise_data_rights, can_view_audit_log
from studios.models import DancerProfile, Studio, User
from studios.policies import Actor, visible_dancers
from studios.scoping import dancer_visible_or_404, studio_page
from studios.selectors import active_consent

AUDIT_PAGE_SIZE = 100


# Key frames and results load several at a time: one person's run of the same view of one dancer
# is one line ("× 4"), so an erasure or an export is not drowned in "opened" rows.
COLLAPSIBLE = frozenset({AuditAction.VIEW_KEYFRAME, AuditAction.VIEW_RESULT, AuditAction.VIEW_DANCER_PAGE})


def audit_page_rows(events: list[AuditEvent], studio: Studio) -> list[dict[str, Any]]:
    """One page of the trail for people: studio-local time to the minute, the dancer's name while the
    dancer exists (the reference after erasure), consecutive identical views collapsed."""
    rows: list[dict[str, Any]] = []
    for event in events:
        last = rows[-1] if rows else None
        if (
            last is not None
            and event.action in COLLAPSIBLE
            and (last["action"], last["actor_name"], last["dancer"])
            == (event.action, event.actor_name, event.dancer_ref)
            and (last["at"] - event.created_at).total_seconds() < 3600
        ):
            last["count"] += 1
            last["since_local"] = _local(event.created_at, studio)
            continue
        rows.append(
            {
                "at": event.created_at,
                "when": _local(event.created_at, studio),
                "since_local": "",
                "actor_name": event.actor_name,
                "action": event.action,
                "label": event.get_action_display(),
                "dancer": event.dancer_ref,
                "dancer_name": event.dancer.full_name if event.dancer is not None else "",
                "item": f"{event.target_type} {event.target_ref}".strip(),
                "count": 1,
            }
        )
    return rows


def _local(at: datetime, studio: Studio) -> str:
    return at.astimezone(studio.tzinfo).strftime("%-d %b %Y, %H:%M")


@require_GET
@studio_page(policy=can_view_audit_log)
def audit_log(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_event_list(
        studio=actor.studio,
        dancer_ref=filters.get("dancer"),
        action=filters.get("action") or None,
        since=filters.get("since"),
        until=filters.get("until"),
    ).select_related("dancer")
    if filters.get("name"):
        events = events.filter(
            dancer_ref__in=visible_dancers(actor)
            .annotate(full=Concat("first_name", Value(" "), "last_name"))
            .filter(full__icontains=" ".join(filters["name"].split()))
            .values("public_id")
        )
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    api_kwargs = {"studio_id": actor.studio.public_id}
    return render(
        request,
        "privacy/audit_log.html",
        {
            "studio": actor.studio,
            "form": form,
            "page": page,
            "rows": audit_page_rows(list(page), actor.studio),
            "query": query,
            "csv_url": reverse("audit-event-export-csv", kwargs=api_kwargs),
            "json_url": reverse("audit-event-export-json", kwargs=api_kwargs),
        },
    )


@require_GET
@studio_page
def privacy_index(request: HttpRequest, actor: Actor) -> HttpResponse:
    dancers = [
        d for d in visible_dancers(actor).select_related("studio") if can_exercise_data_rights(actor, d)
    ]
    rows = [{"dancer": d, "consent": active_consent(d)} for d in dancers]
    return render(request, "privacy/index.html", {"studio": actor.studio, "rows": rows})


# What a guardian reads under "What is stored", per model (Django's verbose names read "Analysiss"
# and "Classgroup-dancerprofile relationships"). A model added later falls back to its verbose name.
STORED_KIND_NAMES = {
    "studios.dancerprofile": "Dancer profile",
    "studios.guardianconsent": "Filming consents",
    "studios.invitation": "Invitations",
    "studios.classgroup_dancers": "Class places",
    "studios.dancerprofile_guardians": "Links to guardians",
    "studios.enrolmentref": "Class place ids from the studio's software",
    "studios.contact_wards": "Links to family records from the studio's software",
    "screenings.screening": "Screenings",
    "screenings.clip": "Video clips",
    "screenings.analysis": "Video analyses (measured results)",
    "programs.assignment": "Programs assigned to the dancer",
    "programs.assignmentpause": "Program pauses",
    "programs.doseoverride": "Personal exercise doses",
    "programs.exerciselog": "Logged exercise sets",
    "programs.pauseday": "Rest, illness and injury days",
    "programs.programview": "Days the program page was opened",
    "programs.referralrequest": "Requests for an evaluation",
    "programs.notification": "Reminders",
}


def stored_kind_name(model: type[Model]) -> str:
    label = model._meta.label_lower
    if label in STORED_KIND_NAMES:
        return STORED_KIND_NAMES[label]
    return str(model._meta.verbose_name_plural).capitalize()


def _dancer_for_rights(actor: Actor, dancer_id: str) -> DancerProfile:
    dancer = dancer_visible_or_404(actor=actor, public_id=dancer_id)
    if not can_exercise_data_rights(actor, dancer):
        raise PermissionDenied(services.NOT_ALLOWED)
    return dancer


def _dancer_page(
    request: HttpRequest, actor: Actor, dancer: DancerProfile, form: ErasureConfirmForm, status: int
) -> HttpResponse:
    rows = selectors.dancer_owned_rows(dancer)
    counts = [(stored_kind_name(model), len(items)) for model, items in rows.items()]
    return render(
        request,
        "privacy/dancer.html",
        {
            "studio": actor.studio,
            "dancer": dancer,
            "counts": counts,
            "file_count": len(selectors.dancer_files(rows)),
            "consent": active_consent(dancer),
            "form": form,
            "export_url": reverse(
                "privacy-dancer-export", kwargs={"studio_id": actor.studio.public_id, "pk": dancer.public_id}
            ),
        },
        status=status,
    )


@require_GET
@studio_page
def dancer_data(request: HttpRequest, actor: Actor, dancer_id: str) -> HttpResponse:
    dancer = _dancer_for_rights(actor, dancer_id)
    return _dancer_page(request, actor, dancer, ErasureConfirmForm(expected_name=dancer.full_name), 200)


@require_POST
@studio_page
def dancer_erase(request: HttpRequest, actor: Actor, dancer_id: str) -> HttpResponse:
    dancer = _dancer_for_rights(actor, dancer_id)
    form = ErasureConfirmForm(request.POST, expected_name=dancer.full_name)
    if not form.is_valid():
        return _dancer_page(request, actor, dancer, form, 400)
    receipt = services.dancer_erase(studio=actor.studio, actor=actor, dancer=dancer, request=request)
    messages.success(
        request,
        f"All data of the dancer was erased ({sum(receipt.records.values())} records, {receipt.files} files). "
        f"Reference kept in the audit trail: {receipt.dancer_ref}.",
    )
    if receipt.account_deleted and not User.objects.filter(pk=request.user.pk).exists():
        logout(request)  # an adult dancer erased their own account
        return redirect("login")
    return redirect("privacy-index", studio_id=actor.studio.public_id)
