"""Issue 13 point 3: a clearance's document is checked by its content, kept outside the web
root under a generated name; and its limits reach every intake screened after it."""

from __future__ import annotations

import io
import os
from datetime import date, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from medmassage.careteam import services
from medmassage.careteam.documents import path_of
from medmassage.careteam.models import Clearance
from medmassage.problems import InvalidInput
from medmassage.tenancy import unscoped
from tests.builders import Ready, actor, take_intake
from tests.careteam.documents import PDF, jpeg, png
from tests.cast import Cast

LIMITED = {
    "outcome": "cleared_with_limits",
    "from_name": "Dr Ana Rivera",
    "max_pressure": "light",
    "exclude_techniques": ["deep_tissue"],
    "avoid_regions": [{"region": "lower_leg", "side": "left"}],
}


def clearance(cast: Cast, content: bytes, name: str, **fields: Any) -> Clearance:
    claimed = fields.pop("claimed_type", "")
    return services.record_clearance(
        client=cast.client,
        by=actor(cast.therapist),
        fields={"issued_on": timezone.localdate(), **LIMITED, **fields},
        document=io.BytesIO(content),
        document_name=name,
        claimed_type=claimed,
    )


def stored_files() -> list[str]:
    root = settings.DOCUMENTS_DIR
    return [name for _, _, names in os.walk(root) for name in names] if root.exists() else []


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [(PDF, "clearance.pdf", "application/pdf"), (None, "scan.png", "image/png")],
)
def test_a_pdf_or_image_is_stored_under_a_generated_name(
    cast: Cast, content: bytes | None, name: str, kind: str
) -> None:
    body = content if content is not None else png()
    saved = clearance(cast, body, name)

    assert saved.document_type == kind
    assert saved.document_original_name == name
    assert saved.document_name != name
    assert len(saved.document_name) >= 32
    path = path_of(saved.clinic_id, saved.document_name)
    assert path.read_bytes() == body
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert settings.STATIC_ROOT not in path.parents


def test_a_jpeg_is_accepted() -> None:
    from medmassage.careteam.documents import sniff

    assert sniff(jpeg()) == "image/jpeg"


@pytest.mark.parametrize(
    ("content", "name", "claimed", "says"),
    [
        (b"MZ\x90\x00 not a document", "clearance.exe", "", "not a PDF, PNG or JPEG"),
        (b"<html>%PDF-1.4 pretending</html>", "clearance.pdf", "application/pdf", "not a PDF"),
        (b"%PDF-1.4 cut short, no trailer", "clearance.pdf", "application/pdf", "not a PDF"),
        (b"\x89PNG\r\n\x1a\ngarbage", "scan.png", "image/png", "not a PDF"),
        (PDF, "scan.png", "image/png", "its content is application/pdf"),
        (b"", "clearance.pdf", "", "is empty"),
    ],
    ids=[
        "wrong-type",
        "claims-pdf-but-html",
        "pdf-without-trailer",
        "broken-png",
        "mismatch",
        "empty",
    ],
)
def test_a_document_is_checked_by_its_content(
    cast: Cast, content: bytes, name: str, claimed: str, says: str
) -> None:
    with pytest.raises(InvalidInput, match=says) as refused:
        clearance(cast, content, name, claimed_type=claimed)

    assert "document" in refused.value.message_dict
    assert stored_files() == []
    with unscoped():
        assert not Clearance.objects.exists()


def test_a_document_too_large_is_refused(cast: Cast, settings: Any) -> None:
    settings.DOCUMENT_MAX_BYTES = 1024
    big = PDF[:-7] + b" " * 2000 + b"\n%%EOF\n"

    with pytest.raises(InvalidInput, match="larger than"):
        clearance(cast, big, "clearance.pdf")
    assert stored_files() == []


def test_limits_need_the_outcome_that_says_so(cast: Cast) -> None:
    with pytest.raises(InvalidInput) as refused:
        clearance(cast, PDF, "c.pdf", outcome="cleared", issued_on=date(2999, 1, 1))

    assert {"outcome", "issued_on"} <= set(refused.value.message_dict)


def test_the_clearance_on_file_enters_the_next_intake(ready: Ready) -> None:
    clearance(ready.cast, PDF, "c.pdf", valid_until=timezone.localdate() + timedelta(days=30))
    intake = take_intake(ready, "p1_neck_desk")

    [item] = [c for c in intake.document["clearances"] if "reference" in c]
    assert item["max_pressure"] == "light"
    assert item["standing"] is True
    codes = {finding["code"] for finding in intake.screening["findings"]}
    assert {"clearance.1.limits", "clearance.1.avoid"} <= codes
