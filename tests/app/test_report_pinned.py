"""The report's HTML, pinned byte for byte for fixed scenarios and seeds in both languages.

The golden files under ``tests/app/golden/`` were written by the report before
it was split into section builders (``ui.exports.report``) and an SVG module
(``ui.exports.svg``); a refactoring must leave them unchanged. A deliberate change to
the report's output updates them with ``REGEN_GOLDEN=1`` (and the diff shows in
review).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from roi_core import CustomBenefit, Range, Scenario
from roi_core.kpi import Kpi, KpiPlan, Outcome
from roi_core.scenario import EvidenceSource
from ui.exports.export import ExportResults
from ui.exports.report import build_report

GOLDEN = Path(__file__).parent / "golden"
DAY = date(2026, 11, 27)
LINK = "https://roi.example.org/?s=v1.n_80~H_5&lang=en"
PLAN = KpiPlan(
    (Kpi("Errors a month", Outcome.ERRORS, "count/month", 120.0, 90.0, "error_reduction_pct", "CRM", "Ops lead"),)
)


def _full() -> Scenario:
    """Every section: notes, a custom line, measured ranges with their sources, a spread of outcomes."""
    s = Scenario().with_values(
        productivity_gain_pct=Range(3.062, 5.887, 8.712), attribution_productivity=Range.fixed(100)
    )
    evidence = (
        EvidenceSource(
            "productivity_gain_pct", "difference_in_differences", 256, 24, 5.887, 3.062, 8.712, "2026-11-30"
        ),
        EvidenceSource(
            "attribution_productivity", "difference_in_differences", 256, 24, 100.0, 100.0, 100.0, "2026-11-30"
        ),
    )
    return Scenario(
        name="Pilot <team> & co",
        notes="First line\nsecond line",
        values=s.values,
        evidence=evidence,
        draws=2_000,
        seed=7,
        custom=(CustomBenefit("Fewer tickets", Range(1_000.0, 5_000.0, 9_000.0)),),
    )


def _flat() -> Scenario:
    """No benefit lines at all: the notice paths, no charts."""
    return Scenario(name="Flat", enabled=(), draws=500, seed=3)


CASES = {
    "full": (_full, LINK, PLAN),
    "flat": (_flat, "javascript:alert(1)", None),
}


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_report_html_is_pinned(case: str, lang: str) -> None:
    make, link, plan = CASES[case]
    html = build_report(ExportResults.compute(make()), lang, "EUR", link, DAY, plan)
    path = GOLDEN / f"report_{case}_{lang}.html"
    if os.environ.get("REGEN_GOLDEN"):
        path.write_text(html, encoding="utf-8")
    assert html == path.read_text(encoding="utf-8"), f"the report's HTML differs from {path.name}"
