"""Typed readers for the environment variables that configure MedMassage."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    """The variable's value, or the default when it is unset."""
    return os.environ.get(name, default)


def env_bool(name: str, *, default: bool) -> bool:
    """A yes/no variable; anything unrecognised fails loudly instead of guessing."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value (use 1/0, true/false)")


def env_int(name: str, default: int) -> int:
    """A whole-number variable."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list variable."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def private_file(path: Path) -> None:
    """Create the file readable and writable by its owner only (0600), or narrow an existing
    one that is ours: a SQLite database (and the -wal and -shm files SQLite makes with the
    same mode) holds health records."""
    if str(path) in {"", ":memory:"} or str(path).startswith("file:"):
        return
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        if path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o077:
            path.chmod(0o600)


def secret_key(var_dir: Path) -> str:
    """SECRET_KEY from the environment, a file named by SECRET_KEY_FILE, or a local file."""
    if value := os.environ.get("SECRET_KEY"):
        return value
    if path := os.environ.get("SECRET_KEY_FILE"):
        return Path(path).read_text().strip()
    local = var_dir / "secret_key"
    if not local.exists():
        # Generated once for a local install; production sets SECRET_KEY or SECRET_KEY_FILE.
        var_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(local, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(64))
    return local.read_text().strip()
