"""A realistic practice of any size, written straight into the database (the scale benchmark's
data set).

Each clinic first records one client through the services (consent, intake, plan drafted and
approved by the clinical core, a baseline questionnaire, a documented and signed visit), so every
clinical document is one the code itself produced and validated. That client is then the model
for every other: its rows are copied with new ids, names, dates and staff, and written in
batches (COPY on PostgreSQL, multi-row inserts on SQLite). The audit events the services wrote
for the model client are repeated for every copy, each hashed into its clinic's chain with the
same functions `record_event` uses, so `medmassage audit verify` passes on the result.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Clinic, Membership, Practitioner, Role, User
from medmassage.audit import checkpoints
from medmassage.audit.chain import event_hash, event_payload
from medmassage.audit.models import AuditChainHead, AuditEvent, Seal
from medmassage.audit.seals import digest_of
from medmassage.clients.consents import ConsentDetails, record_consent
from medmassage.clients.models import Client, ClientNameWord, Consent, ConsentTopic, words_of
from medmassage.clients.search import name_key, phone_key
from medmassage.clients.services import create_client
from medmassage.intake.models import Intake
from medmassage.intake.services import record_intake
from medmassage.integrity.keys import keyring
from medmassage.outcomes.models import Measurement
from medmassage.outcomes.services import record_measurement
from medmassage.plans.models import TreatmentPlan
from medmassage.plans.sealing import plan_content
from medmassage.plans.services import approve_plan, draft_plan
from medmassage.practitioners.services import add_licence, register_practitioner
from medmassage.reports.summaries import refresh_every_course
from medmassage.tenancy import unscoped
from medmassage.visits import services as visit_services
from medmassage.visits.models import TreatmentGiven, Visit, VisitStatus
from medmassage.visits.note import read_note
from medmassage.visits.sealing import note_content

BATCH_VISITS = 4000


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# A desk worker's neck pain (no red flags): the core plans Swedish massage and myofascial
# release for it, so the model visit can record both.
_INTAKE: dict[str, Any] = {
    "format": "medmassage.intake",
    "version": 1,
    "age": 47,
    "sex": "female",
    "complaints": [
        {
            "region": "neck",
            "side": "both",
            "icd10": "M54.2",
            "description": "Neck pain from long hours at a desk",
            "onset": "2025-11-01",
            "pain": 5,
            "aggravates": ["sitting at the computer"],
            "eases": ["moving", "heat"],
        }
    ],
    "medications": [],
    "red_flags": dict.fromkeys(
        _words(
            "dizziness double_vision difficulty_speaking difficulty_swallowing drop_attacks "
            "nystagmus nausea facial_numbness gait_change clumsy_hands significant_trauma "
            "suicidal_thoughts dvt_signs"
        ),
        False,
    ),
    "vitals": {"temperature_c": 36.7, "systolic": 124, "diastolic": 80},
    "goals": ["Work a full day without neck pain"],
    "consents": {"informed": True},
}
_TREATMENTS = (
    ("swedish", "neck", 15),
    ("myofascial_release", "neck", 15),
    ("swedish", "neck", 10),
    ("myofascial_release", "neck", 10),
    ("swedish", "neck", 5),
)
_GIVEN = _words(
    "Ada Amira Ángel Ben Chloé Daniel Elif Émile Fatima Grace Hana Helen Ingrid Jonas Kwame Lea "
    "Liam Maja Margaret Mateo Noah Nora Olivia Oscar Priya Ravi Renée Sam Siobhán Sofia Tomás "
    "Una Victor Wei Yara Zoë"
)
_FAMILY = _words(
    "Brooks Chen Dubois Eriksen Fernández García Haddad Ivanova Jensen Kapoor Kowalski Lovelace "
    "Mensah Müller Nakamura Novak O'Neill Okafor Petrov Quinn Rivera Rossi Schmidt Solberg Tanaka "
    "Umarov Varga Wójcik Xu Yilmaz Zhang"
)
_SUFFIXES = ("", "", "", "son", "sen", "ez", "ova", "ski", "berg", "ford", "ley", "man", "ini")


@dataclass(frozen=True)
class PracticeSize:
    """How much to generate; visits are spread over the clients at random (some have none)."""

    clinics: int = 2
    clients: int = 1000
    visits: int = 10_000
    therapists: int = 4
    treatments_per_visit: int = 3
    draft_share: float = 0.03  # share of clients whose latest visit is still an unsigned draft
    years: int = 3
    seed: int = 15


@dataclass
class Generated:
    clinics: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, count: int) -> None:
        self.counts[table] = self.counts.get(table, 0) + count


Progress = Callable[[str], None]


def generate_practice(size: PracticeSize, *, progress: Progress = lambda _: None) -> Generated:
    """Create `size.clinics` new clinics holding the clients, visits and audit trail asked for."""
    rng = random.Random(size.seed)  # noqa: S311 - synthetic data, not security
    result = Generated()
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            # A bulk load into a throwaway benchmark database: no fsync per batch.
            cursor.execute("PRAGMA synchronous=OFF")
    run = f"{timezone.now():%Y%m%d%H%M%S}{rng.randrange(1000):03d}"
    for number in range(size.clinics):
        clients = size.clients // size.clinics + (number < size.clients % size.clinics)
        visits = size.visits // size.clinics + (number < size.visits % size.clinics)
        with unscoped():
            clinic_id = _generate_clinic(
                run, number, clients, visits, size, rng, result, progress=progress
            )
        result.clinics.append(clinic_id)
        # Rows were written with their ids: PostgreSQL's sequences must move past them before
        # the services write the next clinic's rows.
        _reset_sequences()
    analyze()
    return result


def analyze() -> None:
    """Refresh the planner's statistics and the visibility map, as autovacuum does on
    PostgreSQL after a bulk load (without the map every index-only scan reads the table too,
    as a live database's would not)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # VACUUM cannot run in a transaction (a test's): statistics alone there.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        else:
            cursor.execute("PRAGMA optimize=0x10002")


