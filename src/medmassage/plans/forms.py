"""The plan edit page's form, turned into the same change dictionary the API accepts."""

from __future__ import annotations

import json
from typing import Any

from django.http import QueryDict

from medmassage.clinical.planning import Plan


def changes_from_post(post: QueryDict, current: Plan) -> dict[str, Any]:
    """Read the edit form: kept and adjusted techniques, an added one, and the course."""
    techniques: list[dict[str, Any]] = []
    reasons: dict[str, str] = {}
    for index, planned in enumerate(current.techniques):
        if not post.get(f"keep_{index}"):
            continue
        techniques.append(
            {
                "technique": planned.technique,
                "regions": [ref.to_json() for ref in planned.regions],
                "max_pressure": post.get(f"pressure_{index}", planned.max_pressure.value),
                "minutes": post.get(f"minutes_{index}", planned.minutes),
            }
        )
        reasons[planned.technique] = post.get(f"reason_{index}", "")
    added = _added_technique(post)
    if added is not None:
        techniques.append(added)
        reasons[added["technique"]] = post.get("add_reason", "")
    return {
        "techniques": techniques,
        "reasons": reasons,
        "goals": post.get("goals", "").splitlines(),
        "measures": post.getlist("measures"),
        "home_care": [*post.getlist("home_care"), *_nonblank(post.get("add_exercise"))],
        "sessions_per_week": post.get("sessions_per_week"),
        "weeks": post.get("weeks"),
        "reassess_after_sessions": post.get("reassess_after_sessions"),
    }


def _added_technique(post: QueryDict) -> dict[str, Any] | None:
    technique = post.get("add_technique", "").strip()
    if not technique:
        return None
    return {
        "technique": technique,
        "regions": [{"region": post.get("add_region", ""), "side": post.get("add_side", "both")}],
        "max_pressure": post.get("add_pressure", ""),
        "minutes": post.get("add_minutes", ""),
    }


def _nonblank(value: str | None) -> list[str]:
    return [value] if value else []


def regions_json(regions: list[dict[str, str]]) -> str:
    """Regions as compact text for display."""
    return json.dumps(regions, separators=(",", ":"))
