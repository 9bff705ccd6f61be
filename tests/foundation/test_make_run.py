"""What `make run` does, end to end: migrate, seed, serve with gunicorn, log in as printed.

The install step of `make run` is the one the test suite itself runs in; everything after it is
done here for real in a fresh folder: a new SQLite database, the demo seeded once, static files
collected, the real WSGI server on a free loopback port, and a login with a printed password.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

# Its tests share a costly module fixture: one worker runs them all (--dist loadgroup).
pytestmark = pytest.mark.xdist_group("make-run")

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
KEY_LINE = re.compile(r"^\s+Two-factor key of (\S+@\S+): ([A-Z2-7]+) ", re.MULTILINE)
LOGIN_LINE = re.compile(
    r"^\s+(?P<clinic>.+?)\s{2,}(?P<role>Owner|Therapist|Front desk)\s+"
    r"(?P<email>\S+@\S+)\s+(?P<password>\S+)$"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def local_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    env.update(
        MEDMASSAGE_VAR_DIR=str(tmp_path / "var"),
        DJANGO_SETTINGS_MODULE="medmassage.config.settings",
    )
    return env


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603 - the project's own commands
        args, env=env, cwd=ROOT, capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def server(local_env: dict[str, str]) -> Iterator[tuple[str, str]]:
    run([str(BIN / "python"), "manage.py", "migrate", "--no-input"], local_env)
    printed = run([str(BIN / "medmassage"), "demo"], local_env)
    run([str(BIN / "python"), "manage.py", "collectstatic", "--no-input", "-v", "0"], local_env)
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "medmassage.config.wsgi", "--bind", f"127.0.0.1:{port}"],
        env=local_env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/health/")
        yield base, printed
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - loopback only
                return
        except OSError:  # refused, reset or timed out while gunicorn starts
            time.sleep(0.2)
    raise AssertionError(f"server did not answer at {url}")


def log_in(base: str, email: str, password: str, key: str | None = None) -> tuple[int, str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "login page has no CSRF token"
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": email, "password": password}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{base}/accounts/login/", data=form, headers={"Referer": base}
    )
    with opener.open(request) as response:
        status, page = response.status, response.read().decode()
        if key is None or "/accounts/mfa/verify/" not in response.url:
            return status, page
    # Owners: the second factor, a code from the printed authenticator key.
    from base64 import b32decode

    from django_otp.oath import totp

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "the two-factor page has no CSRF token"
    code = f"{totp(b32decode(key)):06d}"
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "code": code, "next": "/"}
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{base}/accounts/mfa/verify/", data=form, headers={"Referer": base}
    )
    with opener.open(request) as response:
        return response.status, response.read().decode()


def test_make_run_serves_the_login_page_and_the_printed_logins_work(
    server: tuple[str, str],
) -> None:
    base, printed = server
    logins = [
        match.groupdict() for line in printed.splitlines() if (match := LOGIN_LINE.match(line))
    ]
    assert {login["role"] for login in logins} == {"Owner", "Therapist", "Front desk"}
    assert len(logins) == 6
    keys = dict(KEY_LINE.findall(printed))
    assert set(keys) == {login["email"] for login in logins if login["role"] == "Owner"}
    for login in logins:
        status, page = log_in(base, login["email"], login["password"], keys.get(login["email"]))
        assert status == 200
        assert "Log out" in page
        assert "Two-factor check" not in page
        assert login["clinic"].split(" (")[0] in page, (
            f"{login['email']} did not reach the dashboard"
        )


def test_the_demo_is_made_once(server: tuple[str, str], local_env: dict[str, str]) -> None:
    again = run([str(BIN / "medmassage"), "demo"], local_env)
    assert "exist already" in again
    base, _printed = server
    assert (
        log_in(base, "owner@harbour.demo", "wrong-password-entirely")[1].count("Please enter") == 1
    )
