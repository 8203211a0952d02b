"""Real-browser tests: a live `streamlit run app.py` driven by Debian chromium.

Follows the recipe in RECIPES.md ("Real browser tests"). Every test under
tests/e2e gets the ``e2e`` marker, so ``scripts/test.sh`` can run them apart
from the unit tests, one at a time.
"""

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.helpers import CHROMIUM, ROOT, start_streamlit, stop_streamlit
from tests.e2e.helpers import CHROMIUM_ARGS as ARGS

E2E_DIR = Path(__file__).resolve().parent
RESULTS = ROOT / "test-results"
SCREENSHOTS = RESULTS / "screenshots"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # This hook sees every collected item, not only this directory's, and
    # must run before `-m` deselection: hence the path filter and tryfirst.
    for item in items:
        if item.path.is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    # No --browser-channel points at /usr/bin/chromium, so override the launch.
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"no chromium at {CHROMIUM}: CI must install it")
        pytest.skip(f"no chromium at {CHROMIUM}: apt-get install -y chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """URL of a Streamlit server running app.py on a free local port."""
    # pytest-playwright empties test-results/ when the session starts, before
    # this fixture runs, so the log survives for a failed run to inspect.
    RESULTS.mkdir(exist_ok=True)
    log_path = RESULTS / "streamlit-server.log"
    try:
        proc, url = start_streamlit(log_path)
    except RuntimeError as exc:
        tail = log_path.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{exc}; log tail:\n{tail}") from None
    yield url
    stop_streamlit(proc)


@pytest.fixture(scope="session")
def base_url(app_url: str) -> str:
    # pytest-playwright gives the browser context this base URL, so tests can
    # write page.goto("/") or page.goto("/?hours=45").
    return app_url


def _file_safe(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text).strip("-")


@pytest.fixture
def screenshot(page, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """Save a full-page screenshot: ``screenshot("after-slider")``.

    Files land in test-results/screenshots/<test name>--<label>.png and are
    kept whether the test passes or fails (useful for reviewing the layout).
    """

    def save(label: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{_file_safe(request.node.name)}--{_file_safe(label)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
