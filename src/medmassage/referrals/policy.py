"""When an answer is due, by urgency (project policy: no published standard was found).

An emergency referral is expected to be answered the next day, an urgent one within two
working days' worth of calendar days, a routine one (clearance) within two weeks. After that
the referral shows as overdue, on the client's page and the dashboard.
"""

from __future__ import annotations

import datetime as dt

ANSWER_DAYS = {"emergency": 1, "urgent": 3, "routine": 14}
REPORT_ANSWER_DAYS = 30
# An incoming referral warns when this many authorised visits or fewer are left, or when it
# expires within this many days (project policy).
VISITS_LEFT_WARNING = 2
EXPIRY_WARNING_DAYS = 14


def answer_due(urgency: str, sent_on: dt.date) -> dt.date:
    """The day an answer is expected for a referral sent on `sent_on`."""
    return sent_on + dt.timedelta(days=ANSWER_DAYS.get(urgency, ANSWER_DAYS["routine"]))


def is_overdue(status: str, expected: dt.date | None, today: dt.date) -> bool:
    """Sent, not answered, and past the day an answer was expected."""
    return status == "sent" and expected is not None and today > expected
