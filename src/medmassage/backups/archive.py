"""The backup file: a manifest and the database dump, in a tar, encrypted with AES-256-GCM.

Layout: MAGIC, a 4-byte header length, the JSON header (format, key id, nonce prefix), then
chunks of at most 1 MiB, each `4-byte length + ciphertext` sealed with AES-GCM under the backup
key, the nonce the prefix and the chunk's number, the associated data the header, the number
and whether it is the last. A changed, reordered, swapped or cut-short file fails to decrypt.
The manifest inside lists each member's SHA-256, checked again after decryption.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import secrets
import struct
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MAGIC = b"MEDMASSAGE-BACKUP\x01"
CHUNK = 1 << 20
KEY_BYTES = 32


class BackupError(Exception):
    """The file is not a backup this key opens intact."""


@dataclass(frozen=True)
class BackupKey:
    key_id: str
    secret: bytes


def backup_key() -> BackupKey:
    """MEDMASSAGE_BACKUP_KEY (base64 of 32 bytes), or the file MEDMASSAGE_BACKUP_KEY_FILE
    (default var/backup_key, made once with mode 0600). Keep a copy away from the backups."""
    listed = str(getattr(settings, "BACKUP_KEY", "") or "")
    if listed:
        return _parse(listed, "MEDMASSAGE_BACKUP_KEY")
    path = Path(settings.BACKUP_KEY_FILE)
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        secret = base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode()
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secret + "\n")
    return _parse(path.read_text().strip(), str(path))


def _parse(encoded: str, source: str) -> BackupKey:
    try:
        secret = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except ValueError:
        secret = b""
    if len(secret) != KEY_BYTES:
        raise ImproperlyConfigured(f"The backup key in {source} must be 32 bytes, base64.")
    return BackupKey(hashlib.sha256(b"backup-key-id" + secret).hexdigest()[:16], secret)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def write_archive(target: Path, members: dict[str, Path], manifest: dict[str, Any]) -> None:
    """Encrypt the members and the manifest (with their checksums) into `target` (0600)."""
    manifest = {
        **manifest,
        "files": {
            name: {"sha256": sha256_of(p), "bytes": p.stat().st_size} for name, p in members.items()
        },
    }
    key = backup_key()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        encoded = json.dumps(manifest, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(encoded)
        archive.addfile(info, io.BytesIO(encoded))
        for name, path in members.items():
            archive.add(str(path), arcname=name)
    header = json.dumps(
        {"format": 1, "key_id": key.key_id, "nonce": secrets.token_hex(8)}, sort_keys=True
    ).encode()
    temporary = target.with_name(target.name + ".partial")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(MAGIC + struct.pack(">I", len(header)) + header)
        _encrypt(buffer.getvalue(), handle, key, header)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target)
    os.chmod(target, 0o600)


def _encrypt(data: bytes, out: BinaryIO, key: BackupKey, header: bytes) -> None:
    cipher = AESGCM(key.secret)
    prefix = bytes.fromhex(json.loads(header)["nonce"])
    chunks = [data[i : i + CHUNK] for i in range(0, len(data), CHUNK)] or [b""]
    for number, chunk in enumerate(chunks):
        last = number == len(chunks) - 1
        sealed = cipher.encrypt(
            prefix + struct.pack(">I", number), chunk, _aad(header, number, last)
        )
        out.write(struct.pack(">I", len(sealed)) + sealed)


def _aad(header: bytes, number: int, last: bool) -> bytes:
    return header + struct.pack(">I?", number, last)


def read_archive(source: Path, into: Path) -> dict[str, Any]:
    """Decrypt and check the file, extract its members into `into`; returns the manifest."""
    data = b"".join(_decrypt(source))
    with tarfile.open(fileobj=io.BytesIO(data), mode="r") as archive:
        names = archive.getnames()
        if "manifest.json" not in names:
            raise BackupError("The backup has no manifest.")
        archive.extractall(into, filter="data")
    manifest: dict[str, Any] = json.loads((into / "manifest.json").read_text())
    for name, expected in manifest.get("files", {}).items():
        path = into / name
        if not path.is_file() or sha256_of(path) != expected["sha256"]:
            raise BackupError(f"{name} does not match its checksum in the manifest.")
    return manifest


def _decrypt(source: Path) -> Iterator[bytes]:
    key = backup_key()
    with source.open("rb") as handle:
        if handle.read(len(MAGIC)) != MAGIC:
            raise BackupError(f"{source} is not a MedMassage backup.")
        (length,) = struct.unpack(">I", _exactly(handle, 4))
        header = _exactly(handle, length)
        meta = json.loads(header)
        if meta.get("key_id") != key.key_id:
            raise BackupError(
                f"The backup was made with backup key {meta.get('key_id')}, not this one "
                f"({key.key_id}): set MEDMASSAGE_BACKUP_KEY or _FILE to the key it was made with."
            )
        cipher, prefix, number = AESGCM(key.secret), bytes.fromhex(meta["nonce"]), 0
        while True:
            size_bytes = handle.read(4)
            if not size_bytes:
                raise BackupError("The backup is cut short: its last part is missing.")
            sealed = _exactly(handle, struct.unpack(">I", size_bytes)[0])
            last = handle.peek(1)[:1] == b"" if hasattr(handle, "peek") else False
            nonce = prefix + struct.pack(">I", number)
            try:
                yield cipher.decrypt(nonce, sealed, _aad(header, number, last))
            except InvalidTag:
                raise BackupError(
                    "The backup was changed or damaged: it fails its check."
                ) from None
            if last:
                return
            number += 1


def _exactly(handle: BinaryIO, size: int) -> bytes:
    data = handle.read(size)
    if len(data) != size:
        raise BackupError("The backup is cut short.")
    return data
