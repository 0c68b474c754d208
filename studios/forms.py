from __future__ import annotations

from django import forms
from django.contrib.auth.forms import UserCreationForm

from studios.models import User


class InviteSignupForm(UserCreationForm):
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "first_name", "last_name")
