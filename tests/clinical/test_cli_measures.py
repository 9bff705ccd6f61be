"""`medmassage score` and `medmassage progress`: JSON out, exit codes 0, 2 and 3 (DESIGN.md)."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest

from medmassage.clinical import cli_measures

Run = Callable[..., tuple[int, dict[str, Any] | None, str]]


def _main(argv: list[str]) -> int:
    """What medmassage.cli.main does, with only this module's commands registered."""
    parser = argparse.ArgumentParser(prog="medmassage")
    cli_measures.add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args))


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run the command; return the exit code, the JSON printed (if any) and stderr."""

    def run(*argv: str) -> tuple[int, dict[str, Any] | None, str]:
        code = _main(list(argv))
        out, err = capsys.readouterr()
        return code, (json.loads(out) if out else None), err

    return run


def test_score_prints_one_json_object(run: Run) -> None:
    code, payload, err = run("score", "ndi", *["3", "2", "3", "0", "0", "2", "5", "2", "2", "2"])
    assert (code, err) == (0, "")
    assert payload is not None
    assert {key: payload[key] for key in ("instrument", "score", "min", "max")} == {
        "instrument": "ndi",
        "score": 42,
        "min": 0,
        "max": 100,
    }
    assert payload["higher_is_better"] is False
    assert (payload["band"], payload["answered"]) == ("moderate", 10)


@pytest.mark.parametrize(
    ("argv", "expected", "band"),
    [
        (["odi", *["2", "2", "2", "2", "2", "3", "3", "3", "3", "3"]], 50, "severe"),
        (["quickdash", *["3"] * 11], 50, None),
        (["hit6", *["6"] * 6], 36, "little or no impact"),
        (["pss10", *["0"] * 10], 16, None),
        (["nprs", "0"], 0, "none"),
    ],
)
def test_score_worked_examples(
    run: Run, argv: list[str], expected: float, band: str | None
) -> None:
    code, payload, _ = run("score", *argv)
    assert code == 0
    assert payload is not None
    assert (payload["score"], payload["band"]) == (expected, band)


def test_a_dash_is_an_unanswered_item(run: Run) -> None:
    code, payload, _ = run("score", "ndi", "-", *["3", "2", "3", "0", "0", "2", "5", "2", "2"])
    assert code == 0
    assert payload is not None
    assert (payload["answered"], payload["prorated"]) == (9, True)
    assert payload["score"] == pytest.approx(19 / 45 * 100)  # unrounded


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["nprs", "-1"], "nprs item 1: -1 is out of range; allowed: whole numbers 0 to 10"),
        (["nprs", "11"], "out of range"),
        (["nprs", "-1.5"], "out of range"),
        (["nprs", "x"], "item 1: 'x' is not a number"),
        (["nprs", "-x"], "item 1: '-x' is not a number"),
        (["nprs", "--help"], "not a number"),
        (["nprs", "nan"], "not a number"),
        (["nprs", "2.5"], "not a response"),
        (["nprs"], "got 0"),
        (["nprs", "1", "2"], "got 2"),
        (["hit6", "6", "6", "6", "6", "6", "7"], "item 6: 7 is not a response; allowed: one of 6"),
        (["sf36", "1"], "unknown instrument 'sf36'; known: nprs, ndi"),
        (["psfs", "5", "5"], "3 to 5"),
    ],
)
def test_score_invalid_input_exits_2_with_one_line(run: Run, argv: list[str], reason: str) -> None:
    code, payload, err = run("score", *argv)
    assert (code, payload) == (2, None)
    assert reason in err
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["nprs", "-"],
        ["ndi", "1", "-", "-", *["1"] * 7],
        ["hit6", "6", "6", "6", "6", "6", "-"],
        ["psfs", "5", "-", "-"],
        ["fiqr", *["5"] * 9, "-", *["5"] * 11],
    ],
)
def test_score_too_many_missing_exits_3(run: Run, argv: list[str]) -> None:
    code, payload, err = run("score", *argv)
    assert (code, payload) == (3, None)
    assert "unanswered" in err
    assert err.count("\n") == 1


def test_fiqr_prints_subscales(run: Run) -> None:
    _, payload, _ = run("score", "fiqr", *["3"] * 9, "4", "6", *["2"] * 10)
    assert payload is not None
    assert payload["subscales"] == {"function": 9, "overall": 10, "symptoms": 10}
    assert payload["score"] == 29


def test_progress_prints_the_contract_fields(run: Run) -> None:
    code, payload, _ = run("progress", "nprs", "5", "3")
    assert code == 0
    assert payload is not None
    assert {
        key: payload[key]
        for key in ("instrument", "baseline", "followup", "change", "mcid", "mcid_met", "direction")
    } == {
        "instrument": "nprs",
        "baseline": 5,
        "followup": 3,
        "change": -2,
        "mcid": 2,
        "mcid_met": True,
        "direction": "improved",
    }


@pytest.mark.parametrize(
    ("argv", "direction", "mcid"),
    [
        (["lefs", "40", "49"], "improved", 9),
        (["lefs", "49", "40"], "worse", 9),
        (["nprs", "8", "6"], "unchanged", 2),
        (["pss10", "30", "10"], "unchanged", None),
    ],
)
def test_progress_direction(run: Run, argv: list[str], direction: str, mcid: float | None) -> None:
    code, payload, _ = run("progress", *argv)
    assert code == 0
    assert payload is not None
    assert (payload["direction"], payload["mcid"]) == (direction, mcid)
    assert isinstance(payload["mcid_met"], bool)


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["nprs", "-5", "3"], "nprs baseline: -5 is out of range (0 to 10)"),
        (["nprs", "5", "12"], "followup: 12 is out of range"),
        (["nprs", "abc", "3"], "baseline: 'abc' is not a number"),
        (["hit6", "30", "40"], "out of range (36 to 78)"),
        (["sf36", "1", "2"], "unknown instrument"),
    ],
)
def test_progress_invalid_input_exits_2(run: Run, argv: list[str], reason: str) -> None:
    code, payload, err = run("progress", *argv)
    assert (code, payload) == (2, None)
    assert reason in err
    assert err.count("\n") == 1


def test_progress_usage_error_is_argparse_exit_2(run: Run) -> None:
    with pytest.raises(SystemExit) as caught:
        run("progress", "nprs", "5")
    assert caught.value.code == 2


@pytest.fixture
def whole_cli() -> Any:
    """medmassage.cli, once the planning commands it also registers exist."""
    if importlib.util.find_spec("medmassage.clinical.cli_planning") is None:
        pytest.skip("medmassage.clinical.cli_planning is not written yet")
    return importlib.import_module("medmassage.cli")


def test_the_medmassage_command_exposes_score_and_progress(
    whole_cli: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    cli = whole_cli
    assert cli.main(["score", "hit6", *["6"] * 6]) == 0
    assert json.loads(capsys.readouterr().out)["score"] == 36
    assert cli.main(["score", "nprs", "-1"]) == 2
    assert cli.main(["score", "nprs", "-"]) == 3
    assert cli.main(["progress", "odi", "50", "40"]) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[-1])["direction"] == "improved"


@pytest.mark.usefixtures("whole_cli")
def test_the_installed_command_exit_codes() -> None:

    def exit_code(*argv: str) -> int:
        command = [sys.executable, "-m", "medmassage.cli", *argv]
        return subprocess.run(command, capture_output=True, check=False).returncode  # noqa: S603

    assert exit_code("score", "nprs", "4") == 0
    assert exit_code("score", "nprs", "-1") == 2
    assert exit_code("score", "nprs", "-") == 3
