"""Browser tests: Playwright driving Debian's Chromium against a real server.

Chromium is a Debian package (`.ci/run` installs it). Without it the browser tests are skipped
on a developer's machine, and fail in CI, where skipping would hide them.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.server import Server, serve

CHROMIUM = os.environ.get("MEDMASSAGE_CHROMIUM", "/usr/bin/chromium")
OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "browser"
# A closed network: Chromium must not try to reach its update and sync services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TABLET = {"width": 1024, "height": 768}
# Screenshots of every step of the stories and every page of the walks at every width with
# BROWSER_SCREENSHOTS=all (to review the layouts by eye); otherwise only of what failed: the
# page as a failing test left it, and each page a walk found a problem on. Taking them all
# costs minutes of every run.
EVERY_SCREENSHOT = os.environ.get("BROWSER_SCREENSHOTS", "") == "all"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def output_folder(item: pytest.Item) -> Path:
    return OUTPUT / re.sub(r"[^\w.-]+", "_", item.name)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A failing story leaves a screenshot of the page as it failed: <test>/failed.png."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    page = getattr(item, "funcargs", {}).get("page")
    if report.when != "call" or not report.failed or page is None:
        return
    folder = output_folder(item)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(folder / "failed.png"), full_page=True)
    except Exception as error:
        report.sections.append(("screenshot", f"no screenshot of the failure: {error}"))


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}; .ci/run installs the Debian package")
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, chromium_path: str) -> Iterator[Server]:
    with serve(tmp_path_factory.mktemp("browser-var")) as running:
        yield running


def _no_running_loop() -> None:
    raise RuntimeError("no running event loop")


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    # While Playwright's sync API is open it keeps an event loop on this thread, and Django
    # takes a database call made in this process meanwhile (the test database's creation, when
    # a worker's first tests drive the browser) for one made from async code, refusing it with
    # SynchronousOnlyOperation. The calls are synchronous: while the browser is open, Django's
    # check sees no loop in this process. (Not DJANGO_ALLOW_ASYNC_UNSAFE: every subprocess the
    # tests start would inherit it, and `check --deploy` rightly refuses it.)
    with (
        pytest.MonkeyPatch.context() as patch,
        sync_playwright() as playwright,
    ):
        patch.setattr("django.utils.asyncio.get_running_loop", _no_running_loop)
        launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Steps:
    """Screenshots of each step of a story, numbered, under test-output/browser/<test>/."""

    def __init__(self, page: object, folder: Path) -> None:
        self.page = page
        self.folder = folder
        self.count = 0

    def shot(self, name: str) -> Path:
        """The step's screenshot, taken with BROWSER_SCREENSHOTS=all (a failure takes its own)."""
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        if EVERY_SCREENSHOT:
            self.page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
        return path


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(viewport=TABLET)  # type: ignore[attr-defined]
    context.set_default_timeout(15_000)
    # Assertions wait as long as actions do: a loaded 2-core CI machine may take more than
    # Playwright's default 5 s to answer a form.
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    tab.errors = errors
    yield tab
    context.close()


@pytest.fixture
def steps(page: object, request: pytest.FixtureRequest) -> Steps:
    folder = output_folder(request.node)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return Steps(page, folder)
