"""Screenings: a dancer's screening day, its clips and their versioned analyses."""

from __future__ import annotations

from django.db import models

from studiohealth.core.models import BaseModel
from studios.models import DancerProfile, Season, Studio, User


class TestType(models.TextChoices):
    PLIE = "plie", "Second-position plié"
    STANCE = "stance", "Single-leg stance"


class Screening(BaseModel):
    """One screening of one dancer on one day (normally a plié clip and a single-leg-stance clip)."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="screenings")
    dancer = models.ForeignKey(DancerProfile, on_delete=models.CASCADE, related_name="screenings")
    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="screenings")
    date = models.DateField()
    filmed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["studio", "dancer", "date"])]

    def __str__(self) -> str:
        return f"{self.dancer} {self.date}"


def clip_upload_to(instance: Clip, filename: str) -> str:
    # Never reuse the uploader's file name: ids only, so a path leaks nothing and cannot traverse.
    # The extension comes from the sniffed container, not from what the client claimed.
    ext = instance.container if instance.container in CONTAINERS else "mp4"
    return f"clips/{instance.studio.public_id}/{instance.public_id}.{ext}"


CONTAINERS = ("mp4", "mov", "webm", "mkv")


class Clip(BaseModel):
    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="clips")
    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="clips")
    dancer = models.ForeignKey(DancerProfile, on_delete=models.CASCADE, related_name="clips")
    test = models.CharField(max_length=16, choices=TestType.choices)
    file = models.FileField(upload_to=clip_upload_to, max_length=255, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    container = models.CharField(
        max_length=8, blank=True, help_text="Sniffed from the file's magic bytes: mp4, mov, webm or mkv."
    )
    mirrored = models.BooleanField(default=False, help_text="Filmed with the front (selfie) camera.")
    size_bytes = models.BigIntegerField(default=0)
    duration_s = models.FloatField(null=True, blank=True)
    fps = models.FloatField(null=True, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    checksum = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the uploaded bytes.")
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    retention_until = models.DateField(null=True, blank=True)
    file_deleted_at = models.DateTimeField(null=True, blank=True)
    retake_requested_at = models.DateTimeField(null=True, blank=True)
    retake_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # The same bytes once per screening and test: simultaneous identical uploads make one clip.
            models.UniqueConstraint(
                fields=["screening", "test", "checksum"],
                condition=models.Q(file_deleted_at__isnull=True) & ~models.Q(checksum=""),
                name="clip_unique_bytes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_test_display()} — {self.dancer}"


class AnalysisState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Analysing"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


def keyframe_upload_to(instance: Analysis, filename: str) -> str:
    ext = ".jpg" if filename.endswith(".jpg") else ".png"  # engine 1.2 writes JPEG, 1.1 wrote PNG
    return f"keyframes/{instance.studio.public_id}/{instance.public_id}{ext}"


class Analysis(BaseModel):
    """One engine run over one clip. PostgreSQL holds the state machine (queued → running → done|failed)."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="analyses")
    clip = models.ForeignKey(Clip, on_delete=models.CASCADE, related_name="analyses")
    dancer = models.ForeignKey(DancerProfile, on_delete=models.CASCADE, related_name="analyses")
    test = models.CharField(max_length=16, choices=TestType.choices)
    engine_version = models.CharField(max_length=32)
    state = models.CharField(max_length=16, choices=AnalysisState.choices, default=AnalysisState.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=128, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    reason = models.CharField(
        max_length=32, blank=True, help_text="Quality-gate code when rejected or failed."
    )
    message = models.TextField(
        blank=True, help_text="What the dancer sees: what went wrong and how to film again."
    )
    keyframe = models.ImageField(upload_to=keyframe_upload_to, max_length=255, blank=True)
    last_error = models.TextField(blank=True, help_text="Operator detail of the last transient fault.")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["clip", "engine_version"], name="analysis_unique_per_engine"),
        ]
        indexes = [models.Index(fields=["state", "lease_expires_at"])]

    def __str__(self) -> str:
        return f"{self.clip} [{self.engine_version}] {self.state}"
