"""Messages that bring a client back to the portal: "questionnaire due", "intake not
completed" before the first appointment, home-program nudges. Each is scheduled in the outbox
under a key that names its occasion, so it is sent exactly once however often the periodic job
runs and however many workers run it; each uses the clinic's wording and the client's consent
to be contacted (`schedule_message`), and names no condition, measure or finding.

Project policy: clients are reminded of unfinished forms 2 days before their first
appointment; a home-program nudge goes when nothing was logged for 7 days, at most once a week.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from medmassage.clientaccounts.models import ClientAccount
from medmassage.clients.queries import get_current_consent
from medmassage.homecare.adherence import get_program_for_client, list_logs
from medmassage.intake.models import Intake
from medmassage.messaging.models import Kind
from medmassage.messaging.services import Outgoing, schedule_message
from medmassage.outcomes.models import Context
from medmassage.outcomes.progress import PAIN
from medmassage.outcomes.queries import list_measurements
from medmassage.plans.models import PlanStatus
from medmassage.portal.questionnaires import due_questionnaire
from medmassage.scheduling.models import HOLDING, Appointment
from medmassage.scheduling.reminders import when_text
from medmassage.tenancy import clinic_scope

FORMS_BEFORE = timedelta(days=2)
QUIET_DAYS = 7


def _accounts() -> Iterator[ClientAccount]:
    """Every active, set-up portal account (a message links into the portal)."""
    yield from ClientAccount.unscoped_objects.select_related("client", "clinic").filter(
        is_active=True, activated_at__isnull=False
    )


def _link(name: str) -> str:
    return settings.SITE_URL + reverse(name)


def _schedule(account: ClientAccount, kind: Kind, key: str, now: datetime, **values: str) -> bool:
    client = account.client
    with transaction.atomic(), clinic_scope(account.clinic_id):
        message = schedule_message(
            clinic=account.clinic,
            outgoing=Outgoing(
                kind=kind,
                key=key,
                to_email=client.email,
                send_after=now,
                client=client,
                values={"first_name": client.preferred_name or client.given_name, **values},
            ),
        )
    return message is not None


def send_questionnaires_due(now: datetime | None = None) -> int:
    """Ask each client whose chart calls for a re-assessment to answer it in the portal (once
    per visit: the key names the last visit's pain rating)."""
    now, sent = now or timezone.now(), 0
    for account in _accounts():
        client = account.client
        with clinic_scope(account.clinic_id):
            instrument = due_questionnaire(account.clinic_id, client)
            if instrument is None:
                continue
            visits = list_measurements(account.clinic_id, client, PAIN)
            last = visits.filter(context=Context.VISIT).values_list("pk", flat=True).last()
        key = f"questionnaire-due:{client.pk}:{instrument}:{last}"
        sent += _schedule(account, Kind.QUESTIONNAIRE_DUE, key, now, link=_link("portal:home"))
    return sent


def send_forms_reminders(now: datetime | None = None) -> int:
    """Remind a client whose intake or consent is missing, before their first appointment."""
    now, sent = now or timezone.now(), 0
    for account in _accounts():
        client = account.client
        with clinic_scope(account.clinic_id):
            appointments = Appointment.objects.filter(client=client, status__in=HOLDING)
            if appointments.filter(starts_at__lt=now).exists():
                continue  # not before the first appointment any more
            first = appointments.order_by("starts_at").select_related("client__clinic").first()
            if first is None or first.starts_at > now + FORMS_BEFORE:
                continue
            has_intake = Intake.objects.filter(client=client).exists()
            if has_intake and get_current_consent(account.clinic_id, client) is not None:
                continue
        key = f"forms-reminder:{first.pk}"
        sent += _schedule(
            account,
            Kind.INTAKE_INCOMPLETE,
            key,
            now,
            when=when_text(first),
            link=_link("portal:home"),
        )
    return sent


def send_home_program_nudges(now: datetime | None = None) -> int:
    """Nudge a client with a home program under a plan in force who logged nothing for a week."""
    now, sent = now or timezone.now(), 0
    for account in _accounts():
        client = account.client
        with clinic_scope(account.clinic_id):
            program = get_program_for_client(account.clinic_id, client)
            if program is None or program.plan.status != PlanStatus.APPROVED:
                continue
            quiet_since = timezone.localdate(now) - timedelta(days=QUIET_DAYS)
            if list_logs(account.clinic_id, client).filter(done_on__gt=quiet_since).exists():
                continue
        year, week, _ = timezone.localdate(now).isocalendar()
        key = f"home-program-nudge:{client.pk}:{year}-W{week:02d}"
        link = _link("portal:home-program")
        sent += _schedule(account, Kind.HOME_PROGRAM_NUDGE, key, now, link=link)
    return sent
