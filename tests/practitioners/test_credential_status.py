"""A practitioner's standing on a day: expiry warnings, the licence block, CE hours, credentials."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from medmassage.accounts.models import Practitioner
from medmassage.practitioners.models import Licence
from medmassage.practitioners.status import (
    LicenceExpired,
    credential_status,
    require_active_licence,
)
from tests.cast import Cast
from tests.practitioners.records import add_certification, add_education, add_licence, register

TODAY = date(2026, 3, 1)


@pytest.fixture
def bare(cast: Cast) -> Practitioner:
    """The cast's therapist with a profile and nothing else."""
    return register(cast.therapist)


def licensed(practitioner: Practitioner, expires_on: date, **fields: object) -> Licence:
    fields.setdefault("issued_on", date(2024, 3, 1))
    fields.setdefault("renewal_period_start", date(2025, 3, 1))
    return add_licence(practitioner, expires_on=expires_on, **fields)


# --- Warnings 60 days ahead -------------------------------------------------------------------


def test_a_licence_expiring_in_exactly_60_days_is_warned_about(bare: Practitioner) -> None:
    licensed(bare, TODAY + timedelta(days=60), ce_hours_required=Decimal(0))

    status = credential_status(bare, TODAY)

    assert status.state == "expiring"
    assert [(w.kind, w.days_left) for w in status.warnings] == [("licence", 60)]
    assert "expires in 60 days (2026-04-30)" in status.warnings[0].message
    assert not status.blocked


def test_a_licence_expiring_in_61_days_is_not_warned_about(bare: Practitioner) -> None:
    licensed(bare, TODAY + timedelta(days=61))

    status = credential_status(bare, TODAY)

    assert status.state == "active"
    assert status.warnings == ()


def test_a_certification_is_warned_about_from_60_days_before_its_expiry(
    bare: Practitioner,
) -> None:
    licensed(bare, date(2027, 12, 31))
    add_certification(bare, issued_on=date(2025, 1, 1), expires_on=TODAY + timedelta(days=60))

    assert [w.kind for w in credential_status(bare, TODAY).warnings] == ["certification"]
    assert credential_status(bare, TODAY - timedelta(days=1)).warnings == ()


def test_the_expiry_day_itself_still_counts_and_warns(bare: Practitioner) -> None:
    licensed(bare, TODAY, ce_hours_required=Decimal(0))

    status = credential_status(bare, TODAY)

    assert status.state == "expiring"
    assert not status.blocked
    assert "expires today" in status.warnings[0].message


def test_ce_hours_still_needed_are_warned_about_with_an_expiring_licence(
    bare: Practitioner,
) -> None:
    licensed(bare, TODAY + timedelta(days=30), ce_hours_required=Decimal(25))
    add_education(bare, hours=Decimal("17.5"), completed_on=TODAY - timedelta(days=10))

    warnings = credential_status(bare, TODAY).warnings

    assert [w.kind for w in warnings] == ["licence", "continuing_education"]
    assert (
        warnings[1].message == "7.5 CE hours still needed before the licence renews on 2026-03-31."
    )


# --- The block ---------------------------------------------------------------------------------


def test_an_expired_licence_blocks_planning_and_documenting(bare: Practitioner) -> None:
    licensed(bare, TODAY - timedelta(days=1), number="RMT-OLD")

    status = credential_status(bare, TODAY)

    assert status.state == "expired"
    assert status.blocked
    assert status.block_reason == (
        "The licence Ontario RMT-OLD expired on 2026-02-28: "
        "an expired licence blocks planning and documenting."
    )
    with pytest.raises(LicenceExpired, match="expired on 2026-02-28") as raised:
        require_active_licence(bare, TODAY)
    assert raised.value.practitioner == bare


def test_no_licence_at_all_blocks_too(bare: Practitioner) -> None:
    status = credential_status(bare, TODAY)

    assert (status.state, status.blocked, status.licence) == ("missing", True, None)
    with pytest.raises(LicenceExpired, match="No licence on record"):
        require_active_licence(bare, TODAY)


def test_a_licence_not_yet_in_force_blocks(bare: Practitioner) -> None:
    licensed(bare, date(2028, 3, 1), issued_on=TODAY + timedelta(days=1), renewal_period_start=None)

    assert credential_status(bare, TODAY).state == "not_yet_valid"
    with pytest.raises(LicenceExpired, match="not valid until 2026-03-02"):
        require_active_licence(bare, TODAY)


