"""Documents that come in from outside (a physician's clearance) and go out (signed letters and
reports): checked by their content, stored outside the web root under a generated name.

Project policy: PDF, PNG or JPEG only, at most `DOCUMENT_MAX_BYTES` (10 MB by default). The
type is read from the bytes, never from the name or the type the browser claims: a file that
claims to be a PDF must begin with the PDF header and end with its trailer, and an image must
open and verify as the image it claims to be. Files live under `DOCUMENTS_DIR` (in the var
folder, beside the database), which no URL serves: they reach a browser only through the
clinic's views, as attachments, with every download audited.

A file is written before its record (so that a committed record always has its bytes on disk),
but under a pending name, and takes its own name only when the transaction commits
(`transaction.on_commit`). A transaction that rolls back leaves nothing but a pending file that
no record names, which `sweep_pending` (a periodic job) removes once it is older than any
transaction lasts; a pending file a committed record does name (the process died between the
commit and the rename) is given its name by the same sweep, and is read where it is meanwhile.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import IO

from django.apps import apps
from django.conf import settings
from django.db import transaction

from medmassage.problems import invalid

PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg"}
# What the name or the browser may claim, mapped to the type it claims.
CLAIMS = {
    ".pdf": PDF,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    "application/pdf": PDF,
    "image/png": PNG,
    "image/jpeg": JPEG,
}


@dataclass(frozen=True)
class CheckedDocument:
    content: bytes
    content_type: str
    original_name: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def max_bytes() -> int:
    return int(settings.DOCUMENT_MAX_BYTES)


def read_upload(stream: IO[bytes], *, name: str, claimed_type: str = "") -> CheckedDocument:
    """Read an uploaded file and check it by its content (InvalidInput on `document`)."""
    limit = max_bytes()
    content = stream.read(limit + 1)
    if len(content) > limit:
        raise invalid("document", f"is larger than {limit // (1024 * 1024)} MB")
    if not content:
        raise invalid("document", "is empty")
    found = sniff(content)
    if found is None:
        raise invalid("document", "is not a PDF, PNG or JPEG file (checked by its content)")
    suffix = Path(name).suffix.lower()
    claims = {CLAIMS.get(suffix), CLAIMS.get(claimed_type.split(";")[0].strip().lower())}
    claims.discard(None)
    if claims and claims != {found}:
        raise invalid(
            "document",
            f"its name or type says {'/'.join(sorted(c or '' for c in claims))}, "
            f"but its content is {found}",
        )
    return CheckedDocument(content, found, _display_name(name), hashlib.sha256(content).hexdigest())


def sniff(content: bytes) -> str | None:
    """The document's type from its bytes, or None when it is none we accept."""
    if content.startswith(b"%PDF-") and b"%%EOF" in content[-2048:]:
        return PDF
    if content.startswith(b"\x89PNG\r\n\x1a\n") and _image_verifies(content, "PNG"):
        return PNG
    if content.startswith(b"\xff\xd8\xff") and _image_verifies(content, "JPEG"):
        return JPEG
    return None


def _image_verifies(content: bytes, expected: str) -> bool:
    from PIL import Image, UnidentifiedImageError  # Pillow comes with WeasyPrint

    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format != expected:
                return False
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False
    return True


def _display_name(name: str) -> str:
    """The sender's file name, for display only (never used as a path)."""
    base = Path(name.replace("\\", "/")).name
    cleaned = "".join(char for char in base if char.isprintable() and char not in '"<>')
    return cleaned[:200]


def documents_dir() -> Path:
    return Path(settings.DOCUMENTS_DIR)


PENDING = ".pending"
# Project policy: far longer than any transaction runs, so a pending file older than this whose
# name no record holds belongs to a transaction that rolled back.
PENDING_GRACE = timedelta(hours=1)
# Models whose rows name a stored document in `document_name` ("app_label.ModelName"); each app
# with documents adds its own (`holds_documents`), so the sweep knows every name in use.
_HOLDERS: list[str] = []


