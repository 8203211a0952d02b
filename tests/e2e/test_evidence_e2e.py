"""Measured effects in a real browser: upload the example, adopt the effect, see range, attribution and ROI move."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from roi_core import DRIVER_LABELS
from roi_core.scenario_io import decode
from tests.e2e.helpers import (
    TIMEOUT_MS,
    assert_no_error,
    headline_value,
    metric,
    open_sidebar_group,
    query,
    slider,
    wait_for_app,
    wait_for_rerun,
)
from ui.common.i18n import translate

EXAMPLE = Path(__file__).resolve().parents[2] / "roi_core" / "data" / "examples" / "performance.csv"
PHONE = {"width": 390, "height": 844}


def _nav(page: Page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    wait_for_app(page)


def test_upload_adopt_and_the_roi_changes(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/?lang=en")
    wait_for_app(page)
    roi_before = headline_value(page)

    page.goto("/evidence?lang=en")
    wait_for_app(page)
    expect(page.get_by_text(translate("en", "evidence.privacy"))).to_be_visible(timeout=TIMEOUT_MS)
    page.locator("input[type=file]").set_input_files(str(EXAMPLE))
    wait_for_rerun(page)
    expect(metric(page, translate("en", "evidence.effect"))).to_have_text("2.37", timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible(timeout=TIMEOUT_MS)
    assert_no_error(page)

    page.get_by_role("button", name=translate("en", "evidence.adopt_button")).click()
    wait_for_rerun(page)
    done = page.get_by_test_id("stAlertContentSuccess")
    expect(done).to_contain_text("Productivity gain per trained employee is now 3.06 to 8.71 %", timeout=TIMEOUT_MS)
    expect(done).to_contain_text(translate("en", "evidence.notice.attribution_set"))

    # The link holds the measured range, the attribution and their source.
    s = decode(query(page)["s"]).scenario
    assert (s["productivity_gain_pct"].low, s["productivity_gain_pct"].high) == (3.062, 8.712)
    assert s["attribution_productivity"].likely == 100.0
    assert s.source_of("productivity_gain_pct") is not None

    # The sidebar (open on a desktop screen) shows the attribution; the Overview's ROI has moved.
    page.set_viewport_size({"width": 1400, "height": 900})
    open_sidebar_group(page, DRIVER_LABELS["productivity"]["en"])
    expect(slider(page, "Share due to the training (%)").last).to_have_value("100", timeout=TIMEOUT_MS)
    _nav(page, translate("en", "nav.overview"))
    expect(page.get_by_test_id("stMetricValue").first).not_to_have_text(roi_before, timeout=TIMEOUT_MS)
    assert_no_error(page)
