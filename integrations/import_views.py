"""Director pages for the CSV roster import: upload (a dry run), read the report, then apply it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integrations import roster_services
from integrations.import_forms import RosterUploadForm
from integrations.roster_models import RosterImport
from integrations.roster_sample import roster_csv, roster_sample_records
from integrations.sync_api import uploaded_text
from studiohealth.core.exceptions import ApplicationError
from studios.policies import Actor
from studios.scoping import parse_uuid_or_404, studio_page

DIRECTOR = ("director",)
SHOWN_ROWS = 300  # per table; the API returns every row
WORDS = {
    "create": "New",
    "update": "Changed",
    "unchanged": "Unchanged",
    "archive": "To archive",
    "error": "With errors",
}


def _detail_url(actor: Actor, roster: RosterImport) -> str:
    return reverse(
        "integrations-roster-import-detail",
        kwargs={"studio_id": actor.studio.public_id, "import_id": roster.public_id},
    )


@require_http_methods(["GET", "POST"])
@studio_page(roles=DIRECTOR)
def roster_import(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            roster = roster_services.roster_import_create(
                studio=actor.studio,
                actor=actor,
                source=form.cleaned_data["source"],
                content=uploaded_text(upload),
                filename=upload.name,
                archive_missing=form.cleaned_data["archive_missing"],
            )
        except ApplicationError as error:  # the file itself (not a row) is unusable: say why, keep the form
            form.add_error("file", error.message)
        else:
            return HttpResponseRedirect(_detail_url(actor, roster))
    imports = RosterImport.objects.filter(studio=actor.studio).select_related("created_by")[:10]
    status = 400 if form.errors else 200
    context = {"studio": actor.studio, "form": form, "imports": imports}
    return render(request, "integrations/roster_import.html", context, status=status)


@require_GET
@studio_page(roles=DIRECTOR)
def roster_import_detail(request: HttpRequest, actor: Actor, import_id: str) -> HttpResponse:
    roster = get_object_or_404(RosterImport, studio=actor.studio, public_id=parse_uuid_or_404(import_id))
    report = roster.report
    rows = report.get("rows", [])
    errors = [row for row in rows if row["action"] == "error"]
    changes = [row for row in rows if row["action"] in ("create", "update")]
    context = {
        "studio": actor.studio,
        "roster": roster,
        "counts": [(WORDS[name], report.get("counts", {}).get(name, 0), name) for name in WORDS],
        "errors": errors[:SHOWN_ROWS],
        "changes": changes[:SHOWN_ROWS],
        "more_errors": max(0, len(errors) - SHOWN_ROWS),
        "more_changes": max(0, len(changes) - SHOWN_ROWS),
        "archives": report.get("archives", [])[:SHOWN_ROWS],
        "words": WORDS,
        "apply_error": request.GET.get("refused") == "1",
    }
    return render(request, "integrations/roster_import_detail.html", context)


@require_POST
@studio_page(roles=DIRECTOR)
def roster_import_apply(request: HttpRequest, actor: Actor, import_id: str) -> HttpResponse:
    roster = get_object_or_404(RosterImport, studio=actor.studio, public_id=parse_uuid_or_404(import_id))
    try:
        roster_services.roster_import_apply(
            studio=actor.studio, actor=actor, roster=roster, link_base=request.build_absolute_uri("/")
        )
    except ApplicationError:  # errors appeared since the dry run, or already applied: nothing changed
        return HttpResponseRedirect(_detail_url(actor, roster) + "?refused=1")
    return HttpResponseRedirect(_detail_url(actor, roster))


@require_GET
@studio_page(roles=DIRECTOR)
def roster_import_example(request: HttpRequest, actor: Actor) -> HttpResponse:
    response = HttpResponse(roster_csv(roster_sample_records()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="roster-example.csv"'
    return response
