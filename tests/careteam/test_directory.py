"""Issue 13 point 1: the clinic's directory of outside providers and each client's care team."""

from __future__ import annotations

import pytest

from medmassage.careteam import queries, services
from medmassage.careteam.npi import luhn_check_digit, npi_problem
from medmassage.problems import InvalidInput
from tests.builders import actor, events
from tests.cast import Cast

RIVERA = {
    "name": "Dr Ana Rivera",
    "profession": "physician",
    "organisation": "Harbour Family Practice",
    "npi": "1234567893",
    "phone": "555-0120",
    "fax": "555-0121",
    "secure_email": "rivera@direct.harbourfp.example",
}


@pytest.mark.parametrize("npi", ["1234567893", "1245319599"])
def test_valid_npis_pass_the_check_digit(npi: str) -> None:
    assert npi_problem(npi) is None


@pytest.mark.parametrize(
    ("npi", "problem"),
    [
        ("1234567890", "check digit"),
        ("123456789", "10 digits"),
        ("12345678a3", "10 digits"),
        ("3234567893", "starts with 1 or 2"),
    ],
)
def test_invalid_npis_say_why(npi: str, problem: str) -> None:
    assert problem in (npi_problem(npi) or "")


def test_the_check_digit_is_luhn_over_the_80840_prefix() -> None:
    # CMS's worked example: 123456789 with the prefix 80840 has check digit 3.
    assert luhn_check_digit("80840123456789") == 3


def test_a_provider_joins_the_directory_and_a_care_team(cast: Cast) -> None:
    by = actor(cast.therapist)
    provider = services.add_provider(by=by, fields=RIVERA)
    member = services.add_to_care_team(
        client=cast.client, provider=provider, role="referring", by=by
    )

    assert [m.provider.name for m in queries.list_care_team(cast.clinic, cast.client)] == [
        "Dr Ana Rivera"
    ]
    assert list(queries.list_providers(cast.clinic, query="harbour fam")) == [provider]
    assert events("careteam.provider.added")
    assert events("careteam.member.added")
    services.remove_from_care_team(member=member, by=by)
    assert queries.list_care_team(cast.clinic, cast.client) == []


def test_bad_input_names_each_field(cast: Cast) -> None:
    fields = {**RIVERA, "npi": "1234567890", "profession": "wizard", "secure_email": "nope"}
    with pytest.raises(InvalidInput) as refused:
        services.add_provider(by=actor(cast.therapist), fields={**fields, "name": ""})

    assert set(refused.value.message_dict) == {"name", "npi", "profession", "secure_email"}


def test_an_npi_is_in_the_directory_once(cast: Cast) -> None:
    services.add_provider(by=actor(cast.therapist), fields=RIVERA)
    with pytest.raises(InvalidInput, match="NPI"):
        services.add_provider(by=actor(cast.therapist), fields={**RIVERA, "name": "Dup"})


def test_the_directory_belongs_to_its_clinic(cast: Cast) -> None:
    services.add_provider(by=actor(cast.outsider), fields=RIVERA)
    assert list(queries.list_providers(cast.clinic)) == []
