"""A document written for a record whose transaction rolls back does not stay on disk; one whose
record commits keeps its bytes, under its own name, even when the rename after the commit was
lost (the sweep finishes it, and the document reads meanwhile)."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from medmassage.careteam.documents import PENDING, Swept, path_of, sweep_pending
from medmassage.careteam.models import Clearance
from medmassage.careteam.tasks import sweep_pending_documents
from medmassage.referrals import services
from medmassage.referrals.answers import receive_clearance
from medmassage.referrals.models import Referral
from tests.builders import Ready, actor, todays_vignette
from tests.careteam.documents import PDF
from tests.referrals.loop import rivera

Capture = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]
LATER = timedelta(hours=2)


class Abandoned(Exception):
    """Raised inside the caller's transaction after the service returned."""


def rolled_back(work: Callable[[], object]) -> None:
    """Run the work in the caller's transaction, which then fails after it returned."""
    with contextlib.suppress(Abandoned), transaction.atomic():
        work()
        assert stored_files() != []  # written before the record, as pending
        raise Abandoned


def stored_files() -> list[str]:
    root = settings.DOCUMENTS_DIR
    return sorted(name for _, _, names in os.walk(root) for name in names) if root.exists() else []


def clearance_for(ready: Ready) -> Clearance:
    return receive_clearance(
        client=ready.client,
        by=actor(ready.therapist),
        fields={
            "outcome": "cleared",
            "from_name": "Dr Ana Rivera",
            "issued_on": timezone.localdate(),
        },
        document=io.BytesIO(PDF),
        document_name="clearance.pdf",
        claimed_type="application/pdf",
    )


def test_a_clearance_rolled_back_after_the_service_leaves_no_document(ready: Ready) -> None:
    # The caller's transaction fails after the clearance was recorded: nothing of it stays.
    rolled_back(lambda: clearance_for(ready))

    assert not Clearance.objects.for_clinic(ready.client.clinic_id).exists()
    left = stored_files()
    assert len(left) == 1
    assert left[0].endswith(PENDING)  # never took its name
    assert sweep_pending().removed == 0  # too young: its transaction might still run
    assert sweep_pending(timezone.now() + LATER).removed == 1
    assert stored_files() == []


def test_a_committed_clearance_keeps_its_document_under_its_name(
    ready: Ready, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        clearance = clearance_for(ready)

    assert stored_files() == [clearance.document_name]
    assert path_of(clearance.clinic_id, clearance.document_name).read_bytes() == PDF
    assert sweep_pending(timezone.now() + LATER) == Swept(promoted=0, removed=0)
    assert stored_files() == [clearance.document_name]


def test_a_rename_lost_after_the_commit_is_finished_by_the_sweep(ready: Ready) -> None:
    # The commit's callback never ran (as when the process dies right after the commit).
    clearance = clearance_for(ready)
    pending = path_of(clearance.clinic_id, clearance.document_name)
    assert pending.name.endswith(PENDING)
    assert pending.read_bytes() == PDF  # read where it is meanwhile

    later = timezone.now() + LATER
    os.utime(pending, (later.timestamp() - 7200, later.timestamp() - 7200))
    assert sweep_pending(later).promoted == 1
    assert stored_files() == [clearance.document_name]


def test_the_periodic_job_sweeps(ready: Ready) -> None:
    rolled_back(lambda: clearance_for(ready))
    (pending,) = settings.DOCUMENTS_DIR.rglob(f"*{PENDING}")
    old = (timezone.now() - LATER).timestamp()
    os.utime(pending, (old, old))

    assert sweep_pending_documents.call() == {"promoted": 0, "removed": 1}
    assert stored_files() == []


def test_a_signed_letter_rolled_back_leaves_no_document(ready: Ready) -> None:
    from medmassage.intake.services import record_intake

    by = actor(ready.therapist)
    document = todays_vignette("p1_neck_desk")
    document["red_flags"] = {"dvt_signs": True}
    record_intake(client=ready.client, by=by, document=document)
    referral = services.draft_referral(client=ready.client, by=by, provider=rivera(ready))

    rolled_back(lambda: services.sign_referral(referral=referral, by=by))

    assert Referral.objects.for_clinic(ready.client.clinic_id).get().status == "drafted"
    assert sweep_pending(timezone.now() + LATER).removed == 1
    assert stored_files() == []
