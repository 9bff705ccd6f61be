"""Home-program sessions the client logs in the portal, and the adherence they add up to.

The therapist's chart shows adherence over the last 14 days (project policy: a fortnight is
long enough to see a pattern, short enough to reflect the current program).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from medmassage.audit.services import record_event
from medmassage.clientaccounts.actors import ClientActor, audit_actor
from medmassage.clients.models import Client
from medmassage.homecare.models import HomeProgram, HomeProgramLog, LogStatus
from medmassage.problems import FieldErrors

LOG_STATUSES = LogStatus.choices
WINDOW_DAYS = 14


def get_program_for_client(clinic: int, client: Client) -> HomeProgram | None:
    """The client's current home program (the latest version), if any."""
    return HomeProgram.objects.for_clinic(clinic).filter(client=client).order_by("-version").first()


def list_logs(clinic: int, client: Client) -> QuerySet[HomeProgramLog]:
    return HomeProgramLog.objects.for_clinic(clinic).filter(client=client)


@transaction.atomic
def log_home_session(
    *, program: HomeProgram, by: ClientActor, status: str, pain_after: str, done_on: date
) -> HomeProgramLog:
    """The client notes one session of their own program: done, partly or not, and pain."""
    if program.client_id != by.account.client_id:
        raise ValueError("A client logs only their own home program")
    errors = FieldErrors()
    errors.check_choice("status", status, LogStatus.values)
    pain = None
    if str(pain_after).strip():
        try:
            pain = int(pain_after)
        except ValueError:
            pain = -1
        if not 0 <= pain <= 10:
            errors.add("pain_after", "a whole number from 0 (no pain) to 10")
    if done_on > timezone.localdate() + timedelta(days=1):
        errors.add("done_on", "cannot be in the future")
    errors.raise_any()
    log = HomeProgramLog.objects.for_clinic(program.clinic_id).create(
        clinic_id=program.clinic_id,
        client_id=program.client_id,
        program=program,
        done_on=done_on,
        status=status,
        pain_after=pain,
    )
    record_event(
        action="homecare.session.logged",
        subject=log,
        details={"status": status},
        **audit_actor(by),
    )
    return log


@dataclass(frozen=True)
class Adherence:
    """The client's logged home sessions over the window, for the chart."""

    done: int
    partly: int
    not_done: int
    last_logged: date | None
    average_pain_after: float | None

    @property
    def logged(self) -> int:
        return self.done + self.partly + self.not_done

    @property
    def percent(self) -> int | None:
        """Done counts whole, partly half (project policy)."""
        if not self.logged:
            return None
        return round(100 * (self.done + self.partly / 2) / self.logged)


def get_adherence(clinic: int, client: Client, *, today: date | None = None) -> Adherence | None:
    """Adherence over the last 14 days, or None when the client logged nothing in them."""
    today = today or timezone.localdate()
    logs = list(list_logs(clinic, client).filter(done_on__gt=today - timedelta(days=WINDOW_DAYS)))
    if not logs:
        return None
    last = max(log.done_on for log in logs)
    pains = [log.pain_after for log in logs if log.pain_after is not None]
    return Adherence(
        done=sum(1 for log in logs if log.status == LogStatus.DONE),
        partly=sum(1 for log in logs if log.status == LogStatus.PARTLY),
        not_done=sum(1 for log in logs if log.status == LogStatus.NOT_DONE),
        last_logged=last,
        average_pain_after=round(sum(pains) / len(pains), 1) if pains else None,
    )
