"""The clinical core imports nothing from Django or the project's apps."""

from __future__ import annotations

import ast
from pathlib import Path

import medmassage.clinical

CORE = Path(medmassage.clinical.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_django_or_app_imports_in_the_clinical_core() -> None:
    for path in CORE.glob("*.py"):
        for name in _imports(path):
            assert not name.startswith("django"), (path.name, name)
            assert not name.startswith("medmassage.") or name.startswith("medmassage.clinical"), (
                path.name,
                name,
            )
