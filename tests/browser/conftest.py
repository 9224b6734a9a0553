"""Browser tests: Debian's headless Chromium, driven by Playwright as a person would.

Each test gets a Baton served by uvicorn on a free loopback port (on SQLite and on the real
PostgreSQL server, as every store test), data made through the API, and a fresh browser context
(no cookies). ``look`` checks a page with axe-core (no serious or critical violation) and saves
its screenshots, phone and desktop width, to ``docs/screenshots/``.

Chromium comes from Debian (``apt-get install chromium``, done by ``.ci/run``); nothing here
downloads a browser. Without it, under CI the tests fail; elsewhere they are skipped with the
reason.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from axe_playwright_python.sync_playwright import Axe
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from api.main import create_app
from api.services import Services
from api.web.session import COOKIE

CHROMIUM = os.environ.get("BATON_TEST_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# As the machine's own probe starts it: no sandbox (root in a container), and no background
# connections to Google's services, which this closed network refuses.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        reason = f"no Chromium at {CHROMIUM}: apt-get install chromium chromium-driver"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Live:
    """A Baton serving on loopback: its address, its services, and an API client on them."""

    url: str
    services: Services
    api: TestClient


@pytest.fixture
def live(services: Services) -> Iterator[Live]:
    port = _free_port()
    config = uvicorn.Config(
        create_app(services=services), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        with TestClient(create_app(services=services)) as api:
            yield Live(f"http://127.0.0.1:{port}", services, api)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    made = browser.new_context(viewport=DESKTOP, locale="en-GB", timezone_id="Europe/London")
    made.set_default_timeout(15_000)
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


def session_cookie(live: Live, context: BrowserContext, org_id: str, staff_id: str) -> None:
    """Signs a member of staff in without the sign-in form (for tests about other pages; the
    sign-in tests use the form itself)."""
    from datetime import timedelta
    from uuid import UUID

    secret, _ = live.services.web_sessions.open(
        "staff", UUID(org_id), UUID(staff_id), live.services.app.clock(), timedelta(hours=1)
    )
    context.add_cookies([{"name": COOKIE, "value": secret, "url": live.url, "httpOnly": True}])


def sign_in(page: Page, live: Live, email: str, password: str) -> None:
    """Sign in as a person does: the sign-in page's form, filled in and sent."""
    page.goto(live.url + "/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


def look(page: Page, name: str, store: str | None = None, not_ours: tuple[str, ...] = ()) -> None:
    """Check the page with axe-core (no serious or critical violation, at either width) and
    save its screenshots as ``docs/screenshots/<name>-phone.png`` and ``-desktop.png``
    (from the SQLite run only: both stores show the same page). ``not_ours``: axe rules left
    out because a third-party component breaks them in markup Baton cannot change (the caller
    says which and why; Baton's own pages pass every rule)."""
    options = {
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in not_ours},
    }
    for width, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        results = Axe().run(page, options=options)
        found = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in results.response["violations"]
            if v.get("impact") in SERIOUS
        ]
        assert not found, f"{name} at {width} width:\n" + "\n".join(found)
        if store in (None, "sqlite"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def chromium_available() -> bool:
    return shutil.which(CHROMIUM) is not None or Path(CHROMIUM).exists()
