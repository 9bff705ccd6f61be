"""The export benchmark runs and prints its figures beside the baseline (no timed assertion)."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

from medmassage.accounts.models import Clinic


def test_the_benchmark_prints_figures_against_json_dumps(db: None) -> None:
    out = StringIO()

    call_command("bench_fhir", "--clients", "20", "--per-client", "3", stdout=out)

    figures = [json.loads(line) for line in out.getvalue().splitlines()]
    overall = next(f for f in figures if f["figure"] == "fhir_export_all_per_second")
    assert overall["resources"] == 20 + 2 * 60
    assert overall["value"] > 0
    assert overall["baseline_value"] > 0
    assert not Clinic.objects.filter(name="Bench clinic").exists()  # rolled back
