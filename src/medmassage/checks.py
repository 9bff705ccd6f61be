"""System checks for MedMassage's own settings: misconfiguration fails loudly at start-up.

`manage.py check` (and every `runserver`, `migrate` and test run) reports them with ids
`medmassage.E00x` (the app cannot run as configured) and `medmassage.W00x` (it runs, but not as
a clinic would want in production).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

SUPPORTED_ENGINES = ("django.db.backends.sqlite3", "django.db.backends.postgresql")


@register()
def check_database(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """Only the two databases the project tests on; SQLite in production is worth a warning."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine not in SUPPORTED_ENGINES:
        return [
            Error(
                f"DATABASE_URL names {engine}, which MedMassage does not support.",
                hint="Use sqlite:///PATH (one machine) or postgres://USER:PASSWORD@HOST/NAME.",
                id="medmassage.E001",
            )
        ]
    if engine.endswith("sqlite3") and getattr(settings, "SECURE", False):
        return [
            Warning(
                "MEDMASSAGE_SECURE is on (production) but the database is SQLite.",
                hint="A clinic with more than one workstation wants PostgreSQL (DATABASE_URL).",
                id="medmassage.W002",
            )
        ]
    return []


@register()
def check_sessions(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """Session lifetimes that end sessions: positive, idle no longer than absolute."""
    idle, absolute = settings.SESSION_IDLE_TIMEOUT, settings.SESSION_ABSOLUTE_TIMEOUT
    if idle.total_seconds() <= 0 or absolute.total_seconds() <= 0:
        return [
            Error(
                "SESSION_IDLE_MINUTES and SESSION_ABSOLUTE_HOURS must be positive.",
                hint="The defaults are 15 minutes idle and 12 hours in all.",
                id="medmassage.E002",
            )
        ]
    if idle > absolute:
        return [
            Error(
                "SESSION_IDLE_MINUTES is longer than SESSION_ABSOLUTE_HOURS.",
                hint="A session must end when idle before it ends for good.",
                id="medmassage.E003",
            )
        ]
    return []


@register()
def check_login_throttling(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    """Throttling that throttles: at least one attempt, and a cool-off of at least a minute."""
    if settings.AXES_FAILURE_LIMIT < 1 or settings.AXES_COOLOFF_TIME.total_seconds() < 60:
        return [
            Error(
                "AXES_FAILURE_LIMIT must be at least 1 and AXES_COOLOFF_MINUTES at least 1.",
                hint="The defaults are 5 failures and 15 minutes.",
                id="medmassage.E004",
            )
        ]
    return []


@register()
def check_var_dir(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """The folder for the database, the secret key and generated files must be writable."""
    var_dir = Path(settings.VAR_DIR)
    if not var_dir.is_dir() or not os.access(var_dir, os.W_OK | os.X_OK):
        return [
            Error(
                f"MEDMASSAGE_VAR_DIR ({var_dir}) is not a writable folder.",
                hint="Create it, owned by the user that runs MedMassage (mode 0700).",
                id="medmassage.E005",
            )
        ]
    return []


@register()
def check_frontend(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """The pages need HTMX and Pico from npm; without them they have no behaviour or style."""
    missing = [
        package
        for package, folder in settings.FRONTEND_PACKAGES.items()
        if not (Path(settings.NODE_MODULES_DIR) / folder).is_dir()
    ]
    if missing:
        return [
            Warning(
                f"Front-end packages are missing: {', '.join(missing)}.",
                hint="Run `npm ci` in the project (make install does), or set "
                "MEDMASSAGE_NODE_MODULES to where they are.",
                id="medmassage.W001",
            )
        ]
    return []


@register(deploy=True)
def check_debug_in_production(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    """Debug pages show settings and data: never with production security on."""
    if settings.DEBUG and getattr(settings, "SECURE", False):
        return [
            Warning(
                "DEBUG is on while MEDMASSAGE_SECURE is on.",
                hint="Error pages would show health information: unset DEBUG.",
                id="medmassage.W003",
            )
        ]
    return []


@register()
def check_documents_dir(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    """Received and signed documents must never sit where static files are served from."""
    documents = Path(settings.DOCUMENTS_DIR).resolve()
    served = [Path(settings.STATIC_ROOT)] + [
        Path(entry[1] if isinstance(entry, tuple) else entry) for entry in settings.STATICFILES_DIRS
    ]
    for folder in served:
        folder = folder.resolve()
        if documents == folder or folder in documents.parents or documents in folder.parents:
            return [
                Error(
                    f"MEDMASSAGE_MEDIA_DIR ({documents}) overlaps a static folder ({folder}).",
                    hint="Keep documents under the var folder, away from STATIC_ROOT.",
                    id="medmassage.E006",
                )
            ]
    return []


@register()
def check_integrity_keys(
    app_configs: Sequence[AppConfig] | None, **kwargs: Any
) -> list[CheckMessage]:
    """Integrity keys that protect: readable by their owner only, and never SECRET_KEY."""
    from django.core.exceptions import ImproperlyConfigured

    from medmassage.integrity.keys import file_is_private, keyring

    path = Path(settings.INTEGRITY_KEY_FILE)
    if not settings.INTEGRITY_KEYS and path.exists() and not file_is_private(path):
        return [
            Error(
                f"The integrity key file {path} is readable by others.",
                hint=f"chmod 600 {path}",
                id="medmassage.E008",
            )
        ]
    try:
        keys = keyring().keys
    except (ImproperlyConfigured, OSError) as error:
        return [Error(str(error), id="medmassage.E009")]
    if any(key.secret == settings.SECRET_KEY.encode() for key in keys):
        return [
            Error(
                "An integrity key is the SECRET_KEY.",
                hint="Integrity keys must be separate: `medmassage integrity rotate-key`.",
                id="medmassage.E009",
            )
        ]
    return []
