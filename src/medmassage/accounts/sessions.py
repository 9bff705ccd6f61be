"""Session lifetimes: an idle timeout and an absolute lifetime, both enforced on the server."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

STARTED_KEY = "medmassage.started_at"
ACTIVE_KEY = "medmassage.last_active_at"
# Writing the session on every request costs a database write; a minute of slack is harmless
# against a 15-minute idle limit.
TOUCH_INTERVAL_SECONDS = 60


def start(session: SessionBase) -> None:
    """Stamp a freshly logged-in session."""
    stamp = timezone.now().timestamp()
    session[STARTED_KEY] = stamp
    session[ACTIVE_KEY] = stamp


def has_expired(session: SessionBase, *, at: datetime | None = None) -> bool:
    """Whether the session is past its idle timeout or its absolute lifetime."""
    now = (at or timezone.now()).timestamp()
    started = session.get(STARTED_KEY)
    active = session.get(ACTIVE_KEY)
    if started is None or active is None:
        return True
    idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
    absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
    return bool(now - active > idle or now - started > absolute)


def touch(session: SessionBase) -> None:
    """Record activity, at most once a minute."""
    now = timezone.now().timestamp()
    if now - session.get(ACTIVE_KEY, 0) >= TOUCH_INTERVAL_SECONDS:
        session[ACTIVE_KEY] = now
