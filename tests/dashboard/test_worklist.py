"""The dashboard is a worklist: a therapist's own day and loose ends, the owner's clinic-wide,
the front desk's without clinical content."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from medmassage.accounts.models import Role
from medmassage.practitioners.models import Licence
from medmassage.tenancy import clinic_scope
from medmassage.visits import services
from medmassage.visits.models import Visit
from tests.builders import Ready, actor, approve, signed_visit
from tests.cast import logged_in, make_user


def section(page: str, ident: str) -> str:
    """The text of one <section id=...> of the page."""
    start = page.index(f'id="{ident}"')
    return page[start : page.index("</section>", start)]


@pytest.fixture
def loose_ends(ready: Ready) -> dict[str, Visit]:
    """A course past its re-assessment point without improvement, an adverse event not
    reviewed, a note left unsigned two days, a note open today, a licence running out."""
    plan = approve(ready)
    for _ in range(plan.document.reassess_after_sessions):
        last = signed_visit(ready, pain=5)
    by = actor(ready.therapist)
    services.record_adverse_event(visit=last, by=by, event={"kind": "bruising", "severity": "mild"})
    old = services.start_visit(client=ready.client, by=by, answers={})
    with clinic_scope(ready.cast.clinic):
        Visit.objects.filter(pk=old.pk).update(started_at=timezone.now() - timedelta(days=2))
    today = services.start_visit(client=ready.client, by=by, answers={})
    Licence.unscoped_objects.filter(practitioner=ready.practitioner).update(
        expires_on=timezone.localdate() + timedelta(days=30)
    )
    return {"last": last, "old": old, "today": today}


def test_a_therapist_sees_their_worklist(ready: Ready, loose_ends: dict[str, Visit]) -> None:
    page = logged_in(ready.cast.therapist).get("/").content.decode()

    assert f"/visits/{loose_ends['today'].pk}/" in section(page, "todays-clients")
    assert "Ada Lovelace: note open" in section(page, "todays-clients")
    assert f"/visits/{loose_ends['old'].pk}/" in section(page, "unsigned-notes")
    adverse = section(page, "adverse-to-review")
    assert f"/visits/{loose_ends['last'].pk}/" in adverse
    assert "Ada Lovelace: Bruising, mild" in adverse
    assert f"/outcomes/clients/{ready.client.pk}/progress/" in section(page, "reassessments-due")
    assert "expires on" in section(page, "expiring-licences")
    assert "in 30 days" in section(page, "expiring-licences")


def test_a_reviewed_event_leaves_the_list(ready: Ready, loose_ends: dict[str, Visit]) -> None:
    from medmassage.visits.models import AdverseEvent

    with clinic_scope(ready.cast.clinic):
        event = AdverseEvent.objects.get(visit=loose_ends["last"])
    services.review_adverse_event(event=event, by=actor(ready.therapist), note="Bruise gone")
    page = logged_in(ready.cast.therapist).get("/").content.decode()
    assert "None waiting." in section(page, "adverse-to-review")


def test_another_therapist_sees_none_of_it(ready: Ready, loose_ends: dict[str, Visit]) -> None:
    other = make_user("tara@harbour.test", "Tara Second", ready.cast.clinic, Role.THERAPIST)
    page = logged_in(other).get("/").content.decode()

    assert "Ada Lovelace" not in page
    assert "None waiting." in section(page, "adverse-to-review")
    assert "None due." in section(page, "reassessments-due")


def test_the_owner_sees_the_clinic(ready: Ready, loose_ends: dict[str, Visit]) -> None:
    page = logged_in(ready.cast.owner).get("/").content.decode()

    assert "Today in the clinic" in page
    assert "Ada Lovelace with Theo Therapist: note open" in section(page, "todays-clients")
    assert "(Theo Therapist)" in section(page, "unsigned-notes")
    assert "Ada Lovelace: Bruising" in section(page, "adverse-to-review")
    assert "Ada Lovelace" in section(page, "reassessments-due")
    assert "Theo Therapist: licence" in section(page, "expiring-licences")


def test_the_front_desk_sees_no_clinical_list(ready: Ready, loose_ends: dict[str, Visit]) -> None:
    page = logged_in(ready.cast.front_desk).get("/").content.decode()

    for clinical in ("unsigned-notes", "adverse-to-review", "reassessments-due"):
        assert f'id="{clinical}"' not in page
    assert "/visits/" not in page
    assert "Theo Therapist: licence" in section(page, "expiring-licences")


def test_the_outsider_sees_nothing_of_it(ready: Ready, loose_ends: dict[str, Visit]) -> None:
    page = logged_in(ready.cast.outsider).get("/").content.decode()
    assert "Ada Lovelace" not in page
    assert "Theo Therapist" not in page


def test_a_long_list_of_unsigned_notes_names_the_oldest_and_counts_the_rest(
    ready: Ready, monkeypatch: pytest.MonkeyPatch
) -> None:
    from medmassage.dashboard import worklist

    monkeypatch.setattr(worklist, "SHOWN", 2)
    approve(ready)
    by = actor(ready.therapist)
    drafts = [services.start_visit(client=ready.client, by=by, answers={}) for _ in range(3)]
    with clinic_scope(ready.cast.clinic):
        for age, draft in zip((4, 3, 2), drafts, strict=True):
            started = timezone.now() - timedelta(days=age)
            Visit.objects.filter(pk=draft.pk).update(started_at=started)

    unsigned = section(logged_in(ready.cast.therapist).get("/").content.decode(), "unsigned-notes")

    assert f"/visits/{drafts[0].pk}/" in unsigned
    assert f"/visits/{drafts[1].pk}/" in unsigned
    assert f"/visits/{drafts[2].pk}/" not in unsigned
    assert "And 1 more unsigned note, listed here as the oldest are signed." in unsigned
