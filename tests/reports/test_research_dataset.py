"""The de-identified research dataset, checked field by field against HIPAA Safe Harbor's 18
identifiers (45 CFR 164.514(b)(2)(i)), prepared by the background job and audited."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from medmassage.accounts.models import Membership
from medmassage.clients.models import Client
from medmassage.jobs.running import run_queued
from medmassage.practitioners.models import Licence
from medmassage.reports.deidentify import SAFE_HARBOR
from medmassage.reports.models import CourseSummary, ResearchExport, ResearchKey
from medmassage.reports.research import COURSE_COLUMNS, MEASURE_COLUMNS
from medmassage.tenancy import unscoped
from tests.builders import events
from tests.cast import logged_in
from tests.reports.practice import Practice

OLD = date(1931, 2, 3)  # over 89 on any course's start


@dataclass(frozen=True)
class Dataset:
    files: dict[str, str]
    courses: list[dict[str, str]]
    measures: list[dict[str, str]]
    dictionary: list[dict[str, str]]

    @property
    def text(self) -> str:
        """Every file, the documentation included."""
        return "\n".join(self.files.values())

    @property
    def data(self) -> str:
        """The data files only (the documentation names the identifiers it removed)."""
        return self.files["courses.csv"] + self.files["measurements.csv"]


def read(archive: bytes) -> Dataset:
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        files = {name: z.read(name).decode() for name in z.namelist()}

    def rows(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(files[name])))

    return Dataset(
        files,
        rows("courses.csv"),
        rows("measurements.csv"),
        rows("data_dictionary.csv"),
    )


@pytest.fixture
def identified(made: Practice) -> Practice:
    """The practice's clients with every identifier the record can hold filled in."""
    with unscoped():
        for n, client in enumerate(Client.objects.filter(family_name="Generated"), start=1):
            client.phone = f"555-01{n:02d}"
            client.email = f"client{n}@example.org"
            client.address = f"{n} Harbour Street, Kingston ON K7L 3N6"
            client.emergency_contact_name = f"Kin Relative{n}"
            client.referrer_name = f"Dr Referrer{n}"
            client.save()
        Client.objects.filter(given_name="Client1").update(date_of_birth=OLD)
    return made


def request_export(browser: Any, capture: Any) -> None:
    """Ask for a dataset; the job is enqueued when the request's transaction commits."""
    with capture(execute=True):
        assert browser.post(reverse("reports:research")).status_code == 302
    assert run_queued() >= 1


@pytest.fixture
def dataset(identified: Practice, django_capture_on_commit_callbacks: Any) -> Dataset:
    browser = logged_in(identified.cast.owner)
    request_export(browser, django_capture_on_commit_callbacks)
    export = ResearchExport.objects.for_clinic(identified.cast.clinic).get()
    response = browser.get(reverse("reports:research-download", args=[export.pk]))
    assert response.status_code == 200
    return read(response.content)


def clients(practice: Practice) -> list[Client]:
    return list(Client.objects.for_clinic(practice.cast.clinic).filter(family_name="Generated"))


# --- Each of the 18 identifiers -----------------------------------------------------------------


def absent(values: Callable[[Practice], list[str]]) -> Callable[[Practice, Dataset], list[str]]:
    def check(practice: Practice, data: Dataset) -> list[str]:
        return [value for value in values(practice) if value and value in data.text]

    return check


def no_match(pattern: str) -> Callable[[Practice, Dataset], list[str]]:
    return lambda practice, data: re.findall(pattern, data.data)


def names(practice: Practice) -> list[str]:
    people = [c.given_name for c in clients(practice)] + [c.full_name for c in clients(practice)]
    staff = Membership.objects.filter(clinic=practice.cast.clinic).select_related("user")
    kin = [c.emergency_contact_name for c in clients(practice)]
    referrers = [c.referrer_name for c in clients(practice)]
    return people + [m.user.full_name for m in staff] + kin + referrers + ["Generated"]


def places(practice: Practice) -> list[str]:
    clinic = practice.cast.clinic
    streets = [c.address for c in clients(practice)]
    return [*streets, "Harbour Street", "Kingston", "K7L", clinic.name, clinic.jurisdiction]


