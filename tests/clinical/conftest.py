"""Fixtures of the clinical tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clinical.plan_command import Command, command_runner


@pytest.fixture
def medmassage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Command:
    """`medmassage(command, document, practitioner=None)`: the command's JSON output."""
    return command_runner(tmp_path, capsys)
