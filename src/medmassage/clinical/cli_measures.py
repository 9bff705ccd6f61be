"""The `medmassage score` and `medmassage progress` sub-commands: a contract other programs read."""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

from medmassage.clinical.instruments import INSTRUMENTS, InvalidInput
from medmassage.clinical.progress import InvalidScore, Progress, progress
from medmassage.clinical.scoring import UNANSWERED, Score, TooManyMissing, parse_answers, score

EXIT_OK = 0
EXIT_INVALID = 2  # as argparse's own usage errors
EXIT_TOO_MANY_MISSING = 3


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `score` and `progress` on the `medmassage` sub-command parsers."""
    known = ", ".join(INSTRUMENTS)
    score_parser = commands.add_parser(
        "score",
        help="score an outcome questionnaire",
        description="Score an outcome instrument and print one JSON object.",
        usage="%(prog)s INSTRUMENT ANSWER...",
    )
    score_parser.add_argument("instrument", metavar="INSTRUMENT", help=f"one of {known}")
    # REMAINDER, so answers such as "-1" or "-x" reach our validation (and its message)
    # instead of being taken for options.
    score_parser.add_argument(
        "answers",
        metavar="ANSWER",
        nargs=argparse.REMAINDER,
        help=f"item responses in item order, {UNANSWERED!r} for an unanswered item",
    )
    score_parser.set_defaults(func=run_score)

    progress_parser = commands.add_parser(
        "progress",
        help="compare a follow-up score with the baseline",
        description="Compare two scores of one instrument and print one JSON object.",
    )
    progress_parser.add_argument("instrument", metavar="INSTRUMENT", help=f"one of {known}")
    progress_parser.add_argument("baseline", metavar="BASELINE", help="the baseline score")
    progress_parser.add_argument("followup", metavar="FOLLOWUP", help="the follow-up score")
    progress_parser.set_defaults(func=run_progress)


def run_score(args: argparse.Namespace) -> int:
    """Print a score as JSON: exit 0, 2 for invalid input, 3 when too many items are missing."""
    try:
        result = score(args.instrument, parse_answers(args.instrument, args.answers))
    except InvalidInput as error:
        return _fail("score", error, EXIT_INVALID)
    except TooManyMissing as error:
        return _fail("score", error, EXIT_TOO_MANY_MISSING)
    _print(_score_payload(result))
    return EXIT_OK


def run_progress(args: argparse.Namespace) -> int:
    """Print the change between two scores as JSON: exit 0, or 2 for invalid input."""
    try:
        result = progress(
            args.instrument,
            _number(f"{args.instrument} baseline", args.baseline),
            _number(f"{args.instrument} followup", args.followup),
        )
    except InvalidInput as error:
        return _fail("progress", error, EXIT_INVALID)
    _print(_progress_payload(result))
    return EXIT_OK


def _number(name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InvalidScore(f"{name}: {text!r} is not a number")
    return value


def _score_payload(result: Score) -> dict[str, Any]:
    return {
        "instrument": result.instrument,
        "score": result.score,
        "min": result.min,
        "max": result.max,
        "higher_is_better": result.higher_is_better,
        "band": result.band,
        "answered": result.answered,
        "items": result.items,
        "prorated": result.prorated,
        "unit": result.unit,
        "subscales": {subscale.id: subscale.score for subscale in result.subscales},
    }


def _progress_payload(result: Progress) -> dict[str, Any]:
    return {
        "instrument": result.instrument,
        "baseline": result.baseline,
        "followup": result.followup,
        "change": result.change,
        "mcid": result.mcid,
        "mcid_percent_of_baseline": result.mcid_percent_of_baseline,
        "mcid_met": result.mcid_met,
        "direction": result.direction,
        "higher_is_better": result.higher_is_better,
        "mcid_policy": result.mcid_policy,
        "note": result.note,
    }


def _print(payload: dict[str, Any]) -> None:
    print(json.dumps(payload, allow_nan=False))


def _fail(command: str, error: Exception, code: int) -> int:
    # One line, whatever the message: callers read the reason from the first line of stderr.
    reason = " ".join(str(error).split())
    print(f"medmassage {command}: {reason}", file=sys.stderr)
    return code