# --- one clinic ----------------------------------------------------------------------------


@dataclass
class _Staff:
    owner: Membership
    therapists: list[Membership]
    practitioners: list[Practitioner]


def _generate_clinic(
    run: str,
    number: int,
    clients: int,
    visits: int,
    size: PracticeSize,
    rng: random.Random,
    result: Generated,
    *,
    progress: Progress,
) -> int:
    with transaction.atomic():
        clinic = Clinic.objects.create(
            name=f"Scale clinic {number + 1}",
            slug=f"scale-{run}-{number + 1}",
            jurisdiction="Ontario, Canada",
            time_zone="America/Toronto",
        )
        staff = _staff(clinic, size.therapists)
        model = _model_client(clinic, staff)
    writer = _ClinicWriter(clinic, staff, model, size, rng, result)
    owners = [rng.randrange(max(clients, 1)) for _ in range(visits)]
    per_client = [0] * clients
    for owner in owners:
        per_client[owner] += 1
    for index, count in enumerate(per_client):
        writer.add_client(index, count)
        if writer.pending_visits >= BATCH_VISITS:
            writer.flush()
            progress(f"clinic {number + 1}: {index + 1:,}/{clients:,} clients")
    writer.flush()
    writer.close_chain()
    progress(f"clinic {number + 1}: course summaries")
    # Derived rows (the outcomes report's and the dashboard's), computed as each change to the
    # record computes them.
    refresh_every_course(clinic.pk)
    progress(f"clinic {number + 1}: done")
    return int(clinic.pk)


