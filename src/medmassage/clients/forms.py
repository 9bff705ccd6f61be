"""Forms of the client pages: they parse input; the services decide what is valid."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django import forms
from django.utils import timezone

from medmassage.accounts.models import Clinic, Membership
from medmassage.clients import queries
from medmassage.clients.consents import ConsentDetails, ConsentText
from medmassage.clients.models import Client, ConsentTemplate, ConsentTopic, SignatureMethod
from medmassage.clients.signatures import MAX_PNG_BYTES, MAX_SVG_PATH_CHARS, PNG_DATA_URL_PREFIX
from medmassage.clients.validation import phone_errors
from medmassage.problems import ServiceErrorsMixin


class TherapistChoiceField(forms.ModelChoiceField[Membership]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.user.full_name)


class ClientForm(ServiceErrorsMixin, forms.ModelForm[Client]):
    error_aliases: ClassVar[dict[str, str]] = {"primary_therapist_id": "primary_therapist"}

    class Meta:
        model = Client
        fields = Client.EDITABLE
        field_classes: ClassVar[dict[str, Any]] = {"primary_therapist": TherapistChoiceField}
        widgets: ClassVar[dict[str, Any]] = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "address": forms.Textarea(attrs={"rows": 2}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "emergency_contact_phone": forms.TextInput(attrs={"type": "tel"}),
            "referrer_phone": forms.TextInput(attrs={"type": "tel"}),
        }

    def __init__(self, *args: Any, clinic: Clinic, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        therapist = cast(TherapistChoiceField, self.fields["primary_therapist"])
        therapist.queryset = queries.list_therapists(clinic)
        therapist.empty_label = "— none —"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in ("phone", "emergency_contact_phone", "referrer_phone"):
            for message in phone_errors(cleaned.get(name) or ""):
                self.add_error(name, message)
        return cleaned

    def _post_clean(self) -> None:
        # The services validate the whole record (model rules included); the form only parses.
        pass


class ClientSearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=100,
        label="Name or phone",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    dob = forms.DateField(
        required=False, label="Date of birth", widget=forms.DateInput(attrs={"type": "date"})
    )


class ConsentForm(ServiceErrorsMixin, forms.Form):
    template_version = forms.CharField(widget=forms.HiddenInput, max_length=40)
    topics = forms.MultipleChoiceField(
        choices=ConsentTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Explained to the client",
    )
    notes = forms.CharField(
        required=False,
        max_length=2000,
        label="Other points explained, questions asked",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    guardian_name = forms.CharField(
        required=False, max_length=200, label="Parent or guardian signing (full name)"
    )
    guardian_relationship = forms.CharField(
        required=False, max_length=100, label="Relationship to the client"
    )
    signature_method = forms.ChoiceField(
        choices=SignatureMethod.choices, widget=forms.RadioSelect, label="Signed by"
    )
    typed_name = forms.CharField(
        required=False, max_length=200, label="Full name, typed by the signer"
    )
    drawn_signature = forms.CharField(
        required=False,
        max_length=max(MAX_SVG_PATH_CHARS, len(PNG_DATA_URL_PREFIX) + MAX_PNG_BYTES * 4 // 3 + 4),
        widget=forms.HiddenInput(attrs={"data-signature-pad-input": ""}),
    )

    def __init__(self, *args: Any, template: ConsentTemplate, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("template_version", template.version)
        kwargs["initial"].setdefault("signature_method", SignatureMethod.TYPED)
        super().__init__(*args, **kwargs)
        self.template = template

    def error_alias(self, name: str) -> str:
        if name == "signature":
            drawn = self.data.get("signature_method") == SignatureMethod.DRAWN
            return "drawn_signature" if drawn else "typed_name"
        return name

    def details(self) -> ConsentDetails:
        """What the service needs, from a valid form."""
        data = self.cleaned_data
        drawn = data["signature_method"] == SignatureMethod.DRAWN
        return ConsentDetails(
            topics=tuple(data["topics"]),
            signature_method=data["signature_method"],
            signature=data["drawn_signature"] if drawn else data["typed_name"],
            guardian_name=data["guardian_name"],
            guardian_relationship=data["guardian_relationship"],
            notes=data["notes"],
            template_version=data["template_version"],
        )


class RevokeConsentForm(ServiceErrorsMixin, forms.Form):
    reason = forms.CharField(
        max_length=2000,
        label="Why is the consent revoked?",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConsentTextForm(ServiceErrorsMixin, forms.Form):
    version = forms.CharField(max_length=40, label="Version label", help_text="e.g. 2027-1")
    title = forms.CharField(max_length=200)
    body = forms.CharField(max_length=20_000, widget=forms.Textarea(attrs={"rows": 14}))
    required_topics = forms.MultipleChoiceField(
        choices=ConsentTopic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Topics the therapist must explain",
    )
    effective_from = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
        help_text="Today if left empty.",
    )

    def text(self) -> ConsentText:
        """The new version, from a valid form."""
        data = self.cleaned_data
        return ConsentText(
            version=data["version"],
            title=data["title"],
            body=data["body"],
            required_topics=tuple(data["required_topics"]),
            effective_from=data["effective_from"],
        )
