"""Floors that hold: a package imports only packages on its own floor's list or below it.

The list is the architecture, bottom first. A package may import any package on a lower floor;
on its own floor, only the peers named with it. A new package must be placed here, or the test
fails and says so. Imports inside functions and under TYPE_CHECKING count too: a lazy import
hides a dependency, it does not remove it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import medmassage

ROOT = Path(medmassage.__file__).parent

# Bottom first. Each floor lists its packages (top-level modules of `medmassage`).
FLOORS: tuple[frozenset[str], ...] = (
    frozenset({"clinical"}),  # the pure core: no Django
    frozenset({"integrity", "inputs"}),  # integrity keys (HMAC); strict API input schemas
    frozenset({"course_figures"}),  # the call services make when a course's figures change
    frozenset({"tenancy", "problems", "db_triggers", "checks", "interop", "jobs", "words"}),
    frozenset({"replicas"}),  # the database router: lag-tolerant reads to a replica
    frozenset({"accounts", "audit"}),  # who acts, and the record of it (peers)
    frozenset({"mfa"}),  # the second factor of a login
    frozenset({"drafts"}),  # what a member typed, kept until the form is saved
    frozenset({"practitioners"}),
    frozenset({"clients"}),
    frozenset({"messaging"}),  # the outbox: emails scheduled with what causes them
    frozenset({"clientaccounts"}),  # portal accounts: a separate kind of user, the client
    frozenset({"careteam"}),  # outside providers, care teams, the clearances they send
    frozenset({"intake"}),
    frozenset({"plans"}),
    frozenset({"outcomes"}),
    frozenset({"assessments"}),
    frozenset({"visits"}),
    frozenset({"homecare"}),
    frozenset({"discharges"}),
    frozenset({"scheduling"}),  # appointments: opens visits, books a plan's course
    frozenset({"billing"}),  # invoices from what visits billed and appointments cost
    frozenset({"referrals"}),  # the loop with the care team: letters, answers, reports
    frozenset({"recordaccess"}),  # treating teams over every record kind, break-glass
    frozenset({"backups"}),  # backups and restores: the database and the documents stored
    frozenset({"reports"}),  # practice outcomes: course summaries over every clinical app
    frozenset({"charts", "dashboard", "frontdesk"}),  # pages that summarise the apps below
    frozenset({"portal"}),  # the client's side, over the same services
    frozenset({"fhir"}),  # FHIR R4 in and out: reads every app below
    frozenset({"api", "demo"}),  # the JSON API over every app; demo seeding through services
    frozenset({"config", "cli"}),  # settings and URLs, the command
)
PEERS = {
    frozenset({"accounts", "audit"}),
    frozenset({"problems", "words"}),  # refusals name fields in words
    frozenset({"interop", "words"}),  # PDF templates load the words filters
}
FLOOR_OF = {package: level for level, floor in enumerate(FLOORS) for package in floor}


def package_of(path: Path) -> str:
    relative = path.relative_to(ROOT)
    return relative.parts[0].removesuffix(".py")


def imported_packages(path: Path) -> Iterator[tuple[int, str]]:
    """(line, package) of each `medmassage.<package>` the module imports, wherever it does."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "medmassage":
                names = [f"medmassage.{alias.name}" for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "medmassage" and len(parts) > 1:
                yield node.lineno, parts[1]


def modules() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


def back_edges() -> list[str]:
    found = []
    for path in modules():
        own = package_of(path)
        if own == "__init__":
            continue
        for line, other in imported_packages(path):
            if other == own:
                continue
            if FLOOR_OF[other] > FLOOR_OF[own]:
                found.append(f"{path.relative_to(ROOT)}:{line} {own} -> {other} (a floor above)")
            elif FLOOR_OF[other] == FLOOR_OF[own] and frozenset({own, other}) not in PEERS:
                found.append(f"{path.relative_to(ROOT)}:{line} {own} -> {other} (same floor)")
    return found


def test_every_package_has_a_floor() -> None:
    packages = {package_of(path) for path in modules()} - {"__init__"}

    assert packages <= set(FLOOR_OF), f"place these in FLOORS: {packages - set(FLOOR_OF)}"


def test_no_package_imports_one_above_it() -> None:
    assert back_edges() == []


@pytest.mark.parametrize(
    ("importer", "imported", "allowed"),
    [
        ("visits", "outcomes", True),
        ("outcomes", "assessments", False),
        ("clients", "charts", False),
    ],
)
def test_the_rule_reads_the_floors(importer: str, imported: str, allowed: bool) -> None:
    assert (FLOOR_OF[imported] < FLOOR_OF[importer]) is allowed
