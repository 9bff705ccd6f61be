"""Helpers for running `medmassage plan` and `medmassage screen` on intake documents."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from medmassage.cli import main

Document = dict[str, Any]
Command = Callable[..., dict[str, Any]]


def intake(**fields: Any) -> Document:
    """An intake document of the contract's format: a 40-year-old on 2026-03-01, consented."""
    return {
        "format": "medmassage.intake",
        "version": 1,
        "visit_date": "2026-03-01",
        "age": 40,
        "consents": {"informed": True},
        **fields,
    }


def command_runner(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Command:
    """`run(command, document, practitioner=None)`: the command's JSON output."""

    def run(command: str, document: Document, practitioner: Document | None = None) -> Any:
        path = tmp_path / "intake.json"
        path.write_text(json.dumps(document))
        argv = [command, str(path)]
        if practitioner is not None:
            who = tmp_path / "practitioner.json"
            who.write_text(
                json.dumps({"format": "medmassage.practitioner", "version": 1, **practitioner})
            )
            argv += ["--practitioner", str(who)]
        code = main(argv)
        out, err = capsys.readouterr()
        assert code == 0, err
        return json.loads(out)

    return run


def codes(result: dict[str, Any]) -> set[str]:
    """The finding codes of a screen or plan output."""
    return {finding["code"] for finding in result["findings"]}


def regions_of(result: dict[str, Any], technique: str) -> set[str]:
    """The regions a planned technique works on."""
    return {
        ref["region"]
        for planned in result["techniques"]
        if planned["technique"] == technique
        for ref in planned["regions"]
    }


def planned(result: dict[str, Any]) -> set[str]:
    """The techniques a plan proposes."""
    return {item["technique"] for item in result["techniques"]}
