"""Exercise library, program templates, assignments, logs and what compliance is computed from."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from studiohealth.core.models import BaseModel
from studios.models import ClassGroup, DancerProfile, Studio, User, dancer_or_class_constraint

SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10)]


class Exercise(BaseModel):
    """A library exercise. `studio` empty = the global seeded library every studio sees."""

    studio = models.ForeignKey(
        Studio, null=True, blank=True, on_delete=models.CASCADE, related_name="exercises"
    )
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=120)
    target_muscles = models.CharField(max_length=200)
    cues = models.TextField()
    common_faults = models.TextField()
    equipment = models.CharField(max_length=120, blank=True)
    default_sets = models.PositiveSmallIntegerField(default=3)
    default_reps = models.PositiveSmallIntegerField(null=True, blank=True)
    default_hold_s = models.PositiveSmallIntegerField(null=True, blank=True)
    per_side = models.BooleanField(default=True)
    progressions = models.TextField(blank=True)
    is_technique_cue = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["studio", "slug"], name="exercise_slug_per_studio"),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(studio__isnull=True), name="exercise_slug_global"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Program(BaseModel):
    """A template: sessions per week, weeks, and ordered exercises with their dose."""

    studio = models.ForeignKey(
        Studio, null=True, blank=True, on_delete=models.CASCADE, related_name="programs"
    )
    slug = models.SlugField(max_length=80, blank=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    sessions_per_week = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    weeks = models.PositiveSmallIntegerField(
        default=6, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProgramExercise(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()
    sets = models.PositiveSmallIntegerField(default=3)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_s = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["program", "order"], name="program_item_order")]


class Assignment(BaseModel):
    """A program given to one dancer or to a whole class, from a start date for the program's weeks."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="assignments")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="assignments")
    dancer = models.ForeignKey(
        DancerProfile, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    class_group = models.ForeignKey(
        ClassGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    sessions_per_week = models.PositiveSmallIntegerField(default=3)
    assigned_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True, help_text="Why: e.g. the screening flags the suggestion came from.")
    paused_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            dancer_or_class_constraint("assignment_one_target"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="assignment_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.program} → {self.dancer or self.class_group}"


class AssignmentPause(models.Model):
    """A period the teacher paused a whole assignment: its days are not prescribed (history is kept)."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="+")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="pauses")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Empty while still paused.")

    class Meta:
        ordering = ["starts_on"]


class DoseOverride(models.Model):
    """A teacher's per-dancer change to one exercise's dose within an assignment."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="+")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="dose_overrides")
    dancer = models.ForeignKey(DancerProfile, on_delete=models.CASCADE, related_name="dose_overrides")
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="+")
    sets = models.PositiveSmallIntegerField()
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_s = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "dancer", "exercise"], name="dose_override_unique"),
        ]


class LogSide(models.TextChoices):
    # "" is a whole set: an exercise that is not per side, or a log from before sides were logged.
    BOTH = "", "Both sides"
    LEFT = "left", "Left"
    RIGHT = "right", "Right"


class ExerciseLog(BaseModel):
    """One set done by a dancer on a day (studio-local date). The idempotency key makes retries safe.

    A per-side exercise is logged one side at a time (`side`); a set counts when both sides are in."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="exercise_logs")
    dancer = models.ForeignKey(DancerProfile, on_delete=models.CASCADE, related_name="exercise_logs")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="logs")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    set_number = models.PositiveSmallIntegerField(default=1)
    side = models.CharField(max_length=5, choices=LogSide.choices, blank=True, default=LogSide.BOTH)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_s = models.PositiveSmallIntegerField(null=True, blank=True)
    pain = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCORE_VALIDATORS)
    effort = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCORE_VALIDATORS)
    note = models.CharField(max_length=500, blank=True)
    idempotency_key = models.CharField(max_length=64)
    logged_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-date", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["dancer", "idempotency_key"], name="log_idempotency"),
            models.UniqueConstraint(
                fields=["dancer", "assignment", "exercise", "date", "side", "set_number"], name="log_set_number"
            ),
            models.CheckConstraint(condition=Q(pain__lte=10) | Q(pain__isnull=True), name="log_pain_0_10"),
            models.CheckConstraint(
                condition=Q(effort__lte=10) | Q(effort__isnull=True), name="log_effort_0_10"
            ),
        ]
        indexes = [models.Index(fields=["studio", "dancer", "date"])]


class PauseKind(models.TextChoices):
    REST = "rest", "Rest"
    ILLNESS = "illness", "Illness"
    INJURY = "injury", "Injury"


class PauseDay(BaseModel):
    """A rest, illness or injury day: not prescribed, never counts against compliance or a streak."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="+")
    dancer = models.ForeignKey(DancerProfile, on_delete=models.CASCADE, related_name="pause_days")
    date = models.DateField()
    kind = models.CharField(max_length=16, choices=PauseKind.choices)
    marked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dancer", "date"], name="pause_day_unique")]


class ProgramView(models.Model):
    """ "Opened the page" — kept apart from "did it" (DOMAIN.md, compliance)."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="+")
    dancer = models.ForeignKey(DancerProfile, on_delete=models.CASCADE, related_name="program_views")
    date = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dancer", "date"], name="program_view_day")]


class ReferralRequest(BaseModel):
    """The dancer or a guardian asks for a dance medicine evaluation (a referral-flag reason)."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="+")
    dancer = models.ForeignKey(DancerProfile, on_delete=models.CASCADE, related_name="referral_requests")
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=500, blank=True)


class ReferralFlagState(models.Model):
    """Whether the referral rule fired for a dancer when last evaluated (programs/flag_state.py), so
    `referral.flagged` is sent once on the transition, not on every read of the roster."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="+")
    dancer = models.OneToOneField(DancerProfile, on_delete=models.CASCADE, related_name="referral_flag_state")
    flagged = models.BooleanField(default=False)
    codes = models.JSONField(default=list, blank=True)  # referral.ReferralReason codes, in rule order
    evaluated_at = models.DateTimeField(auto_now=True)
    flagged_since = models.DateTimeField(null=True, blank=True)


class Notification(BaseModel):
    """An in-app notice (e.g. "you are behind on your program this week")."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="notifications")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    dancer = models.ForeignKey(
        DancerProfile, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=32)
    message = models.TextField()
    week_start = models.DateField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dancer", "kind", "week_start"], name="notification_once_per_week"
            ),
        ]


# The assignment write history lives in its own module; importing it here registers it with the app.
from programs.history import AssignmentEvent  # noqa: E402, F401
