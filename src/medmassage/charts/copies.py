"""Kept copies of charts: a chart computed once is shown again, until anything in it changes.

A chart reads a dozen tables; most openings of a chart follow no change to it (the therapist
comes back to it between visits, the front desk checks it). Each server process keeps the
charts it computed (a local cache) under the client's stamp, which the database draws anew in
the transaction of any change to a row the chart reads (`charts.stamps`), and under the day (a
referral falls overdue, a re-assessment comes due, a consent lapses by the date alone). Opening
a kept chart reads one stamp instead of the chart's tables; a change anywhere, by any server,
draws a new stamp, and the next opening computes the chart afresh. Read inside a transaction,
the stamp is the one its own changes drew: a copy kept under it shows what the transaction
sees, and if it rolls back no later change draws that stamp again. Nothing is kept that cannot
be computed again: a new or restarted process simply starts empty.
"""

from __future__ import annotations

from dataclasses import replace

from django.core.cache import caches
from django.utils import timezone

from medmassage.accounts.models import Clinic
from medmassage.charts.chart import CareLoop, Chart, get_care_loop, get_chart
from medmassage.charts.models import ChartStamp
from medmassage.clients.models import Client

CACHE = "charts"


def chart_and_care(clinic: Clinic, client: Client) -> tuple[Chart, CareLoop]:
    """The client's chart and care-team panel, from the kept copy when nothing has changed."""
    drawn = stamp(clinic, client)
    if drawn is None:  # every client has a stamp; without one, nothing is kept
        return get_chart(clinic, client), get_care_loop(clinic, client)
    key = f"{clinic.pk}:{client.pk}:{drawn}:{timezone.localdate().isoformat()}"
    kept: tuple[Chart, CareLoop] | None = caches[CACHE].get(key)
    if kept is None:
        kept = (get_chart(clinic, client), get_care_loop(clinic, client))
        caches[CACHE].set(key, kept)
    chart, care = kept
    return replace(chart, client=client), care


def stamp(clinic: Clinic | int, client: Client) -> int | None:
    """The client's chart stamp as this connection sees it (None if the client has none)."""
    found = (
        ChartStamp.objects.for_clinic(clinic)
        .filter(client_id=client.pk)
        .values_list("stamp", flat=True)
    )
    return next(iter(found), None)
