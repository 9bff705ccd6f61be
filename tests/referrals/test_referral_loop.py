"""Issue 13 points 2 and 3 end to end: screening says clearance or refer, a letter is drafted
from the record, edited, signed (a PDF in the letterhead), sent and tracked; the physician's
clearance answers it, and its limits change the next plan; an expired clearance asks again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from medmassage.careteam.documents import path_of
from medmassage.intake.models import Intake
from medmassage.plans.services import draft_plan
from medmassage.problems import InvalidInput
from medmassage.referrals import queries, services
from medmassage.referrals.errors import NotEditable, WrongStep
from medmassage.referrals.models import ReferralStatus
from tests.builders import Ready, actor, events, take_intake, todays_vignette
from tests.referrals.loop import answer, rivera


def surgery_last_week(ready: Ready) -> Intake:
    """A recent hip operation: screening asks for the surgeon's clearance."""
    from medmassage.intake.services import record_intake

    document = todays_vignette("p7_hip_fracture_surgery")
    week_ago = (timezone.localdate() - timedelta(days=7)).isoformat()
    document["history"]["surgeries"][0]["date"] = week_ago
    document["history"]["fractures"][0]["date"] = week_ago
    document["complaints"][0]["onset"] = week_ago
    document.pop("clearances", None)
    return record_intake(client=ready.client, by=actor(ready.therapist), document=document)


def latest_intake(ready: Ready) -> Intake:
    return Intake.objects.for_clinic(ready.client.clinic_id).filter(client=ready.client).first()


def test_a_clearance_answers_the_referral_and_its_limits_change_the_next_plan(
    ready: Ready,
) -> None:
    by = actor(ready.therapist)
    physician = rivera(ready)
    intake = surgery_last_week(ready)
    assert intake.decision == "clearance"

    referral = services.draft_referral(client=ready.client, by=by, provider=physician)
    assert referral.urgency == "routine"
    assert [f["code"] for f in referral.findings] == ["surgery.recent"]
    assert "safe" in referral.question
    assert "No massage was given" in referral.not_done
    services.update_referral(referral=referral, by=by, fields={"question": "Safe after surgery?"})
    referral = services.sign_referral(referral=referral, by=by)
    letter = path_of(referral.clinic_id, referral.document_name).read_bytes()
    text = "".join(
        page.extract_text()
        for page in PdfReader(path_of(referral.clinic_id, referral.document_name)).pages
    )
    assert letter.startswith(b"%PDF")
    assert "Dr Ana Rivera" in text
    assert "Safe after surgery?" in text
    assert "Harbour Clinic" in text
    with pytest.raises(NotEditable):
        services.update_referral(referral=referral, by=by, fields={"question": "changed"})
    referral = services.send_referral(referral=referral, by=by, via="fax")
    assert referral.expected_answer_by == timezone.localdate() + timedelta(days=14)

    clearance = answer(
        ready, referral, covers=["surgery"], avoid_regions=[{"region": "hip", "side": "right"}]
    )

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ANSWERED
    assert referral.answer == clearance
    rescreened = latest_intake(ready)
    assert rescreened.version == intake.version + 1
    assert rescreened.decision == "modify"
    plan = draft_plan(client=ready.client, by=by)
    assert plan.content["max_pressure"] == "light"
    assert all(t["technique"] != "deep_tissue" for t in plan.content["techniques"])
    limits = next(f for f in plan.content["findings"] if f["code"] == "clearance.1.limits")
    assert limits["sources"][0].startswith("Clearance from Dr Ana Rivera")
    assert events("referrals.referral.answered")
    assert events("intake.intake.rescreened")


def test_an_expired_clearance_asks_again(ready: Ready) -> None:
    month_ago = timezone.localdate() - timedelta(days=30)
    answer(ready, issued_on=month_ago, valid_until=month_ago + timedelta(days=7))

    intake = take_intake(ready, "p1_neck_desk")

    assert intake.decision == "clearance"
    codes = [f["code"] for f in intake.screening["findings"]]
    assert "clearance.1.expired" in codes
    plan = draft_plan(client=ready.client, by=actor(ready.therapist))
    assert plan.decision == "clearance"
    assert plan.content["techniques"] == []


def test_a_later_clearance_supersedes_the_expired_one(ready: Ready) -> None:
    month_ago = timezone.localdate() - timedelta(days=30)
    answer(ready, issued_on=month_ago, valid_until=month_ago + timedelta(days=7))
    answer(ready, outcome="cleared", max_pressure="", exclude_techniques=[])

    assert take_intake(ready, "p1_neck_desk").decision == "proceed"


def test_a_red_flag_referral_says_what_the_client_was_told_today(ready: Ready) -> None:
    by = actor(ready.therapist)
    document = todays_vignette("p1_neck_desk")
    document["red_flags"] = {"dvt_signs": True}
    from medmassage.intake.services import record_intake

    record_intake(client=ready.client, by=by, document=document)
    referral = services.draft_referral(client=ready.client, by=by, provider=rivera(ready))

    assert referral.urgency == "urgent"
    assert referral.stops_today
    assert "today" in referral.client_told
    services.update_referral(referral=referral, by=by, fields={"client_told": ""})
    with pytest.raises(InvalidInput) as refused:
        services.sign_referral(referral=referral, by=by)
    assert "client_told" in refused.value.message_dict


def test_an_unanswered_referral_becomes_overdue(ready: Ready) -> None:
    by = actor(ready.therapist)
    surgery_last_week(ready)
    referral = services.draft_referral(client=ready.client, by=by, provider=rivera(ready))
    with pytest.raises(WrongStep):
        services.send_referral(referral=referral, by=by, via="fax")
    services.sign_referral(referral=referral, by=by)
    referral = services.send_referral(referral=referral, by=by, via="fax")

    later = timezone.localdate() + timedelta(days=15)
    assert queries.shown_status(referral) == "sent"
    assert queries.shown_status(referral, later) == "overdue"
    assert list(queries.needs_attention(ready.client.clinic_id, later).overdue) == [referral]
