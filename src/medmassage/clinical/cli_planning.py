"""The `screen`, `plan`, `schema` and `bench` sub-commands of `medmassage`."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from medmassage.clinical.intake import parse_intake
from medmassage.clinical.intake_schema import schema_for
from medmassage.clinical.planning import plan
from medmassage.clinical.practitioner import parse_practitioner
from medmassage.clinical.schema_check import SchemaError
from medmassage.clinical.screening import screen

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """Input the command cannot use: unreadable, not JSON, or against the schema."""


def _load(name: str) -> Any:
    """Read a JSON document from a file, or standard input for `-`."""
    try:
        if name == "-":
            text = sys.stdin.read()
        else:
            with open(name, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"{name}: cannot read: {error}") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BadInput(f"{name}: not valid JSON: {error}") from error


def _print(document: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _run(args: argparse.Namespace, work: Any) -> int:
    try:
        _print(work(args))
    except BadInput as error:
        print(f"medmassage {getattr(args, 'command', '')}: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return EXIT_OK


def _intake(name: str) -> Any:
    try:
        return parse_intake(_load(name))
    except SchemaError as error:
        raise BadInput(f"{name}: {error}") from error


def _screen(args: argparse.Namespace) -> dict[str, Any]:
    return screen(_intake(args.intake)).to_json()


def _plan(args: argparse.Namespace) -> dict[str, Any]:
    practitioner = None
    if args.practitioner is not None:
        try:
            practitioner = parse_practitioner(_load(args.practitioner))
        except SchemaError as error:
            raise BadInput(f"{args.practitioner}: {error}") from error
    return plan(_intake(args.intake), practitioner).to_json()


def _bench(args: argparse.Namespace) -> dict[str, Any]:
    from medmassage.clinical.bench import run_bench

    return run_bench(count=args.count, seed=args.seed).to_json()


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register screen, plan, schema and bench on the `medmassage` sub-parsers."""
    screen_parser = commands.add_parser(
        "screen", help="screen an intake for red flags and contraindications"
    )
    screen_parser.add_argument("intake", metavar="INTAKE.json", help="intake document, - for stdin")
    screen_parser.set_defaults(func=lambda args: _run(args, _screen))

    plan_parser = commands.add_parser("plan", help="draft a treatment plan from an intake")
    plan_parser.add_argument("intake", metavar="INTAKE.json", help="intake document, - for stdin")
    plan_parser.add_argument(
        "--practitioner", metavar="PRACTITIONER.json", help="practitioner document"
    )
    plan_parser.set_defaults(func=lambda args: _run(args, _plan))

    schema_parser = commands.add_parser("schema", help="print the JSON Schema of a document")
    schema_parser.add_argument("document", choices=("intake", "practitioner"))
    schema_parser.set_defaults(func=lambda args: _run(args, lambda a: schema_for(a.document)))

    bench_parser = commands.add_parser("bench", help="measure screening and planning speed")
    bench_parser.add_argument(
        "--count", type=int, default=3000, help="intakes to generate (default 3000)"
    )
    bench_parser.add_argument(
        "--seed", type=int, default=20260301, help="random seed (default fixed)"
    )
    bench_parser.set_defaults(func=lambda args: _run(args, _bench))
