"""Tenancy: another clinic's records are not found, scoped reads fail loudly, roles are policy."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import models
from django.http import HttpResponse
from django.test import Client as Browser
from django.urls import reverse
from django.utils import dateformat

from medmassage.accounts import policy
from medmassage.accounts.models import Membership, Role, User
from medmassage.clients.models import Client
from medmassage.tenancy import ClinicOwned, ClinicScopedManager, ScopeError, clinic_scope, unscoped
from tests.cast import Cast, logged_in
from tests.foundation.clinic_records import BORN, PHONE, RecordBook
from tests.foundation.url_patterns import NAMED_DEFAULTS, Endpoint, endpoints

MISSING_ID = 2_000_000_000
STAFF_ROLES = ["owner", "therapist"]
THEIR_MARK = "Quintrell"


class NoRecords:
    """Ids of records that do not exist, of every kind."""

    def __contains__(self, kind: str) -> bool:
        return True

    def __getitem__(self, kind: str) -> int:
        return MISSING_ID


@pytest.fixture
def theirs(cast: Cast) -> RecordBook:
    """The other clinic's records, of its therapist, the outsider."""
    return RecordBook(cast.other_clinic, cast.outsider, token_holder=cast.outsider, mark=THEIR_MARK)


@pytest.fixture
def mine(cast: Cast) -> RecordBook:
    """The first clinic's records (tokens the owner's), to show that the pages find records."""
    return RecordBook(cast.clinic, cast.therapist, token_holder=cast.owner, mark="Harbourside")


@pytest.fixture
def their_secrets(cast: Cast) -> tuple[str, ...]:
    return (
        THEIR_MARK,
        PHONE,
        BORN.isoformat(),
        dateformat.format(BORN, settings.DATE_FORMAT),
        cast.outsider.full_name,
        cast.outsider.email,
        cast.other_clinic.name,
        cast.outsiders_client.family_name,
    )


# --- Every page with a record in its path -----------------------------------------------------


def _holds_clinic_data(endpoint: Endpoint) -> bool:
    model = endpoint.admin_model
    if model is None:
        return True
    return any(field.name in {"clinic", "clinic_id"} for field in model._meta.get_fields())


def _record_parameters(endpoint: Endpoint) -> list[str]:
    return [name for name, _ in endpoint.parameters if name not in NAMED_DEFAULTS]


# Portal pages and the portal's API answer a client's sign-in, not a staff login:
# tests/portal walks them all (test_portal_isolation.py, test_portal_api.py).
RECORD_PAGES = [
    e
    for e in endpoints()
    if _record_parameters(e)
    and _holds_clinic_data(e)
    and not e.name.startswith(("portal:", "api-v1:portal-"))
]


def record_kind(endpoint: Endpoint, parameter: str) -> str:
    """What a path parameter names: `client_id` a client, `clients/<id>` a client too."""
    if parameter == "object_id" and endpoint.admin_model is not None:
        return endpoint.admin_model._meta.label_lower
    if parameter in {"id", "pk"}:
        segments = endpoint.route.split("/")
        position = next(i for i, s in enumerate(segments) if re.search(rf"\b{parameter}>", s))
        return segments[position - 1].removesuffix("s")
    return parameter.removesuffix("_id")


def path_to(
    endpoint: Endpoint, book: RecordBook | NoRecords, *, mixture: dict[str, int] | None = None
) -> str:
    """The endpoint's path naming the book's records (or the mixture's, for its parameters)."""
    values = {}
    for parameter in _record_parameters(endpoint):
        kind = record_kind(endpoint, parameter)
        if kind not in book:
            pytest.fail(
                f"{endpoint}: no maker of records for `{parameter}` ({kind}); "
                "add one to MAKERS in tests/foundation/clinic_records.py"
            )
        values[parameter] = (mixture or {}).get(parameter) or book[kind]
    return endpoint.path(values)


def mixtures(endpoint: Endpoint, mine: RecordBook) -> list[dict[str, int]]:
    """All parameters theirs; then, for nested paths, one theirs and the rest the requester's."""
    parameters = _record_parameters(endpoint)
    if len(parameters) < 2:
        return [{}]
    return [{}] + [
        {p: mine[record_kind(endpoint, p)] for p in parameters if p != theirs_only}
        for theirs_only in parameters
    ]


def allowed_methods(browser: Browser, path: str) -> list[str]:
    """The methods the view answers, from the Allow header of its 405 (GET when it has none)."""
    allow = browser.options(path).get("Allow", "GET")
    methods = [m.strip().upper() for m in allow.split(",")]
    return sorted(m for m in methods if m not in {"OPTIONS", "HEAD"}) or ["GET"]


