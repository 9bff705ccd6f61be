"""Documents that come in from outside (a physician's clearance) and go out (signed letters and
reports): checked by their content, stored outside the web root under a generated name.

Project policy: PDF, PNG or JPEG only, at most `DOCUMENT_MAX_BYTES` (10 MB by default). The
type is read from the bytes, never from the name or the type the browser claims: a file that
claims to be a PDF must begin with the PDF header and end with its trailer, and an image must
open and verify as the image it claims to be. Files live under `DOCUMENTS_DIR` (in the var
folder, beside the database), which no URL serves: they reach a browser only through the
clinic's views, as attachments, with every download audited.
"""

from __future__ import annotations

import hashlib
import io
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings

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


def store(clinic_id: int, content: bytes, content_type: str) -> str:
    """Write the bytes under a generated name in the clinic's folder; the name to keep."""
    name = f"{uuid.uuid4().hex}{EXTENSIONS[content_type]}"
    folder = documents_dir() / str(clinic_id)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(content)
    return name


def discard(clinic_id: int, name: str) -> None:
    """Remove a stored document whose record was not saved."""
    (documents_dir() / str(clinic_id) / name).unlink(missing_ok=True)


def path_of(clinic_id: int, name: str) -> Path:
    """Where a stored document lives (names are generated: no path comes from outside)."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"not a stored document name: {name!r}")
    return documents_dir() / str(clinic_id) / name


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
