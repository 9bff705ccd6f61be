"""The de-identified research dataset: requested by the owner, prepared by a background job
(django-tasks, as messaging's outbox), kept as a ZIP of CSV files with a data dictionary.

Only whitelisted columns are written, each described in `COURSE_COLUMNS` / `MEASURE_COLUMNS`;
the data dictionary is generated from the same lists, so no column can go undescribed.
"""

from __future__ import annotations

import csv
import io
import random
import secrets
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Clinic
from medmassage.audit.services import record_event
from medmassage.clients.models import Client
from medmassage.outcomes.models import Measurement
from medmassage.reports.deidentify import (
    SAFE_HARBOR,
    age_group,
    new_pseudonym,
    new_shift,
    shifted,
)
from medmassage.reports.models import CourseSummary, ExportStatus, ResearchExport, ResearchKey
from medmassage.reports.queries import DROPOUT_WEEKS
from medmassage.tenancy import clinic_scope

Row = dict[str, str]


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    description: str
    identifiers: str = "none"  # what Safe Harbor says about it, when anything


@dataclass(frozen=True)
class _Context:
    keys: dict[int, ResearchKey]
    born: dict[int, date]
    sexes: dict[int, str]
    therapists: dict[int, str]
    courses: dict[int, str]
    today: date


def _course_row(s: CourseSummary, c: _Context) -> Row:
    shift = c.keys[s.client_id].shift_days
    dropped = not s.completed and s.last_activity_on < c.today - timedelta(weeks=DROPOUT_WEEKS)
    return {
        "course": c.courses[s.pk],
        "client": c.keys[s.client_id].pseudonym,
        "therapist": c.therapists[s.therapist_id],
        "sex": c.sexes[s.client_id],
        "age_at_start": age_group(c.born[s.client_id], s.started_on),
        "conditions": ";".join(s.conditions),
        "icd10_codes": ";".join(s.codes),
        "techniques": ";".join(s.techniques),
        "primary_instrument": s.primary_instrument,
        "baseline": _number(s.baseline),
        "latest": _number(s.latest),
        "change": _number(s.change),
        "change_percent_of_scale": _number(s.change_pct),
        "direction": s.direction,
        "judged": _yes(s.judged),
        "reached_mcid": _yes(s.reached),
        "sessions_to_reach": "" if s.sessions_to_reach is None else str(s.sessions_to_reach),
        "visits": str(s.visits),
        "adverse_events": str(s.adverse_events),
        "adherence_asked": str(s.adherence_asked),
        "adherence_most_or_all": str(s.adherence_most),
        "home_sessions_logged": str(s.home_logged),
        "home_sessions_done": str(s.home_done),
        "home_sessions_partly": str(s.home_partly),
        "completed": _yes(s.completed),
        "discharge_reason": s.discharge_reason,
        "dropped_out": _yes(dropped),
        "start_date_shifted": shifted(s.started_on, shift),
        "last_activity_date_shifted": shifted(s.last_activity_on, shift),
        "close_date_shifted": shifted(s.closed_on, shift),
    }


