"""Small helpers shared by the browser tests and ``benchmarks/browser.py``.

Selectors follow RECIPES.md (Streamlit 1.67): sliders are ``role=slider``
inputs found by their label, metric values carry ``data-testid=stMetricValue``,
and a rerun is over when ``stStatusWidget`` has left the page.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--headless=new",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Generous: two cores are shared with other test runs.
TIMEOUT_MS = 30_000


def start_streamlit(log_path: Path | None = None, timeout_s: float = 60.0) -> tuple[subprocess.Popen, str]:
    """Start ``streamlit run app.py`` on a free local port; return the process and its URL once healthy."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = log_path.open("wb") if log_path else subprocess.DEVNULL
    try:
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "app.py",
                "--server.headless", "true",
                "--server.port", str(port),
                "--server.address", "127.0.0.1",
                "--browser.gatherUsageStats", "false",
                "--server.fileWatcherType", "none",
            ],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    finally:
        if log_path:
            log.close()  # the child keeps its own handle
    url, deadline = f"http://127.0.0.1:{port}", time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_streamlit(proc)
            raise RuntimeError("streamlit server did not start")
        time.sleep(0.1)


def stop_streamlit(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


#: The app root tells Streamlit's own tests whether a script runs: "running", "rerunRequested", "notRunning".
APP_IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
APP_BUSY = "[data-testid=stApp]:not([data-test-script-state=notRunning])"


def wait_for_rerun(page: Page, timeout: float = TIMEOUT_MS, start_timeout: float = 2_000) -> None:
    """Wait until the rerun that an action just started has finished.

    The status widget ("Running...") appears only after 500 ms, so its absence proves nothing for a
    short wait; the app root's ``data-test-script-state`` changes at once. First wait (briefly) for the
    run to start, since a key press or click reaches the server asynchronously, then for it to end.
    """
    with contextlib.suppress(PlaywrightTimeoutError):  # it may have started and finished already
        page.locator(APP_BUSY).wait_for(state="attached", timeout=start_timeout)
    expect(page.locator(APP_IDLE)).to_have_count(1, timeout=timeout)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=timeout)


def wait_for_app(page: Page, timeout: float = TIMEOUT_MS) -> None:
    """Wait for the first complete render: the page's title is shown and no script is running.

    (Every page starts with ``st.title``; not every page shows a metric, e.g. the Sensitivity page's first tab.)
    """
    expect(page.get_by_test_id("stMain").locator("h1").first).to_be_visible(timeout=timeout)
    expect(page.locator(APP_IDLE)).to_have_count(1, timeout=timeout)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=timeout)


#: What Streamlit shows instead of a page when the script raised (details are hidden by the app's config).
ERROR_TEXTS = ("Traceback", "This app has encountered an error")


def assert_no_error(page: Page) -> None:
    """No exception box and no error text anywhere on the page."""
    expect(page.get_by_test_id("stException")).to_have_count(0)
    text = page.locator("body").inner_text()
    for bad in ERROR_TEXTS:
        assert bad not in text, f"the page shows {bad!r}"


def metric(page: Page, label: str) -> Locator:
    """The value element of the metric whose label is exactly ``label``."""
    box = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    )
    return box.get_by_test_id("stMetricValue")


def headline_value(page: Page) -> str:
    """The text of the first headline metric (expected ROI on the Overview page)."""
    return page.get_by_test_id("stMetricValue").first.inner_text().strip()


def metric_values(page: Page) -> list[str]:
    """The texts of every metric on the page, in page order."""
    return [v.strip() for v in page.get_by_test_id("stMetricValue").all_inner_texts()]


def open_sidebar_group(page: Page, title: str, timeout: float = TIMEOUT_MS) -> None:
    """Expand the sidebar expander whose heading ends with ``title`` (no-op when open).

    Streamlit draws an expander's widgets only once it is open, so wait for its content.
    """
    sidebar = page.get_by_test_id("stSidebar")
    heading = re.compile(re.escape(title) + r"\s*$")
    summary = sidebar.locator("summary").filter(has_text=heading)
    expect(summary).to_have_count(1, timeout=timeout)
    details = sidebar.locator("details").filter(has=page.locator("summary").filter(has_text=heading))
    if details.get_attribute("open") is None:
        summary.click()
    expect(details).to_have_attribute("open", "", timeout=timeout)
    expect(details.get_by_test_id("stExpanderDetails").locator("[data-testid^=st]").first).to_be_visible(
        timeout=timeout
    )


def slider(page: Page, label: str) -> Locator:
    """A sidebar slider by its label.

    Streamlit 1.67 labels the range input twice (``aria-labelledby`` names the input and the label), so the
    accessible name reads "<label> <label>": match the label at the start instead of the exact name.
    """
    name = re.compile(rf"^{re.escape(label)}(\s|$)")
    return page.get_by_test_id("stSidebar").get_by_role("slider", name=name)


def query(page: Page) -> dict[str, str]:
    """The page URL's query parameters (last value wins)."""
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def fit_height_to_content(page: Page, max_height: int = 12_000) -> None:
    """Make the viewport as tall as the page's content, so a "full page" screenshot shows all of it.

    Streamlit scrolls inside its own containers, not the document, so ``full_page=True`` alone
    captures one screen. The width stays; charts then re-render at the same width.
    """
    width = page.viewport_size["width"] if page.viewport_size else 1400
    height = 0
    for _ in range(4):  # charts may grow the page once they have room: measure until it stops growing
        needed = page.evaluate(
            """() => Math.max(window.innerHeight, ...[...document.querySelectorAll(
                '[data-testid=stMainBlockContainer], [data-testid=stSidebarUserContent]'
            )].filter(e => e.getBoundingClientRect().right > 0)  // a collapsed sidebar sits off screen
              .map(e => e.getBoundingClientRect().bottom))"""
        )
        needed = min(int(needed) + 16, max_height)
        if needed <= height:
            break
        height = needed
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)  # let the layout settle at the new size


def no_horizontal_overflow(page: Page) -> tuple[int, int]:
    """``(scrollWidth, innerWidth)`` of the document."""
    return tuple(page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))


def wait_for_url_param(page: Page, name: str, pattern: str = r"[^&]+", timeout: float = TIMEOUT_MS) -> None:
    expect(page).to_have_url(re.compile(rf"[?&]{re.escape(name)}={pattern}(&|$)"), timeout=timeout)
