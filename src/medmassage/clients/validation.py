"""Rules a client record must meet beyond its field types, each error naming its field."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from medmassage.accounts.models import Membership, Role
from medmassage.clients.models import Client
from medmassage.clients.search import phone_digits
from medmassage.problems import FieldErrors, invalid

_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ().\-/]+$")
# E.164 allows at most 15 digits; fewer than 6 is no reachable number.
PHONE_DIGITS = (6, 15)
EARLIEST_BIRTH = date(1900, 1, 1)
PHONE_FIELDS = ("phone", "emergency_contact_phone", "referrer_phone")


def phone_errors(value: str) -> list[str]:
    """What is wrong with a phone number (nothing for an empty one)."""
    if not value:
        return []
    if not _PHONE_CHARACTERS.match(value):
        return ["Use digits, spaces, brackets, dots or dashes, with an optional leading +."]
    count = len(phone_digits(value))
    if not PHONE_DIGITS[0] <= count <= PHONE_DIGITS[1]:
        return [f"A phone number has {PHONE_DIGITS[0]} to {PHONE_DIGITS[1]} digits."]
    return []


def client_errors(client: Client) -> dict[str, list[str]]:
    """Errors of the fields that field types cannot check, by field name."""
    errors: dict[str, list[str]] = {}
    for name in ("given_name", "family_name"):
        if not getattr(client, name).strip():
            errors[name] = ["This field cannot be blank."]
    for name in PHONE_FIELDS:
        if found := phone_errors(getattr(client, name)):
            errors[name] = found
    born = client.date_of_birth
    if isinstance(born, date):
        if born > timezone.localdate():
            errors["date_of_birth"] = ["The date of birth cannot be in the future."]
        elif born < EARLIEST_BIRTH:
            errors["date_of_birth"] = [f"The date of birth cannot be before {EARLIEST_BIRTH}."]
    if (
        client.emergency_contact_phone or client.emergency_contact_relationship
    ) and not client.emergency_contact_name.strip():
        errors["emergency_contact_name"] = ["Name the emergency contact."]
    if client.emergency_contact_name.strip() and not client.emergency_contact_phone:
        errors["emergency_contact_phone"] = ["An emergency contact needs a phone number."]
    return errors


def check_primary_therapist(client: Client, *, previous_id: int | None) -> None:
    """A newly assigned primary therapist must be an active therapist of the client's clinic."""
    therapist_id = client.primary_therapist_id
    if therapist_id is None or therapist_id == previous_id:
        return
    membership = Membership.objects.filter(pk=therapist_id).select_related("user").first()
    if (
        membership is None
        or membership.clinic_id != client.clinic_id
        or membership.role != Role.THERAPIST
        or not membership.is_active
        or not membership.user.is_active
    ):
        raise invalid("primary_therapist", "Choose an active therapist of this clinic.")


def validate_client(client: Client, *, previous_therapist_id: int | None = None) -> None:
    """Raise one InvalidInput listing every invalid field of the client."""
    errors = FieldErrors()
    try:
        client.full_clean(exclude=["clinic", *Client.SEARCH_KEYS])
    except ValidationError as error:
        errors.extend(error.message_dict)
    for name, messages in client_errors(client).items():
        known = errors.as_dict().get(name, [])
        errors.add(name, *(m for m in messages if m not in known))
    try:
        check_primary_therapist(client, previous_id=previous_therapist_id)
    except ValidationError as error:
        errors.extend(error.message_dict)
    errors.raise_any()
