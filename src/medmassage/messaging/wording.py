"""The default wording of each message, and how a clinic's wording is filled in.

Placeholders are `{name}` from a fixed list, none of them clinical: a message names the
clinic, the client's first name, a time and a link, never a condition, a finding or a note.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from medmassage.messaging.models import Kind

PLACEHOLDERS = frozenset(
    {"first_name", "clinic_name", "clinic_phone", "when", "therapist", "link", "code", "hours"}
)
_PLACEHOLDER = re.compile(r"\{(\w+)\}")

DEFAULTS: Mapping[str, tuple[str, str]] = {
    Kind.APPOINTMENT_REMINDER: (
        "Your appointment at {clinic_name}",
        "Hello {first_name},\n\nThis is a reminder of your appointment with {therapist} at "
        "{clinic_name} on {when}.\n\nTo cancel or change it, sign in at {link} or call "
        "{clinic_phone}.\n",
    ),
    Kind.QUESTIONNAIRE_DUE: (
        "A short questionnaire from {clinic_name}",
        "Hello {first_name},\n\n{clinic_name} asks you to answer a short questionnaire before "
        "your next visit. Sign in at {link} to answer it.\n",
    ),
    Kind.INTAKE_INCOMPLETE: (
        "Your forms for {clinic_name}",
        "Hello {first_name},\n\nPlease complete your forms before your first visit ({when}). "
        "Sign in at {link}.\n",
    ),
    Kind.HOME_PROGRAM_NUDGE: (
        "Your home program",
        "Hello {first_name},\n\nA reminder from {clinic_name}: note how your home program is "
        "going at {link}.\n",
    ),
    Kind.PORTAL_INVITATION: (
        "Your {clinic_name} client account",
        "Hello {first_name},\n\n{clinic_name} invites you to its client portal. Open this link "
        "within {hours} hours to set up your account (it works once):\n\n{link}\n",
    ),
    Kind.SIGN_IN_CODE: (
        "Your sign-in code for {clinic_name}",
        "Your sign-in code is {code}. It works once, for 10 minutes. If you did not ask for "
        "it, ignore this email.\n",
    ),
    Kind.CLINIC_ALERT: (
        "A portal intake needs review today at {clinic_name}",
        "A portal intake needs review today: a client's online intake asks for a therapist's "
        "review before their visit. Sign in to MedMassage to see it: {link}\n",
    ),
}


# The placeholders each kind of message fills in (as its sender passes them; the clinic's name
# and phone always): one used in another kind's message would come out empty.
FILLED: Mapping[str, frozenset[str]] = {
    Kind.APPOINTMENT_REMINDER: frozenset({"first_name", "when", "therapist", "link"}),
    Kind.QUESTIONNAIRE_DUE: frozenset({"first_name", "link"}),
    Kind.INTAKE_INCOMPLETE: frozenset({"first_name", "when", "link"}),
    Kind.HOME_PROGRAM_NUDGE: frozenset({"first_name", "link"}),
    Kind.PORTAL_INVITATION: frozenset({"first_name", "link", "hours"}),
    Kind.SIGN_IN_CODE: frozenset({"code"}),
    Kind.CLINIC_ALERT: frozenset({"link"}),
}
ALWAYS_FILLED = frozenset({"clinic_name", "clinic_phone"})
# What a message is there to carry: without it a sign-in code or an invitation is useless.
REQUIRED: Mapping[str, frozenset[str]] = {
    Kind.SIGN_IN_CODE: frozenset({"code"}),
    Kind.PORTAL_INVITATION: frozenset({"link"}),
}

# What each placeholder stands for, as the clinic's owner reads it on the wording page.
MEANINGS: Mapping[str, str] = {
    "first_name": "the client's first name (or the name they prefer)",
    "clinic_name": "your clinic's name",
    "clinic_phone": "your clinic's phone number",
    "when": "the day and time of the appointment",
    "therapist": "the therapist's name",
    "link": "the sign-in address (the client portal; in the alert to the clinic, MedMassage)",
    "code": "the one-time sign-in code",
    "hours": "how many hours the invitation link works",
}

# Made-up values for the preview (the clinic's own name and phone are used as they are).
SAMPLES: Mapping[str, str] = {
    "first_name": "Ada",
    "when": "Tuesday 03 March 2026 at 10:00 (EST)",
    "therapist": "Sam Rivera",
    "link": "https://clinic.example/portal/",
    "code": "482913",
    "hours": "72",
}


def placeholders_of(kind: str) -> list[str]:
    """The placeholders a kind of message fills in, in the order MEANINGS lists them."""
    filled = FILLED.get(kind, frozenset()) | ALWAYS_FILLED
    return [name for name in MEANINGS if name in filled]


def missing_placeholders(subject: str, body: str, kind: str) -> list[str]:
    """The placeholders a kind of message must carry that neither subject nor text has."""
    used = set(_PLACEHOLDER.findall(subject + body))
    return sorted(REQUIRED.get(kind, frozenset()) - used)


def unknown_placeholders(text: str, kind: str | None = None) -> list[str]:
    """Placeholders in a clinic's text that no message (or not this kind) fills in."""
    known = PLACEHOLDERS if kind is None else frozenset(placeholders_of(kind))
    return sorted({name for name in _PLACEHOLDER.findall(text) if name not in known})


def fill(text: str, values: Mapping[str, str]) -> str:
    """The text with each known placeholder replaced (a missing value leaves it empty)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m[1], "") if m[1] in PLACEHOLDERS else m[0], text)
