"""Report pages: download links for the dancer page and the roster, and the season-report page.

URL names for other pages to link (see docs/reports.md):
  report-dancer-pdf       /s/<sid>/reports/dancers/<dancer_id>.pdf?paper=a4|letter
  report-season-page      /s/<sid>/reports/season/             (director: request + list + download)
  report-season-download  /s/<sid>/reports/season/<job_id>.pdf
  report-dancer-share     /s/<sid>/reports/dancers/<dancer_id>/share/  (POST, director: e-mail guardians)
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from privacy.models import AuditAction
from privacy.services import audit_record
from reports import services
from reports.api import pdf_response
from reports.models import Paper, ReportState
from reports.pdf import dancer_report_pdf, report_filename
from reports.selectors import report_job_get, report_job_list
from studiohealth.core.exceptions import ApplicationError
from studiohealth.core.pages import run_and_flash
from studios.models import Season
from studios.policies import Actor, can_manage_studio
from studios.results_access import require_results_visible
from studios.scoping import dancer_visible_or_404, studio_page


def _paper(request: HttpRequest) -> str:
    value = request.GET.get("paper", request.POST.get("paper", Paper.A4))
    return value if value in Paper.values else Paper.A4


@require_GET
@studio_page
def dancer_report_pdf_view(request: HttpRequest, actor: Actor, dancer_id: str) -> HttpResponseBase:
    dancer = dancer_visible_or_404(actor=actor, public_id=dancer_id)  # hidden and unknown look the same
    require_results_visible(actor, dancer)  # a teacher without report-sharing consent: 403 with the reason
    rendered = dancer_report_pdf(studio=actor.studio, dancer=dancer, paper=_paper(request))
    audit_record(actor=actor, action=AuditAction.DOWNLOAD_REPORT, dancer=dancer, request=request)
    return pdf_response(
        rendered.content, report_filename("screening", dancer.full_name, str(actor.studio.today()))
    )


@require_POST
@studio_page(policy=can_manage_studio)
def dancer_report_share(request: HttpRequest, actor: Actor, dancer_id: str) -> HttpResponse:
    dancer = dancer_visible_or_404(actor=actor, public_id=dancer_id)
    return run_and_flash(
        request,
        lambda: services.dancer_report_share(
            studio=actor.studio, actor=actor, dancer=dancer, link_base=request.build_absolute_uri("/")
        ),
        success=lambda sent: f"E-mailed {sent} guardian{'s' if sent != 1 else ''} of {dancer.first_name} the report links.",
        then=redirect("dashboard-dancer", studio_id=actor.studio.public_id, pk=dancer.public_id),
    )


@require_http_methods(["GET", "POST"])
@studio_page(policy=can_manage_studio)
def season_report_page(request: HttpRequest, actor: Actor) -> HttpResponse:
    seasons = list(Season.objects.filter(studio=actor.studio))
    if request.method == "POST":
        season = None
        if request.POST.get("season"):
            season = next((s for s in seasons if str(s.public_id) == request.POST["season"]), None)
            if season is None:
                raise Http404
        try:
            services.season_report_request(
                studio=actor.studio, actor=actor, season=season, paper=_paper(request)
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Season report requested. This page refreshes until it is ready.")
        return redirect("report-season-page", studio_id=actor.studio.public_id)
    jobs = list(report_job_list(actor=actor)[:20])
    pending = any(j.state in (ReportState.QUEUED, ReportState.RUNNING) for j in jobs)
    return render(
        request,
        "reports/season_page.html",
        {
            "studio": actor.studio,
            "seasons": seasons,
            "jobs": jobs,
            "pending": pending,
            "papers": Paper.choices,
        },
    )


@require_GET
@studio_page(policy=can_manage_studio)
def season_report_download(request: HttpRequest, actor: Actor, job_id: str) -> HttpResponseBase:
    job = report_job_get(actor=actor, job_id=job_id)
    if job is None or job.state != ReportState.DONE or not job.file:
        raise Http404
    audit_record(actor=actor, action=AuditAction.DOWNLOAD_REPORT, target=job, request=request)
    return pdf_response(
        job.file.open("rb"), report_filename("season", job.season.name, str(job.created_at.date()))
    )
