from __future__ import annotations

from django import forms


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        label="Why do you need this client's record?",
    )


class SecuritySettingsForm(forms.Form):
    require_mfa = forms.BooleanField(
        required=False, label="Require two-factor authentication for everyone"
    )
    care_team_only = forms.BooleanField(
        required=False,
        label="Limit each client's clinical record to their treating team (others break the glass)",
    )
