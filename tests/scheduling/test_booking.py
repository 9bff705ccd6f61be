"""Booking: no double-booking of a therapist or room, times across daylight-saving changes,
a plan's course at its frequency, cancel, move, no-show and the API."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from medmassage.accounts.models import Clinic
from medmassage.scheduling import services
from medmassage.scheduling.calendar import day_bounds, local_instant
from medmassage.scheduling.course import propose_course
from medmassage.scheduling.errors import DoubleBooked
from medmassage.scheduling.models import Appointment, AppointmentType, Room
from medmassage.scheduling.queries import available_slots
from medmassage.tenancy import unscoped
from tests.builders import actor, calendar_setup, events, membership
from tests.cast import Cast, logged_in

TORONTO = ZoneInfo("America/Toronto")


@pytest.fixture
def follow_up(cast: Cast) -> AppointmentType:
    return calendar_setup(cast.clinic, cast.therapist)


def booking(cast: Cast, kind: AppointmentType, at: datetime, **extra: object) -> services.Booking:
    return services.Booking(cast.client, membership(cast.therapist), kind, at, **extra)  # type: ignore[arg-type]


def next_day(days: int = 3) -> date:
    return timezone.localdate() + timedelta(days=days)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=TORONTO)


def test_an_overlapping_booking_of_the_therapist_is_refused(
    cast: Cast, follow_up: AppointmentType
) -> None:
    day = next_day()
    services.book_appointment(
        booking=booking(cast, follow_up, at(day, 10)), by=actor(cast.front_desk)
    )

    with pytest.raises(DoubleBooked, match="therapist"):
        services.book_appointment(
            booking=booking(cast, follow_up, at(day, 10, 30)), by=actor(cast.front_desk)
        )
    with unscoped():
        assert Appointment.objects.count() == 1
    # Back to back is fine: [10:00, 11:00) and [11:00, 12:00) do not overlap.
    services.book_appointment(
        booking=booking(cast, follow_up, at(day, 11)), by=actor(cast.front_desk)
    )


def test_a_room_is_not_booked_twice(cast: Cast, follow_up: AppointmentType) -> None:
    room = Room.unscoped_objects.create(clinic=cast.clinic, name="Room 1")
    from medmassage.accounts.models import Membership, Role

    other = Membership.objects.create(
        user=cast.owner.__class__.objects.create_user("t2@harbour.test", "x" * 20, full_name="T2"),
        clinic=cast.clinic,
        role=Role.THERAPIST,
    )
    day = next_day()
    services.book_appointment(
        booking=booking(cast, follow_up, at(day, 10), room=room), by=actor(cast.front_desk)
    )
    second = services.Booking(cast.client, other, follow_up, at(day, 10, 15), room)

    with pytest.raises(DoubleBooked, match="room"):
        services.book_appointment(booking=second, by=actor(cast.front_desk))


def test_a_cancelled_appointment_frees_its_time(cast: Cast, follow_up: AppointmentType) -> None:
    first = services.book_appointment(
        booking=booking(cast, follow_up, at(next_day(), 10)), by=actor(cast.front_desk)
    )
    services.cancel_appointment(appointment=first, by=actor(cast.front_desk), reason="Client ill")

    again = services.book_appointment(
        booking=booking(cast, follow_up, at(next_day(), 10)), by=actor(cast.front_desk)
    )

    assert again.pk != first.pk
    assert [e.details for e in events("scheduling.appointment.cancelled")] == [{"by_client": False}]


def test_cancel_needs_a_reason(cast: Cast, follow_up: AppointmentType) -> None:
    first = services.book_appointment(
        booking=booking(cast, follow_up, at(next_day(), 10)), by=actor(cast.front_desk)
    )
    from medmassage.problems import InvalidInput

    with pytest.raises(InvalidInput, match="reason"):
        services.cancel_appointment(appointment=first, by=actor(cast.front_desk), reason=" ")


def test_times_are_stored_in_utc_and_kept_on_the_clinic_clock_across_dst(
    cast: Cast, follow_up: AppointmentType
) -> None:
    # Toronto moves its clocks forward on 8 March 2026: 10:00 is 15:00 UTC before, 14:00 after.
    before, after = date(2026, 3, 7), date(2026, 3, 9)
    assert local_instant(cast.clinic, before, time(10)).hour == 15
    assert local_instant(cast.clinic, after, time(10)).hour == 14
    starts, ends = day_bounds(cast.clinic, date(2026, 3, 8))
    assert ends - starts == timedelta(hours=23)
    starts, ends = day_bounds(cast.clinic, date(2026, 11, 1))
    assert ends - starts == timedelta(hours=25)


def test_free_slots_follow_the_local_working_day_over_a_dst_change(
    cast: Cast, follow_up: AppointmentType
) -> None:
    early = datetime(2026, 3, 1, tzinfo=ZoneInfo("UTC"))
    for day, first_utc_hour in ((date(2026, 3, 7), 14), (date(2026, 3, 9), 13)):
        slots = available_slots(cast.clinic, day=day, type=follow_up, now=early)
        assert slots[0].starts_at.astimezone(ZoneInfo("UTC")).hour == first_utc_hour
        assert slots[0].starts_at.astimezone(TORONTO).time() == time(9)
        assert slots[-1].ends_at.astimezone(TORONTO).time() == time(17)


def test_a_course_keeps_its_local_time_across_the_dst_change(
    cast: Cast, follow_up: AppointmentType
) -> None:
    start = at(date(2026, 3, 2), 10)  # a Monday, a week before the change
    proposals = propose_course(
        cast.clinic,
        sessions_per_week=2,
        weeks=2,
        therapist=membership(cast.therapist),
        type=follow_up,
        first_start=start,
    )

    local_times = [p.starts_at.astimezone(TORONTO) for p in proposals]
    assert [t.strftime("%a %H:%M") for t in local_times] == ["Mon 10:00", "Thu 10:00"] * 2
    assert [p.starts_at.astimezone(ZoneInfo("UTC")).hour for p in proposals] == [15, 15, 14, 14]


def test_booking_a_course_from_an_approved_plan_at_its_frequency(
    cast: Cast, plan: object, follow_up: AppointmentType
) -> None:
    from medmassage.scheduling.course import plan_frequency

    per_week, weeks = plan_frequency(plan)  # type: ignore[arg-type]
    first = at(next_day(7), 10)
    proposals = propose_course(
        cast.clinic,
        sessions_per_week=per_week,
        weeks=weeks,
        therapist=membership(cast.therapist),
        type=follow_up,
        first_start=first,
    )
    booked = services.book_course(
        plan=plan,  # type: ignore[arg-type]
        template=booking(cast, follow_up, first),
        starts=[p.starts_at for p in proposals],
        by=actor(cast.front_desk),
    )

    assert len(booked) == per_week * weeks
    assert all(a.plan_id == plan.pk for a in booked)  # type: ignore[attr-defined]


def test_a_course_with_one_clash_books_nothing(
    cast: Cast, plan: object, follow_up: AppointmentType
) -> None:
    first = at(next_day(7), 10)
    services.book_appointment(
        booking=booking(cast, follow_up, first + timedelta(days=7)), by=actor(cast.front_desk)
    )
    from medmassage.problems import InvalidInput

    with pytest.raises(InvalidInput, match=r"starts\[\d\]"):
        services.book_course(
            plan=plan,  # type: ignore[arg-type]
            template=booking(cast, follow_up, first),
            starts=[first, first + timedelta(days=7)],
            by=actor(cast.front_desk),
        )
    with unscoped():
        assert Appointment.objects.count() == 1


def test_the_api_books_moves_and_refuses_a_double_booking(
    cast: Cast, follow_up: AppointmentType
) -> None:
    browser = logged_in(cast.front_desk)
    therapist = membership(cast.therapist).pk
    body = {
        "client_id": cast.client.pk,
        "therapist_id": therapist,
        "type_id": follow_up.pk,
        "starts_at": at(next_day(), 10).isoformat(),
    }
    first = browser.post("/api/v1/appointments", body, content_type="application/json")
    clash = browser.post("/api/v1/appointments", body, content_type="application/json")
    moved = browser.patch(
        f"/api/v1/appointments/{first.json()['id']}",
        {"starts_at": at(next_day(), 14).isoformat()},
        content_type="application/json",
    )
    slots = browser.get(
        "/api/v1/availability", {"date": next_day().isoformat(), "type_id": follow_up.pk}
    )

    assert first.status_code == 201, first.content
    assert first.json()["local_start"].endswith(at(next_day(), 10).strftime("%z")[:3] + ":00")
    assert clash.status_code == 409
    assert moved.json()["local_start"][11:16] == "14:00"
    assert "14:00" not in [s["local_start"][11:16] for s in slots.json()]
    assert "10:00" in [s["local_start"][11:16] for s in slots.json()]


def test_the_outsider_cannot_see_or_book_in_another_clinic(
    cast: Cast, follow_up: AppointmentType
) -> None:
    appointment = services.book_appointment(
        booking=booking(cast, follow_up, at(next_day(), 10)), by=actor(cast.front_desk)
    )
    browser = logged_in(cast.outsider)

    assert browser.get(f"/api/v1/appointments/{appointment.pk}").status_code == 404
    listed = browser.get("/api/v1/appointments").json()
    assert listed == []
    body = {
        "client_id": cast.client.pk,
        "therapist_id": membership(cast.therapist).pk,
        "type_id": follow_up.pk,
        "starts_at": at(next_day(), 12).isoformat(),
    }
    assert browser.post(
        "/api/v1/appointments", body, content_type="application/json"
    ).status_code in {404, 422}
    assert isinstance(cast.clinic, Clinic)
