"""Form of the director's API key page."""

from django import forms

from integrations.models import KeyScope


class APIKeyForm(forms.Form):
    name = forms.CharField(max_length=50, label="Name (which software uses it)")
    scope = forms.ChoiceField(choices=KeyScope.choices, initial=KeyScope.READ, label="Access")
