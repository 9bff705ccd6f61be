"""Database triggers written once per database vendor, applied by migrations.

Records that must never change once final (audit events, approved plans, signed notes) are
protected by the database itself, not only by the services: each migration lists its SQL for
SQLite and PostgreSQL and hands it to `trigger_operation`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import migrations

# vendor -> (statements that create the triggers, statements that drop them)
Statements = Mapping[str, tuple[Sequence[str], Sequence[str]]]


def trigger_operation(statements: Statements, *, purpose: str) -> migrations.RunPython:
    """A reversible migration step creating (or, backwards, dropping) the vendor's triggers."""
    return migrations.RunPython(_apply(statements, 0, purpose), _apply(statements, 1, purpose))


def _apply(statements: Statements, direction: int, purpose: str) -> Callable[[Any, Any], None]:
    def apply(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise RuntimeError(f"No {purpose} triggers written for the {vendor} database")
        for statement in statements[vendor][direction]:
            # No parameters: PL/pgSQL bodies use `%` placeholders of their own.
            schema_editor.execute(statement, params=None)

    return apply
