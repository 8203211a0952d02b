"""The HTML report on screen: no table clips its last column at 1440 px, and at 390 px the page does not scroll
sideways (a wide table scrolls inside its own box instead)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from playwright.sync_api import Page

from roi_core.presets import PRESETS
from ui.exports.export import ExportResults
from ui.exports.report import build_report

# Per table: its right edge, the right edge of the box it sits in, and whether that box scrolls sideways.
_TABLES = """() => [...document.querySelectorAll('table')].map(t => {
  const box = t.parentElement, s = getComputedStyle(box);
  return {right: t.getBoundingClientRect().right, boxRight: box.getBoundingClientRect().right,
          scrolls: s.overflowX === 'auto' || s.overflowX === 'scroll'};
})"""


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_report_tables_fit_or_scroll_inside(page: Page, lang: str) -> None:
    # Five years: the yearly table has its most rows; the longest preset names and headers.
    res = ExportResults.compute(replace(PRESETS["contact_centre"].scenario, draws=1_000, horizon_years=5))
    page.set_content(build_report(res, lang, "EUR", "https://example.org/?s=x", date(2026, 11, 30)))
    page.set_viewport_size({"width": 1440, "height": 900})
    tables = page.evaluate(_TABLES)
    assert len(tables) >= 5
    clipped = [i for i, tb in enumerate(tables) if tb["right"] > tb["boxRight"] + 1]
    assert not clipped, f"tables {clipped} are wider than their box at 1440 px: {tables}"
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    wide = [tb for tb in page.evaluate(_TABLES) if tb["right"] > tb["boxRight"] + 1]
    assert all(tb["scrolls"] for tb in wide), wide
