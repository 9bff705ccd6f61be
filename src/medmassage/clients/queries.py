"""Clinic-scoped reads of client records and consents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, F, Func, Q, QuerySet, Subquery
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone

from medmassage.accounts.models import Clinic, Membership, Role
from medmassage.clients.consent_text import (
    DEFAULT_BODY,
    DEFAULT_REQUIRED_TOPICS,
    DEFAULT_TITLE,
    DEFAULT_VERSION,
)
from medmassage.clients.models import Client, ClientNameWord, Consent, ConsentTemplate
from medmassage.clients.search import SearchTerms, name_key, phone_digits, phone_key
from medmassage.clients.signatures import is_minor

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class ConsentStatus:
    """The client's current consent, and the latest one (which shows why none is current)."""

    current: Consent | None
    latest: Consent | None

    @property
    def is_current(self) -> bool:
        return self.current is not None


# Consents read at once for the chart's status: a client has one or two, so the one in force is
# almost always among them; past this many the status asks the database for it.
RECENT_CONSENTS = 10


def get_consent_status(clinic: Clinic | int, client: Client) -> ConsentStatus:
    """Whether the client has current consent, and the latest consent either way (one query
    for a client's usual few consents)."""
    recent = list(list_consents(clinic, client)[:RECENT_CONSENTS])
    today = timezone.localdate()
    current = next((c for c in recent if in_force(c, client, today)), None)
    if current is None and len(recent) == RECENT_CONSENTS:
        current = get_current_consent(clinic, client, on=today)
    return ConsentStatus(current=current, latest=recent[0] if recent else None)


def in_force(consent: Consent, client: Client, on: date) -> bool:
    """`get_current_consent`'s rule for one consent: not revoked, and not a guardian's consent
    lapsed by the client's coming of age (project policy)."""
    if consent.revoked_at is not None:
        return False
    return is_minor(client.date_of_birth, on) or not consent.minor_at_signing


def list_clients(clinic: Clinic | int) -> QuerySet[Client]:
    """The clinic's clients, by name."""
    return Client.objects.for_clinic(clinic).order_by("family_name", "given_name", "id")


class FoundFirst(Func):
    """`column IN (subquery)`, with the subquery read first and its rows looked up by key.

    PostgreSQL may otherwise join a few matching words against a scan of the whole clinic's
    client index (cheap for a small clinic, and growing with it); as `= ANY(ARRAY(...))` the
    words are one index range, then each client found is one primary-key lookup. SQLite reads
    an `IN` subquery first anyway.
    """

    template = "%(expressions)s"
    arg_joiner = " IN "
    output_field = BooleanField()
    conditional = True

    def as_postgresql(
        self, compiler: Any, connection: Any, **extra_context: Any
    ) -> tuple[str, tuple[Any, ...]]:
        return self.as_sql(
            compiler,
            connection,
            template="%(expressions)s)",
            arg_joiner=" = ANY(ARRAY",
            **extra_context,
        )


def search_clients(clinic: Clinic | int, terms: SearchTerms) -> QuerySet[Client]:
    """The clinic's clients matching every term; each word typed is one index range."""
    clients = list_clients(clinic)
    if terms.name_words:
        # An order no index gives: the matches are sorted, never the clinic walked in order.
        clients = clients.order_by(Lower("family_name"), Lower("given_name"), "id")
    for word in terms.name_words:
        # Every word typed must begin a word of the names: "ada lov" finds Ada Lovelace.
        beginning = ClientNameWord.objects.for_clinic(clinic).filter(word__prefix=word)
        clients = clients.filter(FoundFirst(F("pk"), Subquery(beginning.values("client_id"))))
    if terms.date_of_birth is not None:
        clients = clients.filter(date_of_birth=terms.date_of_birth)
    if terms.phone:
        clients = clients.filter(phone_key__prefix=terms.phone)
    return clients


# The client list counts its matches only this far: counting a whole clinic on every page
# costs as much as the clinic is large; past it the page says "1000+ clients".
COUNT_CAP = 1_000


class BoundedPaginator(Paginator[Client]):
    """Counts up to `cap` rows and one more, so that "more than the cap" shows."""

    def __init__(self, object_list: QuerySet[Client], per_page: int, *, cap: int) -> None:
        super().__init__(object_list, per_page)
        self.rows, self.cap = object_list, cap

    @cached_property
    def count(self) -> int:
        return self.rows.values("pk")[: self.cap + 1].count()

    @property
    def more(self) -> bool:
        """Whether the matches go on past the cap (the count stopped there)."""
        return self.count > self.cap


