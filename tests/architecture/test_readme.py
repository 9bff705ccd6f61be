"""The README stands on its own: every file it names is in the repository, and it says how to
serve on another port."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def test_the_readme_names_only_files_inside_the_repository() -> None:
    assert "../" not in README
    named = re.findall(r"`((?:src|tests|var|\.ci)/[^`\s]*|[\w.-]+\.(?:md|toml|json|py))`", README)
    missing = [
        path
        for path in named
        if not path.startswith("var/") and not (ROOT / path.rstrip("/")).exists()
    ]
    assert not missing, f"the README names files the repository does not hold: {missing}"


def test_the_readme_says_how_to_choose_the_port() -> None:
    assert "make run PORT=" in README
