"""Against a live server (gunicorn on loopback, its own database) with a real worker:
fhirpy, a FHIR client nobody here wrote, reads and searches; a bulk client runs an export
from kick-off to the files, and cancels one."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from fhirpy import SyncFHIRClient
from fhirpy.base.exceptions import ResourceNotFound

from tests.fhir.validation import validate
from tests.migrated import copy_migrated_sqlite

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SEED = """
import json
from medmassage.accounts.tokens import issue_token
from tests.builders import actor, make_ready, membership
from tests.cast import build_cast
from tests.fhir.records import full_record
cast = build_cast()
ready = make_ready(cast)
full_record(ready, visits=3)
print(json.dumps({
    "therapist": issue_token(by=actor(ready.therapist), name="live").plaintext,
    "outsider": issue_token(by=actor(membership(cast.outsider)), name="live").plaintext,
    "client": ready.client.pk,
}))
"""


@dataclass(frozen=True)
class Live:
    url: str
    therapist: str
    outsider: str
    client: int

    def headers(self, token: str, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}", **extra}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - the project's own commands
        [str(BIN / "python"), "manage.py", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _start(env: dict[str, str], log: Path, *command: str) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(  # noqa: S603 - the project's own server and worker
            list(command), env=env, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT
        )


def _wait_until_up(url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/health/", timeout=10).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    raise AssertionError(log.read_text())


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    folder = tmp_path_factory.mktemp("live")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update(
        MEDMASSAGE_VAR_DIR=str(folder / "var"),
        DJANGO_SETTINGS_MODULE="medmassage.config.settings",
        PYTHONPATH=str(ROOT),
    )
    copy_migrated_sqlite(Path(env["MEDMASSAGE_VAR_DIR"]) / "medmassage.sqlite3")  # migrated
    seeded = json.loads(_manage(env, "shell", "-c", SEED).strip().splitlines()[-1])
    port = _free_port()
    log = folder / "server.log"
    server = _start(
        env, log, str(BIN / "gunicorn"), "medmassage.config.wsgi", "--bind", f"127.0.0.1:{port}"
    )
    worker = _start(env, log, str(BIN / "python"), "manage.py", "run_jobs", "--interval", "0.2")
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(url, log)
        yield Live(url, seeded["therapist"], seeded["outsider"], seeded["client"])
    finally:
        for process in (server, worker):
            process.send_signal(signal.SIGTERM)
        for process in (server, worker):
            process.wait(timeout=30)


# --- fhirpy -----------------------------------------------------------------------------------


def fhirpy_client(live: Live, token: str) -> SyncFHIRClient:
    return SyncFHIRClient(f"{live.url}/fhir/R4", authorization=f"Bearer {token}")


def test_fhirpy_reads_and_searches(live: Live) -> None:
    client = fhirpy_client(live, live.therapist)

    patient = client.resources("Patient").search(family="Lovelace").get()
    assert patient["id"] == str(live.client)
    assert client.get("Patient", str(live.client))["birthDate"] == "1980-12-10"
    ndi = client.resources("Observation").search(
        patient=live.client, code="http://loinc.org|82237-9"
    )
    assert [o["code"]["text"] for o in ndi.fetch()] == ["Neck Disability Index"]
    encounters = client.resources("Encounter").search(patient=live.client, status="finished")
    assert encounters.count() == 3


def test_fhirpy_follows_the_pages(live: Live) -> None:
    client = fhirpy_client(live, live.therapist)
    procedures = client.resources("Procedure").search(patient=live.client)

    everything = procedures.limit(4).fetch_all()

    assert len(everything) == procedures.count() > 4
    assert len({p["id"] for p in everything}) == len(everything)
    for procedure in everything:
        validate(dict(procedure))


def test_fhirpy_finds_nothing_of_another_clinic(live: Live) -> None:
    client = fhirpy_client(live, live.outsider)

    assert client.resources("Observation").fetch() == []
    with pytest.raises(ResourceNotFound):
        client.get("Patient", str(live.client))


# --- A bulk client ----------------------------------------------------------------------------


def kick_off(live: Live, path: str = "$export", **params: str) -> str:
    headers = live.headers(live.therapist, Accept="application/fhir+json", Prefer="respond-async")
    response = requests.get(
        f"{live.url}/fhir/R4/{path}", params=params, headers=headers, timeout=30
    )
    assert response.status_code == 202, response.text
    return str(response.headers["Content-Location"])


def poll(live: Live, status_url: str) -> dict[str, object]:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        response = requests.get(status_url, headers=live.headers(live.therapist), timeout=30)
        if response.status_code == 200:
            return dict(response.json())
        assert response.status_code == 202, response.text
        assert response.headers["X-Progress"]
        time.sleep(float(response.headers.get("Retry-After", "1")) / 4)
    raise AssertionError("the export did not finish")


def test_a_bulk_client_exports_everything(live: Live) -> None:
    manifest = poll(live, kick_off(live))

    outputs = manifest["output"]
    assert isinstance(outputs, list)
    assert {"Patient", "Encounter", "Observation", "Procedure", "CarePlan", "Consent"} <= {
        item["type"] for item in outputs
    }
    for item in outputs:
        response = requests.get(item["url"], headers=live.headers(live.therapist), timeout=30)
        assert response.headers["Content-Type"] == "application/fhir+ndjson"
        resources = [json.loads(line) for line in response.text.splitlines()]
        assert len(resources) == item["count"]
        for resource in resources:
            validate(resource)
    assert requests.get(outputs[0]["url"], timeout=30).status_code == 401


def test_a_bulk_client_narrows_by_type_and_since(live: Live) -> None:
    manifest = poll(live, kick_off(live, "Patient/$export", _type="Patient,AdverseEvent"))
    assert sorted(i["type"] for i in manifest["output"]) == ["AdverseEvent", "Patient"]

    manifest = poll(live, kick_off(live, _since="2999-01-01T00:00:00Z"))
    assert manifest["output"] == []


def test_a_bulk_client_cancels(live: Live) -> None:
    status_url = kick_off(live)
    outsider = requests.get(status_url, headers=live.headers(live.outsider), timeout=30)
    assert outsider.status_code == 404

    cancelled = requests.delete(status_url, headers=live.headers(live.therapist), timeout=30)

    assert cancelled.status_code == 202
    gone = requests.get(status_url, headers=live.headers(live.therapist), timeout=30)
    assert gone.status_code == 404
    assert gone.json()["resourceType"] == "OperationOutcome"
