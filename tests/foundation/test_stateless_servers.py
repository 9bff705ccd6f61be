"""Application servers hold no state of their own (issue 15): sessions, the cache (login
throttling), the job queue and the replica router all live where every server sees them;
files (documents, exports, checkpoints) live under folders a deployment can share."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessions
from django.contrib.sessions.models import Session

from medmassage.replicas import ReplicaRouter


def test_sessions_cache_and_jobs_are_in_the_database() -> None:
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert DatabaseSessions.get_model_class() is Session
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_files_live_under_folders_a_deployment_can_point_at_shared_storage() -> None:
    # Each is set by its own variable (MEDMASSAGE_MEDIA_DIR, FHIR_EXPORT_DIR,
    # MEDMASSAGE_CHECKPOINT_DIR): several servers mount one shared folder there.
    for folder in (settings.MEDIA_ROOT, settings.FHIR_EXPORT_DIR, settings.AUDIT_CHECKPOINT_DIR):
        assert folder.is_absolute()


def test_the_router_sends_writes_to_the_primary_and_reads_there_unless_lag_tolerant() -> None:
    assert settings.DATABASE_ROUTERS == ["medmassage.replicas.ReplicaRouter"]
    router = ReplicaRouter()
    assert router.db_for_write(Session) == "default"
    assert router.db_for_read(Session) == "default"
    assert router.allow_migrate("replica", "sessions") is False
