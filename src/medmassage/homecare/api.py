"""JSON API of the homecare app (paths under /api/v1/, see ../shared/DESIGN.md)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["homecare"])
