"""A visit's billing units: minutes pooled by CPT code under the 8-minute rule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from medmassage.clinical.billing import billing_units
from medmassage.visits.models import TreatmentGiven


def visit_billing(treatments: Iterable[TreatmentGiven]) -> dict[str, Any]:
    """Units per CPT code and in total (CMS 100-04 ch. 5 §20.2), as plain data."""
    minutes: dict[str, int] = {}
    for row in treatments:
        minutes[row.cpt] = minutes.get(row.cpt, 0) + row.minutes
    units = billing_units(minutes)
    return {
        "total_minutes": units.total_minutes,
        "total_units": units.total_units,
        "codes": [
            {"code": line.code, "minutes": line.minutes, "units": line.units}
            for line in units.codes
        ],
    }
