"""The migrated template that servers in tests start from (tests/migrated.py): fully migrated,
and holding nothing that belongs to one server's folder (no audit event or chain head, whose
keys live in that folder; no user, no session)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from tests.browser.server import fresh_database
from tests.commands import ROOT, manage
from tests.migrated import migrations_digest, schema_files, sqlite_template

BOUND_TO_A_FOLDER = (
    "audit_auditevent",
    "audit_auditchainhead",
    "audit_seal",
    "accounts_user",
    "django_session",
)


def test_the_template_holds_no_row_bound_to_one_servers_folder() -> None:
    with sqlite3.connect(sqlite_template()) as database:
        tables = {name for (name,) in database.execute("SELECT name FROM sqlite_master")}
        for table in BOUND_TO_A_FOLDER:
            assert table in tables, f"{table} is not in the schema any more: update this list"
            count = f'SELECT count(*) FROM "{table}"'  # noqa: S608 - names from the list above
            assert database.execute(count).fetchone() == (0,), table


def test_a_copy_needs_no_migration(tmp_path: Path) -> None:
    """On the suite's database kind: SQLite, or PostgreSQL where DATABASE_URL names one."""
    with fresh_database(tmp_path, migrated=True) as url:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "MEDMASSAGE_VAR_DIR": str(tmp_path / "var"),
            "DJANGO_SETTINGS_MODULE": "medmassage.config.settings",
        }
        manage(env, "migrate", "--check", "--no-input")


def test_a_changed_migration_makes_a_new_template(tmp_path: Path) -> None:
    assert sqlite_template().stem == migrations_digest()
    for path in schema_files():
        copy = tmp_path / path.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
    assert migrations_digest(tmp_path) == migrations_digest()
    changed = sorted((tmp_path / "src" / "medmassage").glob("*/migrations/0001_*.py"))[0]
    changed.write_text(changed.read_text() + "\n# changed\n")
    assert migrations_digest(tmp_path) != migrations_digest()


def test_changed_stamp_triggers_make_a_new_template(tmp_path: Path) -> None:
    for path in schema_files():
        copy = tmp_path / path.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
    stamps = tmp_path / "src" / "medmassage" / "charts" / "stamps.py"
    stamps.write_text(stamps.read_text() + "\n# changed\n")

    assert migrations_digest(tmp_path) != migrations_digest()
