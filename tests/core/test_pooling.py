"""roi_core.pooling: people's 90 % ranges, their equal-weight mixture, disagreement and rounds.

Expected values are worked out by hand in the comments.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roi_core.assumptions import INPUTS
from roi_core.distributions import Range, Shape
from roi_core.pooling import (
    MAX_NOTE_LENGTH,
    Estimate,
    EstimateError,
    clean_text,
    convergence,
    disagreement,
    estimate_from_text,
    fit_pert,
    mixture_quantiles,
    overlap_matrix,
    person_range,
    person_ranges,
    pool,
    room_inputs,
)


@st.composite
def triples(draw: st.DrawFn, lo: float = 0.0, hi: float = 100.0) -> tuple[float, float, float]:
    a, m, b = sorted(draw(st.floats(lo, hi, allow_nan=False)) for _ in range(3))
    return (a, m, b)


class TestFitPert:
    def test_symmetric_range_matches_beta_3_3(self) -> None:
        # PERT with the mode in the middle is Beta(3, 3); its 5 % point is 0.18926 of the width, so a stated
        # 40..60 (half-width 10) needs a half-width of 10 / (0.5 - 0.18926) = 32.18 / 2 = 16.09.
        a, b = fit_pert(40.0, 50.0, 60.0)
        assert float(a) == pytest.approx(50 - 16.091, abs=2e-3)
        assert float(b) == pytest.approx(50 + 16.091, abs=2e-3)

    def test_vectorised_over_people(self) -> None:
        a, b = fit_pert([40.0, 0.0], [50.0, 5.0], [60.0, 20.0])
        assert a.shape == b.shape == (2,)
        assert float(a[0]) == pytest.approx(fit_pert(40.0, 50.0, 60.0)[0])

    def test_ends_stay_within_the_bounds(self) -> None:
        a, b = fit_pert(0.0, 5.0, 30.0, lower_bound=0.0, upper_bound=100.0)
        assert float(a) == 0.0
        assert 30.0 < float(b) <= 100.0

    @settings(derandomize=True, max_examples=60)
    @given(triples())
    def test_stated_range_is_the_90_percent_interval(self, t: tuple[float, float, float]) -> None:
        lo, m, hi = t
        r = person_range(lo, m, hi)
        assert r.likely == m
        if hi - lo > 1e-6:
            p5, p95 = r.exact_ppf([0.05, 0.95])
            assert p5 == pytest.approx(lo, abs=1e-6 * (hi - lo) + 1e-9)
            assert p95 == pytest.approx(hi, abs=1e-6 * (hi - lo) + 1e-9)
            assert r.low <= lo and r.high >= hi

    def test_a_point_stays_a_point(self) -> None:
        r = person_range(7.0, 7.0, 7.0)
        assert r.is_fixed and r.likely == 7.0

    def test_person_ranges_equals_one_by_one(self) -> None:
        many = person_ranges([(1, 5, 12), (2, 2, 9)], INPUTS["productivity_gain_pct"])
        assert many[1] == person_range(2, 2, 9, INPUTS["productivity_gain_pct"])


class TestMixtureQuantiles:
    def test_two_disjoint_uniforms(self) -> None:
        # Uniform 0..1 and 2..3, half the mass each: P25 is the middle of the first (0.5), P75 of the second.
        q = mixture_quantiles([Range(0, 0.5, 1, Shape.UNIFORM), Range(2, 2.5, 3, Shape.UNIFORM)], [0.25, 0.75])
        assert q.tolist() == pytest.approx([0.5, 2.5], abs=2e-3)

    def test_overlapping_uniforms(self) -> None:
        # Uniform 0..2 and 1..3: density 1/4 on 0..1, 1/2 on 1..2, 1/4 on 2..3.
        # P10 = 0.1 / 0.25 = 0.4; P50 = 1 + 0.25 / 0.5 = 1.5; P90 = 2 + 0.15 / 0.25 = 2.6.
        q = mixture_quantiles([Range(0, 1, 2, Shape.UNIFORM), Range(1, 2, 3, Shape.UNIFORM)], [0.1, 0.5, 0.9])
        assert q.tolist() == pytest.approx([0.4, 1.5, 2.6], abs=5e-3)

    def test_one_person_is_their_own_distribution(self) -> None:
        r = Range(1, 5, 12)
        q = mixture_quantiles([r], [0.05, 0.5, 0.95])
        # 256 equally likely values per person: within 1 % of the width of the exact percentiles.
        assert q.tolist() == pytest.approx(r.exact_ppf([0.05, 0.5, 0.95]).tolist(), abs=0.01 * (12 - 1))

    def test_nobody(self) -> None:
        with pytest.raises(ValueError, match="no ranges"):
            mixture_quantiles([], [0.5])


class TestPool:
    def test_identical_people_pool_to_themselves(self) -> None:
        p = pool([(40.0, 50.0, 60.0)] * 5)
        assert (p.n, p.likely) == (5, 50.0)
        assert p.p5 == pytest.approx(40.0, abs=0.1)
        assert p.p95 == pytest.approx(60.0, abs=0.1)
        assert p.range.exact_ppf([0.05, 0.95]).tolist() == pytest.approx([40.0, 60.0], abs=0.1)

    def test_two_camps_widen_the_pooled_range(self) -> None:
        # Two people 90 % sure of 0..10 and 20..30: the mixture's P5 lies in the first range's lower half and
        # its P95 in the second's upper half; its median between the camps (P50 of the mixture = P100 of the
        # first = 10 ... P0 of the second = 20 for finite supports; the PERT tails overlap a little).
        p = pool([(0.0, 5.0, 10.0), (20.0, 25.0, 30.0)])
        assert 0.0 < p.p5 < 5.0 and 25.0 < p.p95 < 30.0
        assert 10.0 <= p.p50 <= 20.0
        assert p.likely == 15.0  # mean of 5 and 25
        assert p.range.exact_ppf([0.05, 0.95]).tolist() == pytest.approx([p.p5, p.p95], abs=1e-3)

    def test_bounds_and_whole_numbers_of_the_input(self) -> None:
        sp = INPUTS["hires_per_year"]
        p = pool([(2.0, 3.0, 6.0), (3.0, 4.0, 8.0)], sp)
        assert p.likely == 4.0  # mean 3.5 rounds to an even whole number
        assert p.range.low >= sp.hard_min
        assert float(p.range.likely).is_integer()

    def test_pooled_range_fits_a_scenario(self) -> None:
        from roi_core.scenario import Scenario

        p = pool([(0.0, 2.0, 10.0), (1.0, 4.0, 20.0)], INPUTS["productivity_gain_pct"])
        s = Scenario().with_values(productivity_gain_pct=p.range)
        assert s["productivity_gain_pct"].low >= 0.0

    @settings(derandomize=True, max_examples=40)
    @given(st.lists(triples(), min_size=1, max_size=8))
    def test_pooled_percentiles_lie_within_the_people(self, people: list[tuple[float, float, float]]) -> None:
        p = pool(people, INPUTS["attribution_productivity"])
        assert p.p5 <= p.p50 <= p.p95
        assert p.p5 <= p.likely <= p.p95 or math.isclose(p.p5, p.p95, abs_tol=1e-9)
        low = min(x[0] for x in people)
        high = max(x[2] for x in people)
        # Each person's P5/P95 is their low/high, so the mixture's lie within the lowest and highest stated.
        assert low - 1e-6 <= p.p5 and p.p95 <= high + 1e-6

    def test_nobody(self) -> None:
        with pytest.raises(ValueError, match="nobody"):
            pool([])


class TestOverlap:
    def test_hand_computed_matrix(self) -> None:
        # 0..10 and 5..25 share 5..10 = 5, the narrower is 10 wide: 0.5. 30..40 meets neither.
        m = overlap_matrix([0, 5, 30], [10, 25, 40])
        assert m.tolist() == [[1.0, 0.5, 0.0], [0.5, 1.0, 0.0], [0.0, 0.0, 1.0]]

    def test_contained_and_touching(self) -> None:
        # 2..4 inside 0..10: 1. 10..12 touches 0..10 at one point: they meet but share nothing: 0.
        m = overlap_matrix([0, 2, 10], [10, 4, 12])
        assert m[0, 1] == 1.0 and m[0, 2] == 0.0

    def test_points(self) -> None:
        # A point inside a range counts 1, outside 0; two equal points 1.
        m = overlap_matrix([5, 0, 20, 5], [5, 10, 30, 5])
        assert (m[0, 1], m[0, 2], m[0, 3]) == (1.0, 0.0, 1.0)

    @settings(derandomize=True, max_examples=50)
    @given(st.lists(triples(), min_size=1, max_size=10))
    def test_symmetric_and_bounded(self, people: list[tuple[float, float, float]]) -> None:
        arr = np.array(people)
        m = overlap_matrix(arr[:, 0], arr[:, 2])
        assert np.allclose(m, m.T)
        assert ((m >= 0) & (m <= 1)).all()
        assert (np.diag(m) == 1).all()


class TestDisagreement:
    def test_hand_computed(self) -> None:
        d = disagreement([(0, 5, 10), (5, 10, 25), (30, 35, 40)], pooled_width=40.0)
        assert d.disjoint_pairs == ((0, 2), (1, 2))
        assert d.share_disjoint == pytest.approx(2 / 3)
        assert d.likely_spread == 30.0  # 35 - 5
        assert d.relative_spread == 0.75  # 30 / 40
        assert d.lonely == (2,)

    def test_agreement(self) -> None:
        d = disagreement([(0, 5, 10), (2, 6, 9)])
        assert d.disjoint_pairs == () and d.share_disjoint == 0.0 and d.lonely == ()

    def test_one_person_has_no_pairs(self) -> None:
        d = disagreement([(0, 5, 10)])
        assert math.isnan(d.share_disjoint) and d.likely_spread == 0.0 and d.lonely == ()


class TestConvergence:
    def test_room_that_converges(self) -> None:
        # Round 1: most likely 5 and 25 (spread 20), ranges apart. Round 2: 12 and 15 (spread 3), overlapping.
        c = convergence({"a": (0, 5, 10), "b": (20, 25, 30)}, {"a": (5, 12, 20), "b": (10, 15, 25)})
        assert (c.spread_before, c.spread_after) == (20.0, 3.0)
        assert (c.disjoint_before, c.disjoint_after) == (1.0, 0.0)
        assert c.moved == 8.5  # (|12 - 5| + |15 - 25|) / 2
        assert c.converged

    def test_room_that_drifts_apart(self) -> None:
        c = convergence({"a": (5, 10, 15), "b": (6, 11, 16)}, {"a": (0, 2, 4), "b": (20, 25, 30)})
        assert not c.converged

    def test_nobody_answered_both(self) -> None:
        c = convergence({"a": (0, 5, 10)}, {"b": (0, 5, 10)})
        assert math.isnan(c.moved)


class TestEstimate:
    def test_valid(self) -> None:
        e = Estimate("productivity_gain_pct", 1, 5, 9, "  pilot\nteam ")
        assert e.triple == (1.0, 5.0, 9.0) and e.note == "pilot team"

    @pytest.mark.parametrize(
        ("args", "field", "kind"),
        [
            (("productivity_gain_pct", 6, 5, 9), "likely", "order"),
            (("productivity_gain_pct", 1, 10, 9), "high", "order"),
            (("productivity_gain_pct", -1, 5, 9), "low", "below_min"),
            (("productivity_gain_pct", 1, 5, 101), "high", "above_max"),
            (("productivity_gain_pct", 1, float("nan"), 9), "likely", "not_finite"),
            (("productivity_gain_pct", 1, True, 9), "likely", "invalid"),
            (("hires_per_year", 1, 2.5, 9), "likely", "not_whole"),
            (("confidence_productivity", 1, 5, 9), "input", "unknown"),
            (("no_such_input", 1, 5, 9), "input", "unknown"),
            (("productivity_gain_pct", 1, 5, 9, "x" * (MAX_NOTE_LENGTH + 1)), "note", "too_long"),
        ],
    )
    def test_refusals(self, args: tuple, field: str, kind: str) -> None:
        with pytest.raises(EstimateError) as info:
            Estimate(*args)
        assert (info.value.field, info.value.kind) == (field, kind)

    def test_bounds_in_details(self) -> None:
        with pytest.raises(EstimateError) as info:
            Estimate("productivity_gain_pct", 1, 5, 120)
        assert info.value.details == {"max": 100}

    def test_from_text_in_both_languages(self) -> None:
        nl = estimate_from_text("gross_salary", "38.000", "42.500,5", "50.000", "", "nl")
        en = estimate_from_text("gross_salary", "38,000", "42,500.5", "50,000", "", "en")
        assert nl == en

    def test_from_text_names_the_field(self) -> None:
        with pytest.raises(EstimateError) as info:
            estimate_from_text("gross_salary", "38.000", "", "50.000", "", "nl")
        assert (info.value.field, info.value.kind) == ("likely", "empty")


def test_room_inputs_are_ranges() -> None:
    keys = room_inputs()
    assert "productivity_gain_pct" in keys
    assert all(not INPUTS[k].point_only for k in keys)


def test_clean_text_strips_controls_and_cuts() -> None:
    assert clean_text("a\u202eb\x00c  d", limit=4) == "a b "[:4]
    assert clean_text("<b>x</b>") == "<b>x</b>"  # kept as text; pages never render it as HTML
