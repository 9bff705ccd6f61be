"""Demo course history for the outcomes report: fourteen fictional clients of Harbour, each
taken through a course with the services (consent, intake, baseline NDI, plan, signed visits,
a re-assessment, sometimes an adverse event or a discharge), so the report has groups of five
clients or more to show. Separate from the other demo clients, who keep their own stories.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from medmassage.accounts.actors import Actor
from medmassage.accounts.models import Clinic, Membership, Role
from medmassage.clients.consents import ConsentDetails, record_consent
from medmassage.clients.models import ConsentTopic
from medmassage.clients.services import create_client
from medmassage.discharges.services import close_plan
from medmassage.intake.services import record_intake
from medmassage.outcomes.services import record_measurement
from medmassage.plans.services import approve_plan, draft_plan
from medmassage.visits import services as visits
from medmassage.visits.note import read_note

NO_FLAGS = [
    "dizziness",
    "double_vision",
    "difficulty_speaking",
    "difficulty_swallowing",
    "drop_attacks",
    "nystagmus",
    "nausea",
    "facial_numbness",
    "gait_change",
    "clumsy_hands",
    "significant_trauma",
    "suicidal_thoughts",
    "dvt_signs",
]


@dataclass(frozen=True)
class _Story:
    given: str
    family: str
    born: date
    code: str  # M54.2 neck pain; M47.812 cervical spondylosis
    maya: bool  # else Samuel
    ndi: tuple[int, int | None]  # every NDI item before, after the re-assessment (None: none)
    pains: tuple[int, ...]  # NPRS at each signed visit
    adherence: tuple[str, ...] = ()
    adverse: bool = False
    discharge: str = ""  # a discharge reason closes the course


_STORIES = (
    _Story(
        "Lucia",
        "Ferreira",
        date(1979, 4, 2),
        "M54.2",
        True,
        (3, 1),
        (6, 4, 3),
        ("most", "all", "all"),
        discharge="goals_met",
    ),
    _Story(
        "Jonah", "Whitfield", date(1988, 9, 14), "M54.2", True, (2, 1), (5, 4, 2), ("some", "most")
    ),
    _Story(
        "Aiko",
        "Tanabe",
        date(1971, 12, 30),
        "M54.2",
        True,
        (3, 2),
        (7, 6, 5),
        ("none", "some", "most"),
        adverse=True,
    ),
    _Story(
        "Farid",
        "Benali",
        date(1965, 6, 8),
        "M54.2",
        True,
        (2, 2),
        (5, 5),
        ("some",),
        discharge="plateau",
    ),
    _Story(
        "Greta",
        "Lindholm",
        date(1993, 2, 17),
        "M54.2",
        True,
        (3, 1),
        (6, 3, 2, 2),
        ("all", "all", "most", "all"),
        discharge="goals_met",
    ),
    _Story("Oluwaseun", "Adeyemi", date(1982, 8, 25), "M54.2", True, (2, None), (4, 3)),
    _Story(
        "Camille",
        "Roux",
        date(1976, 11, 11),
        "M54.2",
        False,
        (4, 2),
        (8, 6, 4),
        ("most", "most", "all"),
    ),
    _Story(
        "Dmitri", "Volkov", date(1960, 3, 19), "M54.2", False, (3, 3), (6, 6, 7), ("none", "none")
    ),
    _Story(
        "Hannah",
        "Weiss",
        date(1955, 5, 5),
        "M47.812",
        False,
        (3, 2),
        (6, 5, 4),
        ("most", "some", "most"),
    ),
    _Story(
        "Ricardo",
        "Mendes",
        date(1949, 10, 27),
        "M47.812",
        False,
        (4, 2),
        (7, 5, 4),
        ("all", "all"),
        discharge="goals_met",
    ),
    _Story(
        "Yusuf",
        "Karaca",
        date(1958, 1, 13),
        "M47.812",
        False,
        (3, 1),
        (6, 4, 3),
        ("most",),
        adverse=True,
    ),
    _Story(
        "Ingrid",
        "Halvorsen",
        date(1944, 7, 21),
        "M47.812",
        False,
        (2, 2),
        (5, 5, 5),
        ("some", "none", "some"),
        discharge="plateau",
    ),
    _Story(
        "Mei", "Lin", date(1967, 9, 3), "M47.812", True, (3, 1), (6, 4, 2), ("all", "all", "all")
    ),
    _Story("Patrick", "Doyle", date(1952, 4, 16), "M47.812", True, (2, None), (5,)),
)


def seed_course_history(clinic: Clinic) -> None:
    """Take the story clients through their courses, through the services."""
    therapists = list(
        Membership.objects.filter(clinic=clinic, role=Role.THERAPIST)
        .select_related("user", "clinic")
        .order_by("user__email")
    )
    maya = next(m for m in therapists if m.user.email.startswith("maya@"))
    samuel = next(m for m in therapists if m.user.email.startswith("sam@"))
    for story in _STORIES:
        _course(story, Actor(maya if story.maya else samuel))


def _course(story: _Story, by: Actor) -> None:
    client = create_client(
        by=by, given_name=story.given, family_name=story.family, date_of_birth=story.born
    )
    record_consent(
        client=client,
        by=by,
        details=ConsentDetails(
            topics=tuple(str(t) for t in ConsentTopic),
            signature_method="typed",
            signature=client.full_name,
        ),
    )
    record_intake(client=client, by=by, document=_intake(story))
    before, after = story.ndi
    record_measurement(
        client=client, by=by, instrument="ndi", answers=[before] * 10, context="baseline"
    )
    plan = approve_plan(plan=draft_plan(client=client, by=by), by=by)
    for number, pain in enumerate(story.pains, start=1):
        note = {"pain_today": pain, "assessment": "Tolerated well"}
        if number <= len(story.adherence):
            note["home_care_adherence"] = story.adherence[number - 1]
        visit = visits.start_visit(client=client, by=by, answers={"temperature_c": 36.7})
        visits.save_note(visit=visit, by=by, changes=read_note(note))
        visit = visits.sign_visit(visit=visit, by=by)
        if story.adverse and number == 1:
            visits.record_adverse_event(
                visit=visit, by=by, event={"kind": "soreness_48h", "severity": "mild"}
            )
    if after is not None:
        record_measurement(
            client=client, by=by, instrument="ndi", answers=[after] * 10, context="reassessment"
        )
    if story.discharge:
        plan.refresh_from_db()
        close_plan(plan=plan, by=by, reason=story.discharge)


def _intake(story: _Story) -> dict[str, object]:
    today = timezone.localdate()
    return {
        "format": "medmassage.intake",
        "version": 1,
        "visit_date": today.isoformat(),
        "age": today.year
        - story.born.year
        - ((today.month, today.day) < (story.born.month, story.born.day)),
        "complaints": [
            {
                "region": "neck",
                "side": "both",
                "icd10": story.code,
                "onset": (today - timedelta(days=120)).isoformat(),
                "pain": story.pains[0],
            }
        ],
        "medications": [],
        "red_flags": dict.fromkeys(NO_FLAGS, False),
        "vitals": {"temperature_c": 36.7, "systolic": 124, "diastolic": 80},
        "goals": ["Turn the head freely"],
        "consents": {"informed": True},
    }
