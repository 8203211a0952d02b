"""Real browser: the Sensitivity page's tornado chart renders and follows a widened range slider.

The tornado's bars are read from the SVG itself: Vega-Lite gives every bar an
``aria-label`` that holds its fields, among them the input's label and the
formatted swing ("Swing: 74 percentage points"). Widening the high end of
the productivity-gain range (range mode in the sidebar, keyboard only) moves
its P90, so its swing must grow while every other input keeps its swing.
"""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from roi_core import INPUTS

TORNADO = '[data-testid="stVegaLiteChart"] >> nth=0'
BARS = "svg g.mark-rect path"
LABEL = INPUTS["productivity_gain_pct"].label_en
SWING = re.compile(r"label: (?P<label>[^;]+);.*Swing: (?P<swing>[\d,.]+) percentage points")


def tornado_swings(page: Page) -> dict[str, float]:
    """``{input label: swing in ROI points}`` from the tornado's bar aria-labels."""
    labels = page.locator(TORNADO).locator(BARS).evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    out: dict[str, float] = {}
    for text in labels:
        m = SWING.search(text or "")
        if m:
            out[m["label"].strip()] = float(m["swing"].replace(",", ""))
    return out


def wait_for_rerun(page: Page) -> None:
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)


def test_tornado_renders_and_grows_when_a_range_is_widened(page: Page, screenshot) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto("/")
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="What matters most").click()
    expect(page).to_have_url(re.compile(r"/sensitivity"))
    expect(page.locator(TORNADO).locator(BARS).first).to_be_attached(timeout=60_000)
    wait_for_rerun(page)
    before = tornado_swings(page)
    assert LABEL in before, before
    assert max(before, key=before.get) == LABEL  # the largest swing in the default scenario
    screenshot("before")

    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Ranges", exact=True).click()
    wait_for_rerun(page)
    sidebar.get_by_test_id("stExpander").filter(has_text="Productivity").first.locator("summary").click()
    high = page.locator(".st-key-r_productivity_gain_pct").get_by_role(
        "slider", name="Productivity gain per trained employee (%) — end"
    )
    expect(high).to_have_value("12")
    high.focus()
    high.press("End")  # the keyboard moves the high end to the top of the slider
    expect(high).to_have_value("25")
    wait_for_rerun(page)

    deadline = time.monotonic() + 30
    after = tornado_swings(page)
    while after.get(LABEL) == before[LABEL] and time.monotonic() < deadline:
        time.sleep(0.25)
        after = tornado_swings(page)
    assert after[LABEL] > before[LABEL] * 1.2, (before[LABEL], after[LABEL])
    # one-way analysis: the other inputs' swings do not move
    others = [k for k in before if k != LABEL and k in after]
    assert others and all(after[k] == before[k] for k in others)
    # the link holds the wider range (the compact scenario code mentions productivity gain: pg_1_5_25)
    expect(page).to_have_url(re.compile(r"pg_1_5_25"))
    screenshot("after-widening")
