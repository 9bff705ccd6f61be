"""Documents go to a folder of the test's own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.careteam.documents import keep_documents_in


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings: Any, tmp_path: Path) -> None:
    keep_documents_in(settings, tmp_path)
