"""The project's own commands in a process of their own, for tests that need one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(args: list[str], env: dict[str, str], *, timeout: int = 300) -> str:
    """Run a command from the checkout; its output, or RuntimeError with the end of stderr."""
    result = subprocess.run(  # noqa: S603 - the project's own commands
        args, env=env, cwd=ROOT, capture_output=True, text=True, check=False, timeout=timeout
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args[-2:])} failed: {result.stderr[-2000:]}")
    return result.stdout


def manage(env: dict[str, str], *args: str, timeout: int = 300) -> str:
    """`manage.py` with these arguments, as `run`."""
    return run([str(BIN / "python"), "manage.py", *args], env, timeout=timeout)
