"""Privacy page forms: the audit-trail filter and the two-step erasure confirmation."""

from __future__ import annotations

from django import forms

from privacy.models import AuditAction


class AuditFilterForm(forms.Form):
    name = forms.CharField(required=False, max_length=201, label="Dancer name (or part of it)")
    dancer = forms.UUIDField(required=False, label="Dancer reference (for erased dancers)")
    action = forms.ChoiceField(choices=[("", "Any action"), *AuditAction.choices], required=False)
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ErasureConfirmForm(forms.Form):
    """Two confirmations, because erasure cannot be undone: the dancer's full name typed exactly as
    shown (spaces aside, letter case counts) and a tick that says what happens."""

    confirm_name = forms.CharField(label="Type the dancer's full name exactly as shown", max_length=201)
    confirm_erase = forms.BooleanField(
        label="I understand that every record, clip and key frame of this dancer is deleted for good",
        error_messages={"required": "Tick the box to confirm, so nothing was erased."},
    )

    def __init__(self, *args: object, expected_name: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.expected_name = expected_name

    def clean_confirm_name(self) -> str:
        value = " ".join(self.cleaned_data["confirm_name"].split())
        if value != " ".join(self.expected_name.split()):
            raise forms.ValidationError(
                "The name does not match exactly (letter case counts), so nothing was erased."
            )
        return value