SHIFTED = "C: shifted per client by a secret random number of days (1-365, either way)"
COURSE_COLUMNS: tuple[Column, ...] = (
    Column("course", "text", "Random code of the course (this export only).", "R: random"),
    Column(
        "client",
        "text",
        "Random pseudonym of the client, the same in every export.",
        "A, H: random",
    ),
    Column(
        "therapist",
        "text",
        "Random code of the course's therapist (this export only).",
        "A, K: random",
    ),
    Column("sex", "text", "Sex as recorded for clinical purposes: female, male, other, unknown."),
    Column(
        "age_at_start",
        "integer or 90+",
        "Age in whole years when the course started.",
        "C: over 89 as 90+",
    ),
    Column(
        "conditions",
        "text list (;)",
        "Condition groups of the complaints: a knowledge-base condition id, icd:XNN for an "
        "ICD-10-CM category, or uncoded.",
    ),
    Column("icd10_codes", "text list (;)", "ICD-10-CM codes of the complaints."),
    Column("techniques", "text list (;)", "Techniques given at the course's signed visits."),
    Column(
        "primary_instrument", "text", "The course's primary outcome measure (nprs, ndi, odi, ...)."
    ),
    Column("baseline", "decimal", "Primary measure: baseline score."),
    Column("latest", "decimal", "Primary measure: latest score in the course."),
    Column("change", "decimal", "Latest minus baseline, in the instrument's units."),
    Column(
        "change_percent_of_scale",
        "decimal",
        "Change in % of the instrument's range, positive = better.",
    ),
    Column(
        "direction",
        "text",
        "The core's judgement: improved, unchanged, worse (empty: no follow-up).",
    ),
    Column("judged", "yes/no", "The primary measure has an MCID, a baseline and a follow-up."),
    Column("reached_mcid", "yes/no", "Improved by at least the clinically important change."),
    Column(
        "sessions_to_reach", "integer", "Signed visits up to the first score that reached the MCID."
    ),
    Column("visits", "integer", "Signed visits."),
    Column("adverse_events", "integer", "Adverse events recorded after the course's visits."),
    Column("adherence_asked", "integer", "Visits at which home-program adherence was asked."),
    Column("adherence_most_or_all", "integer", "... at which the client did most or all of it."),
    Column(
        "home_sessions_logged", "integer", "Home-program sessions the client logged in the portal."
    ),
    Column("home_sessions_done", "integer", "... logged as done."),
    Column("home_sessions_partly", "integer", "... logged as partly done."),
    Column("completed", "yes/no", "Closed with a discharge summary."),
    Column(
        "discharge_reason", "text", "goals_met, plateau, referral, client_choice (empty: open)."
    ),
    Column(
        "dropped_out",
        "yes/no",
        f"Not closed and no signed visit for {DROPOUT_WEEKS} weeks before the export.",
    ),
    Column("start_date_shifted", "date", "Day the course's first plan was approved.", SHIFTED),
    Column("last_activity_date_shifted", "date", "Last signed visit (else the start).", SHIFTED),
    Column("close_date_shifted", "date", "Day the course was closed (empty: open).", SHIFTED),
)
MEASURE_COLUMNS: tuple[Column, ...] = (
    Column("client", "text", "Random pseudonym of the client (as in courses.csv).", "A, H: random"),
    Column(
        "instrument",
        "text",
        "Outcome instrument (nprs, ndi, odi, quickdash, lefs, psfs, hit6, pss10, fiqr).",
    ),
    Column("score", "decimal", "The clinical core's score, unrounded."),
    Column("band", "text", "Severity band of the score, where the instrument defines one."),
    Column("context", "text", "baseline, reassessment, visit or on_demand."),
    Column("date_shifted", "date", "Day the questionnaire was given.", SHIFTED),
)


def _measure_row(m: Measurement, c: _Context) -> Row:
    return {
        "client": c.keys[m.client_id].pseudonym,
        "instrument": m.instrument,
        "score": _number(m.score),
        "band": m.band,
        "context": m.context,
        "date_shifted": shifted(
            timezone.localdate(m.administered_at), c.keys[m.client_id].shift_days
        ),
    }


def _number(value: object) -> str:
    return "" if value is None else format(value, "f").rstrip("0").rstrip(".") or "0"


def _yes(value: bool) -> str:
    return "yes" if value else "no"


# --- Requesting and preparing -----------------------------------------------------------------


@transaction.atomic
def request_research_export(*, by: Actor) -> ResearchExport:
    """Queue the preparation of a de-identified dataset of every course of the clinic."""
    export = ResearchExport.objects.for_clinic(by.clinic).create(
        clinic=by.clinic, requested_by=by.membership
    )
    record_event(action="reports.research_export.requested", by=by, subject=export)
    transaction.on_commit(lambda: _enqueue(export.pk))
    return export


def _enqueue(export_id: int) -> None:
    from medmassage.reports.tasks import prepare_research_export

    prepare_research_export.enqueue(export_id)


def prepare(export_id: int, *, today: date | None = None) -> ResearchExport:
    """Build the dataset of a queued export (the background job's work)."""
    export = ResearchExport.unscoped_objects.get(pk=export_id)
    with clinic_scope(export.clinic_id):
        ResearchExport.objects.filter(pk=export_id).update(status=ExportStatus.RUNNING)
        try:
            archive, count = build_archive(export.clinic, today=today or timezone.localdate())
        except Exception as error:
            _finish(export, status=ExportStatus.FAILED, error=f"{type(error).__name__}")
            raise
        _finish(export, status=ExportStatus.DONE, archive=archive, courses=count)
    return ResearchExport.unscoped_objects.get(pk=export_id)


@transaction.atomic
def _finish(export: ResearchExport, **fields: Any) -> None:
    ResearchExport.objects.filter(pk=export.pk).update(finished_at=timezone.now(), **fields)
    record_event(
        action=f"reports.research_export.{fields['status']}",
        by=None,
        clinic=export.clinic_id,
        subject=export,
        details={"courses": fields.get("courses", 0)},
    )


