"""Raw SQL with the protective triggers out of the way: what an administrator with write
access to the database can do. Both DROP TRIGGER (SQLite) and DISABLE TRIGGER (PostgreSQL)
are transactional, so the triggers come back when the test's transaction is rolled back."""

from __future__ import annotations

from typing import Any

from django.db import connection


def without_triggers(*tables: str) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks of the test's own writes must fire before ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            return
        placeholders = ", ".join(["%s"] * len(tables))
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "  # noqa: S608 - placeholders
            f"AND tbl_name IN ({placeholders})",
            list(tables),
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP TRIGGER "{name}"')


def execute(sql: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
