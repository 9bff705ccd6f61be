"""Checks on how a consent is signed: who must sign, and what a signature may contain."""

from __future__ import annotations

import base64
import binascii
import re
import struct
import unicodedata
from datetime import date

# Age of majority for consenting to treatment: project policy (issue 4) for every clinic until
# clinics can set their jurisdiction's age (it is 19 in some provinces and states).
AGE_OF_MAJORITY = 18

MAX_SVG_PATH_CHARS = 100_000
MAX_PNG_BYTES = 300_000
MAX_PNG_SIDE = 4000
PNG_DATA_URL_PREFIX = "data:image/png;base64,"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Path data as the signature pad writes it: move/line/curve commands and plain numbers.
# A character class, not a grammar: linear to check whatever a client sends.
_SVG_PATH = re.compile(r"\s*[Mm][MmLlHhVvCcSsQqTtZz0-9eE.,\s-]*")
_SVG_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
MIN_PATH_NUMBERS = 4  # two points, x and y each: the shortest stroke
_PNG_MIN_BYTES = 33  # the 8-byte signature and the 25-byte IHDR chunk that must follow it


def age_on(born: date, day: date) -> int:
    """Whole years of age on a day (a 29 February birthday comes on 1 March in other years)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_minor(born: date, day: date) -> bool:
    """Whether someone born then is under the age of majority on that day (project policy)."""
    return age_on(born, day) < AGE_OF_MAJORITY


def same_name(typed: str, expected: str) -> bool:
    """A typed name matches a full name whatever its case and spacing."""

    def canonical(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).casefold().split())

    return bool(canonical(expected)) and canonical(typed) == canonical(expected)


def drawn_signature_errors(data: str) -> list[str]:
    """What is wrong with a drawn signature: SVG path data or a PNG data URL."""
    if not data.strip():
        return ["Sign in the box."]
    if data.startswith("data:"):
        return _png_errors(data)
    if len(data) > MAX_SVG_PATH_CHARS:
        return [f"The drawing is too large (over {MAX_SVG_PATH_CHARS:,} characters)."]
    if not _SVG_PATH.fullmatch(data):
        return ["The drawing is not SVG path data or a PNG image."]
    if len(_SVG_NUMBER.findall(data)) < MIN_PATH_NUMBERS:
        return ["The signature is empty: draw it with a finger or stylus."]
    return []


def _png_errors(data: str) -> list[str]:
    if not data.startswith(PNG_DATA_URL_PREFIX):
        return ["A drawn signature image must be a PNG data URL (data:image/png;base64,…)."]
    encoded = data.removeprefix(PNG_DATA_URL_PREFIX)
    if len(encoded) > MAX_PNG_BYTES * 4 // 3 + 4:
        return [f"The signature image is too large (over {MAX_PNG_BYTES // 1000} kB)."]
    try:
        image = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return ["The signature image is not valid base64."]
    if (
        len(image) < _PNG_MIN_BYTES
        or not image.startswith(_PNG_SIGNATURE)
        or image[12:16] != b"IHDR"
    ):
        return ["The signature image is not a PNG."]
    width, height = struct.unpack(">II", image[16:24])
    if not (0 < width <= MAX_PNG_SIDE and 0 < height <= MAX_PNG_SIDE):
        return [f"The signature image must be at most {MAX_PNG_SIDE} pixels on each side."]
    return []
