"""Migrated databases for tests that start their own server, copied from a template.

`manage.py migrate` takes about 12 seconds on an empty SQLite file, and a dozen tests start a
server of their own (the browser walks, the live API, kill -9, the job worker, the FHIR client).
Each now gets a copy of a database migrated once for the current migrations: a file copy on
SQLite, `CREATE DATABASE ... TEMPLATE` on PostgreSQL. The template's name carries a digest of
every migration file and installed package, so a changed migration builds a new one. Tests of
migrating itself (`make run`, the legacy chain, the settings' file modes) still migrate.

Migrating creates no audit event, key or file in the database that belongs to one server's
folder (checked by `tests/foundation/test_migrated_template.py`), so copies are interchangeable.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.metadata
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.commands import ROOT, manage

TEMPLATES = Path(tempfile.gettempdir()) / f"medmassage-test-templates-{os.getuid()}"


def schema_files(root: Path = ROOT) -> list[Path]:
    """Our files that shape the migrated schema: the migrations, and the chart stamps' module
    (its triggers are put in place after migrating, from their own module)."""
    source = root / "src" / "medmassage"
    return sorted([*source.glob("*/migrations/*.py"), source / "charts" / "stamps.py"])


def migrations_digest(root: Path = ROOT) -> str:
    """What the schema depends on: our schema files and every installed package's version."""
    digest = hashlib.sha256()
    for path in schema_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    packages = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()
    )
    digest.update("\n".join(packages).encode())
    return digest.hexdigest()[:16]


def _migrate(database_url: str, var_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG"}}
    env.update(
        DATABASE_URL=database_url,
        MEDMASSAGE_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="medmassage.config.settings",
    )
    manage(env, "migrate", "--no-input", timeout=600)


def sqlite_template() -> Path:
    """The migrated SQLite file for the current migrations, built once (one builder at a time
    across test processes)."""
    TEMPLATES.mkdir(mode=0o700, exist_ok=True)
    template = TEMPLATES / f"{migrations_digest()}.sqlite3"
    with (TEMPLATES / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            with tempfile.TemporaryDirectory(dir=TEMPLATES) as building:
                database = Path(building) / "template.sqlite3"
                _migrate(f"sqlite:///{database}", Path(building) / "var")
                database.replace(template)  # whole or not at all
    return template


def copy_migrated_sqlite(target: Path) -> None:
    """A migrated database at `target`, readable by its owner only (as the server makes it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sqlite_template(), target)
    target.chmod(0o600)


def postgres_template(admin_url: str) -> str:
    """The name of the migrated template database on the server `admin_url` names, built once.
    Call with the advisory lock of `create_migrated_postgres` held."""
    import psycopg

    name = f"medmassage_template_{migrations_digest()}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone():
            return name
        building = f"{name}_building"
        connection.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{building}"')
    parts = urlsplit(admin_url)
    with tempfile.TemporaryDirectory() as var_dir:
        _migrate(urlunsplit(parts._replace(path=f"/{building}")), Path(var_dir))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'ALTER DATABASE "{building}" RENAME TO "{name}"')  # whole or not
    return name


def create_migrated_postgres(admin_url: str, name: str) -> None:
    """Create database `name`, migrated, as a copy of the template."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        # One builder, and no copy while another process builds or copies the template.
        connection.execute("SELECT pg_advisory_lock(hashtext('medmassage test template'))")
        try:
            template = postgres_template(admin_url)
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        finally:
            connection.execute("SELECT pg_advisory_unlock(hashtext('medmassage test template'))")