def dates(practice: Practice, data: Dataset) -> list[str]:
    """No birth date, no real date; every date moved by its client's own non-zero shift; ages
    over 89 as 90+."""
    problems = [
        c.date_of_birth.isoformat()
        for c in clients(practice)
        if c.date_of_birth.isoformat() in data.text
    ]
    keys = {k.pseudonym: k for k in ResearchKey.objects.for_clinic(practice.cast.clinic)}
    summaries = {s.client_id: s for s in CourseSummary.objects.for_clinic(practice.cast.clinic)}
    for row in data.courses:
        key = keys[row["client"]]
        real = summaries[key.client_id].started_on
        if (
            key.shift_days == 0
            or row["start_date_shifted"] != (real + timedelta(days=key.shift_days)).isoformat()
        ):
            problems.append(f"start of {row['course']}")
        if row["start_date_shifted"] == real.isoformat():
            problems.append(f"real start date of {row['course']}")
    old = next(c for c in clients(practice) if c.date_of_birth == OLD)
    old_rows = [r for r in data.courses if keys[r["client"]].client_id == old.pk]
    if [r["age_at_start"] for r in old_rows] != ["90+"]:
        problems.append("an age over 89 shown in years")
    if any(r["age_at_start"] != "90+" and int(r["age_at_start"]) > 89 for r in data.courses):
        problems.append("age over 89")
    today = timezone.localdate().isoformat()
    if today in data.text:
        problems.append("the real date of the export")
    return problems


def record_numbers(practice: Practice, data: Dataset) -> list[str]:
    """Medical record numbers: no database id stands in for a person or a course."""
    problems = []
    ids = {str(c.pk) for c in clients(practice)}
    for row in data.courses + data.measures:
        if not re.fullmatch(r"P[0-9a-f]{12}", row["client"]) or row["client"] in ids:
            problems.append(row["client"])
    for row in data.courses:
        if not re.fullmatch(r"C\d{6}", row["course"]) or not re.fullmatch(
            r"T\d+", row["therapist"]
        ):
            problems.append(row["course"])
    return problems


def licences(practice: Practice) -> list[str]:
    return [
        licence.number for licence in Licence.unscoped_objects.filter(clinic=practice.cast.clinic)
    ]


def free_text(practice: Practice) -> list[str]:
    # Words a therapist or client typed: the note's assessment and the intake's description.
    return ["Less guarded", "Neck pain from long hours at a desk", "Work a full day"]


