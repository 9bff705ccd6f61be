from __future__ import annotations

from typing import Any

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

    def clean(self) -> dict[str, Any]:
        from medmassage.accounts.login_failures import account_locked

        username = self.cleaned_data.get("username")
        if username and account_locked(username):
            raise forms.ValidationError(
                "This account has had too many failed logins from several places: it is "
                "locked for a while. Try again later, or ask the clinic's owner.",
                code="account_locked",
            )
        return super().clean()


class SwitchClinicForm(forms.Form):
    clinic = forms.IntegerField(min_value=1)
