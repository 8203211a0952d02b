"""A link with Markdown in its names, in a real browser: the names read exactly as typed, and nothing is a link.

The AppTest walk (tests/app/test_hostile_app.py) checks the Markdown sources with markdown-it-py; this checks what
Streamlit's own front end makes of the escaped text: the Share page's "Scenario" metric shows the name character
for character (no stray backslash), and the page holds no link to the hostile address and no bold text from it.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from roi_core import Scenario
from roi_core.scenario_io import encode
from tests.e2e.helpers import TIMEOUT_MS, assert_no_error, metric, wait_for_app

NAME = "**bold** [phish](https://evil.example/login) #1 <b>x</b> $5"


def test_names_from_a_link_are_text_in_the_browser(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/share?lang=en&s={encode(Scenario(name=NAME))}", timeout=TIMEOUT_MS)
    wait_for_app(page)
    assert_no_error(page)
    value = metric(page, "Scenario")
    expect(value).to_be_visible(timeout=TIMEOUT_MS)
    assert value.inner_text().replace("\u200b", "").strip() == NAME
    expect(page.locator("a[href*='evil.example']")).to_have_count(0)
    expect(value.locator("strong, b, a, h1, h2, code, .katex")).to_have_count(0)
