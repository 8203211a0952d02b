"""One clear explanation per unusual state of a scenario's results (issue 9: edge cases that stay coherent).

Pages ask here which state the numbers are in before they draw: a chart that
would show nothing is replaced by its explanation, and figures that cannot
exist are words from the metric registry, never ``NaN`` or a stray 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from roi_core import Scenario
from roi_core.metrics import MetricValues

__all__ = ["Outcome", "outcome"]


@dataclass(frozen=True)
class Outcome:
    """What a scenario's results allow a page to show.

    ``notice`` is the catalogue key of the one explanation to show (``""``
    when the results are ordinary); ``roi_spread`` says whether the simulated
    ROI has a spread worth a histogram and a P5-P95 sentence; ``cash`` whether
    there is any money to chart (benefits or costs).
    """

    notice: str
    roi_spread: bool
    cash: bool


def outcome(scenario: Scenario, mv: MetricValues) -> Outcome:
    """The state of ``mv`` (the metrics of ``scenario``)."""
    costless_likely = mv.reason_of("roi_likely") is not None
    costless_all = mv.n_undefined >= mv.draws
    p5, p95 = mv.value_of("roi_p5"), mv.value_of("roi_p95")
    spread = math.isfinite(p5) and math.isfinite(p95) and p95 - p5 > 1e-9 * max(abs(p5), abs(p95), 1.0)
    no_benefit = not scenario.enabled and not scenario.custom
    cash = mv.value_of("costs_likely") > 0 or mv.value_of("benefits_likely") != 0
    if costless_all:
        notice = "explain.no_costs_anywhere"
    elif costless_likely:
        notice = "explain.no_costs_at_likely"
    elif no_benefit:
        notice = "explain.no_benefits"
    elif not spread:
        notice = "explain.no_spread"
    else:
        notice = ""
    return Outcome(notice=notice, roi_spread=spread and not costless_all, cash=cash)
