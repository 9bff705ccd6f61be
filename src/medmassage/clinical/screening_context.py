"""What a screening trigger reads (the intake in context) and what it returns (a Hit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from medmassage.clinical.body import EMPTY, Area
from medmassage.clinical.intake import Complaint, Intake
from medmassage.clinical.knowledge_model import KnowledgeBase


@dataclass(frozen=True)
class Hit:
    """A trigger fired: the regions concerned (empty for whole-body matters), the date of the
    event (to check a clearance against it) and whether every site concerned has healed."""

    area: Area = EMPTY
    since: dt.date | None = None
    healed: bool = False


@dataclass(frozen=True)
class Context:
    """One intake being screened, with the complaints a rule's region scope selected."""

    kb: KnowledgeBase
    intake: Intake
    complaints: tuple[Complaint, ...]


FIRED = Hit()


def when(condition: bool) -> Hit | None:
    """A whole-body hit when `condition` holds."""
    return FIRED if condition else None


def area_hit(area: Area, since: dt.date | None = None, *, healed: bool = False) -> Hit | None:
    """A hit over `area`, or None when the area is empty."""
    return Hit(area, since, healed) if area else None


def is_new(ctx: Context, complaint: Complaint, within_days: int, *, unknown: bool) -> bool:
    """Whether the complaint began within `within_days`; `unknown` when no onset is given."""
    onset = complaint.onset
    if onset is None:
        return unknown
    return (ctx.intake.visit_date - onset).days <= within_days
