"""JSON API for practitioners and their credentials."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["practitioners"])
