"""Tests of roi_core.sampling: the draws (pinned bit for bit), the random streams and the correlation check."""

from __future__ import annotations

import hashlib
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import spearmanr

from roi_core import (
    ContradictoryCorrelations,
    Correlation,
    CustomBenefit,
    Range,
    Scenario,
    check_correlations,
    draw_inputs,
    uncertain_keys,
)
from roi_core.sampling import hard_limits
from roi_core.simulate import draw_inputs as draw_inputs_of_simulate
from roi_core.simulate import uncertain_keys as uncertain_keys_of_simulate

CONTRADICTORY = (
    Correlation("productivity_gain_pct", "attribution_productivity", 0.95),
    Correlation("attribution_productivity", "error_reduction_pct", 0.95),
    Correlation("productivity_gain_pct", "error_reduction_pct", -0.95),
)
#: Scenario, draw_inputs options, and the digest of its keys, uniforms and values computed by the code BEFORE sampling
#: moved out of roi_core.simulate (commit c0064c2). Same seed, same draws: a change here changes every saved result.
PINNED = {
    "default": (Scenario(), {"draws": 3000, "seed": 1}, "5f1e329abdd3914c"),
    "lhs": (Scenario(), {"draws": 3000, "seed": 11, "sampling": "lhs"}, "630f2e6b689e5ce6"),
    "pair": (
        Scenario(correlations=(Correlation("productivity_gain_pct", "half_life_months", 0.8),)),
        {"draws": 3000, "seed": 4},
        "662bf64b7ae9b297",
    ),
    "contradictory": (Scenario(correlations=CONTRADICTORY), {"draws": 3000, "seed": 7}, "6aca6daa27d6c7c2"),
    "custom": (
        Scenario(custom=(CustomBenefit("Fewer complaints", Range(5000.0, 20000.0, 60000.0)),)),
        {"draws": 3000, "seed": 3},
        "8381876500444214",
    ),
}


def _digest(d) -> str:  # noqa: ANN001
    h = hashlib.sha256()
    h.update("|".join(d.keys).encode())
    h.update(np.ascontiguousarray(d.uniforms).tobytes())
    h.update(np.ascontiguousarray(d.values).tobytes())
    return h.hexdigest()[:16]


class TestDraws:
    @pytest.mark.parametrize("name", PINNED)
    def test_same_draws_as_before_the_move(self, name: str) -> None:
        scenario, options, digest = PINNED[name]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ContradictoryCorrelations)
            assert _digest(draw_inputs(scenario, **options)) == digest

    def test_simulate_keeps_the_old_names(self) -> None:
        # roi_core.simulate re-exports the sampling names (one object, two import paths).
        assert draw_inputs_of_simulate is draw_inputs
        assert uncertain_keys_of_simulate is uncertain_keys

    def test_one_stream_per_input(self) -> None:
        # Fixing one input leaves every other input's draws exactly as they were (common random numbers).
        base = draw_inputs(Scenario(), draws=500, seed=2)
        fixed = draw_inputs(Scenario().with_values(content_cost=Range.fixed(10_000.0)), draws=500, seed=2)
        assert "content_cost" not in fixed.keys
        for k in fixed.keys:
            assert np.array_equal(base.column(k), fixed.column(k)), k

    def test_bad_draws(self) -> None:
        with pytest.raises(ValueError, match="draws"):
            draw_inputs(Scenario(), draws=0)

    def test_unbounded_shapes_stay_within_hard_limits(self) -> None:
        s = Scenario().with_values(productivity_gain_pct=Range(0.5, 2.0, 60.0, shape="lognormal"))
        col = draw_inputs(s, draws=5_000, seed=1).column("productivity_gain_pct")
        lo, hi = hard_limits("productivity_gain_pct")
        assert lo <= col.min() and col.max() <= hi
        assert (col == hi).any()  # the table reaches past the limit: clipping did happen


