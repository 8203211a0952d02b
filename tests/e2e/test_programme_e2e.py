"""Real browser, phone width, Dutch: start a programme record, add a round, save it (download), open it again in a
fresh session (upload) and add a second round. Numbers are typed in Dutch notation ("100,5")."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from roi_core.kpi import Kpi, KpiPlan, Outcome, encode_plan
from roi_core.programme import from_json
from tests.e2e.helpers import TIMEOUT_MS, assert_no_error, no_horizontal_overflow, wait_for_app, wait_for_rerun
from ui.common.i18n import translate

PHONE = {"width": 390, "height": 844}
PLAN = KpiPlan((Kpi("", Outcome.ERRORS, "count/month", 120.0, 90.0, "error_reduction_pct"),))


def t(key: str, **fmt: object) -> str:
    return translate("nl", key, **fmt)


def _add_round(page: Page, value: str, low: str, high: str) -> None:
    page.get_by_role("textbox", name=t("prog.col.value")).fill(value)
    page.get_by_role("textbox", name=t("prog.col.low")).fill(low)
    page.get_by_role("textbox", name=t("prog.col.high")).fill(high)
    page.get_by_role("button", name=t("prog.add")).click()
    wait_for_rerun(page)
    expect(page.get_by_text(t("prog.round_added"))).to_be_visible(timeout=TIMEOUT_MS)
    assert_no_error(page)


def _download(page: Page, tmp_path: Path, name: str) -> Path:
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        page.get_by_role("button", name=t("prog.download")).click()
    target = tmp_path / name
    info.value.save_as(target)
    assert info.value.suggested_filename.startswith("programme-") and target.stat().st_size > 0
    return target


def test_save_reopen_and_add_a_round(page: Page, browser: Browser, base_url: str, tmp_path: Path, screenshot) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"/rounds?lang=nl&k={encode_plan(PLAN)}")
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("prog.title"), timeout=TIMEOUT_MS)
    page.get_by_role("textbox", name=t("prog.name")).fill("Orderinvoer")
    page.get_by_role("textbox", name=t("prog.name")).press("Enter")
    wait_for_rerun(page)
    page.get_by_role("button", name=t("prog.start")).click()
    wait_for_rerun(page)
    expect(page.get_by_role("heading", name="Orderinvoer")).to_be_visible(timeout=TIMEOUT_MS)

    _add_round(page, "100,5", "96", "104")
    saved = _download(page, tmp_path, "first.json")
    first = from_json(saved.read_bytes())
    assert first.name == "Orderinvoer" and len(first.rounds) == 1 and first.rounds[0].results[0].value == 100.5
    scroll_width, inner_width = no_horizontal_overflow(page)
    assert scroll_width <= inner_width + 1, f"page is {scroll_width}px wide on a {inner_width}px screen"
    screenshot("phone-rounds")

    # Months later, in a fresh session: open the saved record and add the next round.
    later = browser.new_context(viewport=PHONE, base_url=base_url).new_page()
    later.goto("/rounds?lang=nl")
    wait_for_app(later)
    expect(later.get_by_text(t("prog.none"))).to_be_visible(timeout=TIMEOUT_MS)
    later.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(saved))
    wait_for_rerun(later)
    expect(later.get_by_text(t("prog.opened"))).to_be_visible(timeout=TIMEOUT_MS)
    expect(later.get_by_role("heading", name="Orderinvoer")).to_be_visible(timeout=TIMEOUT_MS)
    later.get_by_text(t("prog.add_heading")).click()  # folded once a record has rounds
    _add_round(later, "95", "92", "98")
    second = from_json(_download(later, tmp_path, "second.json").read_bytes())
    assert [len(r.results) for r in second.rounds] == [1, 1]
    assert [r.results[0].value for r in second.rounds] == [100.5, 95.0]
    table = later.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible(timeout=TIMEOUT_MS)
    later.context.close()
