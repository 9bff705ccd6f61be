"""Informed consent: the only writers of consents and consent texts, and the consent rule.

Treatment cannot be planned without current consent: planning calls `require_current_consent`,
which raises `ConsentRequired` (invalid input on the field `consent`, so the API answers 422
naming it and a page shows it as a form error).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Membership
from medmassage.audit.services import record_event
from medmassage.clients import queries
from medmassage.clients.models import (
    Client,
    Consent,
    ConsentSource,
    ConsentTemplate,
    ConsentTopic,
)
from medmassage.clients.signatures import (
    AGE_OF_MAJORITY,
    age_on,
    drawn_signature_errors,
    is_minor,
    same_name,
)
from medmassage.problems import FieldErrors, InvalidInput, invalid
from medmassage.tenancy import clinic_scope

MAX_REASON_CHARS = 2000


class ConsentRequired(InvalidInput):
    """The client has no current consent to treatment."""

    def __init__(self, client: Client) -> None:
        message = f"{client.full_name} has no current consent to treatment: record consent first."
        super().__init__({"consent": [ValidationError(message, code="consent_required")]})


class ConsentAlreadyRevoked(InvalidInput):
    """A consent can be revoked once."""

    def __init__(self, consent: Consent) -> None:
        when = timezone.localtime(consent.revoked_at).strftime("%Y-%m-%d %H:%M")
        message = f"This consent was already revoked on {when}."
        super().__init__({"consent": [ValidationError(message, code="already_revoked")]})


@dataclass(frozen=True)
class ConsentDetails:
    """What the therapist explained and how the client (or guardian) signed."""

    topics: tuple[str, ...]
    signature_method: str
    signature: str
    guardian_name: str = ""
    guardian_relationship: str = ""
    notes: str = ""
    template_version: str | None = None  # the version shown; None means the current one


@dataclass(frozen=True)
class ConsentText:
    """A new version of the clinic's consent text."""

    version: str
    title: str
    body: str
    required_topics: tuple[str, ...] = field(default_factory=tuple)
    effective_from: date | None = None


class PortalSigner(Protocol):
    """A client signing their own consent in the portal (clientaccounts' ClientActor, which
    sits above this app: described here by what the service uses)."""

    @property
    def client(self) -> Client: ...

    @property
    def clinic_id(self) -> int: ...

    @property
    def address(self) -> str | None: ...

    @property
    def label(self) -> str: ...


def _audit_actor(by: Actor | PortalSigner) -> dict[str, Any]:
    if isinstance(by, Actor):
        return {"by": by}
    return {"by": None, "clinic": by.clinic_id, "address": by.address, "actor_label": by.label}


def require_current_consent(client: Client) -> Consent:
    """The client's current consent, or ConsentRequired (for planning treatment)."""
    consent = queries.get_current_consent(client.clinic_id, client)
    if consent is None:
        raise ConsentRequired(client)
    return consent


@transaction.atomic
def record_consent(*, client: Client, by: Actor | PortalSigner, details: ConsentDetails) -> Consent:
    """Record a signed consent, obtained by a member of the clinic or signed by the client in
    the portal (then waiting for the therapist's review); InvalidInput names every wrong field."""
    if by.clinic_id != client.clinic_id:
        raise ValueError("Consent must be obtained by a member of the client's clinic")
    if not isinstance(by, Actor) and by.client.pk != client.pk:
        raise ValueError("A client signs only their own consent")
    with clinic_scope(client.clinic_id):
        template = queries.get_current_template(client.clinic_id)
        obtained_by = by.membership if isinstance(by, Actor) else None
        consent = _build_consent(client, obtained_by, template, details)
        _validate_consent(consent, template, details)
        if template.pk is None:
            template = _store_default_template(template, by=by)
            consent.template = template
        consent.save()
        record_event(
            action="consents.consent.recorded",
            subject=consent,
            client=client,
            details={
                "template_version": template.version,
                "signature_method": consent.signature_method,
                "by_guardian": consent.signed_by_guardian,
                "topics": consent.topics,
                "source": consent.source,
            },
            **_audit_actor(by),
        )
    return consent


@transaction.atomic
def mark_consents_reviewed(*, client: Client, by: Actor) -> int:
    """The therapist went through the consents the client signed in the portal with them."""
    pending = Consent.objects.for_clinic(client.clinic_id).filter(
        client=client, source=ConsentSource.PORTAL, reviewed_at__isnull=True
    )
    count = 0
    for consent in pending.select_for_update(no_key=True):
        consent.reviewed_by, consent.reviewed_at = by.membership, timezone.now()
        consent.save(update_fields=["reviewed_by", "reviewed_at"])
        record_event(action="consents.consent.reviewed", by=by, subject=consent)
        count += 1
    return count


def _build_consent(
    client: Client,
    obtained_by: Membership | None,
    template: ConsentTemplate,
    details: ConsentDetails,
) -> Consent:
    signed_at = timezone.now()
    return Consent(
        clinic_id=client.clinic_id,
        client=client,
        template=template,
        topics=list(dict.fromkeys(details.topics)),
        notes=details.notes.strip(),
        obtained_by=obtained_by,
        source=ConsentSource.STAFF if obtained_by is not None else ConsentSource.PORTAL,
        signed_at=signed_at,
        signature_method=details.signature_method,
        signature=details.signature.strip(),
        guardian_name=details.guardian_name.strip(),
        guardian_relationship=details.guardian_relationship.strip(),
        minor_at_signing=is_minor(client.date_of_birth, timezone.localdate(signed_at)),
    )


