"""People and enrolments as the studio's own software knows them: guardian and staff records that
exist before the person has an account, and the external ids of class places."""

from __future__ import annotations

from django.db import models

from studiohealth.core.models import BaseModel
from studios.models import ClassGroup, DancerProfile, ExternalIds, Studio, User, external_id_unique


class ContactKind(models.TextChoices):
    GUARDIAN = "guardian", "Guardian"
    STAFF = "staff", "Staff"


class Contact(BaseModel, ExternalIds):
    """A guardian or a teacher listed by the studio's software (roster import or sync API).

    A Membership needs an account, but an imported person usually has none yet, so the external id
    lives here: the record is invited by e-mail, and `user` is set when the invitation is accepted
    (or at once when an account with this address already holds the role in the studio). A
    guardian's `wards` are the dancers the source lists for them; the account, once linked, is a
    guardian of exactly those."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=16, choices=ContactKind.choices)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField()
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts")
    wards = models.ManyToManyField(DancerProfile, blank=True, related_name="guardian_contacts")
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [external_id_unique("contact", "kind")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    @property
    def role(self) -> str:
        return "guardian" if self.kind == ContactKind.GUARDIAN else "teacher"


class EnrolmentRef(BaseModel, ExternalIds):
    """The external id of one class place. The place itself stays the ClassGroup.dancers row (every
    reader uses it); this table only remembers which source id names which (class, dancer) pair."""

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="+")
    class_group = models.ForeignKey(ClassGroup, on_delete=models.CASCADE, related_name="enrolment_refs")
    dancer = models.ForeignKey(DancerProfile, on_delete=models.CASCADE, related_name="enrolment_refs")

    class Meta:
        constraints = [external_id_unique("enrolment")]

    def __str__(self) -> str:
        return f"{self.dancer} in {self.class_group}"
