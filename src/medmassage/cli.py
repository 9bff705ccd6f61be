"""The `medmassage` command: the clinical core's commands and the Django-backed ones."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from medmassage.clinical import cli_measures, cli_planning


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="medmassage",
        description="MedMassage: clinical system for medical massage therapy.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    cli_measures.add_commands(commands)
    cli_planning.add_commands(commands)
    _add_django_commands(commands)
    return parser


def _add_django_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    manage = commands.add_parser("manage", help="run a Django management command", add_help=False)
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(func=_run_manage)

    demo = commands.add_parser("demo", help="create the demo clinics once and print logins")
    demo.set_defaults(func=lambda args: _run_manage_args(["seed_demo"]))

    audit = commands.add_parser("audit", help="audit trail tools")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_commands.add_parser("verify", help="recompute the audit hash chain")
    verify.set_defaults(func=lambda args: _run_manage_args(["verify_audit"]))
    checkpoint = audit_commands.add_parser(
        "checkpoint", help="copy every chain's head outside the database (run from cron)"
    )
    checkpoint.set_defaults(func=lambda args: _run_manage_args(["audit_checkpoint"]))

    backup = commands.add_parser("backup", help="write an encrypted backup of the database")
    backup.add_argument("file")
    backup.set_defaults(func=lambda args: _run_manage_args(["backup", args.file]))
    restore = commands.add_parser(
        "restore", help="restore a backup into an empty database, then check it"
    )
    restore.add_argument("file")
    restore.set_defaults(func=lambda args: _run_manage_args(["restore", args.file]))

    integrity = commands.add_parser("integrity", help="integrity keys")
    integrity_commands = integrity.add_subparsers(dest="integrity_command", required=True)
    rotate = integrity_commands.add_parser(
        "rotate-key", help="make a new current integrity key; older keys still verify"
    )
    rotate.set_defaults(func=lambda args: _run_manage_args(["rotate_integrity_key"]))


def _run_manage(args: argparse.Namespace) -> int:
    return _run_manage_args(list(args.args))


def _run_manage_args(argv: list[str]) -> int:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medmassage.config.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["medmassage manage", *argv])
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `medmassage` console script."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
