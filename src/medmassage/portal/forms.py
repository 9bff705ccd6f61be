"""Portal forms: the intake's fields in a client's words, and consent as the client signs it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from medmassage.clients.forms import ConsentForm
from medmassage.clients.models import ConsentTopic
from medmassage.intake.catalogue import REGION_CHOICES

# The form's values in a client's words (the intake format's own values are kept as values).
SIDES = (("both", "Both sides or the middle"), ("left", "Left"), ("right", "Right"))
ANSWERS = (("yes", "Yes"), ("no", "No"), ("unknown", "Not sure"))
CANCER = (
    ("", "No"),
    ("active_treatment", "Yes, in treatment now"),
    ("palliative", "Yes, palliative care"),
    ("completed", "Yes, treatment finished this year"),
    ("remission", "Yes, in remission"),
    ("history", "Yes, in the past"),
)
SEVERITY = (
    ("", "No"),
    ("yes", "Yes, I do not know how severe"),
    ("mild", "Yes, mild"),
    ("moderate", "Yes, moderate"),
    ("severe", "Yes, severe"),
)
HEART = (
    ("", "No"),
    ("controlled", "Yes, under control"),
    ("uncontrolled", "Yes, not under control"),
    ("acute", "Yes, it got worse recently"),
)
INJURIES = (("sprain", "Sprain (a joint)"), ("strain", "Strain (a muscle)"))
SKIN = (
    ("open_wound", "An open wound or cut"),
    ("burn", "A burn"),
    ("local_infection", "A skin infection"),
    ("contagious", "A rash that may be catching"),
    ("undiagnosed_lump", "A lump nobody has looked at"),
)
CHOICES: dict[str, Any] = {
    "regions": REGION_CHOICES,
    "sides": SIDES,
    "answers": ANSWERS,
    "cancer": CANCER,
    "severity": SEVERITY,
    "heart": HEART,
    "injuries": INJURIES,
    "skin": SKIN,
}


def with_medications(data: QueryDict) -> QueryDict:
    """The posted form with the medicines typed one per line as the intake's medication list."""
    form = data.copy()
    lines = [line.strip() for line in data.get("medication_lines", "").splitlines()]
    form.setlist("medications", [line for line in lines if line])
    return form


class PortalConsentForm(ConsentForm):
    """The clinic's consent form as the client fills it in: what they read, their signature."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topics"].label = "I have read and understood"
        topics = self.fields["topics"]
        if isinstance(topics, forms.MultipleChoiceField):
            required = [c for c in ConsentTopic.choices if c[0] in self.template.required_topics]
            topics.choices = required or ConsentTopic.choices
        self.fields["notes"].label = "Questions for your therapist (optional)"
        self.fields["signature_method"].label = "How I sign"
        method = self.fields["signature_method"]
        if isinstance(method, forms.ChoiceField):
            method.choices = (("typed", "I type my full name"), ("drawn", "I draw my signature"))
        self.fields["typed_name"].label = "Your full name"
        self.fields["guardian_name"].label = "Parent or guardian signing (full name)"