def _staff(clinic: Clinic, therapists: int) -> _Staff:
    password = make_password(None)  # unusable: the benchmark signs in by session
    domain = f"{clinic.slug}.example"

    def member(email: str, name: str, role: Role) -> Membership:
        user = User.objects.create(email=f"{email}@{domain}", full_name=name, password=password)
        return Membership.objects.create(user=user, clinic=clinic, role=role)

    owner = member("owner", "Owner of " + clinic.name, Role.OWNER)
    member("desk", "Front desk of " + clinic.name, Role.FRONT_DESK)
    team = [
        member(f"therapist{i + 1}", f"{_GIVEN[i % len(_GIVEN)]} Therapist{i + 1}", Role.THERAPIST)
        for i in range(max(therapists, 1))
    ]
    practitioners = []
    today = timezone.localdate()
    for index, therapist in enumerate(team):
        practitioner = register_practitioner(membership=therapist, by=Actor(owner))
        add_licence(
            practitioner=practitioner,
            by=Actor(owner),
            fields={
                "jurisdiction": clinic.jurisdiction,
                "number": f"RMT-{clinic.pk:03d}{index:03d}",
                "issued_on": today - timedelta(days=700),
                "expires_on": today + timedelta(days=365),
            },
        )
        practitioners.append(practitioner)
    return _Staff(owner, team, practitioners)


@dataclass
class _Model:
    """The model client's rows and audit events, recorded through the services."""

    client: Client
    consent: Consent
    intake: Intake
    plan: TreatmentPlan
    baseline: Measurement
    visit: Visit
    pain: Measurement
    treatments: list[TreatmentGiven]
    client_events: list[AuditEvent]
    visit_events: list[AuditEvent]


def _model_client(clinic: Clinic, staff: _Staff) -> _Model:
    by = Actor(staff.therapists[0])
    client = create_client(
        by=by,
        given_name="Model",
        family_name="Client",
        date_of_birth=date(1979, 4, 2),
        phone="+1 416 555-0100",
        sex="female",
    )
    consent = record_consent(
        client=client,
        by=by,
        details=ConsentDetails(
            topics=tuple(str(topic) for topic in ConsentTopic),
            signature_method="typed",
            signature=client.full_name,
        ),
    )
    document = {**_INTAKE, "visit_date": timezone.localdate().isoformat()}
    intake = record_intake(client=client, by=by, document=document)
    plan = approve_plan(plan=draft_plan(client=client, by=by), by=by)
    baseline = record_measurement(
        client=client, by=by, instrument="nprs", answers=[6], context="baseline"
    )
    visit = visit_services.start_visit(client=client, by=by, answers={"temperature_c": 36.6})
    treatments = [
        {"technique": t, "region": r, "side": "both", "minutes": m, "pressure": "medium"}
        for t, r, m in _TREATMENTS[:2]
    ]
    changes = read_note(
        {
            "pain_today": 4,
            "changes_since_last": "Sleeping better",
            "objective": "Upper trapezius hypertonic, tender on the left",
            "assessment": "Less guarded than last week",
            "plan_notes": "Continue; review home stretches next visit",
            "treatments": treatments,
        }
    )
    visit_services.save_note(visit=visit, by=by, changes=changes)
    visit = visit_services.sign_visit(visit=visit, by=by)
    pain = Measurement.objects.for_clinic(clinic).get(pk=int(visit.pain_measurement_id or 0))
    events = list(
        AuditEvent.objects.filter(chain=clinic.pk, client_id=client.pk).order_by("sequence")
    )
    per_visit = {("visits.visit", str(visit.pk)), ("outcomes.measurement", str(pain.pk))}
    return _Model(
        client=client,
        consent=consent,
        intake=intake,
        plan=plan,
        baseline=baseline,
        visit=visit,
        pain=pain,
        treatments=list(TreatmentGiven.objects.for_clinic(clinic).filter(visit=visit)),
        client_events=[e for e in events if (e.subject_type, e.subject_id) not in per_visit],
        visit_events=[e for e in events if (e.subject_type, e.subject_id) in per_visit],
    )


# --- rows ----------------------------------------------------------------------------------


def _json_ready(model_field: models.Field[Any, Any], value: Any) -> Any:
    if isinstance(model_field, models.JSONField):
        return None if value is None else json.dumps(value)
    return model_field.get_db_prep_save(value, connection)


