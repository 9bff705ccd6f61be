"""The one call a clinical service makes when a course's figures may have changed.

The outcomes report reads one summary row per course, kept current in the same transaction as
the change that moves it: a visit signed, a measurement recorded, an adverse event recorded, a
plan approved or closed, a home session logged. Those services sit on floors below the reports
app (which reads visits, measurements, home programs and discharges together), so they cannot
import it. They call `changed()` here instead, explicitly and synchronously; the reports app
provides the work when it loads (as apps register their words with `medmassage.words`). It is
one function, not a signal: no receivers to discover, no model saves that fire it by surprise,
and a process without the reports app refuses loudly rather than skipping the summary.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

# (clinic id, client id): refresh the summaries of that client's courses.
Refresher = Callable[[int, int], None]

_refresher: list[Refresher] = []


def provide(refresher: Refresher) -> None:
    """Set the function that refreshes a client's course summaries (the reports app does)."""
    _refresher[:] = [refresher]


def changed(*, clinic_id: int, client_id: int) -> None:
    """A client's course figures may have changed: refresh them inside the caller's transaction."""
    if not _refresher:
        raise ImproperlyConfigured("No course summary refresher: is medmassage.reports installed?")
    _refresher[0](clinic_id, client_id)
