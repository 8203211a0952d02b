"""A browser session through scripts/serve.sh (nginx + two app processes), and a failover.

The browser opens a share link through the proxy under its Content-Security-Policy; then the process that holds
its session (found in nginx's access log by the browser's affinity cookie) is stopped, and the same link, opened
again in the same browser, comes up on the other process with the same numbers.
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from benchmarks.load import room_link
from tests.deploy.serve import Launcher, alive, start_launcher, state_folder
from tests.e2e.helpers import TIMEOUT_MS, assert_no_error, wait_for_app


@pytest.fixture(scope="module")
def served() -> Iterator[Launcher]:
    launched = start_launcher(state_folder(), processes=2)
    yield launched
    launched.stop()


def upstreams_of(served: Launcher, cookie: str) -> list[str]:
    """The processes that answered this browser's requests, oldest first (cached static files have none)."""
    pattern = rf"upstream=(127\.0\.0\.1:\d+) session={re.escape(cookie)}$"
    return re.findall(pattern, served.access_log(), flags=re.MULTILINE)


def open_link(page: Page, url: str) -> list[str]:
    page.goto(url)
    wait_for_app(page)
    assert_no_error(page)
    expect(page.locator("[data-testid=stVegaLiteChart] svg").first).to_be_visible(timeout=TIMEOUT_MS)
    return page.get_by_test_id("stMetricValue").all_inner_texts()


def test_browser_session_through_the_proxy_survives_a_stopped_process(browser: Browser, served: Launcher):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    link = f"{served.url}/?{room_link()}"

    before = open_link(page, link)
    assert before and all(before)
    assert not violations, violations  # Streamlit's front end, its charts and fonts all load under the policy
    cookie = next(c["value"] for c in context.cookies() if c["name"] == "stsession")
    holder = upstreams_of(served, cookie)[-1]
    pid = served.app_pid(int(holder.rsplit(":", 1)[1]))

    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(pid)

    after = open_link(page, link)
    assert after == before
    assert not violations, violations
    others = {f"127.0.0.1:{p}" for p in served.app_ports} - {holder}
    assert upstreams_of(served, cookie)[-1] in others
    context.close()