class _Table:
    """Rows of one table copied from a model row: its prepared values with some replaced."""

    def __init__(self, template: models.Model) -> None:
        self.model = type(template)
        self.fields = list(self.model._meta.concrete_fields)
        self.by_name = {f.attname: f for f in self.fields}
        self.position = {f.attname: i for i, f in enumerate(self.fields)}
        self.base = [_json_ready(f, getattr(template, f.attname)) for f in self.fields]
        self.rows: list[tuple[Any, ...]] = []
        self.next_id = _next_id(self.model)

    def add(self, **values: Any) -> int:
        row = list(self.base)
        new_id = self.next_id
        self.next_id += 1
        row[self.position["id"]] = new_id
        for name, value in values.items():
            row[self.position[name]] = _json_ready(self.by_name[name], value)
        self.rows.append(tuple(row))
        return new_id

    def write(self) -> int:
        count = len(self.rows)
        write_rows(self.model._meta.db_table, [str(f.column) for f in self.fields], self.rows)
        self.rows = []
        return count


def _next_id(model: type[models.Model]) -> int:
    with unscoped():
        latest = model._default_manager.aggregate(models.Max("id"))["id__max"]
    return int(latest or 0) + 1


def write_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Append rows: COPY on PostgreSQL, one multi-row executemany on SQLite."""
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    name = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {name} ({quoted}) VALUES ({marks})", list(rows))  # noqa: S608


class _ClinicWriter:
    def __init__(
        self,
        clinic: Clinic,
        staff: _Staff,
        model: _Model,
        size: PracticeSize,
        rng: random.Random,
        result: Generated,
    ) -> None:
        self.clinic, self.staff, self.model, self.size = clinic, staff, model, size
        self.rng, self.result = rng, result
        self.clients = _Table(model.client)
        self.name_words: list[tuple[int, int, str]] = []  # clinic, client, word
        self.consents = _Table(model.consent)
        self.intakes = _Table(model.intake)
        self.plans = _Table(model.plan)
        self.measurements = _Table(model.pain)
        self.baseline = _Table(model.baseline)
        self.visits = _Table(model.visit)
        self.treatments = _Table(model.treatments[0])
        self.treatment_templates = [_Table(row) for row in model.treatments]
        head = AuditChainHead.objects.get(chain=clinic.pk)
        self.sequence, self.prev_hash = head.sequence, head.hash
        self.head_sequence = head.sequence
        self.key = keyring().current  # the integrity key record_event hashes with
        self.events: list[tuple[Any, ...]] = []
        self.event_columns = [str(f.column) for f in AuditEvent._meta.concrete_fields]
        self.event_fields = list(AuditEvent._meta.concrete_fields)
        self.next_event_id = _next_id(AuditEvent)
        self.pending_visits = 0
        self.signed_from = self.visits.next_id
        self.plans_written = self.plans.next_id
        self.now = timezone.now()

    # one client with its visits
    def add_client(self, index: int, visits: int) -> None:
        rng, size = self.rng, self.size
        team = len(self.staff.therapists)
        therapist = self.staff.therapists[index % team]
        practitioner = self.staff.practitioners[index % team]
        # The visits' spacing first, then a start that fits the whole course before today: a
        # clinic's day holds the visits a therapist can give, not every late course at once.
        gaps = [
            timedelta(days=rng.randint(4, 21), minutes=rng.randrange(600)) for _ in range(visits)
        ]
        course = sum(gaps, timedelta()) + timedelta(days=1)
        span = timedelta(days=365 * size.years)
        room = max(span - course, timedelta(seconds=1))
        first = self.now - course - timedelta(seconds=rng.randrange(int(room.total_seconds())))
        given, family = rng.choice(_GIVEN), rng.choice(_FAMILY) + rng.choice(_SUFFIXES)
        phone = f"+1 {rng.randrange(200, 999)} {rng.randrange(200, 999)}-{rng.randrange(10**4):04d}"
        born = date(1930, 1, 1) + timedelta(days=rng.randrange(75 * 365))
        client_id = self.clients.add(
            given_name=given,
            family_name=family,
            date_of_birth=born,
            phone=phone,
            email=f"client{index}@{self.clinic.slug}.example",
            primary_therapist_id=therapist.pk,
            created_at=first,
            updated_at=first,
            given_key=name_key(given)[:100],
            family_key=name_key(family)[:100],
            preferred_key="",
            phone_key=phone_key(phone)[:40],
        )
        for word in sorted(words_of(name_key(given)[:100], name_key(family)[:100])):
            self.name_words.append((self.clinic.pk, client_id, word))
        ids = {("clients.client", str(self.model.client.pk)): client_id}
        ids[("clients.consent", str(self.model.consent.pk))] = self.consents.add(
            client_id=client_id,
            obtained_by_id=therapist.pk,
            signed_at=first,
            signature=f"{given} {family}",
        )
        intake_id = self.intakes.add(
            client_id=client_id,
            recorded_by_id=therapist.pk,
            recorded_at=first,
            visit_date=first.date(),
        )
        ids[("intake.intake", str(self.model.intake.pk))] = intake_id
        plan_id = self.plans.add(
            client_id=client_id,
            intake_id=intake_id,
            practitioner_id=practitioner.pk,
            created_by_id=therapist.pk,
            approved_by_id=therapist.pk,
            created_at=first,
            approved_at=first,
        )
        ids[("plans.treatmentplan", str(self.model.plan.pk))] = plan_id
        self.baseline.next_id = self.measurements.next_id  # one table, one id counter
        ids[("outcomes.measurement", str(self.model.baseline.pk))] = self.baseline.add(
            client_id=client_id,
            recorded_by_id=therapist.pk,
            administered_at=first,
            created_at=first,
            answers=[rng.randint(3, 9)],
        )
        self.measurements.next_id = self.baseline.next_id
        self._events(self.model.client_events, ids, client_id, therapist, first)
        when = first
        for number, gap in enumerate(gaps):
            when += gap
            draft = number == visits - 1 and rng.random() < size.draft_share
            self._visit(client_id, plan_id, therapist, when, draft=draft)

    def _visit(
        self, client_id: int, plan_id: int, therapist: Membership, when: datetime, *, draft: bool
    ) -> None:
        pain = self.rng.randint(0, 8)
        ids: dict[tuple[str, str], int] = {}
        signed_at = when + timedelta(minutes=55)
        pain_id = None
        if not draft:
            pain_id = self.measurements.add(
                client_id=client_id,
                recorded_by_id=therapist.pk,
                administered_at=signed_at,
                created_at=signed_at,
                answers=[pain],
                score=pain,
            )
            ids[("outcomes.measurement", str(self.model.pain.pk))] = pain_id
        visit_id = self.visits.add(
            client_id=client_id,
            plan_id=plan_id,
            therapist_id=therapist.pk,
            status="draft",  # signed after its treatment rows exist (the database locks them)
            started_at=when,
            entered_at=when,
            pain_today=pain,
            pain_measurement_id=pain_id,
            billing=None if draft else self.model.visit.billing,
            signed_at=None if draft else signed_at,
            signed_by_id=None if draft else therapist.pk,
        )
        ids[("visits.visit", str(self.model.visit.pk))] = visit_id
        for position in range(self.size.treatments_per_visit):
            template = self.treatment_templates[position % len(self.treatment_templates)]
            row = list(template.base)
            row[template.position["id"]] = self.treatments.next_id
            row[template.position["visit_id"]] = visit_id
            row[template.position["position"]] = position + 1
            self.treatments.next_id += 1
            self.treatments.rows.append(tuple(row))
        events = [
            e for e in self.model.visit_events if not draft or not e.action.endswith("signed")
        ]
        if draft:
            events = [e for e in events if e.subject_type == "visits.visit"]
        self._events(events, ids, client_id, therapist, when)
        self.pending_visits += 1

    def _events(
        self,
        template: list[AuditEvent],
        ids: dict[tuple[str, str], int],
        client_id: int,
        therapist: Membership,
        when: datetime,
    ) -> None:
        user = therapist.user
        for offset, event in enumerate(template):
            subject = ids.get((event.subject_type, event.subject_id))
            if subject is None:
                continue
            self.sequence += 1
            fields: dict[str, Any] = {
                "chain": self.clinic.pk,
                "sequence": self.sequence,
                "occurred_at": when + timedelta(seconds=offset),
                "action": event.action,
                "actor_id": user.pk,
                "actor_label": user.email,
                "clinic_id": self.clinic.pk,
                "subject_type": event.subject_type,
                "subject_id": str(subject),
                "client_id": client_id,
                "ip": event.ip,
                "details": event.details,
                "prev_hash": self.prev_hash,
                "key_id": self.key.key_id,
            }
            self.prev_hash = event_hash(event_payload(**fields), self.key)
            fields.update(id=self.next_event_id, hash=self.prev_hash)
            self.next_event_id += 1
            self.events.append(tuple(_json_ready(f, fields[f.attname]) for f in self.event_fields))

    def flush(self) -> None:
        first_plan, first_visit = self.plans_written, self.signed_from
        self.plans_written = self.plans.next_id
        with transaction.atomic():
            for table in (
                self.clients,
                self.consents,
                self.intakes,
                self.plans,
                self.baseline,
                self.measurements,
                self.visits,
                self.treatments,
            ):
                self.result.add(table.model._meta.label_lower, table.write())
            columns = ("clinic_id", "client_id", "word")
            write_rows(ClientNameWord._meta.db_table, columns, self.name_words)
            self.result.add("clients.clientnameword", len(self.name_words))
            self.name_words = []
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE visits_visit SET status = 'signed' "
                    "WHERE id >= %s AND status = 'draft' AND signed_at IS NOT NULL",
                    [self.signed_from],
                )
            self._seal(first_plan, first_visit)
            write_rows(AuditEvent._meta.db_table, self.event_columns, self.events)
            self.result.add("audit.auditevent", len(self.events))
            self.events = []
            self._advance_head()
        self.signed_from = self.visits.next_id
        self.pending_visits = 0

    def _seal(self, first_plan: int, first_visit: int) -> None:
        """Seal the batch's approved plans and signed notes, as approving and signing do."""
        key, now, seals = self.key, timezone.now(), []
        plans = TreatmentPlan.unscoped_objects.filter(pk__gte=first_plan, clinic=self.clinic)
        for plan in plans:
            content = plan_content(plan, overrides=())
            seals.append(_seal_row(plan, digest_of(plan, content, key), key.key_id, now))
        rows: dict[int, list[TreatmentGiven]] = {}
        treatments = TreatmentGiven.unscoped_objects.filter(
            visit_id__gte=first_visit, clinic=self.clinic
        ).order_by("visit_id", "position")
        for row in treatments:
            rows.setdefault(row.visit_id, []).append(row)
        signed = Visit.unscoped_objects.filter(
            pk__gte=first_visit, clinic=self.clinic, status=VisitStatus.SIGNED
        )
        for visit in signed:
            content = note_content(
                visit, treatments=rows.get(visit.pk, []), feedback=(), overrides=()
            )
            seals.append(_seal_row(visit, digest_of(visit, content, key), key.key_id, now))
        Seal.objects.bulk_create(seals, batch_size=2000)
        self.result.add("audit.seal", len(seals))

    def _advance_head(self) -> None:
        if self.sequence == self.head_sequence:
            return  # the database lets a chain's head only move forward
        self.head_sequence = self.sequence
        AuditChainHead.objects.filter(chain=self.clinic.pk).update(
            sequence=self.sequence, hash=self.prev_hash
        )

    def close_chain(self) -> None:
        with transaction.atomic():
            self._advance_head()
        # The head copied out of the database, as record_event's commit does.
        checkpoints.write_checkpoint(self.clinic.pk, sequence=self.sequence, hash=self.prev_hash)


def _seal_row(subject: models.Model, digest: str, key_id: str, now: datetime) -> Seal:
    return Seal(
        clinic_id=int(getattr(subject, "clinic_id")),  # noqa: B009 - every sealed row has one
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        key_id=key_id,
        digest=digest,
        sealed_at=now,
    )


def _reset_sequences() -> None:
    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT follows the largest id inserted
    tables = [
        Client,
        Consent,
        Intake,
        TreatmentPlan,
        Measurement,
        Visit,
        TreatmentGiven,
        AuditEvent,
    ]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), tables):
            cursor.execute(statement)
