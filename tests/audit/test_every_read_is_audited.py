"""A complete audit trail: every response, on every URL pattern, that shows a client's data
writes a read event in the same request. A new page that forgets fails here."""

from __future__ import annotations

import pytest
from django.http import HttpResponse

from medmassage.audit.models import AuditEvent
from tests.cast import Cast, logged_in
from tests.foundation.clinic_records import BORN, RecordBook
from tests.foundation.test_tenancy import _holds_clinic_data, _record_parameters, path_to
from tests.foundation.url_patterns import endpoints

MARK = "Wrenfield"
# What only a client's record holds (the book also marks practitioners', providers' and
# clinic records, and gives a provider the client's phone number).
CLIENT_DATA = (
    f"Zelda {MARK}",
    f"{MARK.lower()}@example.org",
    BORN.isoformat(),
    f"{MARK} goal",
    f"{MARK} assessment",
    f"{MARK} neck",
    f"{MARK} notes",
    f"{MARK} bruise",
)


@pytest.fixture
def mine(cast: Cast) -> RecordBook:
    return RecordBook(cast.clinic, cast.therapist, token_holder=cast.owner, mark=MARK)


def shows_client_data(response: HttpResponse) -> bool:
    if response.get("Content-Type", "").startswith("application/pdf"):
        return True
    body = response.getvalue().decode(errors="replace")  # streamed files too (bulk export)
    return any(data in body for data in CLIENT_DATA)


def test_every_response_showing_client_data_writes_a_read_event(
    cast: Cast, mine: RecordBook
) -> None:
    for kind in ("client", "consent", "intake", "assessment", "measurement", "plan", "visit"):
        mine[kind]
    browser = logged_in(cast.owner)
    unaudited, shown = [], 0
    for endpoint in endpoints():
        if not _holds_clinic_data(endpoint):
            continue  # admin tables shared by all clinics: owners are refused them
        path = path_to(endpoint, mine) if _record_parameters(endpoint) else endpoint.path()
        before = AuditEvent.objects.latest("id").pk
        response = browser.get(path)
        if response.status_code != 200 or not shows_client_data(response):
            continue
        shown += 1
        reads = AuditEvent.objects.filter(pk__gt=before, clinic_id=cast.clinic.pk)
        if not reads.exists():
            unaudited.append(path)
    assert shown > 20, "the walk found too few pages with client data"
    assert not unaudited, f"client data shown with no read event: {unaudited}"


def test_a_member_refused_a_record_is_recorded(cast: Cast) -> None:
    from django.urls import reverse

    from tests.builders import events

    logged_in(cast.outsider).get(reverse("charts:client", args=[cast.client.pk]))
    logged_in(cast.front_desk).get(reverse("plans:list", args=[cast.client.pk]))

    denied = events("access.denied")
    assert [(e.actor_id, e.details["status"]) for e in denied] == [
        (cast.outsider.pk, 404),
        (cast.front_desk.pk, 403),
    ]
    assert denied[0].clinic_id == cast.other_clinic.pk
    assert denied[0].details["client_id"] == str(cast.client.pk)


def test_a_search_is_audited_by_what_it_showed_never_by_its_terms(cast: Cast) -> None:
    from django.urls import reverse

    from tests.builders import events

    logged_in(cast.front_desk).post(reverse("clients:list"), {"q": "Lovel"})

    search = events("clients.search.viewed")[-1]
    assert search.details == {"shown": [cast.client.pk], "matches": 1}
    assert "Lovel" not in str(search.details)
