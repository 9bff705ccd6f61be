"""Django's `{# ... #}` comment ends on its own line; one that runs on prints itself on the page
(the intake form showed its note about the Enter key to every therapist). Longer comments use
`{% comment %}`."""

from __future__ import annotations

from pathlib import Path

import medmassage

ROOT = Path(medmassage.__file__).parent


def open_comments(text: str) -> list[int]:
    """Lines where a `{#` comment is not closed on the same line."""
    return [
        number
        for number, line in enumerate(text.splitlines(), 1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]


def test_no_template_comment_runs_past_its_line() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(ROOT.rglob("*.html"))
        for number in open_comments(path.read_text())
    ]
    assert found == [], "use {% comment %} for a comment over several lines"


def test_the_finder_sees_a_comment_left_open() -> None:
    assert open_comments("{# one line #}\n<p>{# left open\n   still #}</p>") == [2]
