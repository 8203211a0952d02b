"""Presentation view on a projector (1920 px) and a laptop: the pinned sliders sit in the main area, with the
starting point and outlook, and moving one changes the numbers. Screenshots go to the layout folder for review."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from roi_core import INPUTS
from tests.e2e.helpers import ROOT, assert_no_error, fit_height_to_content, headline_value, wait_for_app, wait_for_rerun
from ui.common.i18n import translate

SHOTS = ROOT / "test-results" / "screenshots" / "layout"


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_pinned_sliders_on_the_projector(page: Page, lang: str) -> None:
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"/?lang={lang}&pin=productivity_gain_pct,participants")
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_text(translate(lang, "sidebar.present"), exact=True).click()
    wait_for_rerun(page)
    assert_no_error(page)
    main = page.get_by_test_id("stMain")
    box = main.locator(".st-key-present_pins")
    expect(box).to_contain_text(translate(lang, "variant.middle"))
    label = INPUTS["productivity_gain_pct"].label(lang)
    gain = main.get_by_role("slider", name=re.compile(rf"^{re.escape(label)}"))
    expect(gain).to_be_visible()
    expect(main.get_by_role("slider")).to_have_count(2)
    before = headline_value(page)
    gain.focus()
    for _ in range(6):
        gain.press("ArrowRight")
    wait_for_rerun(page)
    expect(page.get_by_test_id("stMetricValue").first).not_to_have_text(before)
    SHOTS.mkdir(parents=True, exist_ok=True)
    fit_height_to_content(page)
    page.screenshot(path=str(SHOTS / f"present-pins--projector--{lang}.png"), full_page=True)
