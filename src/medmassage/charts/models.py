"""The chart's stamp: a number that changes whenever anything the client's chart shows changes."""

from __future__ import annotations

from django.db import models

from medmassage.tenancy import ClinicOwned


class ChartStamp(ClinicOwned):
    """How often what the client's chart shows has changed; the key its kept copy is under.

    Written only by database triggers (`charts.stamps`), in the transaction of the change, on
    every insert, update and delete of a row the chart reads: no service can forget it. Never
    deleted, and only ever counted up, so a number names one state of the chart for good.
    """

    # No foreign key: the row outlives its client (a reused id still counts up), and a
    # client's deletion never waits on it.
    client_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField(default=0)

    class Meta(ClinicOwned.Meta):
        pass

    def __str__(self) -> str:
        return f"chart of client {self.client_id}: version {self.version}"
