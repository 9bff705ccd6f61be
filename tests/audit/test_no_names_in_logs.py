"""No health information where it does not belong: searching for a client by name, birth date
or phone, on the pages and in the API, leaves none of them in anything the server logs (run
with the options of `make run`, its access log included)."""

from __future__ import annotations

import http.cookiejar
import json
import re
import shlex
import urllib.parse
import urllib.request
from pathlib import Path

from tests.live import ROOT, Live, live_server

SENTINEL = "Quillonbery"
BORN = "1957-03-21"
PHONE = "555-7319"


def make_run_options() -> tuple[str, ...]:
    """The gunicorn options `make run` uses, read from the Makefile (bind and workers aside)."""
    line = next(
        line for line in (ROOT / "Makefile").read_text().splitlines() if "/gunicorn " in line
    )
    words = shlex.split(line.strip())[2:]
    options: list[str] = []
    skip = {"--bind", "--workers"}
    index = 0
    while index < len(words):
        if words[index] in skip:
            index += 2
            continue
        options.append(words[index])
        index += 1
    return tuple(options)


def api(live: Live, method: str, path: str, body: object | None = None) -> int:
    request = urllib.request.Request(  # noqa: S310 - loopback only
        f"{live.base_url}{path}",
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"Bearer {live.token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
        return int(response.status)


def page_session(live: Live) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    login = opener.open(f"{live.base_url}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login)
    assert token
    form = {
        "csrfmiddlewaretoken": token[1],
        "username": "live@clinic.test",
        "password": "live clinic passphrase 2026",
    }
    opener.open(
        urllib.request.Request(  # noqa: S310 - loopback only
            f"{live.base_url}/accounts/login/",
            data=urllib.parse.urlencode(form).encode(),
            headers={"Referer": live.base_url},
        )
    ).read()
    return opener


def test_searching_leaves_no_name_birth_date_or_phone_in_the_logs(tmp_path: Path) -> None:
    log = tmp_path / "server-output.log"
    options = make_run_options()
    assert "--access-logfile" in options
    with live_server(tmp_path, access_log=log, gunicorn_options=options) as live:
        person = {"given_name": SENTINEL, "family_name": "Test", "date_of_birth": BORN}
        assert api(live, "POST", "/api/v1/clients", {**person, "phone": PHONE}) == 201
        for terms in ({"q": SENTINEL}, {"dob": BORN}, {"phone": PHONE}):
            assert api(live, "POST", "/api/v1/clients/search", terms) == 200
            query = urllib.parse.urlencode(terms)
            assert api(live, "GET", f"/api/v1/clients?{query}") == 200
        browser = page_session(live)
        listing = browser.open(f"{live.base_url}/clients/").read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', listing)
        assert csrf
        for terms in ({"q": SENTINEL}, {"dob": BORN}, {"q": PHONE}):
            form = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf[1], **terms}).encode()
            request = urllib.request.Request(  # noqa: S310 - loopback only
                f"{live.base_url}/clients/", data=form, headers={"Referer": live.base_url}
            )
            found = browser.open(request).read().decode()
            assert SENTINEL in found
        # Terms someone put in an address by hand are ignored, and still not logged.
        browser.open(f"{live.base_url}/clients/?q={SENTINEL}").read()
    logged = log.read_text()
    assert "/api/v1/clients/search" in logged  # the access log was written
    for secret in (SENTINEL, SENTINEL.lower(), BORN, PHONE, PHONE.replace("-", "")):
        assert secret not in logged, f"{secret} is in the server's log"