def test_an_active_licence_lets_the_practitioner_work(bare: Practitioner) -> None:
    licence = licensed(bare, date(2027, 1, 1))

    assert require_active_licence(bare, TODAY) == licence
    assert require_active_licence(bare, date(2027, 1, 1)) == licence
    with pytest.raises(LicenceExpired):
        require_active_licence(bare, date(2027, 1, 2))


def test_a_renewed_licence_in_force_wins_over_the_lapsed_one(bare: Practitioner) -> None:
    licensed(bare, date(2025, 12, 31), number="RMT-A", issued_on=date(2023, 1, 1))
    licensed(bare, date(2027, 12, 31), number="RMT-B", issued_on=date(2026, 1, 1))

    assert credential_status(bare, TODAY).licence.number == "RMT-B"
    assert credential_status(bare, date(2025, 6, 1)).licence.number == "RMT-A"


# --- Continuing education ---------------------------------------------------------------------


def test_ce_hours_count_only_within_the_renewal_period(bare: Practitioner) -> None:
    licensed(
        bare,
        date(2026, 12, 31),
        renewal_period_start=date(2025, 1, 1),
        ce_hours_required=Decimal(30),
    )
    add_education(bare, hours=Decimal(8), completed_on=date(2024, 12, 31))  # before the period
    add_education(bare, hours=Decimal(12), completed_on=date(2025, 1, 1))
    add_education(bare, hours=Decimal("4.5"), completed_on=date(2026, 2, 1))
    add_education(bare, hours=Decimal(5), completed_on=date(2027, 1, 1))  # the next period

    education = credential_status(bare, TODAY).education

    assert education is not None
    assert (education.period_start, education.period_end) == (date(2025, 1, 1), date(2026, 12, 31))
    assert education.hours_done == Decimal("16.5")
    assert education.hours_needed == Decimal("13.5")


def test_no_hours_are_needed_once_the_requirement_is_met(bare: Practitioner) -> None:
    licensed(bare, date(2026, 12, 31), ce_hours_required=Decimal(10))
    add_education(bare, hours=Decimal(12), completed_on=date(2025, 6, 1))

    assert credential_status(bare, TODAY).education.hours_needed == Decimal(0)


def test_without_a_period_start_the_period_runs_from_the_issue_date(bare: Practitioner) -> None:
    licensed(bare, date(2026, 12, 31), issued_on=date(2025, 6, 1), renewal_period_start=None)
    add_education(bare, hours=Decimal(3), completed_on=date(2025, 5, 31))
    add_education(bare, hours=Decimal(2), completed_on=date(2025, 6, 1))

    education = credential_status(bare, TODAY).education

    assert (education.period_start, education.hours_done) == (date(2025, 6, 1), Decimal(2))


# --- Credentials held -------------------------------------------------------------------------


def test_a_certification_grants_its_credentials_only_while_in_force(bare: Practitioner) -> None:
    licensed(bare, date(2027, 12, 31))
    add_certification(
        bare,
        credentials=["lymphatic_drainage", "intraoral_jaw"],
        issued_on=date(2025, 1, 10),
        expires_on=date(2026, 3, 1),
    )
    add_certification(
        bare, name="Craniosacral I", credentials=["craniosacral"], issued_on=date(2020, 1, 1)
    )

    def held(on: date) -> frozenset[str]:
        return credential_status(bare, on).held_credentials

    assert held(date(2025, 1, 9)) == {"craniosacral"}
    assert held(date(2025, 1, 10)) == {"craniosacral", "lymphatic_drainage", "intraoral_jaw"}
    assert held(TODAY) == {"craniosacral", "lymphatic_drainage", "intraoral_jaw"}
    assert held(TODAY + timedelta(days=1)) == {"craniosacral"}


def test_an_expired_certification_is_not_warned_about(bare: Practitioner) -> None:
    licensed(bare, date(2027, 12, 31))
    add_certification(bare, issued_on=date(2024, 1, 1), expires_on=TODAY - timedelta(days=1))

    assert credential_status(bare, TODAY).warnings == ()