NOTHING_KEPT = no_match(r"(?!x)x")  # the record holds no such identifier: nothing to leak
IDENTIFIER_CHECKS: dict[str, Callable[[Practice, Dataset], list[str]]] = {
    "A": absent(names),
    "B": absent(places),
    "C": dates,
    "D": absent(lambda p: [c.phone for c in clients(p)]),
    "E": no_match(r"(?i)\bfax\b"),
    "F": no_match(r"[\w.+-]+@[\w-]+\.[\w.]+"),
    "G": no_match(r"\b\d{3}-\d{2}-\d{4}\b"),
    "H": record_numbers,
    "I": no_match(r"(?i)beneficiary|member id|policy number"),
    "J": no_match(r"(?i)invoice|account"),
    "K": absent(licences),
    "L": no_match(r"(?i)vehicle|licen[cs]e plate|\bVIN\b"),
    "M": no_match(r"(?i)device|serial"),
    "N": no_match(r"(?i)https?://|www\."),
    "O": no_match(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b"),
    "P": no_match(r"M\d+ \d+L|data:image"),  # drawn signatures (SVG paths), images
    "Q": no_match(r"data:image|\.jpe?g|\.png"),
    "R": absent(free_text),
}


def test_every_safe_harbor_identifier_has_a_check() -> None:
    assert [identifier[0] for identifier, _ in SAFE_HARBOR] == list(IDENTIFIER_CHECKS)


def test_the_dataset_holds_none_of_the_18_identifiers(
    identified: Practice, dataset: Dataset
) -> None:
    # One dataset checked against each identifier in turn (building it is the slow part).
    found = {
        letter: leaked
        for letter, check in IDENTIFIER_CHECKS.items()
        if (leaked := check(identified, dataset))
    }
    assert found == {}


# --- Field by field ---------------------------------------------------------------------------

# Every column the dataset may have, and why it is no identifier (a new column fails here).
ALLOWED = {
    "client": "random pseudonym (H)",
    "course": "random code (H, R)",
    "therapist": "random code (A, K)",
    "sex": "not an identifier",
    "age_at_start": "years, over 89 as 90+ (C)",
    "conditions": "clinical",
    "icd10_codes": "clinical",
    "techniques": "clinical",
    "primary_instrument": "clinical",
    "baseline": "score",
    "latest": "score",
    "change": "score",
    "change_percent_of_scale": "score",
    "direction": "judgement",
    "judged": "flag",
    "reached_mcid": "flag",
    "sessions_to_reach": "count",
    "visits": "count",
    "adverse_events": "count",
    "adherence_asked": "count",
    "adherence_most_or_all": "count",
    "home_sessions_logged": "count",
    "home_sessions_done": "count",
    "home_sessions_partly": "count",
    "completed": "flag",
    "discharge_reason": "code",
    "dropped_out": "flag",
    "start_date_shifted": "shifted (C)",
    "last_activity_date_shifted": "shifted (C)",
    "close_date_shifted": "shifted (C)",
    "instrument": "clinical",
    "score": "score",
    "band": "clinical",
    "context": "code",
    "date_shifted": "shifted (C)",
}


def test_every_column_is_allowed_and_described_in_the_dictionary(dataset: Dataset) -> None:
    columns = {
        "courses.csv": list(dataset.courses[0]),
        "measurements.csv": list(dataset.measures[0]),
    }
    described = {(row["file"], row["column"]) for row in dataset.dictionary}

    assert set(columns["courses.csv"]) | set(columns["measurements.csv"]) <= set(ALLOWED)
    assert described == {(f, c) for f, cs in columns.items() for c in cs}
    assert all(row["description"] for row in dataset.dictionary)
    assert [c.name for c in COURSE_COLUMNS] == columns["courses.csv"]
    assert [c.name for c in MEASURE_COLUMNS] == columns["measurements.csv"]


def test_the_dataset_holds_every_course_and_its_scores(
    identified: Practice, dataset: Dataset
) -> None:
    assert len(dataset.courses) == 8
    assert sum(r["reached_mcid"] == "yes" for r in dataset.courses) == 4
    assert len({r["client"] for r in dataset.measures}) == 8
    assert "README.txt" in dataset.files


def test_a_client_keeps_one_pseudonym_and_shift_across_exports(
    identified: Practice, dataset: Dataset, django_capture_on_commit_callbacks: Any
) -> None:
    browser = logged_in(identified.cast.owner)
    request_export(browser, django_capture_on_commit_callbacks)
    export = ResearchExport.objects.for_clinic(identified.cast.clinic).order_by("-id").first()
    assert export is not None
    again = read(browser.get(reverse("reports:research-download", args=[export.pk])).content)

    first = {(r["client"], r["start_date_shifted"]) for r in dataset.courses}
    assert {(r["client"], r["start_date_shifted"]) for r in again.courses} == first


def test_requests_preparation_and_downloads_are_audited(
    identified: Practice, dataset: Dataset
) -> None:
    assert [e.actor_label for e in events("reports.research_export.requested")] == [
        identified.cast.owner.email
    ]
    assert len(events("reports.research_export.done")) == 1
    assert [e.actor_label for e in events("reports.research_export.viewed")] == [
        identified.cast.owner.email
    ]


def test_only_the_owner_may_export(identified: Practice) -> None:
    for user in (identified.cast.therapist, identified.cast.front_desk):
        browser = logged_in(user)
        assert browser.get(reverse("reports:research")).status_code == 403
        assert browser.post(reverse("reports:research")).status_code == 403
    assert not ResearchExport.objects.for_clinic(identified.cast.clinic).exists()
