"""Refusals of billing, as domain errors (409 unless said otherwise)."""

from __future__ import annotations

from medmassage.problems import DomainError


class NotBillable(DomainError):
    """The visit cannot be invoiced: not signed, nothing given, or already invoiced."""


class InvoiceVoid(DomainError):
    """The invoice was voided: nothing more is paid on or refunded from it."""


class InvoicePaid(DomainError):
    """Money stands against the invoice: refund it before voiding."""
