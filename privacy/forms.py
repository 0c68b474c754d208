from __future__ import annotations

from django import forms

from privacy.models import AuditAction


class AuditFilterForm(forms.Form):
    dancer = forms.UUIDField(required=False, label="Dancer id")
    action = forms.ChoiceField(choices=[("", "Any action"), *AuditAction.choices], required=False)
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ErasureConfirmForm(forms.Form):
    """Typing the dancer's full name is the confirmation: erasure cannot be undone."""

    confirm_name = forms.CharField(label="Type the dancer's full name to confirm", max_length=201)

    def __init__(self, *args: object, expected_name: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.expected_name = expected_name

    def clean_confirm_name(self) -> str:
        value = " ".join(self.cleaned_data["confirm_name"].split())
        if value.casefold() != " ".join(self.expected_name.split()).casefold():
            raise forms.ValidationError("The name does not match, so nothing was erased.")
        return value