def send(browser: Browser, method: str, path: str, *, api: bool) -> HttpResponse:
    if method == "GET":
        return browser.get(path)
    if api:
        return browser.generic(method, path, data="{}", content_type="application/json")
    return browser.generic(method, path, data="", content_type="application/x-www-form-urlencoded")


def test_the_walk_finds_the_pages_with_records() -> None:
    names = {endpoint.name for endpoint in RECORD_PAGES}
    assert {"charts:client", "accounts:revoke-token", "admin:accounts_membership_change"} <= names


def leaks(response: HttpResponse, secrets: tuple[str, ...]) -> list[str]:
    body = response.content.decode(errors="replace") + response.get("Location", "")
    return [secret for secret in secrets if secret in body]


# The walks below loop over every page in one test each (rather than one test per page) so
# that the cast and the records are made once; each failure names its page.


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_another_clinics_records_are_not_found(
    cast: Cast, theirs: RecordBook, mine: RecordBook, their_secrets: tuple[str, ...], role: str
) -> None:
    browser = logged_in(getattr(cast, role))
    failures = []
    for endpoint in (e for e in RECORD_PAGES if not e.is_admin):
        missing = path_to(endpoint, NoRecords())
        for mixture in mixtures(endpoint, mine):
            path = path_to(endpoint, theirs, mixture=mixture)
            for method in allowed_methods(browser, path):
                response = send(browser, method, path, api=endpoint.is_api)
                status = response.status_code
                # Refused before any lookup (role, input): fine if a missing record gets the same.
                refused_alike = status in {403, 422} and status == (
                    send(browser, method, missing, api=endpoint.is_api).status_code
                )
                if status != 404 and not refused_alike:
                    failures.append(f"{method} {path} answered {status}")
                if leaked := leaks(response, their_secrets):
                    failures.append(f"{method} {path} shows {leaked}")
    assert not failures


def test_another_clinics_records_are_hidden_in_the_admin(
    cast: Cast, theirs: RecordBook, their_secrets: tuple[str, ...]
) -> None:
    # Django's admin answers a missing object with a redirect to its index (or a 403 where
    # the action is refused outright), not a 404: another clinic's record must get exactly
    # what a record that does not exist gets.
    browser = logged_in(cast.owner)
    failures = []
    for endpoint in (e for e in RECORD_PAGES if e.is_admin):
        path = path_to(endpoint, theirs)
        response = browser.get(path)
        refusal = browser.get(path_to(endpoint, NoRecords()))
        answer, missing_answer = (
            (r.status_code, re.sub(r"/\d+/", "/ID/", r.get("Location", "")))
            for r in (response, refusal)
        )
        if answer != missing_answer:
            failures.append(f"{path} answered {answer}, a missing record {missing_answer}")
        if leaked := leaks(browser.get(path, follow=True), their_secrets):
            failures.append(f"{path} shows {leaked}")
    assert not failures


# The admin's "view on site" needs a model with get_absolute_url; none has one yet.
FOUND_NOWHERE = {"admin:view_on_site"}


def test_the_same_pages_find_the_requesters_own_records(cast: Cast, mine: RecordBook) -> None:
    browser = logged_in(cast.owner)
    failures = []
    for endpoint in RECORD_PAGES:
        path = path_to(endpoint, mine)
        methods = allowed_methods(browser, path)
        method = "GET" if "GET" in methods else methods[0]
        found = send(browser, method, path, api=endpoint.is_api).status_code != 404
        if found == (endpoint.name in FOUND_NOWHERE):
            failures.append(f"{method} {path}")
    assert not failures, "these pages do not find the requester's own record"


# --- Pages without a record in their path -----------------------------------------------------

LIST_PAGES = [e for e in endpoints() if not _record_parameters(e)]


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_no_page_shows_another_clinics_records(
    cast: Cast, their_secrets: tuple[str, ...], role: str
) -> None:
    browser = logged_in(getattr(cast, role))
    failures = []
    for endpoint in LIST_PAGES:
        response = browser.get(endpoint.path(), follow=not endpoint.is_api)
        if leaked := leaks(response, their_secrets):
            failures.append(f"{endpoint.path()} shows {leaked}")
    assert not failures


@pytest.mark.parametrize(
    "endpoint",
    [e for e in LIST_PAGES if e.admin_model and not _holds_clinic_data(e)],
    ids=str,
)
def test_owners_get_no_admin_tables_shared_by_all_clinics(cast: Cast, endpoint: Endpoint) -> None:
    response = logged_in(cast.owner).get(endpoint.path())

    assert response.status_code == 403


def test_the_client_list_shows_only_the_active_clinics_clients(
    cast: Cast, their_secrets: tuple[str, ...]
) -> None:
    response = logged_in(cast.front_desk).get(reverse("clients:list"))

    assert response.status_code == 200
    assert cast.client.family_name in response.content.decode()
    assert not leaks(response, their_secrets)


# --- Scoped queries ---------------------------------------------------------------------------


