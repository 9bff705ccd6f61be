"""Forms that parse the credential pages' input; the services validate and save."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from medmassage.practitioners.credentials import CREDENTIALS, SCOPE_ITEMS


class DateInput(forms.DateInput):
    input_type = "date"


def _date(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput, help_text=help_text)


class ServiceForm(forms.Form):
    """A form whose cleaned data a service takes as `fields`; it shows the service's errors."""

    def show_errors(self, error: ValidationError) -> None:
        """Put the service's errors on the fields they name (others on the form)."""
        errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for field, messages in errors.items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message if target else f"{field}: {message}")

    @classmethod
    def initial_from(cls, record: Any) -> dict[str, Any]:
        """The form's initial values from a saved record."""
        return {name: getattr(record, name) for name in cls.base_fields}


class LicenceForm(ServiceForm):
    jurisdiction = forms.CharField(max_length=100)
    number = forms.CharField(label="Licence number", max_length=60)
    issued_on = _date("Issued on", required=False)
    expires_on = _date("Expires on")
    renewal_period_start = _date(
        "Renewal period starts on",
        required=False,
        help_text="CE hours count from this day to the expiry (the issue date if empty).",
    )
    ce_hours_required = forms.DecimalField(
        label="CE hours required per renewal period",
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=2,
        initial=Decimal(0),
    )


class CertificationForm(ServiceForm):
    name = forms.CharField(max_length=200)
    issuer = forms.CharField(max_length=200)
    credentials = forms.MultipleChoiceField(
        label="Credentials it grants",
        choices=list(CREDENTIALS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    issued_on = _date("Issued on")
    expires_on = _date("Expires on", required=False, help_text="Leave empty if it does not expire.")


class EducationForm(ServiceForm):
    course = forms.CharField(max_length=200)
    provider = forms.CharField(max_length=200, required=False)
    hours = forms.DecimalField(min_value=Decimal("0.25"), max_digits=5, decimal_places=2)
    completed_on = _date("Completed on")


class CredentialRuleForm(ServiceForm):
    technique = forms.ChoiceField(choices=list(SCOPE_ITEMS.items()), widget=forms.HiddenInput)
    credential = forms.ChoiceField(
        label="Credential required",
        choices=[("", "None beyond the licence"), *CREDENTIALS.items()],
        required=False,
    )
    source = forms.CharField(
        label="Source or reason", max_length=300, help_text="e.g. the regulator's standard."
    )
