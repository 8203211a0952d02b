"""Real browser, phone width, Dutch: a KPI typed in Dutch notation, its gap, and "Calculate the ROI of these targets"
with undo, the plan in the link."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from roi_core.kpi import decode_plan
from tests.e2e.helpers import (
    TIMEOUT_MS,
    assert_no_error,
    no_horizontal_overflow,
    query,
    wait_for_app,
    wait_for_rerun,
    wait_for_url_param,
)
from ui.common.i18n import translate

PHONE = {"width": 390, "height": 844}


def t(key: str, **fmt: object) -> str:
    return translate("nl", key, **fmt)


def test_kpi_in_dutch_notation_and_the_roi_of_its_target(page: Page, screenshot) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/kpi-plan?lang=nl")
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("kpi.title"), timeout=TIMEOUT_MS)
    page.get_by_role("button", name=t("kpi.add")).click()
    wait_for_rerun(page)
    page.get_by_role("textbox", name=t("kpi.col.baseline")).fill("1.200")  # Dutch thousands dot
    page.get_by_role("textbox", name=t("kpi.col.baseline")).press("Enter")
    wait_for_rerun(page)
    page.get_by_role("textbox", name=t("kpi.col.target")).fill("1.236,5")
    page.get_by_role("textbox", name=t("kpi.col.target")).press("Enter")
    wait_for_rerun(page)
    assert_no_error(page)
    wait_for_url_param(page, "k", r"k1\.[^&]+")
    plan, warnings = decode_plan(query(page)["k"])
    assert not warnings and (plan.kpis[0].baseline, plan.kpis[0].target) == (1200.0, 1236.5)
    assert round(plan.kpis[0].input_value(), 6) == 3.041667  # productivity +3.04 %, not misread
    expect(page.get_by_test_id("stDataFrame")).to_be_visible(timeout=TIMEOUT_MS)

    page.get_by_role("button", name=t("kpi.apply")).click()
    wait_for_rerun(page)
    expect(page.get_by_text(t("kpi.applied"))).to_be_visible(timeout=TIMEOUT_MS)
    expect(page).to_have_url(re.compile(r"[?&]s=v2\.[^&]*pg_3\.04"), timeout=TIMEOUT_MS)  # the target is the scenario
    scroll_width, inner_width = no_horizontal_overflow(page)
    assert scroll_width <= inner_width + 1, f"page is {scroll_width}px wide on a {inner_width}px screen"
    screenshot("phone-kpi-plan")
    page.get_by_role("button", name=t("kpi.undo")).click()
    wait_for_rerun(page)
    expect(page.get_by_text(t("kpi.applied"))).to_have_count(0, timeout=TIMEOUT_MS)
    expect(page).not_to_have_url(re.compile(r"pg_3\.04"), timeout=TIMEOUT_MS)
