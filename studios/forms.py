"""Forms for account sign-up by invitation and the director's people pages (shape input, no logic)."""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.db.models import QuerySet

from studios.models import DancerProfile, GuardianView, Role, Season, Studio, User


class InviteSignupForm(UserCreationForm):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name")


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mail address")
    role = forms.ChoiceField(choices=Role.choices)
    dancer = forms.ModelChoiceField(
        queryset=DancerProfile.objects.none(),
        required=False,
        to_field_name="public_id",
        label="For dancer (dancer and guardian invitations)",
    )

    def __init__(self, *args: Any, dancers: QuerySet[DancerProfile] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if dancers is not None:
            self.fields["dancer"].queryset = dancers  # type: ignore[attr-defined]


class DancerAddForm(forms.Form):
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    birth_year = forms.IntegerField(min_value=1900, max_value=2100, label="Birth year")


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(choices=[(r, label) for r, label in Role.choices if r != Role.DANCER])


def _timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


class StudioStartForm(forms.Form):
    name = forms.CharField(max_length=200, label="Studio name")
    timezone_name = forms.ChoiceField(choices=_timezone_choices, initial="Europe/London", label="Time zone")
    season_name = forms.CharField(max_length=100, label="First season", initial="2026/27")
    starts_on = forms.DateField(label="Season starts on", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="Season ends on", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] <= data["starts_on"]:
            self.add_error("ends_on", "The season must end after it starts.")
        return data


class StudioSettingsForm(forms.Form):
    name = forms.CharField(max_length=200, label="Studio name")
    timezone_name = forms.ChoiceField(choices=_timezone_choices, label="Time zone")
    clip_retention_days = forms.IntegerField(
        min_value=7,
        max_value=3650,
        label="Keep screening clips for (days)",
        help_text="Applies to clips filmed from now on. Withdrawing consent deletes a dancer's clips.",
    )
    guardian_view = forms.ChoiceField(
        choices=GuardianView.choices,
        widget=forms.RadioSelect,
        label="What guardians see",
        help_text="On their child's page, in the PDF report and in the API. The program, compliance and "
        "consent are always shown; the director always sees everything.",
    )


class ClassForm(forms.Form):
    name = forms.CharField(max_length=100, label="Class name")
    season = forms.ModelChoiceField(queryset=Season.objects.none(), to_field_name="public_id")
    teachers = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    dancers = forms.ModelMultipleChoiceField(
        queryset=DancerProfile.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, studio: Studio, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Choices come from this studio only, so a foreign id is "not a valid choice".
        self.fields["season"].queryset = Season.objects.filter(studio=studio)  # type: ignore[attr-defined]
        self.fields["teachers"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(memberships__studio=studio, memberships__role=Role.TEACHER)
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["dancers"].queryset = DancerProfile.objects.filter(  # type: ignore[attr-defined]
            studio=studio, archived_at__isnull=True
        )


class GuardianLinkForm(forms.Form):
    guardian = forms.ModelChoiceField(queryset=User.objects.none(), to_field_name="public_id")

    def __init__(self, *args: Any, studio: Studio, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guardian"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            memberships__studio=studio, memberships__role=Role.GUARDIAN
        ).distinct()
