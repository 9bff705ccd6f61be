"""The load of `bench_scale`: users who open a chart, then read it for a while (think time).

Run by the benchmark (`locust --headless -f this file`), with MEDMASSAGE_LOAD naming a JSON file
that holds the session cookie and the paths to request.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from locust import HttpUser, between, task

_LOAD = json.loads(Path(os.environ["MEDMASSAGE_LOAD"]).read_text())
_THINK = float(os.environ.get("MEDMASSAGE_THINK_SECONDS", "2"))


class Therapist(HttpUser):
    wait_time = between(_THINK * 0.5, _THINK * 1.5)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", _LOAD["cookie"])

    @task
    def open_a_page(self) -> None:
        path = random.choice(_LOAD["paths"])  # noqa: S311 - load, not security
        self.client.get(path, name=_LOAD["name"])
