from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """Email and password; the field keeps the name `username` that throttling reads."""

    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    def clean_username(self) -> str:
        # Addresses are stored lower-cased; people type them however they like.
        return str(self.cleaned_data["username"]).strip().lower()


class SwitchClinicForm(forms.Form):
    clinic = forms.IntegerField(min_value=1)
