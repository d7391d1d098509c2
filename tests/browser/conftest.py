"""Headless Chromium through Playwright, for the flows a CSR clicks through.

`browser` is started once per session; `page` is a fresh browser context (no cookies) per test,
pointed at pytest-django's live server, so `page.goto("/orders/")` works.
"""
import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django sees it and would refuse
# the ORM calls tests make (fixtures, assertions). The test code is still plain synchronous code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        # Fail, never skip: a missing browser must not turn into a green run that tested nothing.
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}; install it with `apt-get install chromium`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    """screenshot() saves the page to test-results/<test name>.png and returns the path."""

    def take(name: str = "") -> Path:
        RESULTS_DIR.mkdir(exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "-", name or request.node.name).strip("-")
        path = RESULTS_DIR / f"{stem}.png"
        # Scrolled, a full-page capture draws sticky table headers where the viewport's top was,
        # over the rows; from the top the picture is the page as laid out.
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