def test_a_clinic_owned_table_queried_without_a_scope_raises(cast: Cast) -> None:
    with pytest.raises(ScopeError, match="no clinic in scope"):
        Client.objects.count()


def test_for_clinic_reads_one_clinic(cast: Cast) -> None:
    assert list(Client.objects.for_clinic(cast.clinic)) == [cast.client]
    assert list(Client.objects.for_clinic(cast.other_clinic.pk)) == [cast.outsiders_client]


def test_inside_a_clinic_scope_only_that_clinics_rows_appear(cast: Cast) -> None:
    with clinic_scope(cast.clinic):
        assert list(Client.objects.all()) == [cast.client]
        assert not Client.objects.filter(pk=cast.outsiders_client.pk).exists()
        with clinic_scope(cast.other_clinic):
            assert list(Client.objects.all()) == [cast.outsiders_client]
        assert list(Client.objects.all()) == [cast.client]


def test_a_clinic_scope_ends_with_its_block(cast: Cast) -> None:
    with clinic_scope(cast.clinic):
        Client.objects.count()

    with pytest.raises(ScopeError):
        Client.objects.count()


def test_unscoped_reads_every_clinic(cast: Cast) -> None:
    with unscoped():
        assert set(Client.objects.all()) == {cast.client, cast.outsiders_client}


def test_a_request_leaves_no_scope_behind(cast: Cast) -> None:
    logged_in(cast.therapist).get(reverse("clients:list"))

    with pytest.raises(ScopeError):
        Client.objects.count()


def _clinic_owned_models() -> list[type[models.Model]]:
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, ClinicOwned)]


@pytest.mark.parametrize("model", _clinic_owned_models(), ids=lambda m: m._meta.label)
def test_every_clinic_owned_model_reads_through_the_scoped_manager(
    model: type[models.Model],
) -> None:
    assert isinstance(model._default_manager, ClinicScopedManager)
    # Related-object access and cascades use the base manager, which must not raise.
    assert not isinstance(model._base_manager, ClinicScopedManager)


# --- Roles ------------------------------------------------------------------------------------

Y, N = True, False
# What each role may do, written out here rather than read from policy.RULES.
EXPECTED = {
    #                          owner therapist front desk
    "dashboard.view": (Y, Y, Y),
    "clients.identity.view": (Y, Y, Y),
    "clients.identity.edit": (Y, Y, Y),
    "clients.clinical.view": (Y, Y, N),
    "clients.clinical.edit": (N, Y, N),
    "practitioners.view": (Y, Y, Y),
    "practitioners.manage": (Y, N, N),
    "audit.view": (Y, N, N),
    "clinic.admin": (Y, N, N),
    "tokens.manage": (Y, Y, Y),
    # Money: the front desk and the owner take it; therapists read what their visits billed.
    "billing.view": (Y, Y, Y),
    "billing.record": (Y, N, Y),
    "billing.refund": (Y, N, Y),
    "billing.settings": (Y, N, N),
    "frontdesk.view": (Y, Y, Y),
    # A calendar feed is a therapist's own.
    "appointments.feed": (N, Y, N),
}
ROLES = (Role.OWNER, Role.THERAPIST, Role.FRONT_DESK)


def member(role: Role, *, active: bool = True, user_active: bool = True) -> Membership:
    return Membership(user=User(is_active=user_active), role=role, is_active=active)


@pytest.mark.parametrize(
    ("action", "role", "allowed"),
    [
        (action, role, allowed)
        for action, row in EXPECTED.items()
        for role, allowed in zip(ROLES, row, strict=True)
    ],
)
def test_policy_allows_exactly_the_expected_roles(action: str, role: Role, allowed: bool) -> None:
    assert policy.allows(member(role), action) is allowed


@pytest.mark.parametrize("action", sorted(a for a in policy.RULES if ".clinical." in a))
def test_front_desk_is_refused_every_clinical_action(action: str) -> None:
    assert not policy.allows(member(Role.FRONT_DESK), action)


@pytest.mark.parametrize("action", ["clients.identity.delete", "", "CLINIC.ADMIN", "clinic.admin "])
@pytest.mark.parametrize("role", ROLES)
def test_unknown_actions_are_denied(role: Role, action: str) -> None:
    assert not policy.allows(member(role), action)


@pytest.mark.parametrize(
    "membership",
    [None, member(Role.OWNER, active=False), member(Role.OWNER, user_active=False)],
    ids=["no membership", "inactive membership", "inactive user"],
)
def test_no_active_membership_is_allowed_anything(membership: Membership | None) -> None:
    assert not any(policy.allows(membership, action) for action in EXPECTED)


def test_require_raises_permission_denied_naming_the_action() -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match=r"clients\.clinical\.view"):
        policy.require(member(Role.FRONT_DESK), "clients.clinical.view")
