"""Checks of sealed records gathered for one answer: a page's warning, the API's `integrity`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from medmassage.audit.seals import SealCheck

HEADER = "X-MedMassage-Integrity"


@dataclass(frozen=True)
class Integrity:
    checks: tuple[SealCheck, ...] = ()

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def problems(self) -> list[str]:
        """For the API and the audit trail: each record by its program name."""
        return [f"{check.subject}: {check.problem}" for check in self.checks if not check.ok]

    @property
    def shown(self) -> list[str]:
        """For pages and PDFs: each record in words ("Visit 12: ...")."""
        return [f"{check.what}: {check.problem}" for check in self.checks if not check.ok]

    def as_json(self) -> dict[str, object]:
        return {"ok": self.ok, "problems": self.problems}


def gathered(checks: Iterable[SealCheck]) -> Integrity:
    return Integrity(tuple(checks))
