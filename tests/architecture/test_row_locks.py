"""Every row lock a service takes is FOR NO KEY UPDATE.

A row held FOR UPDATE blocks every transaction that inserts a row pointing at it, at that
transaction's commit (PostgreSQL checks a deferred foreign key with FOR KEY SHARE). An audited
write that holds its clinic's audit chain when it commits then deadlocks with the one holding the
row, if that one waits for the chain (tests/audit/test_concurrent_audited_writes.py). Primary
keys never change here, so the weaker lock serialises what the services need and lets foreign-key
checks through. SQLite serialises writers itself and ignores the clause.
"""

from __future__ import annotations

import ast

import pytest

from tests.architecture.test_layers import ROOT, modules


def key_locks_in(source: str) -> list[int]:
    """Lines of `select_for_update(...)` calls without `no_key=True`."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "select_for_update"
        ):
            continue
        no_key = next((k.value for k in node.keywords if k.arg == "no_key"), None)
        if not (isinstance(no_key, ast.Constant) and no_key.value is True):
            lines.append(node.lineno)
    return lines


def test_every_row_lock_lets_foreign_key_checks_through() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in modules()
        for line in key_locks_in(path.read_text())
    ]
    assert found == [], "use select_for_update(no_key=True)"


@pytest.mark.parametrize(
    ("source", "lines"),
    [
        ("Clinic.objects.select_for_update().get(pk=1)", [1]),
        ("rows = (\n    Visit.objects\n    .select_for_update(of=('self',))\n)", [2]),
        ("Clinic.objects.select_for_update(no_key=False).get(pk=1)", [1]),
        ("Clinic.objects.select_for_update(no_key=True).get(pk=1)", []),
        ("Clinic.objects.filter(pk=1).first()", []),
    ],
)
def test_the_finder_names_each_lock_that_would_block_them(source: str, lines: list[int]) -> None:
    assert key_locks_in(source) == lines