def _validate_consent(consent: Consent, template: ConsentTemplate, details: ConsentDetails) -> None:
    errors = FieldErrors()
    try:
        consent.full_clean(exclude=["clinic", "client", "template", "obtained_by", "signature"])
    except ValidationError as error:
        errors.extend(error.message_dict)
    if details.template_version not in (None, template.version):
        errors.add(
            "template_version",
            f"The clinic's consent text is now version {template.version}: "
            "go through it with the client again.",
        )
    errors.add("topics", *_topic_errors(consent.topics, template))
    errors.extend(_signer_errors(consent))
    errors.add("signature", *_signature_errors(consent))
    errors.raise_any()


def _topic_errors(topics: list[str], template: ConsentTemplate) -> list[str]:
    unknown = [t for t in topics if t not in ConsentTopic.values]
    if unknown:
        return [f"Unknown topic: {', '.join(map(str, unknown))}."]
    missing = [t for t in template.required_topics if t not in topics]
    if missing:
        labels = "; ".join(str(ConsentTopic(t).label) for t in missing)
        return [f"Version {template.version} of the consent text requires explaining: {labels}."]
    return []


def _signer_errors(consent: Consent) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if consent.minor_at_signing and not consent.guardian_name:
        age = age_on(consent.client.date_of_birth, timezone.localdate(consent.signed_at))
        errors["guardian_name"] = [
            f"The client is {age}, under {AGE_OF_MAJORITY} (project policy): "
            "a parent or guardian must consent and sign."
        ]
    if consent.guardian_name and not consent.guardian_relationship:
        errors["guardian_relationship"] = ["Say how the guardian is related to the client."]
    return errors


def _signature_errors(consent: Consent) -> list[str]:
    if consent.signature_method == "drawn":
        return drawn_signature_errors(consent.signature)
    if consent.signature_method != "typed":
        return []  # reported on signature_method by full_clean
    if not consent.signature:
        return ["Type the signer's full name."]
    if not same_name(consent.signature, consent.signer_name):
        who = "the guardian's" if consent.guardian_name else "the client's"
        return [f"The typed name must be {who} full name, {consent.signer_name}."]
    return []


def _store_default_template(
    template: ConsentTemplate, *, by: Actor | PortalSigner
) -> ConsentTemplate:
    stored, created = ConsentTemplate.objects.for_clinic(template.clinic_id).get_or_create(
        clinic_id=template.clinic_id,
        version=template.version,
        defaults={
            "title": template.title,
            "body": template.body,
            "required_topics": template.required_topics,
            "effective_from": template.effective_from,
        },
    )
    if created:
        _record_published(stored, by=by)
    return stored


def _record_published(template: ConsentTemplate, *, by: Actor | PortalSigner) -> None:
    record_event(
        action="consents.template.published",
        subject=template,
        details={"version": template.version},
        **_audit_actor(by),
    )


@transaction.atomic
def publish_consent_template(*, by: Actor, text: ConsentText) -> ConsentTemplate:
    """Publish a new version of the clinic's consent text (versions are never edited)."""
    clinic = by.clinic
    template = ConsentTemplate(
        clinic=clinic,
        version=text.version.strip(),
        title=text.title.strip(),
        body=text.body.strip(),
        required_topics=list(dict.fromkeys(text.required_topics)),
        effective_from=text.effective_from or timezone.localdate(),
    )
    with clinic_scope(clinic):
        errors = FieldErrors()
        taken = ConsentTemplate.objects.filter(version=template.version).exists()
        try:
            template.full_clean()  # the clinic stays in: it is part of the unique version
        except ValidationError as error:
            # The unique (clinic, version) constraint is said plainly below instead.
            found = error.message_dict.items()
            errors.extend((f, m) for f, m in found if f != "__all__" or not taken)
        unknown = [t for t in template.required_topics if t not in ConsentTopic.values]
        if unknown:
            errors.add("required_topics", f"Unknown topic: {', '.join(map(str, unknown))}.")
        if taken:
            errors.add("version", f"Version {template.version} exists: publish a new version.")
        errors.raise_any()
        template.save()
        _record_published(template, by=by)
    return template


@transaction.atomic
def revoke_consent(*, consent: Consent, by: Actor, reason: str) -> Consent:
    """Revoke a consent (the client withdrew it); the record is kept, marked revoked."""
    if by.clinic_id != consent.clinic_id:
        raise ValueError("Consent must be revoked by a member of its clinic")
    if not reason.strip():
        raise invalid("reason", "Say why the consent is revoked.")
    if len(reason.strip()) > MAX_REASON_CHARS:
        raise invalid("reason", f"Keep the reason under {MAX_REASON_CHARS:,} characters.")
    locked = (
        Consent.objects.for_clinic(consent.clinic_id)
        .select_for_update(no_key=True)
        .get(pk=consent.pk)
    )
    if locked.revoked_at is not None:
        raise ConsentAlreadyRevoked(locked)
    locked.revoked_at = timezone.now()
    locked.revoked_by = by.membership
    locked.revocation_reason = reason.strip()
    locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    record_event(action="consents.consent.revoked", by=by, subject=locked, client=locked.client_id)
    return locked
