"""Background job of stored documents: settle files left pending by transactions that ended
without their rename (rolled back: removed; committed: given their name)."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from medmassage.careteam.documents import sweep_pending
from medmassage.jobs.periodic import every


@task()
def sweep_pending_documents() -> dict[str, int]:
    """Remove documents of rolled-back transactions; finish the rename of committed ones."""
    swept = sweep_pending()
    return {"promoted": swept.promoted, "removed": swept.removed}


every(timedelta(hours=1), sweep_pending_documents)
