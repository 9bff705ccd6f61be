"""Clinic-local time: days and wall-clock times in the clinic's zone, stored as UTC instants."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from medmassage.accounts.models import Clinic


def local_instant(clinic: Clinic, day: date, at: time) -> datetime:
    """The instant a clinic's wall clock shows `at` on `day` (the offset of that very day)."""
    return datetime.combine(day, at, tzinfo=clinic.zone).astimezone(ZoneInfo("UTC"))


def day_bounds(clinic: Clinic, day: date) -> tuple[datetime, datetime]:
    """The UTC instants a local day starts and ends at (23 or 25 hours on a DST change)."""
    return local_instant(clinic, day, time()), local_instant(
        clinic, day + timedelta(days=1), time()
    )


def local(clinic: Clinic, instant: datetime) -> datetime:
    """The instant on the clinic's wall clock."""
    return instant.astimezone(clinic.zone)


def today(clinic: Clinic, now: datetime) -> date:
    """The clinic's date at this instant."""
    return local(clinic, now).date()


def week_of(day: date) -> list[date]:
    """Monday to Sunday of the week holding the day."""
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=offset) for offset in range(7)]
