"""No contract id in the text of any page or PDF of a full walk (ids may stay in attributes).

The walk is made through the services (tests/words/walk.py); every page a therapist and the
owner open is rendered and its text scanned, and every PDF is read back with pypdf.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.cast import Cast, logged_in
from tests.words.program_codes import codes_in, page_text, scan_lines, scan_page
from tests.words.walk import build_walk


def test_the_scanner_finds_program_codes_in_text_but_not_in_attributes() -> None:
    html = (
        '<p data-technique="deep_tissue">Deep tissue</p><td>left</td><p>Pressure cap: light</p>'
        '<option value="neck">Neck</option><p>NDI ndi</p><p>Lower back, left</p>'
    )
    found = [code for text, _ in page_text(html) for code in codes_in(text)]
    assert found == ["left", "light", "ndi"]
    assert codes_in("Stop: urgent referral (dvt.suspected)") == ["dvt.suspected"]
    assert codes_in("Myofascial release on the right shoulder") == []
    assert codes_in("Latest 42.000000") == ["42.000000"]


@pytest.mark.parametrize("role", ["therapist", "owner"])
def test_no_page_of_the_walk_shows_a_program_code(cast: Cast, role: str) -> None:
    walk = build_walk(cast)
    browser = walk.therapist if role == "therapist" else logged_in(cast.owner)
    problems: list[str] = []
    for name, path in walk.pages.items():
        response = browser.get(path)
        if response.status_code == 403:
            continue  # not this role's page (closing a plan, the front desk's day)
        assert response.status_code == 200, f"{name} {path}: {response.status_code}"
        problems += scan_page(name, response.content.decode())
    assert not problems, "\n".join(problems)


def test_no_pdf_of_the_walk_shows_a_program_code(cast: Cast) -> None:
    walk = build_walk(cast)
    # Every kind of document the clinic prints or sends.
    assert set(walk.documents) == {
        "handout", "discharge", "visit-note", "superbill", "receipt", "referral-letter",
        "progress-report",
    }  # fmt: skip
    problems: list[str] = []
    for name, path in walk.documents.items():
        response = walk.therapist.get(path, HTTP_ACCEPT="application/pdf")
        assert response.status_code == 200, f"{name} {path}: {response.status_code}"
        assert response["Content-Type"].startswith("application/pdf"), name
        text = "\n".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        )
        assert text.strip(), f"{name}: no text read back"
        if name == "discharge":
            assert "42 %" in text  # the NDI with its unit, rounded for people
        problems += scan_lines(name, text.splitlines())
    assert not problems, "\n".join(problems)
