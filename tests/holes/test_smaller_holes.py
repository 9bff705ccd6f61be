"""The review's smaller holes: __Host- cookies over TLS, no discharge over a draft note, no
silent cutting of an addendum's reason, and approval by the treating therapist or an owner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from medmassage.accounts.models import Membership, Role
from medmassage.discharges.errors import PlanNotClosable
from medmassage.discharges.services import close_plan
from medmassage.plans.errors import NotTreatingTherapist
from medmassage.plans.services import approve_plan, draft_plan
from medmassage.practitioners.services import register_practitioner
from medmassage.problems import InvalidInput
from medmassage.visits import services as visits
from tests.builders import Ready, actor, license_, signed_visit, take_intake
from tests.cast import make_user

ROOT = Path(__file__).resolve().parents[2]


def cookie_names(**env: str) -> str:
    variables = {k: v for k, v in os.environ.items() if not k.startswith("MEDMASSAGE_SECURE")}
    variables.update(env, DJANGO_SETTINGS_MODULE="medmassage.config.settings")
    script = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    )
    result = subprocess.run(  # noqa: S603 - our own settings
        [sys.executable, "-c", script], env=variables, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1]


def test_cookies_carry_the_host_prefix_over_tls(tmp_path: Path) -> None:
    secure = cookie_names(MEDMASSAGE_SECURE="1", MEDMASSAGE_VAR_DIR=str(tmp_path))
    plain = cookie_names(MEDMASSAGE_VAR_DIR=str(tmp_path))

    assert secure == "__Host-sessionid __Host-csrftoken True True"
    assert plain == "sessionid csrftoken False False"


def test_a_plan_is_not_closed_while_a_note_is_a_draft(ready: Ready, plan: object) -> None:
    signed_visit(ready)
    visits.start_visit(client=ready.client, by=actor(ready.therapist), answers={})

    with pytest.raises(PlanNotClosable, match="still a draft"):
        close_plan(plan=plan, by=actor(ready.therapist), reason="goals_met")  # type: ignore[arg-type]


def test_an_over_long_addendum_reason_is_refused_not_cut(ready: Ready, plan: object) -> None:
    visit = signed_visit(ready)

    with pytest.raises(InvalidInput) as refused:
        visits.add_addendum(visit=visit, by=actor(ready.therapist), reason="r" * 301, text="t")

    assert "at most 300 characters (got 301)" in str(refused.value.message_dict["reason"])


def second_therapist(ready: Ready) -> Membership:
    user = make_user("tess@harbour.test", "Tess Second", ready.cast.clinic, Role.THERAPIST)
    member = Membership.objects.get(user=user)
    practitioner = register_practitioner(membership=member, by=actor(ready.cast.owner))
    from datetime import timedelta

    from django.utils import timezone

    license_(practitioner, ready.cast.owner, expires_on=timezone.localdate() + timedelta(days=300))
    return member


def test_only_the_treating_therapist_or_an_owner_approves(ready: Ready) -> None:
    take_intake(ready, "p1_neck_desk")
    plan = draft_plan(client=ready.client, by=actor(ready.therapist))
    other = second_therapist(ready)

    with pytest.raises(NotTreatingTherapist):
        approve_plan(plan=plan, by=actor(other))

    assert approve_plan(plan=plan, by=actor(ready.therapist)).status == "approved"
