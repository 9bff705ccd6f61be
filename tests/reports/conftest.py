"""A small practice worked out by hand (see test_figures_by_hand.py for its table)."""

from __future__ import annotations

import pytest

from tests.cast import Cast
from tests.reports.practice import T1, THEO, Course, Practice, practice

COURSES = [
    Course(
        therapist=THEO,
        ndi_before=2,
        ndi_after=1,
        visits=3,
        follow_up_after=2,
        adverse_events=1,
        adherence=("most", "none", "all"),
        closed=True,
    ),
    Course(therapist=THEO, ndi_before=2, ndi_after=1, visits=2, follow_up_after=1),
    Course(therapist=THEO, ndi_before=2, ndi_after=2, visits=2),
    Course(therapist=T1, ndi_before=3, ndi_after=1, visits=2, adverse_events=2),
    Course(therapist=T1, ndi_before=2, visits=1),
    Course(therapist=T1, ndi_before=1, ndi_after=3, visits=2),
    Course(code="M62.830", therapist=THEO, ndi_before=2, ndi_after=1, visits=2),
    Course(code="M62.830", therapist=THEO, ndi_before=2, visits=1),
]


@pytest.fixture
def made(cast: Cast) -> Practice:
    p = practice(cast, therapists=2)
    for course in COURSES:
        p.treat(course)
    return p