def build_archive(clinic: Clinic, *, today: date) -> tuple[bytes, int]:
    """The ZIP (courses.csv, measurements.csv, data_dictionary.csv, README.txt), and how many
    courses it holds."""
    summaries = list(CourseSummary.objects.for_clinic(clinic).order_by("id"))
    client_ids = sorted({s.client_id for s in summaries})
    context = _context(clinic, summaries, client_ids, today)
    measurements = (
        Measurement.objects.for_clinic(clinic)
        .filter(client_id__in=client_ids)
        .only("client_id", "instrument", "score", "band", "context", "administered_at")
        .order_by("client_id", "administered_at", "id")
    )
    courses = sorted((_course_row(s, context) for s in summaries), key=lambda r: r["course"])
    measures = sorted(
        (_measure_row(m, context) for m in measurements.iterator()),
        key=lambda r: (r["client"], r["date_shifted"], r["instrument"]),
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("courses.csv", _csv(COURSE_COLUMNS, courses))
        archive.writestr("measurements.csv", _csv(MEASURE_COLUMNS, measures))
        archive.writestr("data_dictionary.csv", data_dictionary())
        archive.writestr("README.txt", readme(today))
    return out.getvalue(), len(courses)


def _context(
    clinic: Clinic, summaries: list[CourseSummary], client_ids: list[int], today: date
) -> _Context:
    people = Client.objects.for_clinic(clinic).filter(pk__in=client_ids)
    facts = {pk: (born, sex) for pk, born, sex in people.values_list("pk", "date_of_birth", "sex")}
    therapist_ids = sorted({s.therapist_id for s in summaries})
    course_ids = [s.pk for s in summaries]
    shuffle = random.Random(secrets.randbits(64)).shuffle  # noqa: S311 - order only
    shuffle(therapist_ids)
    shuffle(course_ids)
    return _Context(
        keys=research_keys(clinic, client_ids),
        born={pk: born for pk, (born, _) in facts.items()},
        sexes={pk: sex for pk, (_, sex) in facts.items()},
        therapists={pk: f"T{n}" for n, pk in enumerate(therapist_ids, start=1)},
        courses={pk: f"C{n:06d}" for n, pk in enumerate(course_ids, start=1)},
        today=today,
    )


def research_keys(clinic: Clinic, client_ids: Iterable[int]) -> dict[int, ResearchKey]:
    """Each client's research key, made the first time it is needed."""
    wanted = list(client_ids)
    keys = {
        k.client_id: k for k in ResearchKey.objects.for_clinic(clinic).filter(client_id__in=wanted)
    }
    missing = [pk for pk in wanted if pk not in keys]
    made = [
        ResearchKey(clinic=clinic, client_id=pk, pseudonym=new_pseudonym(), shift_days=new_shift())
        for pk in missing
    ]
    ResearchKey.objects.for_clinic(clinic).bulk_create(made)
    keys.update({k.client_id: k for k in made})
    return keys


def _csv(columns: tuple[Column, ...], rows: Iterable[Row]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[c.name for c in columns], extrasaction="raise")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def data_dictionary() -> str:
    """Every column of every file: its type, meaning and what de-identification did to it."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["file", "column", "type", "description", "safe_harbor"])
    for name, columns in (("courses.csv", COURSE_COLUMNS), ("measurements.csv", MEASURE_COLUMNS)):
        for column in columns:
            writer.writerow(
                [name, column.name, column.kind, column.description, column.identifiers]
            )
    return out.getvalue()


def readme(today: date) -> str:
    """How the dataset was de-identified: each of the 18 Safe Harbor identifiers."""
    lines = [
        "MedMassage practice-based research dataset",
        f"Prepared {today.year} (exact date withheld). Files: courses.csv, measurements.csv,",
        "data_dictionary.csv (every column described).",
        "",
        "De-identification: HIPAA Safe Harbor, 45 CFR 164.514(b)(2). The 18 identifiers:",
        *(f"- {identifier}: {treatment}" for identifier, treatment in SAFE_HARBOR),
        "",
        "Dates keep their intervals within a client (the same shift for all of a client's",
        "dates). Strict Safe Harbor keeps only years; shifted dates are a project policy that",
        "keeps the course timelines while hiding the real days.",
    ]
    return "\n".join(lines) + "\n"


# --- Reading ----------------------------------------------------------------------------------


def list_exports(clinic: Clinic) -> QuerySet[ResearchExport]:
    """The clinic's exports, newest first (without their archives)."""
    return (
        ResearchExport.objects.for_clinic(clinic)
        .defer("archive")
        .select_related("requested_by__user")
    )


def get_export(clinic: Clinic, export_id: int) -> ResearchExport:
    """One of the clinic's exports, or 404."""
    return get_object_or_404(ResearchExport.objects.for_clinic(clinic), pk=export_id)
