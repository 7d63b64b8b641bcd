"""Browser-test fixtures (a pytest plugin, see the root conftest): Playwright driving the system
Chromium against pytest-django's live server, for every app's browser tests.

`playwright install` cannot download a browser here, so the tests launch the
Chromium that Debian's package puts at /usr/bin/chromium. Without it they skip, saying why,
unless ACCORD_REQUIRE_BROWSER=1 (CI), where a missing browser must fail rather than pass quietly.
"""

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from allauth.mfa import app_settings as mfa_settings
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from accord.accounts.models import User
from accord.accounts.selectors import user_current_totp_code

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    # Tests run as root in CI, where Chromium's sandbox cannot start.
    "--no-sandbox",
    "--disable-gpu",
    # No traffic but to the live server on loopback (docs/product.md §7).
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE_JS = Path(django_settings.BASE_DIR) / ".cache" / "axe-core" / "axe.min.js"
# How long a page, an element or an expectation may take: generous for a busy 2-core machine,
# still short enough that a hang fails in seconds rather than at CI's time limit.
TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)


def unavailable(reason: str) -> None:
    if os.environ.get("ACCORD_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (ACCORD_REQUIRE_BROWSER=1 forbids skipping)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        unavailable(f"needs Chromium at {CHROMIUM}")
    # While Playwright's sync API is active, its event loop counts as running in this thread,
    # and Django's ORM then refuses to run at all ("SynchronousOnlyOperation"), in these tests and
    # in any test that pytest runs after them. The ORM calls are plain synchronous code that never
    # runs inside that loop, so the guard is lifted for exactly as long as Playwright is active.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site(live_server, transactional_db, settings) -> str:
    """The live server's address, with settings fit for plain http on loopback.

    The live server answers from another thread, so the test's data must be committed for it to
    see: a transactional database, emptied after each test, rather than one rolled back."""
    # Secure cookies would not be sent back over http, so sign-in and the language would not
    # stick.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False
    # A neutral local page: tests never reach a real external site.
    settings.ACCORD_QUICK_EXIT_URL = live_server.url + "/healthz"
    return live_server.url


@pytest.fixture
def context(browser: Browser, site: str) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=site)
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def sign_in_with_session(context: BrowserContext, site: str, user: User) -> None:
    """Signs `user` in by handing the browser a session cookie, for tests about what comes after
    sign-in (test_sign_in.py covers the sign-in itself). The user has TOTP, so such a session
    counts as past MFA, as in accord.testing.client_for."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": site}])


def fresh_totp_code(user: User) -> str:
    """The user's current code, from a period with time left to type and send it: allauth accepts
    a code only in its own period (no tolerance), and only once."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 5:
        time.sleep(period - time.time() % period + 0.2)
    return user_current_totp_code(user)


SERIOUS = {"serious", "critical"}


def assert_accessible(page: Page) -> None:
    """Runs axe-core on the page and fails on any violation of serious or critical impact."""
    if not AXE_JS.exists():
        unavailable(
            f"needs axe-core at {AXE_JS.relative_to(django_settings.BASE_DIR)} "
            "(`make test` fetches it)"
        )
    # Evaluated through the DevTools protocol, which the page's CSP does not govern; a <script>
    # tag with the same text would be refused, since the CSP allows only scripts with a nonce.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text())
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [v for v in results["violations"] if v["impact"] in SERIOUS]
    report = [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in serious
    ]
    assert not report, f"axe-core on {page.url}:\n{json.dumps(report, indent=2)}"
