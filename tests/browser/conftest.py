"""Fixtures for the end-to-end tests in a real browser (Chromium driven by Playwright).

One Chromium serves the whole run (starting it costs ~1 s); each test gets a fresh browser context
(no cookies or storage shared between tests) on pytest-django's ``live_server``.

The browser is Debian's ``/usr/bin/chromium`` (``make venv-browser`` installs it):
``playwright install`` downloads its own browser builds, which these machines cannot fetch.
Without Chromium the tests skip on a developer's machine, but fail in CI (``CI`` set) or when
``GONGKAI_REQUIRE_BROWSER=1`` (``.ci/run`` sets it), so a green CI never means "not run".
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # we run as root in CI; Chromium's sandbox refuses to start as root
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Fail fast: a missing element should fail in seconds, not after Playwright's default 30 s.
TIMEOUT_MS = 10_000
# What the portal promises (GB/T 37668 follows WCAG 2.x AA); only serious and critical
# findings fail a test, the rest are judgement calls for a person to review.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_FAILING_IMPACTS = {"serious", "critical"}


def _browser_required() -> bool:
    ci = os.environ.get("CI", "").strip().lower()
    return ci not in {"", "0", "false", "no"} or os.environ.get("GONGKAI_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """The one headless Chromium of this test run."""
    if not CHROMIUM.exists():
        reason = (
            f"{CHROMIUM} not found; install it with `make venv-browser` (apt-get install chromium)"
        )
        if _browser_required():
            pytest.fail(f"browser tests are required here (CI / GONGKAI_REQUIRE_BROWSER): {reason}")
        pytest.skip(reason)

    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio event loop in the main thread (in a greenlet). While it
    # lives, Django sees a running loop and raises SynchronousOnlyOperation for every ORM call from
    # the test itself and for pytest-django's flush after each test. The ORM calls are plain
    # synchronous code; only the detection is wrong here. Set for as long as Playwright runs, and
    # only in this conftest, so the rest of the suite keeps Django's check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # The same running loop makes asgiref's Local (behind django.db.connections) switch from the
    # thread's storage to a context-variable one, so the main thread would suddenly get *new*
    # DatabaseWrapper objects: without the serialized snapshot that pytest-django's test database
    # setup attached to the old ones (every later serialized-rollback test would then restore
    # nothing and find an empty database), and on PostgreSQL a second connection. Hand the
    # thread's own wrappers to the loop-time storage, as Django's LiveServerThread does.
    thread_connections = {alias: connections[alias] for alias in connections}
    try:
        with sync_playwright() as playwright:
            for alias, connection in thread_connections.items():
                connections[alias] = connection
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started only once the test database exists.

    With SQLite the test database lives in memory, and pytest-django hands the main thread's
    connection to the server only if it sees that in-memory database when the server starts.
    Started earlier (pytest sets up session fixtures in the order it meets them), every request
    thread would open its own in-memory connection, which Django never closes: a ResourceWarning
    at exit, an error under our warnings-as-errors policy.
    """
    return live_server


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors and uncaught exceptions of the test's pages; filled by ``page``."""
    return []


@pytest.fixture
def page(browser, live_server, django_db_serialized_rollback, console_errors, settings) -> Iterator:
    """A page in a fresh zh-CN / Asia/Shanghai browser context, ``base_url`` = the live server.

    Database: ``live_server`` serves requests from another thread, so the test's data must be
    committed: pytest-django runs these tests as TransactionTestCase and flushes every table
    afterwards. That flush would also delete what the data migrations created (Wagtail's root
    page and locale, our 信息公开 home page and its Site, the default collection and groups), and
    every later test would find an empty portal. ``django_db_serialized_rollback`` snapshots the
    migrated database once and restores it before each test that asks for it, so each browser
    test starts from exactly what ``migrate`` produced, as a new installation does.
    """
    # The live server speaks plain HTTP; keep cookie behaviour independent of how Chromium
    # treats Secure cookies on http://localhost.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False

    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        accept_downloads=True,
    )
    context.set_default_timeout(TIMEOUT_MS)
    browser_page = context.new_page()

    def on_console(message) -> None:
        # Chromium asks every site for /favicon.ico by itself and logs the 404 as a console
        # error; that is no error of the page under test.
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            console_errors.append(f"console: {message.text} ({message.location.get('url')})")

    browser_page.on("console", on_console)
    browser_page.on("pageerror", lambda error: console_errors.append(f"page error: {error}"))
    try:
        yield browser_page
    finally:
        context.close()


@pytest.fixture(scope="session")
def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def axe_violations(_axe) -> Callable:
    """``axe_violations(page)``: the page's serious and critical WCAG 2.1 AA violations, each as
    one readable line (rule, impact, help text, the first offending elements); empty is a pass."""

    def run(browser_page) -> list[str]:
        results = _axe.run(
            browser_page,
            options={
                "runOnly": {"type": "tag", "values": AXE_TAGS},
                "resultTypes": ["violations"],
            },
        )
        found = []
        for violation in results.response["violations"]:
            if violation["impact"] not in AXE_FAILING_IMPACTS:
                continue
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}"
            )
        return found

    return run
