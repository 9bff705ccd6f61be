"""Reminders are sent exactly once by a real worker process, including across a restart.

A fresh database (its own SQLite file) gets a clinic and twelve due reminders; a worker
(`manage.py run_jobs`) starts sending them through a slow email backend, is stopped with
SIGTERM in the middle, and a new worker sends the rest. Every reminder is in the mail exactly
once and marked sent.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.migrated import copy_migrated_sqlite

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(Path(sys.executable).parent / "python")
COUNT = 12

SEED = f"""
from datetime import date
from django.db import transaction
from django.utils import timezone
from medmassage.accounts.models import Clinic
from medmassage.clients.models import Client
from medmassage.messaging.models import Kind
from medmassage.messaging.services import Outgoing, schedule_message, set_contact_consent
clinic = Clinic.objects.create(name="Worker Clinic", slug="worker")
with transaction.atomic():
    for n in range({COUNT}):
        client = Client(clinic=clinic, given_name=f"Client{{n:02d}}", family_name="Test",
                        date_of_birth=date(1980, 1, 1), email=f"c{{n}}@example.org")
        client.save()
        set_contact_consent(client=client, agreed=True, label="test")
        schedule_message(clinic=clinic, outgoing=Outgoing(
            kind=Kind.APPOINTMENT_REMINDER, key=f"reminder:{{n}}", to_email=client.email,
            send_after=timezone.now(), client=client,
            values={{"first_name": f"Client{{n:02d}}", "when": "tomorrow", "therapist": "T"}}))
"""
STATUSES = """
from medmassage.messaging.models import Message
print(sorted(Message.unscoped_objects.values_list("status", flat=True)))
"""


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - the project's own commands
        [PYTHON, "manage.py", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def sent_names(mail: Path) -> list[str]:
    text = "".join(p.read_text() for p in sorted(mail.glob("*.log")))
    return re.findall(r"Hello (Client\d\d),", text)


def wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(  # noqa: S603 - the project's own worker
            [PYTHON, "manage.py", "run_jobs", "--interval", "0.2"],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_each_reminder_is_sent_once_by_the_worker_across_a_restart(tmp_path: Path) -> None:
    mail = tmp_path / "mail"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update(
        MEDMASSAGE_VAR_DIR=str(tmp_path / "var"),
        DJANGO_SETTINGS_MODULE="medmassage.config.settings",
        EMAIL_BACKEND="tests.messaging.slow_mail.SlowFileBackend",
        EMAIL_FILE_PATH=str(mail),
        PYTHONPATH=str(ROOT),
    )
    copy_migrated_sqlite(Path(env["MEDMASSAGE_VAR_DIR"]) / "medmassage.sqlite3")  # migrated
    manage(env, "shell", "-c", SEED)
    log = tmp_path / "worker.log"

    first = start_worker(env, log)
    assert wait_for(lambda: len(sent_names(mail)) >= 3, 60), log.read_text()
    first.send_signal(signal.SIGTERM)
    first.wait(timeout=30)
    after_first = sent_names(mail)
    assert 3 <= len(after_first) < COUNT, "stop the worker in the middle of the batch"

    second = start_worker(env, log)
    try:
        assert wait_for(lambda: len(sent_names(mail)) >= COUNT, 90), log.read_text()
        time.sleep(1.5)  # time for any duplicate to appear
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)

    names = sent_names(mail)
    assert sorted(names) == [f"Client{n:02d}" for n in range(COUNT)]
    assert manage(env, "shell", "-c", STATUSES).strip().splitlines()[-1] == str(["sent"] * COUNT)
