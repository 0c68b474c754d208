"""Tenancy and people: studios, seasons, classes, memberships, dancers, guardian consent."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from studiohealth.core.models import BaseModel

ADULT_AGE = 18


class User(AbstractUser):
    """A person who can log in. What they may see is decided by their studio memberships."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class GuardianView(models.TextChoices):
    """What a studio shows guardians of its dancers (studio settings; studios/results_access.py)."""

    RESULTS = "results", "Measured results and the PDF report, as soon as they are ready"
    PROGRAM = "program", "Only the exercise program and compliance (results stay with the studio)"


class Studio(BaseModel):
    """The tenant. Every studio-owned row carries a direct FK to it."""

    name = models.CharField(max_length=200)
    timezone = models.CharField(max_length=64, default="Europe/London")
    clip_retention_days = models.PositiveIntegerField(default=365)
    guardian_view = models.CharField(
        max_length=16, choices=GuardianView.choices, default=GuardianView.RESULTS
    )

    def __str__(self) -> str:
        return self.name

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def today(self) -> date:
        """Days and weeks are in the studio's time zone (DOMAIN.md, compliance)."""
        return timezone.now().astimezone(self.tzinfo).date()


class Role(models.TextChoices):
    DIRECTOR = "director", "Director"
    TEACHER = "teacher", "Teacher"
    DANCER = "dancer", "Dancer"
    GUARDIAN = "guardian", "Guardian"


class Membership(BaseModel):
    """Roles are data: one row per user × studio × role."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["studio", "user", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} @ {self.studio}"


class ExternalIds(models.Model):
    """Where a row came from in the studio's own software: `source` (a slug such as "mindbody" or
    "csv") and that system's id for it. Blank for rows made here; unique per (studio, source, id)."""

    source = models.SlugField(max_length=40, blank=True, default="")
    external_id = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        abstract = True


def external_id_unique(model: str, *scope: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["studio", "source", *scope, "external_id"],
        condition=~models.Q(external_id=""),
        name=f"{model}_external_id_unique",
    )


class Season(BaseModel, ExternalIds):
    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="seasons")
    name = models.CharField(max_length=100)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="season_dates"
            ),
            external_id_unique("season"),
        ]

    def __str__(self) -> str:
        return self.name


class DancerProfile(BaseModel, ExternalIds):
    """A dancer of one studio. `user` may be empty for a young dancer whose guardian logs in."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="dancers")
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="dancer_profiles"
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    birth_year = models.PositiveSmallIntegerField()
    guardians = models.ManyToManyField(User, blank=True, related_name="wards")
    # A dancer who left: kept for history (and erasable), out of rosters, classes and compliance.
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["studio", "user"], condition=models.Q(user__isnull=False), name="dancer_one_per_user"
            ),
            external_id_unique("dancer"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_in(self, year: int) -> int:
        return year - self.birth_year

    @property
    def is_minor(self) -> bool:
        # Birth year only (data minimisation): treat the dancer as a minor until the year they turn 19,
        # so nobody is treated as an adult early.
        return self.age_in(self.studio.today().year) <= ADULT_AGE

    @property
    def age_group(self) -> str:
        return self.age_group_in(self.studio.today().year)

    def age_group_in(self, year: int) -> str:
        """The age bucket in a given year (callers that already know "today" skip the studio read)."""
        age = self.age_in(year)
        if age < 12:
            return "under 12"
        if age < 15:
            return "12-14"
        if age < 18:
            return "15-17"
        return "18+"


class ClassGroup(BaseModel, ExternalIds):
    """A class such as "Ballet III" in one season, with its teachers and dancers."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="classes")
    season = models.ForeignKey(Season, on_delete=models.CASCADE, related_name="classes")
    name = models.CharField(max_length=100)
    teachers = models.ManyToManyField(User, blank=True, related_name="taught_classes")
    dancers = models.ManyToManyField(DancerProfile, blank=True, related_name="classes")
    archived_at = models.DateTimeField(null=True, blank=True)  # kept for history, out of current lists

    class Meta:
        ordering = ["name"]
        constraints = [external_id_unique("class")]

    def __str__(self) -> str:
        return self.name


class ConsentScope(models.TextChoices):
    VIDEO_ANALYSIS = "video_analysis", "Filming and video analysis"
    REPORT_SHARING = "report_sharing", "Sharing reports with teachers"


class GuardianConsent(BaseModel):
    """A guardian's consent for one dancer: who, when, what scope, how long clips are kept."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="consents")
    dancer = models.ForeignKey(DancerProfile, on_delete=models.CASCADE, related_name="consents")
    guardian = models.ForeignKey(User, on_delete=models.PROTECT, related_name="consents_given")
    scope = models.CharField(max_length=32, choices=ConsentScope.choices, default=ConsentScope.VIDEO_ANALYSIS)
    retention_days = models.PositiveIntegerField(default=365)
    granted_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # What the person agreed to, word for word, and the season it was given for (renewed each season).
    wording = models.TextField(blank=True)
    season = models.ForeignKey("Season", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-granted_at"]

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


INVITE_VALID_DAYS = 14


def invite_token_hash(token: str) -> str:
    """Only the SHA-256 of an invitation token is stored: a leaked table holds no usable link."""
    return hashlib.sha256(token.encode()).hexdigest()


def _invite_expiry() -> datetime:
    return timezone.now() + timedelta(days=INVITE_VALID_DAYS)


def _invite_token() -> str:
    # Referenced by migration 0001 (the plain-text token column that 0002 replaces).
    return secrets.token_urlsafe(32)


def _unusable_token_hash() -> str:
    # A row made without invitation_create has no link anyone knows (the token is thrown away).
    return invite_token_hash(secrets.token_urlsafe(32))


class Invitation(BaseModel):
    """A director invites someone by e-mail; the link is single use, expires, and is bound to the address."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=16, choices=Role.choices)
    dancer = models.ForeignKey(
        DancerProfile,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
        help_text="For a dancer: the profile the account is linked to; for a guardian: their ward.",
    )
    token_hash = models.CharField(max_length=64, unique=True, default=_unusable_token_hash, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    expires_at = models.DateTimeField(default=_invite_expiry)
    sent_at = models.DateTimeField(null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # An invitation a roster import made for a guardian or staff record (studios.Contact).
    contact = models.ForeignKey(
        "Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations"
    )

    class Meta:
        ordering = ["-created_at"]

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status(self) -> str:
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        return "pending" if self.expires_at > timezone.now() else "expired"


def dancer_or_class_constraint(name: str) -> models.CheckConstraint:
    """Rows aimed at one dancer OR one class (assignments, calendar feeds): exactly one is set."""
    return models.CheckConstraint(
        condition=(
            models.Q(dancer__isnull=False, class_group__isnull=True)
            | models.Q(dancer__isnull=True, class_group__isnull=False)
        ),
        name=name,
    )


# Imported people records and enrolment ids live in their own module (one concern each); imported
# here so Django registers them.
from studios.external_models import Contact, EnrolmentRef  # noqa: E402, F401
