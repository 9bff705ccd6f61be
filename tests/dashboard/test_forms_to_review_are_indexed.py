"""The dashboard's online forms to review are read from partial indexes holding only what the
portal sent (intakes) or what waits for review (consents), not from every intake and consent
the clinic ever recorded: their cost follows the portal's use, not the clinic's history."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from medmassage.intake.review import pending_consents, pending_intakes
from tests.cast import Cast


@pytest.mark.parametrize(
    ("reads", "index"),
    [(pending_intakes, "intake_from_the_portal"), (pending_consents, "consent_to_review")],
)
def test_the_forms_to_review_come_from_their_partial_index(
    cast: Cast, reads: object, index: str
) -> None:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # An empty table is cheapest read whole; this asks whether the index can answer.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        plan = reads(cast.clinic).explain()  # type: ignore[operator]

    assert index in plan, plan
