"""The clinic's credential rules: the project defaults, changes, and what the planner is told."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from medmassage.accounts.models import Practitioner
from medmassage.audit.models import AuditEvent
from medmassage.clinical.practitioner import parse_practitioner
from medmassage.practitioners import services
from medmassage.practitioners.credentials import DEFAULT_RULE_SOURCE
from medmassage.practitioners.documents import practitioner_document, scope_of_practice
from medmassage.practitioners.models import CredentialRule
from medmassage.practitioners.queries import get_credential_requirements
from medmassage.tenancy import unscoped
from tests.builders import actor
from tests.cast import Cast, logged_in
from tests.practitioners.records import add_certification, add_licence

TODAY = date(2026, 3, 1)
DEFAULTS = {
    "lymphatic_drainage": "lymphatic_drainage",
    "craniosacral": "craniosacral",
    "joint_mobilization": "joint_mobilization",
    "intraoral_jaw": "intraoral_jaw",
}


def events(action: str) -> list[AuditEvent]:
    with unscoped():
        return list(AuditEvent.objects.filter(action=action).order_by("id"))


def set_rule(cast: Cast, technique: str, credential: str, source: str = "Regulator standard 4.2"):
    return services.set_credential_rule( technique=technique, credential=credential, source=source,
        by=actor(cast.owner),


    )  # fmt: skip


# --- Defaults ---------------------------------------------------------------------------------


def test_a_clinic_starts_with_the_project_defaults_marked_policy(cast: Cast) -> None:
    created = services.ensure_default_credential_rules(cast.clinic)

    assert {rule.technique: rule.credential for rule in created} == DEFAULTS
    assert get_credential_requirements(cast.clinic) == DEFAULTS
    assert all(rule.source.startswith("Project policy") for rule in created)
    assert "FACTS" not in DEFAULT_RULE_SOURCE
    [event] = events("practitioners.credential_rules.defaults_added")
    assert event.clinic_id == cast.clinic.pk
    assert event.details["rules"] == DEFAULTS


def test_defaults_are_added_once(cast: Cast) -> None:
    services.ensure_default_credential_rules(cast.clinic)

    assert services.ensure_default_credential_rules(cast.clinic) == []
    assert CredentialRule.objects.for_clinic(cast.clinic).count() == 4
    assert len(events("practitioners.credential_rules.defaults_added")) == 1


def test_each_clinic_has_its_own_rules(cast: Cast) -> None:
    set_rule(cast, "craniosacral", "")

    services.ensure_default_credential_rules(cast.other_clinic)

    assert get_credential_requirements(cast.other_clinic)["craniosacral"] == "craniosacral"
    assert "craniosacral" not in get_credential_requirements(cast.clinic)


# --- Changes ----------------------------------------------------------------------------------


def test_the_owner_can_lift_a_requirement_and_it_stays_lifted(cast: Cast) -> None:
    set_rule(cast, "joint_mobilization", "", "Ontario standard of practice, 2024")

    services.ensure_default_credential_rules(cast.clinic)

    assert "joint_mobilization" not in get_credential_requirements(cast.clinic)
    [event] = events("practitioners.credential_rule.set")
    assert event.actor_id == cast.owner.pk
    assert event.details["technique"] == "joint_mobilization"
    assert event.details["credential"] == ""
    assert event.details["before"] == {
        "credential": "joint_mobilization",
        "source": DEFAULT_RULE_SOURCE,
    }


def test_the_owner_can_require_a_credential_for_any_technique(cast: Cast) -> None:
    set_rule(cast, "reflexology", "lymphatic_drainage")
    set_rule(cast, "craniosacral", "intraoral_jaw")

    requirements = get_credential_requirements(cast.clinic)

    assert requirements["reflexology"] == "lymphatic_drainage"
    assert requirements["craniosacral"] == "intraoral_jaw"


def test_setting_the_same_rule_again_records_nothing(cast: Cast) -> None:
    set_rule(cast, "reflexology", "craniosacral")
    set_rule(cast, "reflexology", "craniosacral")

    assert len(events("practitioners.credential_rule.set")) == 1


@pytest.mark.parametrize(
    ("technique", "credential", "source", "field"),
    [
        ("hot_stones", "craniosacral", "Our policy", "technique"),
        ("reflexology", "reiki", "Our policy", "credential"),
        ("reflexology", "craniosacral", "   ", "source"),
        ("craniosacral", "", DEFAULT_RULE_SOURCE, "source"),
    ],
)
def test_a_bad_rule_names_the_field_and_saves_nothing(
    cast: Cast, technique: str, credential: str, source: str, field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        set_rule(cast, technique, credential, source)

    assert list(raised.value.message_dict) == [field]
    assert not CredentialRule.objects.for_clinic(cast.clinic).exists()
    assert events("practitioners.credential_rule.set") == []


# --- What the planner is told -----------------------------------------------------------------


@pytest.fixture
def maya(cast: Cast) -> Practitioner:
    """Licensed, with a lymphatic drainage certification that expires at the end of 2026."""
    practitioner = services.register_practitioner(
        membership=cast.therapist.memberships.get(), by=actor(cast.owner)
    )
    add_licence(
        practitioner,
        jurisdiction="Ontario",
        number="RMT-20417",
        issued_on=date(2024, 1, 1),
        renewal_period_start=None,
        expires_on=date(2027, 12, 31),
    )
    add_certification(practitioner, issued_on=date(2025, 1, 1), expires_on=date(2026, 12, 31))
    return practitioner


def test_the_document_is_the_clinical_cores_practitioner_format(
    cast: Cast, maya: Practitioner
) -> None:
    document = practitioner_document(maya, cast.clinic, TODAY)

    assert document == {
        "format": "medmassage.practitioner",
        "version": 1,
        "name": "Theo Therapist",
        "credentials": ["lymphatic_drainage"],
        "jurisdiction": "Ontario",
        "licence": {"number": "RMT-20417", "expires": "2027-12-31"},
    }
    parsed = parse_practitioner(document)
    assert parsed.credentials == {"lymphatic_drainage"}
    assert parsed.licence_expires == date(2027, 12, 31)


def test_an_expired_certification_leaves_the_document(cast: Cast, maya: Practitioner) -> None:
    assert practitioner_document(maya, cast.clinic, date(2027, 1, 1))["credentials"] == []


def test_a_lifted_requirement_opens_the_technique_to_everyone(
    cast: Cast, maya: Practitioner
) -> None:
    set_rule(cast, "joint_mobilization", "")

    document = practitioner_document(maya, cast.clinic, TODAY)

    assert document["credentials"] == ["joint_mobilization", "lymphatic_drainage"]
    assert parse_practitioner(document).credentials == {"joint_mobilization", "lymphatic_drainage"}


def test_a_different_credential_required_by_the_clinic_is_mapped_for_the_core(
    cast: Cast, maya: Practitioner
) -> None:
    # The clinic accepts lymphatic drainage training for craniosacral work, and asks
    # craniosacral training for lymphatic drainage, which Maya does not hold.
    set_rule(cast, "craniosacral", "lymphatic_drainage")
    set_rule(cast, "lymphatic_drainage", "craniosacral")

    document = practitioner_document(maya, cast.clinic, TODAY)
    scope = scope_of_practice(maya, cast.clinic, TODAY)

    assert document["credentials"] == ["craniosacral"]
    assert scope.restricted == {
        "lymphatic_drainage": "craniosacral",
        "joint_mobilization": "joint_mobilization",
        "intraoral_jaw": "intraoral_jaw",
    }
    assert scope.beyond_document == {}


def test_a_rule_on_a_technique_the_core_does_not_gate_is_named_for_the_caller(
    cast: Cast, maya: Practitioner
) -> None:
    set_rule(cast, "reflexology", "craniosacral")

    scope = scope_of_practice(maya, cast.clinic, TODAY)

    assert "reflexology" in scope.restricted
    assert scope.beyond_document == {"reflexology": "craniosacral"}
    assert "reflexology" not in scope.allowed


def test_the_document_carries_an_expired_licence_for_the_core_to_see(
    cast: Cast, maya: Practitioner
) -> None:
    document = practitioner_document(maya, cast.clinic, date(2028, 1, 1))

    assert not parse_practitioner(document).licence_valid_on(date(2028, 1, 1))


def test_a_document_is_made_only_for_the_practitioners_own_clinic(
    cast: Cast, maya: Practitioner
) -> None:
    with pytest.raises(ValueError, match="another clinic"):
        practitioner_document(maya, cast.other_clinic, TODAY)


# --- The rules page ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "therapist", "front_desk"])
def test_everyone_in_the_clinic_sees_the_rules(cast: Cast, role: str) -> None:
    page = logged_in(getattr(cast, role)).get(reverse("practitioners:credential-rules"))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Manual lymphatic drainage / lymphoedema training" in text
    assert "Project policy" in text
    assert ('name="source"' in text) is (role == "owner")


def test_the_owner_changes_a_rule_on_the_page(cast: Cast) -> None:
    browser = logged_in(cast.owner)
    data = {"technique": "reflexology", "credential": "craniosacral", "source": "Clinic policy"}

    response = browser.post(reverse("practitioners:credential-rules"), data, follow=True)

    assert response.status_code == 200
    assert "The rule for Reflexology was saved." in response.content.decode()
    assert get_credential_requirements(cast.clinic)["reflexology"] == "craniosacral"


def test_an_htmx_change_gets_its_row_back(cast: Cast) -> None:
    browser = logged_in(cast.owner)
    data = {"technique": "craniosacral", "credential": "", "source": "Ontario standard"}

    response = browser.post(reverse("practitioners:credential-rules"), data, HTTP_HX_REQUEST="true")

    text = response.content.decode()
    assert response.status_code == 200
    assert text.lstrip().startswith('<tr id="rule-craniosacral">')
    assert "None beyond the licence" in text
    assert "Ontario standard" in text


def test_a_bad_change_on_the_page_names_the_field_and_saves_nothing(cast: Cast) -> None:
    browser = logged_in(cast.owner)
    data = {"technique": "reflexology", "credential": "reiki", "source": ""}

    response = browser.post(reverse("practitioners:credential-rules"), data)

    assert response.status_code == 422
    text = response.content.decode()
    assert "Select a valid choice. reiki is not one of the available choices." in text
    assert "This field is required." in text
    assert "reflexology" not in get_credential_requirements(cast.clinic)


@pytest.mark.parametrize("role", ["therapist", "front_desk"])
def test_only_the_owner_changes_rules(cast: Cast, role: str) -> None:
    browser = logged_in(getattr(cast, role))
    data = {"technique": "reflexology", "credential": "craniosacral", "source": "Mine"}

    response = browser.post(reverse("practitioners:credential-rules"), data)

    assert response.status_code == 403
    assert "reflexology" not in get_credential_requirements(cast.clinic)


def test_the_outsiders_owner_changes_only_their_own_clinics_rules(cast: Cast) -> None:
    from medmassage.accounts.models import Membership, Role, User

    their_owner = User.objects.create_user("hana@hillside.test", "x" * 20, full_name="Hana Hill")
    Membership.objects.create(user=their_owner, clinic=cast.other_clinic, role=Role.OWNER)
    data = {"technique": "reflexology", "credential": "craniosacral", "source": "Hillside rule"}

    logged_in(their_owner).post(reverse("practitioners:credential-rules"), data)

    assert "reflexology" not in get_credential_requirements(cast.clinic)
    assert get_credential_requirements(cast.other_clinic)["reflexology"] == "craniosacral"
    page = logged_in(cast.owner).get(reverse("practitioners:credential-rules")).content.decode()
    assert "Hillside rule" not in page


def test_reading_the_rules_writes_nothing(cast: Cast, theo: Practitioner) -> None:
    browser = logged_in(cast.owner)

    browser.get(reverse("practitioners:credential-rules"))
    browser.get(reverse("practitioners:detail", args=[theo.pk]))
    practitioner_document(theo, cast.clinic)

    assert not CredentialRule.objects.for_clinic(cast.clinic).exists()
    assert events("practitioners.credential_rules.defaults_added") == []
    assert get_credential_requirements(cast.clinic) == DEFAULTS
