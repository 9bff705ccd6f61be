"""Refusals of the calendar, as domain errors (409 unless said otherwise)."""

from __future__ import annotations

from medmassage.problems import DomainError


class DoubleBooked(DomainError):
    """The therapist or the room is taken at that time."""


class NotBookable(DomainError):
    """Outside the therapist's hours, during time off, in the past, or online booking is off."""


class WrongStatus(DomainError):
    """The appointment is not in a state that allows this (e.g. cancelling a cancelled one)."""


class TooLateToCancel(DomainError):
    """Inside the clinic's cancellation notice: the client must call the clinic."""
