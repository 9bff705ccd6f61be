"""The clinic's calendar: appointment types, rooms, therapists' hours and time off, bookings.

Times are stored in UTC and read in the clinic's time zone (`Clinic.time_zone`). A therapist
or a room is never booked twice at once: the booking service checks in the same transaction,
holding the therapist's and room's rows, and on PostgreSQL an exclusion constraint (btree_gist,
migration 0002) refuses an overlap whatever writes it.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from medmassage.tenancy import ClinicOwned


class BookingPolicy(ClinicOwned):
    """The clinic's rules for booking: online booking, cancellation notice, reminders."""

    online_booking = models.BooleanField(default=False, help_text="Clients may book in the portal.")
    cancel_notice_hours = models.PositiveSmallIntegerField(
        default=24, help_text="Clients may cancel in the portal up to this many hours before."
    )
    reminder_hours = models.PositiveSmallIntegerField(
        default=24, help_text="Reminders go this many hours before the appointment."
    )
    slot_minutes = models.PositiveSmallIntegerField(default=15)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=("clinic",), name="one_booking_policy_per_clinic"),
        ]
        ordering = ("clinic_id",)

    def __str__(self) -> str:
        return f"Booking policy of clinic {self.clinic_id}"


class Room(ClinicOwned):
    name = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)

    class Meta(ClinicOwned.Meta):
        ordering = ("name", "id")

    def __str__(self) -> str:
        return self.name


class AppointmentType(ClinicOwned):
    """E.g. initial assessment 90 min, follow-up 60 or 30 min, with price and usual CPT codes."""

    name = models.CharField(max_length=100)
    minutes = models.PositiveSmallIntegerField()
    price = models.DecimalField(max_digits=10, decimal_places=2)
    cpt_codes = models.JSONField(default=list, blank=True, help_text="Codes usually billed.")
    is_initial = models.BooleanField(default=False, help_text="A first visit (assessment).")
    online = models.BooleanField(default=True, help_text="Clients may book it in the portal.")
    is_active = models.BooleanField(default=True)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(minutes__gte=5), name="type_minutes_gte_5"),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="type_price_gte_0"),
        ]
        ordering = ("minutes", "name")

    def __str__(self) -> str:
        return f"{self.name} ({self.minutes} min)"


class WorkingHours(ClinicOwned):
    """A therapist's hours on one weekday (0 Monday … 6 Sunday), local time of the clinic."""

    therapist = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="+")
    weekday = models.PositiveSmallIntegerField()
    starts = models.TimeField()
    ends = models.TimeField()

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="weekday_0_6"),
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="hours_end_after_start"
            ),
        ]
        ordering = ("therapist_id", "weekday", "starts")

    def __str__(self) -> str:
        return f"{self.therapist_id} day {self.weekday} {self.starts}-{self.ends}"


class TimeOff(ClinicOwned):
    therapist = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True, help_text="Not clinical: e.g. holiday.")

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="time_off_ordered"
            ),
        ]
        ordering = ("starts_at",)

    def __str__(self) -> str:
        return f"Time off of {self.therapist_id} from {self.starts_at:%Y-%m-%d}"


class Status(models.TextChoices):
    BOOKED = "booked", "Booked"
    ARRIVED = "arrived", "Arrived"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"
    NO_SHOW = "no_show", "No-show"


# Appointments that hold their therapist and room (the exclusion constraint's WHERE too).
HOLDING = (Status.BOOKED, Status.ARRIVED, Status.COMPLETED)


class Source(models.TextChoices):
    STAFF = "staff", "Front desk or therapist"
    PORTAL = "portal", "Client portal"


class Appointment(ClinicOwned):
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    therapist = models.ForeignKey("accounts.Membership", on_delete=models.PROTECT, related_name="+")
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    type = models.ForeignKey(AppointmentType, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.STAFF)
    plan = models.ForeignKey(
        "plans.TreatmentPlan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The plan whose course this session belongs to.",
    )
    visit = models.ForeignKey(
        "visits.Visit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    arrived_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta(ClinicOwned.Meta):
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="appointment_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="appointment_status_known"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=("clinic", "starts_at"), name="appointment_by_time"),
            models.Index(
                fields=("clinic", "therapist", "starts_at"), name="appointment_by_therapist"
            ),
            models.Index(fields=("clinic", "client", "starts_at"), name="appointment_by_client"),
        ]
        ordering = ("starts_at", "id")

    def __str__(self) -> str:
        return f"Appointment {self.pk} at {self.starts_at:%Y-%m-%d %H:%M}Z"

    @property
    def holds_time(self) -> bool:
        return self.status in HOLDING

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class CalendarFeed(ClinicOwned):
    """A therapist's private iCalendar feed: a secret address, revocable (only its hash kept)."""

    therapist = models.ForeignKey("accounts.Membership", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta(ClinicOwned.Meta):
        ordering = ("-created_at",)

    def __str__(self) -> str:
        return f"Calendar feed of {self.therapist_id}"
