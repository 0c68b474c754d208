"""Report jobs: the season report is rendered by a Celery task; PostgreSQL holds its state machine."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from studiohealth.core.models import BaseModel
from studios.models import Season, Studio, User


class ReportKind(models.TextChoices):
    SEASON = "season", "Season report"


class ReportState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Rendering"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class Paper(models.TextChoices):
    A4 = "a4", "A4"
    LETTER = "letter", "US Letter"


def report_upload_to(instance: ReportJob, filename: str) -> str:
    # Ids only: the path leaks no names and cannot traverse.
    return f"reports/{instance.studio.public_id}/{instance.public_id}.pdf"


class ReportJob(BaseModel):
    """One requested season report (queued → running → done | failed), with its PDF when done."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="report_jobs")
    kind = models.CharField(max_length=16, choices=ReportKind.choices, default=ReportKind.SEASON)
    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="report_jobs")
    paper = models.CharField(max_length=8, choices=Paper.choices, default=Paper.A4)
    requested_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=16, choices=ReportState.choices, default=ReportState.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=report_upload_to, max_length=255, blank=True)
    size_bytes = models.PositiveIntegerField(default=0)
    page_count = models.PositiveSmallIntegerField(default=0)
    render_seconds = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="Why rendering failed (shown to the director).")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A finished job always has its file; anything else never has one.
            models.CheckConstraint(
                condition=Q(state=ReportState.DONE, file__gt="") | ~Q(state=ReportState.DONE),
                name="reportjob_done_has_file",
            ),
        ]
        indexes = [models.Index(fields=["studio", "state"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.season} [{self.state}]"