def get_client_page(
    clients: QuerySet[Client],
    number: int | str | None,
    *,
    size: int,
    count_up_to: int | None = None,
) -> Page[Client]:
    """One page of clients (out-of-range numbers give the nearest page); with `count_up_to`,
    the matches are counted only that far (the paginator's `more` says they go on)."""
    size = max(1, min(size, MAX_PAGE_SIZE))
    clients = clients.select_related("primary_therapist__user")
    if count_up_to is None:
        return Paginator(clients, size).get_page(number)
    return BoundedPaginator(clients, size, cap=count_up_to).get_page(number)


def get_client(clinic: Clinic | int, client_id: int, *, related: Sequence[str] = ()) -> Client:
    """One of the clinic's clients, or 404 (another clinic's client is simply not found); with
    `related`, rows joined one-to-one read in the same query (the caller names them)."""
    found = Client.objects.for_clinic(clinic).select_related("primary_therapist__user", *related)
    return get_object_or_404(found, pk=client_id)


def list_therapists(clinic: Clinic | int) -> QuerySet[Membership]:
    """The clinic's active therapists, who may be a client's primary therapist."""
    clinic_id = clinic if isinstance(clinic, int) else clinic.pk
    return (
        Membership.objects.filter(
            clinic_id=clinic_id, role=Role.THERAPIST, is_active=True, user__is_active=True
        )
        .select_related("user")
        .order_by("user__full_name", "id")
    )


# --- Consent ----------------------------------------------------------------------------------


def get_current_template(clinic: Clinic | int, *, on: date | None = None) -> ConsentTemplate:
    """The clinic's consent text in force, or the built-in default (unsaved until first used)."""
    clinic_id = clinic if isinstance(clinic, int) else clinic.pk
    day = on or timezone.localdate()
    stored = (
        ConsentTemplate.objects.for_clinic(clinic_id)
        .filter(effective_from__lte=day)
        .order_by("-effective_from", "-id")
        .first()
    )
    if stored is not None:
        return stored
    return ConsentTemplate(
        clinic_id=clinic_id,
        version=DEFAULT_VERSION,
        title=DEFAULT_TITLE,
        body=DEFAULT_BODY,
        required_topics=[str(topic) for topic in DEFAULT_REQUIRED_TOPICS],
        effective_from=date(2026, 1, 1),
    )


def list_consent_templates(clinic: Clinic | int) -> QuerySet[ConsentTemplate]:
    """Every version of the clinic's consent text, newest first."""
    return ConsentTemplate.objects.for_clinic(clinic).order_by("-effective_from", "-id")


def list_consents(clinic: Clinic | int, client: Client) -> QuerySet[Consent]:
    """The client's consents, newest first, revoked ones included."""
    return (
        Consent.objects.for_clinic(clinic)
        .filter(client=client)
        .select_related(
            "template", "obtained_by__user", "revoked_by__user", "reviewed_by__user", "client"
        )
        .order_by("-signed_at", "-id")
    )


def get_consent(clinic: Clinic | int, client: Client, consent_id: int) -> Consent:
    """One consent of the client, or 404."""
    return get_object_or_404(list_consents(clinic, client), pk=consent_id)


def get_current_consent(
    clinic: Clinic | int, client: Client, *, on: date | None = None
) -> Consent | None:
    """The consent in force: the latest not revoked and not lapsed, or None."""
    consents = list_consents(clinic, client).filter(revoked_at__isnull=True)
    if not is_minor(client.date_of_birth, on or timezone.localdate()):
        # A guardian's consent for a minor lapses when the client comes of age (project policy).
        consents = consents.filter(minor_at_signing=False)
    return consents.first()


def has_current_consent(client: Client) -> bool:
    """Whether treatment may be planned for the client as far as consent goes."""
    return get_current_consent(client.clinic_id, client) is not None


# A phone shorter than this is too little to say two records are one person.
MIN_PHONE_DIGITS = 7


def list_possible_duplicates(
    clinic: Clinic | int,
    *,
    given_name: str,
    family_name: str,
    date_of_birth: date | None,
    phone: str = "",
    email: str = "",
) -> list[Client]:
    """Clients who may be the same person: same name and birth date, or same phone or email."""
    same = Q(pk__in=[])
    if date_of_birth is not None:
        same |= Q(
            given_key=name_key(given_name),
            family_key=name_key(family_name),
            date_of_birth=date_of_birth,
        )
    if len(phone_digits(phone)) >= MIN_PHONE_DIGITS:
        same |= Q(phone_key=phone_key(phone)[:40])
    if email.strip():
        same |= Q(email__iexact=email.strip())
    return list(Client.objects.for_clinic(clinic).filter(same).order_by("family_key", "pk")[:5])
