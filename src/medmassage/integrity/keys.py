"""The integrity key ring: the current key signs, every key listed still verifies.

Sources, first found wins:
1. `MEDMASSAGE_INTEGRITY_KEYS`: `ID:SECRET[,ID:SECRET...]`, the first the current key;
2. the file `MEDMASSAGE_INTEGRITY_KEY_FILE` (default `var/integrity_keys`, created once with
   mode 0600 for a local install): one `ID SECRET` per line, the first line the current key.

Rotation puts a new key first and keeps the old ones, so events and seals made with an older
key still verify; each event and seal stores the id of the key that made it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

MIN_SECRET_BYTES = 32


@dataclass(frozen=True)
class IntegrityKey:
    key_id: str
    secret: bytes = b""

    def mac(self, payload: bytes) -> str:
        """HMAC-SHA256 of the payload under this key, hex."""
        return hmac.new(self.secret, payload, hashlib.sha256).hexdigest()

    def __repr__(self) -> str:  # never print the secret
        return f"IntegrityKey({self.key_id!r})"


@dataclass(frozen=True)
class KeyRing:
    keys: tuple[IntegrityKey, ...]
    source: str

    @property
    def current(self) -> IntegrityKey:
        return self.keys[0]

    def get(self, key_id: str) -> IntegrityKey | None:
        return next((key for key in self.keys if key.key_id == key_id), None)


_cache: dict[tuple[object, ...], KeyRing] = {}


def keyring() -> KeyRing:
    """The key ring in force (read again when the variable or the file changes)."""
    listed = str(getattr(settings, "INTEGRITY_KEYS", "") or "")
    path = Path(settings.INTEGRITY_KEY_FILE)
    if not listed and not path.exists():
        create_key_file(path)
    marker: tuple[object, ...] = (listed, str(path), _mtime(path) if not listed else None)
    if marker not in _cache:
        _cache.clear()
        _cache[marker] = _parse(listed, "MEDMASSAGE_INTEGRITY_KEYS") if listed else _read(path)
    return _cache[marker]


def _mtime(path: Path) -> int:
    return path.stat().st_mtime_ns


def _read(path: Path) -> KeyRing:
    text = path.read_text()
    entries = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    return _parse(",".join(e.replace(" ", ":", 1) for e in entries), str(path))


def _parse(listed: str, source: str) -> KeyRing:
    keys = []
    for entry in (e.strip() for e in listed.split(",") if e.strip()):
        key_id, _, encoded = entry.partition(":")
        secret = _decode(encoded)
        if not key_id or len(secret) < MIN_SECRET_BYTES:
            raise ImproperlyConfigured(
                f"Integrity key {key_id or '?'} in {source}: write ID:SECRET with a secret of "
                f"at least {MIN_SECRET_BYTES} random bytes, base64 (medmassage integrity new-key)."
            )
        keys.append(IntegrityKey(key_id, secret))
    if not keys:
        raise ImproperlyConfigured(f"No integrity key in {source}.")
    return KeyRing(tuple(keys), source)


def _decode(encoded: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except ValueError:
        return b""


def new_key_line() -> str:
    """A fresh key as `ID SECRET` (an id that says when it was made)."""
    key_id = f"k{timezone.now():%Y%m%d}-{secrets.token_hex(3)}"
    secret = base64.urlsafe_b64encode(secrets.token_bytes(MIN_SECRET_BYTES)).decode().rstrip("=")
    return f"{key_id} {secret}"


def create_key_file(path: Path) -> None:
    """A key file with one fresh key, readable by its owner only (a local install's default)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process made it first
    with os.fdopen(descriptor, "w") as handle:
        handle.write(new_key_line() + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def rotate_key_file(path: Path) -> str:
    """Put a new current key first in the file; older keys stay to verify. Returns its id."""
    if not path.exists():
        create_key_file(path)
        return keyring().current.key_id
    line = new_key_line()
    temporary = path.with_name(path.name + ".new")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(line + "\n" + path.read_text())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return line.split()[0]


def file_is_private(path: Path) -> bool:
    """Whether only the owner may read or write the file."""
    mode = path.stat().st_mode
    return not mode & (stat.S_IRWXG | stat.S_IRWXO)
