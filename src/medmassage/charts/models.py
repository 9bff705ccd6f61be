"""The chart's stamp: a number that changes whenever anything the client's chart shows changes."""

from __future__ import annotations

from django.db import models

from medmassage.tenancy import ClinicOwned


class ChartStamp(ClinicOwned):
    """A number naming the state of what the client's chart shows: the key its kept copy is under.

    Drawn at random anew by database triggers (`charts.stamps`) in the transaction of every
    insert, update and delete of a row the chart reads: no writer can forget it. Random, not
    counted: a change rolled back takes its number with it, and no later change draws it again
    (a count would come round to it), so a copy kept under it is never shown for another state.
    """

    # No foreign key: the row outlives its client (a reused id draws a new stamp), and a
    # client's deletion never waits on it.
    client_id = models.BigIntegerField(primary_key=True)
    stamp = models.BigIntegerField(default=0)

    class Meta(ClinicOwned.Meta):
        pass

    def __str__(self) -> str:
        return f"chart of client {self.client_id}: stamp {self.stamp}"