def holds_documents(*model_labels: str) -> None:
    """Declare models whose `document_name` names a stored document (called from ready())."""
    for label in model_labels:
        if label not in _HOLDERS:
            _HOLDERS.append(label)


def store(clinic_id: int, content: bytes, content_type: str) -> str:
    """Write the bytes under a generated name in the clinic's folder; the name to keep. The
    file is pending until the transaction commits (at once outside a transaction)."""
    name = f"{uuid.uuid4().hex}{EXTENSIONS[content_type]}"
    folder = documents_dir() / str(clinic_id)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    pending = folder / f"{name}{PENDING}"
    descriptor = os.open(pending, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())  # on disk before the record that names it commits
    transaction.on_commit(partial(_promote, clinic_id, name))
    return name


def _promote(clinic_id: int, name: str) -> None:
    """The record naming the file committed: the file takes its own name."""
    final = documents_dir() / str(clinic_id) / name
    with contextlib.suppress(FileNotFoundError):  # promoted already (by a sweep), or discarded
        os.replace(final.with_name(f"{name}{PENDING}"), final)


def discard(clinic_id: int, name: str) -> None:
    """Remove a stored document whose record was not saved."""
    folder = documents_dir() / str(clinic_id)
    (folder / name).unlink(missing_ok=True)
    (folder / f"{name}{PENDING}").unlink(missing_ok=True)


def path_of(clinic_id: int, name: str) -> Path:
    """Where a stored document lives (names are generated: no path comes from outside): under
    its own name, or still pending when its record was read before the rename."""
    if not name or "/" in name or "\\" in name or name.startswith(".") or name.endswith(PENDING):
        raise ValueError(f"not a stored document name: {name!r}")
    final = documents_dir() / str(clinic_id) / name
    pending = final.with_name(f"{name}{PENDING}")
    if not final.exists() and pending.exists():
        return pending
    return final


@dataclass(frozen=True)
class Swept:
    promoted: int
    removed: int


def sweep_pending(now: datetime | None = None, *, grace: timedelta = PENDING_GRACE) -> Swept:
    """Settle pending files older than `grace`: named by a record, they take their name;
    named by none (their transaction rolled back), they are removed."""
    cutoff = (now.timestamp() if now else time.time()) - grace.total_seconds()
    root = documents_dir()
    promoted = removed = 0
    for folder in sorted(root.iterdir()) if root.exists() else ():
        if not (folder.is_dir() and folder.name.isdigit()):
            continue
        stale = {
            path.name.removesuffix(PENDING): path
            for path in folder.glob(f"*{PENDING}")
            if path.stat().st_mtime < cutoff
        }
        if not stale:
            continue
        kept = _names_in_use(int(folder.name), stale)
        for name, path in stale.items():
            if name in kept:
                _promote(int(folder.name), name)
                promoted += 1
            else:
                path.unlink(missing_ok=True)
                removed += 1
    return Swept(promoted, removed)


def _names_in_use(clinic_id: int, names: Iterable[str]) -> set[str]:
    wanted = list(names)
    found: set[str] = set()
    for label in _HOLDERS:
        model = apps.get_model(label)
        rows = model.objects.for_clinic(clinic_id).filter(document_name__in=wanted)
        found.update(rows.values_list("document_name", flat=True))
    return found


@dataclass(frozen=True)
class Named:
    """A stored document as its record names it."""

    holder: str  # "app_label.ModelName"
    record_id: int
    clinic_id: int
    name: str
    sha256: str


def named_documents() -> Iterator[Named]:
    """Every stored document a record names, with the checksum the record keeps (all clinics:
    for backups and their restores)."""
    for label in _HOLDERS:
        model = apps.get_model(label)
        rows = model.unscoped_objects.exclude(document_name="").order_by("pk")
        for pk, clinic, name, sha256 in rows.values_list(
            "pk", "clinic_id", "document_name", "document_sha256"
        ).iterator():
            yield Named(label, pk, clinic, name, sha256)


def stored_files() -> list[Path]:
    """Every file in the documents folder (pending ones too), for a backup."""
    root = documents_dir()
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
