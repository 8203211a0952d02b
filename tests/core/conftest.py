"""Helpers shared by the tests of ``roi_core`` (import them: ``from tests.core.conftest import fixed_except``)."""

from __future__ import annotations

from roi_core import Range, Scenario, uncertain_keys


def fixed_except(scenario: Scenario, *keep: str) -> Scenario:
    """``scenario`` with every varying input fixed at its most likely value, except ``keep``."""
    return scenario.with_values(
        **{k: Range.fixed(scenario.likely(k)) for k in uncertain_keys(scenario) if k not in keep}
    )
