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
from tests.e2e.helpers import no_horizontal_overflow

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


#: Each part of the page: its label on the view switch, the heading it starts with, and the charts it draws.
PARTS = {
    "drivers": ("Each assumption alone", "Which assumptions move the result most?", 2),
    "ranking": ("All assumptions together", "What drives the uncertainty?", 2),
    "targets": ("What would have to be true", "What would have to be true?", 0),
    "voi": ("Worth finding out first", "What is worth finding out before deciding?", 1),
}


def test_each_part_is_drawn_alone_and_kept_in_the_link(page: Page, browser, screenshot) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto("/sensitivity")
    switch = page.locator(".st-key-sens_view")
    expect(switch.get_by_role("radio", name=PARTS["drivers"][0])).to_be_checked(timeout=60_000)
    main = page.get_by_test_id("stMain")
    for view, (label, heading, charts) in PARTS.items():
        switch.get_by_role("radio", name=label, exact=True).click()
        expect(switch.get_by_role("radio", name=label, exact=True)).to_be_checked()
        expect(main.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=30_000)
        wait_for_rerun(page)
        # only this part: the other parts' headings are gone, and its own charts are drawn
        for other, (_, other_heading, _) in PARTS.items():
            if other != view:
                expect(main.get_by_role("heading", name=other_heading, exact=True)).to_have_count(0)
        expect(main.get_by_test_id("stVegaLiteChart")).to_have_count(charts)
        for i in range(charts):
            expect(main.get_by_test_id("stVegaLiteChart").nth(i).locator("svg path").first).to_be_attached()
        if view == "targets":  # the goal-seek table: a static table, every row at once
            expect(main.get_by_test_id("stTable").locator("tbody tr").first).to_be_visible()
        if view == "drivers":
            expect(page).not_to_have_url(re.compile(r"[?&]sv="))
        else:
            expect(page).to_have_url(re.compile(rf"[?&]sv={view}(&|$)"))
        screenshot(view)
    # the link opens the same part in a fresh browser
    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        fresh = other.new_page()
        fresh.goto(page.url)
        expect(fresh.locator(".st-key-sens_view").get_by_role("radio", name=PARTS["voi"][0])).to_be_checked(
            timeout=60_000
        )
        expect(fresh.get_by_test_id("stMain").get_by_role("heading", name=PARTS["voi"][1])).to_be_visible()
        expect(fresh.get_by_test_id("stMetric")).to_have_count(4)  # the EVPI and the pilot's people, cost, value
    finally:
        other.close()


def test_the_view_switch_fits_a_phone(page: Page, screenshot) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/sensitivity?lang=nl&sv=ranking")
    switch = page.locator(".st-key-sens_view")
    expect(switch.get_by_role("radio", name="Alle aannames samen")).to_be_checked(timeout=60_000)
    expect(page.get_by_test_id("stVegaLiteChart").first.locator("svg path").first).to_be_attached(timeout=60_000)
    wait_for_rerun(page)
    scroll_width, inner_width = no_horizontal_overflow(page)
    assert scroll_width <= inner_width + 1, f"page is {scroll_width}px wide on a {inner_width}px screen"
    for option in switch.get_by_role("radio").all():  # every part can be reached: on screen, not cut off
        box = option.bounding_box()
        assert box and box["x"] >= -1 and box["x"] + box["width"] <= inner_width + 1, box
    screenshot("phone-ranking-nl")