class TestCheckCorrelations:
    def test_no_pairs(self) -> None:
        c = check_correlations(Scenario())
        assert c.consistent and c.keys == () and c.changed == ()

    def test_consistent_pairs_are_used_as_stated(self) -> None:
        s = Scenario(correlations=(Correlation("productivity_gain_pct", "half_life_months", 0.8),))
        c = check_correlations(s)
        assert c.consistent
        assert set(c.keys) == {"productivity_gain_pct", "half_life_months"}
        assert c.keys == tuple(k for k in draw_inputs(s, draws=1).keys if k in c.keys)  # the order of the draws
        assert np.array_equal(c.used, c.stated)
        assert c.stated[0, 1] == c.stated[1, 0] == 0.8
        assert c.changed == ()
        with warnings.catch_warnings():
            warnings.simplefilter("error", ContradictoryCorrelations)
            draw_inputs(s, draws=10)  # no warning either

    def test_contradictory_pairs(self) -> None:
        c = check_correlations(Scenario(correlations=CONTRADICTORY))
        assert not c.consistent and c.min_eigenvalue < 0.0
        assert {frozenset(p[:2]) for p in c.changed} == {frozenset((x.a, x.b)) for x in CONTRADICTORY}
        for a, b, stated, used in c.changed:
            i, j = c.keys.index(a), c.keys.index(b)
            assert (stated, used) == (c.stated[i, j], c.used[i, j])
            assert abs(used) < abs(stated)  # the nearest consistent set weakens every pair here
        # The used set is a valid correlation matrix: symmetric, ones on the diagonal, and it checks as consistent.
        assert np.allclose(c.used, c.used.T) and np.allclose(np.diag(c.used), 1.0)
        assert check_correlations(c.used).consistent

    def test_the_simulation_uses_the_reported_set(self) -> None:
        c = check_correlations(Scenario(correlations=CONTRADICTORY))
        with pytest.warns(ContradictoryCorrelations, match="contradict"):
            d = draw_inputs(Scenario(correlations=CONTRADICTORY), draws=40_000, seed=5)
        for a, b, _, used in c.changed:
            got = spearmanr(d.column(a), d.column(b)).statistic
            assert got == pytest.approx(used, abs=0.02), (a, b)

    def test_pairs_with_a_fixed_input_are_left_out(self) -> None:
        # As in the simulation: a fixed input is not sampled, so its pairs cannot contradict anything.
        s = Scenario(correlations=CONTRADICTORY).with_values(error_reduction_pct=Range.fixed(10.0))
        c = check_correlations(s)
        assert c.consistent and "error_reduction_pct" not in c.keys

    def test_keys_limit_the_check(self) -> None:
        c = check_correlations(
            Scenario(correlations=CONTRADICTORY), keys=["productivity_gain_pct", "attribution_productivity"]
        )
        assert c.consistent and c.keys == ("productivity_gain_pct", "attribution_productivity")

    def test_matrix(self) -> None:
        c = check_correlations(np.eye(3))
        assert c.consistent and c.keys == ("0", "1", "2")

    @pytest.mark.parametrize(
        ("matrix", "keys", "match"),
        [
            ([[1.0, 0.5]], None, "square"),
            ([[1.0, 0.5], [0.4, 1.0]], None, "symmetric"),
            ([[1.0, 1.5], [1.5, 1.0]], None, "symmetric"),
            ([[0.9, 0.0], [0.0, 1.0]], None, "diagonal"),
            ([[1.0, np.nan], [np.nan, 1.0]], None, "finite"),
            (np.eye(2), ["a"], "keys"),
        ],
    )
    def test_bad_matrix(self, matrix, keys, match: str) -> None:  # noqa: ANN001
        with pytest.raises(ValueError, match=match):
            check_correlations(matrix, keys=keys)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rhos=st.lists(st.sampled_from([-0.9, -0.6, -0.3, 0.0, 0.3, 0.6, 0.9]), min_size=6, max_size=6))
    def test_agrees_with_the_simulation(self, rhos: list[float]) -> None:
        # One rule decides both: the check says "contradictory" exactly when the simulation warns, and what it
        # reports as used is a valid correlation set.
        keys = ("productivity_gain_pct", "attribution_productivity", "error_reduction_pct", "half_life_months")
        pairs = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :]]
        s = Scenario(correlations=tuple(Correlation(a, b, r) for (a, b), r in zip(pairs, rhos, strict=True) if r))
        c = check_correlations(s)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            draw_inputs(s, draws=16, seed=0)
        warned = any(issubclass(w.category, ContradictoryCorrelations) for w in caught)
        assert c.consistent is (not warned)
        assert np.allclose(c.used, c.used.T) and (np.abs(c.used) <= 1.0).all()
        assert np.linalg.eigvalsh(2.0 * np.sin(np.pi * c.used / 6.0)).min() > 0.0 if c.keys else True
        if c.consistent:
            assert c.changed == ()
