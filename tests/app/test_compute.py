"""ui.common.compute.scenario_cache: caches keyed on the scenario's link text, one cache per decorated function."""

from __future__ import annotations

import dataclasses

from roi_core import Scenario
from ui.common.compute import scenario_cache, scenario_key

CALLS: list[tuple[str, int, int]] = []


@scenario_cache(max_entries=8)
def _seed_plus(scenario: Scenario, n: int) -> int:
    CALLS.append(("plus", scenario.seed, n))
    return scenario.seed + n


@scenario_cache(max_entries=8)
def _seed_times(scenario: Scenario, n: int) -> int:
    CALLS.append(("times", scenario.seed, n))
    return scenario.seed * n


def test_each_function_has_its_own_cache_and_options_count() -> None:
    _seed_plus.clear()  # type: ignore[attr-defined]
    _seed_times.clear()  # type: ignore[attr-defined]
    CALLS.clear()
    s = Scenario(seed=7)
    # Same scenario, same option: the two functions must not answer from each other's cache (Streamlit tells
    # cached functions apart by name and source, and the inner functions of the decorator share their source).
    assert _seed_plus(s, 3) == 10 and _seed_times(s, 3) == 21
    assert _seed_plus(s, 3) == 10 and _seed_times(s, 3) == 21  # from the caches
    assert _seed_plus(s, 4) == 11  # another option, another entry
    assert _seed_plus(Scenario(seed=8), 3) == 11  # another scenario, another entry
    assert CALLS == [("plus", 7, 3), ("times", 7, 3), ("plus", 7, 4), ("plus", 8, 3)]


def test_equal_scenarios_share_an_entry_and_any_change_makes_a_new_one() -> None:
    _seed_plus.clear()  # type: ignore[attr-defined]
    CALLS.clear()
    a, b = Scenario(seed=5), Scenario(seed=5)
    assert a is not b and scenario_key(a) == scenario_key(b)
    _seed_plus(a, 1)
    _seed_plus(b, 1)
    assert len(CALLS) == 1
    _seed_plus(dataclasses.replace(a, notes="another note"), 1)  # the key holds everything, notes included
    assert len(CALLS) == 2


def test_keeps_name_and_docstring() -> None:
    assert _seed_plus.__name__ == "_seed_plus" and _seed_plus.__wrapped__.__name__ == "_seed_plus"  # type: ignore[attr-defined]


def test_the_shared_simulation_is_read_only_and_gives_the_same_results() -> None:
    import numpy as np
    import pytest

    from roi_core import simulate
    from ui.common.compute import compute_results, simulation

    s = Scenario(draws=2_000, seed=11)
    sim = simulation(s)
    assert simulation(Scenario(draws=2_000, seed=11)) is sim  # one simulation per scenario, not copied
    with pytest.raises(ValueError):
        sim.roi_pct[0] = 1.0  # shared between sessions: read-only
    with pytest.raises(ValueError):
        sim.inputs.uniforms[0, 0] = 0.5  # input_order reads them too
    assert np.array_equal(sim.npv, simulate(s).npv)
    assert repr(compute_results(s, sim)) == repr(compute_results(s))  # repr: nan != nan
