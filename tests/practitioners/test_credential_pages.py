"""The practitioner pages: status at a glance, one record, and the credential forms."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from medmassage.accounts.models import Practitioner
from medmassage.audit.models import AuditEvent
from medmassage.practitioners.models import Certification, ContinuingEducation, Licence
from medmassage.practitioners.queries import list_licences
from medmassage.tenancy import unscoped
from tests.cast import Cast, logged_in
from tests.practitioners.records import (
    OSCAR_SECRETS,
    add_certification,
    add_education,
    add_licence,
    days,
    register,
)


def audit_actions() -> list[str]:
    with unscoped():
        return list(
            AuditEvent.objects.filter(action__startswith="practitioners.")
            .order_by("id")
            .values_list("action", flat=True)
        )


def count_rows() -> tuple[int, int, int]:
    with unscoped():
        return (
            Licence.objects.count(),
            Certification.objects.count(),
            ContinuingEducation.objects.count(),
        )


@pytest.fixture
def olivia(cast: Cast) -> Practitioner:
    """The owner practises too: a licence that lapsed yesterday."""
    practitioner = register(cast.owner)
    add_licence(practitioner, number="RMT-OLIVIA", issued_on=days(-800), expires_on=days(-1),
                renewal_period_start=None)  # fmt: skip
    return practitioner


# --- The list ---------------------------------------------------------------------------------


def test_the_nav_links_to_the_practitioners(cast: Cast) -> None:
    page = logged_in(cast.front_desk).get(reverse("dashboard:home")).content.decode()

    assert f'href="{reverse("practitioners:list")}"' in page


def test_the_list_shows_licence_status_and_warnings(
    cast: Cast, theo: Practitioner, olivia: Practitioner
) -> None:
    add_certification(theo, name="MLD Level 2", issued_on=days(-400), expires_on=days(20))

    page = logged_in(cast.therapist).get(reverse("practitioners:list")).content.decode()

    assert "Theo Therapist" in page
    assert "Olivia Owner" in page
    assert '<span class="badge badge-active">Licence active</span>' in page
    assert '<span class="badge badge-expired">Licence expired</span>' in page
    assert "MLD Level 2 expires in 20 days" in page


def test_front_desk_sees_names_and_licence_status_only(cast: Cast, theo: Practitioner) -> None:
    add_certification(theo, name="MLD Level 2", issued_on=days(-400), expires_on=days(20))
    add_education(theo, course="Taping for athletes")
    browser = logged_in(cast.front_desk)

    listing = browser.get(reverse("practitioners:list")).content.decode()
    detail = browser.get(reverse("practitioners:detail", args=[theo.pk])).content.decode()

    for page in (listing, detail):
        assert "Theo Therapist" in page
        assert "Licence active" in page
        assert "MLD Level 2" not in page
    assert "Taping for athletes" not in detail
    assert "Add licence" not in detail


def test_the_list_offers_to_set_up_therapists_without_a_record(cast: Cast) -> None:
    owner_page = logged_in(cast.owner).get(reverse("practitioners:list")).content.decode()
    desk_page = logged_in(cast.front_desk).get(reverse("practitioners:list")).content.decode()

    assert "Set up practitioner record" in owner_page
    assert "Theo Therapist" in owner_page
    assert "Set up practitioner record" not in desk_page


def test_a_therapist_sets_up_their_own_record(cast: Cast) -> None:
    browser = logged_in(cast.therapist)

    response = browser.post(reverse("practitioners:register"), {"user_id": cast.therapist.pk})

    practitioner = Practitioner.unscoped_objects.get(membership__user=cast.therapist)
    assert response["Location"] == reverse("practitioners:detail", args=[practitioner.pk])
    assert audit_actions() == ["practitioners.practitioner.registered"]
    page = browser.get(response["Location"]).content.decode()
    assert "No licence on record: planning and documenting are blocked" in page


def test_front_desk_cannot_set_up_a_record(cast: Cast) -> None:
    response = logged_in(cast.front_desk).post(
        reverse("practitioners:register"), {"user_id": cast.therapist.pk}
    )

    assert response.status_code == 403
    assert not Practitioner.unscoped_objects.exists()


# --- One practitioner -------------------------------------------------------------------------


def test_the_detail_warns_60_days_ahead_and_counts_ce_hours(cast: Cast) -> None:
    theo = register(cast.therapist)
    add_licence(theo, number="RMT-9", expires_on=days(60), renewal_period_start=days(-600),
                ce_hours_required=Decimal(30))  # fmt: skip
    add_education(theo, course="Scar tissue work", hours=Decimal("12.5"), completed_on=days(-5))

    page = logged_in(cast.owner).get(reverse("practitioners:detail", args=[theo.pk]))

    text = page.content.decode()
    assert 'id="warnings-banner"' in text
    assert "Licence Ontario RMT-9 expires in 60 days" in text
    assert "17.5 CE hours still needed before the licence renews" in text
    assert "<strong>17.5 hours still needed</strong>" in text
    assert "Scar tissue work" in text
    assert 'id="blocked-banner"' not in text


def test_the_detail_shows_the_block_of_an_expired_licence(cast: Cast, olivia: Practitioner) -> None:
    page = logged_in(cast.therapist).get(reverse("practitioners:detail", args=[olivia.pk]))

    text = page.content.decode()
    assert 'id="blocked-banner"' in text
    assert "an expired licence blocks planning and documenting" in text


def test_the_detail_lists_techniques_kept_from_the_practitioner(
    cast: Cast, theo: Practitioner
) -> None:
    add_certification(theo, credentials=["lymphatic_drainage"])

    text = logged_in(cast.owner).get(reverse("practitioners:detail", args=[theo.pk])).content
    text = text.decode()

    assert "Craniosacral: needs Craniosacral therapy training" in text
    assert "Lymphatic drainage: needs" not in text


# --- The forms --------------------------------------------------------------------------------


def test_a_therapist_adds_their_own_licence(cast: Cast) -> None:
    theo = register(cast.therapist)
    browser = logged_in(cast.therapist)
    url = reverse("practitioners:add-licence", args=[theo.pk])
    data = {
        "jurisdiction": "Ontario",
        "number": "RMT-555",
        "issued_on": "2025-01-01",
        "expires_on": "2027-01-01",
        "renewal_period_start": "",
        "ce_hours_required": "25",
    }

    assert browser.get(url).status_code == 200
    response = browser.post(url, data)

    assert response.status_code == 302
    [licence] = list_licences(theo)
    assert (licence.number, licence.ce_hours_required) == ("RMT-555", Decimal(25))
    assert audit_actions()[-1] == "practitioners.licence.added"


def test_the_owner_renews_a_therapists_licence(cast: Cast, theo: Practitioner) -> None:
    [licence] = list_licences(theo)
    url = reverse("practitioners:change-licence", args=[theo.pk, licence.pk])
    browser = logged_in(cast.owner)
    form = browser.get(url)
    assert "RMT-THEO-1" in form.content.decode()
    data = {
        "jurisdiction": "Ontario",
        "number": "RMT-THEO-1",
        "issued_on": licence.issued_on.isoformat(),
        "expires_on": days(800).isoformat(),
        "renewal_period_start": days(70).isoformat(),
        "ce_hours_required": "30",
    }

    assert browser.post(url, data).status_code == 302

    licence.refresh_from_db()
    assert licence.expires_on == days(800)
    with unscoped():
        event = AuditEvent.objects.get(action="practitioners.licence.changed")
    assert event.actor_id == cast.owner.pk
    assert set(event.details) == {"practitioner_id", "expires_on", "renewal_period_start"}
    assert event.details["expires_on"]["to"] == days(800).isoformat()


def test_certification_and_education_forms_save_through_the_services(
    cast: Cast, theo: Practitioner
) -> None:
    browser = logged_in(cast.therapist)
    certification = {
        "name": "Craniosacral I",
        "issuer": "Upledger",
        "credentials": ["craniosacral", "intraoral_jaw"],
        "issued_on": "2025-02-01",
        "expires_on": "",
    }
    education = {
        "course": "Pain science",
        "provider": "",
        "hours": "7.5",
        "completed_on": "2026-01-10",
    }

    assert (
        browser.post(
            reverse("practitioners:add-certification", args=[theo.pk]), certification
        ).status_code
        == 302
    )
    assert (
        browser.post(reverse("practitioners:add-education", args=[theo.pk]), education).status_code
        == 302
    )

    with unscoped():
        assert Certification.objects.get().credentials == ["craniosacral", "intraoral_jaw"]
        course = ContinuingEducation.objects.get()
    assert course.hours == Decimal("7.5")
    url = reverse("practitioners:change-education", args=[theo.pk, course.pk])
    assert browser.post(url, {**education, "hours": "8"}).status_code == 302
    assert audit_actions()[-3:] == [
        "practitioners.certification.added",
        "practitioners.education.added",
        "practitioners.education.changed",
    ]  # fmt: skip


BAD_LICENCE_INPUT = [
    ({"expires_on": "2024-01-01"}, "expires_on", "must come after the issue date"),
    ({"expires_on": "someday"}, "expires_on", "Enter a valid date."),
    ({"number": ""}, "number", "This field is required."),
    ({"ce_hours_required": "-1"}, "ce_hours_required", "greater than or equal to 0"),
    ({"renewal_period_start": "2030-01-01"}, "renewal_period_start", "start before the expiry"),
    ({"number": "RMT-THEO-1"}, "number", "RMT-THEO-1 in Ontario is already on record"),
]


@pytest.mark.parametrize(("data", "field", "message"), BAD_LICENCE_INPUT)
def test_bad_licence_input_names_the_field_and_saves_nothing(
    cast: Cast, theo: Practitioner, data: dict[str, str], field: str, message: str
) -> None:
    valid = {
        "jurisdiction": "Ontario",
        "number": "RMT-2",
        "issued_on": "2025-01-01",
        "expires_on": "2027-01-01",
        "renewal_period_start": "",
        "ce_hours_required": "0",
    }
    before, events_before = count_rows(), audit_actions()

    response = logged_in(cast.owner).post(
        reverse("practitioners:add-licence", args=[theo.pk]), {**valid, **data}
    )

    assert response.status_code == 422
    assert message in str(response.context["form"].errors[field])
    assert count_rows() == before
    assert audit_actions() == events_before


def test_a_certification_must_grant_a_known_credential(cast: Cast, theo: Practitioner) -> None:
    data = {"name": "Reiki", "issuer": "X", "credentials": ["reiki"], "issued_on": "2025-01-01"}

    response = logged_in(cast.therapist).post(
        reverse("practitioners:add-certification", args=[theo.pk]), data
    )

    assert response.status_code == 422
    assert "credentials" in response.context["form"].errors
    assert count_rows()[1] == 0


def test_ce_hours_must_be_positive(cast: Cast, theo: Practitioner) -> None:
    data = {"course": "Nothing", "hours": "0", "completed_on": "2026-01-01"}

    response = logged_in(cast.therapist).post(
        reverse("practitioners:add-education", args=[theo.pk]), data
    )

    assert response.status_code == 422
    assert "hours" in response.context["form"].errors
    assert count_rows()[2] == 0


@pytest.mark.parametrize("method", ["get", "post"])
def test_front_desk_cannot_edit(cast: Cast, theo: Practitioner, method: str) -> None:
    browser = logged_in(cast.front_desk)
    [licence] = list_licences(theo)
    urls = [
        reverse("practitioners:add-licence", args=[theo.pk]),
        reverse("practitioners:change-licence", args=[theo.pk, licence.pk]),
        reverse("practitioners:add-certification", args=[theo.pk]),
        reverse("practitioners:add-education", args=[theo.pk]),
    ]

    for url in urls:
        response = getattr(browser, method)(url, {"number": "X"} if method == "post" else None)
        assert response.status_code == 403, url
    assert count_rows() == (1, 0, 0)


def test_a_therapist_cannot_edit_a_colleague(cast: Cast, olivia: Practitioner) -> None:
    register(cast.therapist)
    response = logged_in(cast.therapist).get(reverse("practitioners:add-licence", args=[olivia.pk]))

    assert response.status_code == 403


# --- The outsider -----------------------------------------------------------------------------


def outsider_urls(oscar: Practitioner) -> list[str]:
    with unscoped():
        licence = Licence.objects.get(practitioner=oscar)
        certification = Certification.objects.get(practitioner=oscar)
        course = ContinuingEducation.objects.get(practitioner=oscar)
    pk = oscar.pk
    return [
        reverse("practitioners:detail", args=[pk]),
        reverse("practitioners:add-licence", args=[pk]),
        reverse("practitioners:change-licence", args=[pk, licence.pk]),
        reverse("practitioners:add-certification", args=[pk]),
        reverse("practitioners:change-certification", args=[pk, certification.pk]),
        reverse("practitioners:add-education", args=[pk]),
        reverse("practitioners:change-education", args=[pk, course.pk]),
    ]


@pytest.mark.parametrize("role", ["owner", "therapist", "front_desk"])
def test_another_clinics_practitioner_is_not_found_and_nothing_shows(
    cast: Cast, theo: Practitioner, oscar: Practitioner, role: str
) -> None:
    browser = logged_in(getattr(cast, role))
    before = count_rows()

    detail, *forms = outsider_urls(oscar)
    responses = [(detail, browser.get(detail))]
    for url in forms:
        responses += [(url, browser.get(url)), (url, browser.post(url, {"number": "RMT-X"}))]

    for url, response in responses:
        assert response.status_code == 404, url
        body = response.content.decode()
        assert not [secret for secret in OSCAR_SECRETS if secret in body], url
    assert count_rows() == before


def test_our_own_practitioner_is_not_found_from_the_other_clinic(
    cast: Cast, theo: Practitioner, oscar: Practitioner
) -> None:
    browser = logged_in(cast.outsider)

    assert browser.get(reverse("practitioners:detail", args=[theo.pk])).status_code == 404
    listing = browser.get(reverse("practitioners:list")).content.decode()
    assert "Oscar Outsider" in listing
    assert "Theo Therapist" not in listing
    assert "RMT-THEO-1" not in listing


def test_the_outsider_cannot_set_up_our_therapist(cast: Cast) -> None:
    response = logged_in(cast.outsider).post(
        reverse("practitioners:register"), {"user_id": cast.therapist.pk}
    )

    assert response.status_code == 404
    assert "Theo" not in response.content.decode()
    assert not Practitioner.unscoped_objects.exists()


def test_lists_show_nothing_of_the_other_clinic(cast: Cast, oscar: Practitioner) -> None:
    browser = logged_in(cast.owner)

    for name in ("practitioners:list", "practitioners:credential-rules"):
        body = browser.get(reverse(name)).content.decode()
        assert not [secret for secret in OSCAR_SECRETS if secret in body], name
