"""Tests of roi_core.distributions: validation, fixed ranges and table accuracy.

One class per public name. Expected values come from the textbook formulas of
each shape, written out in the test.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roi_core.distributions import TABLE_SIZE, Z90, Range, Shape, lookup

BOUNDED = (Shape.PERT, Shape.TRIANGULAR, Shape.UNIFORM)
UNBOUNDED = (Shape.NORMAL, Shape.LOGNORMAL)
# Percentiles at which the table is compared with the exact quantile function.
PROBS = np.array([0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99])


@st.composite
def bounded_ranges(draw: st.DrawFn, shapes: tuple[Shape, ...] = BOUNDED) -> Range:
    """A non-degenerate range low < high with likely anywhere in between (ends included)."""
    shape = draw(st.sampled_from(shapes))
    # A lognormal range needs low > 0.
    low = draw(st.floats(1e-3, 1e6) if shape is Shape.LOGNORMAL else st.floats(-1e6, 1e6, allow_nan=False))
    width = draw(st.floats(1e-3, 1e6, allow_nan=False))
    t = draw(st.floats(0.0, 1.0))
    high = low + width
    likely = min(max(low + t * width, low), high)
    return Range(low, likely, high, shape)


class TestValidation:
    def test_low_above_likely_names_both(self) -> None:
        with pytest.raises(ValueError, match=r"low \(5\) must be <= most likely \(3\)"):
            Range(5.0, 3.0, 9.0)

    def test_likely_above_high_names_both(self) -> None:
        with pytest.raises(ValueError, match=r"most likely \(9\) must be <= high \(7\)"):
            Range(1.0, 9.0, 7.0)

    @pytest.mark.parametrize("field", ["low", "likely", "high"])
    @pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
    def test_nan_and_inf_rejected_naming_the_field(self, field: str, bad: float) -> None:
        values = {"low": 1.0, "likely": 2.0, "high": 3.0, field: bad}
        with pytest.raises(ValueError, match=rf"^{field} must be a finite number"):
            Range(**values)

    @pytest.mark.parametrize("field", ["low", "likely", "high"])
    def test_bool_rejected(self, field: str) -> None:
        # True == 1 would silently pass as a number; a checkbox value is not a range.
        values: dict[str, object] = {"low": 0.0, "likely": 1.0, "high": 1.0, field: True}
        with pytest.raises(TypeError, match=rf"^{field} must be a number, got bool"):
            Range(**values)  # type: ignore[arg-type]

    def test_string_rejected(self) -> None:
        with pytest.raises(TypeError, match="low must be a number, got str"):
            Range("1", 2.0, 3.0)  # type: ignore[arg-type]

    @pytest.mark.parametrize("low", [0.0, -1.0])
    def test_lognormal_needs_positive_low(self, low: float) -> None:
        with pytest.raises(ValueError, match="lognormal range needs low > 0"):
            Range(low, 2.0, 5.0, Shape.LOGNORMAL)

    def test_unknown_shape_lists_the_allowed_ones(self) -> None:
        with pytest.raises(ValueError, match="shape must be one of pert, triangular, uniform"):
            Range(1.0, 2.0, 3.0, "beta")  # type: ignore[arg-type]

    def test_shape_given_as_string_is_converted(self) -> None:
        assert Range(1.0, 2.0, 3.0, "triangular").shape is Shape.TRIANGULAR  # type: ignore[arg-type]

    def test_numbers_are_stored_as_float(self) -> None:
        r = Range(np.int64(1), 2, np.float32(3.0))
        assert (type(r.low), type(r.likely), type(r.high)) == (float, float, float)

    def test_frozen_and_hashable(self) -> None:
        r = Range(1.0, 2.0, 3.0)
        assert hash(r) == hash(Range(1.0, 2.0, 3.0))
        with pytest.raises(AttributeError):
            r.low = 0.0  # type: ignore[misc]


class TestFixed:
    def test_fixed_constructor(self) -> None:
        r = Range.fixed(7.5)
        assert (r.low, r.likely, r.high, r.shape) == (7.5, 7.5, 7.5, Shape.FIXED)
        assert r.is_fixed

    @pytest.mark.parametrize("shape", list(Shape))
    def test_zero_width_range_is_fixed_for_every_shape(self, shape: Shape) -> None:
        r = Range(4.0, 4.0, 4.0, shape)
        assert r.is_fixed
        assert r.mean == 4.0
        u = np.array([0.0, 0.3, 0.999999])
        np.testing.assert_array_equal(r.ppf(u), [4.0, 4.0, 4.0])
        np.testing.assert_array_equal(r.exact_ppf(u), [4.0, 4.0, 4.0])

    def test_fixed_shape_ignores_the_width(self) -> None:
        # Shape FIXED with low < high: every draw is the most likely value.
        r = Range(1.0, 2.0, 3.0, Shape.FIXED)
        assert r.is_fixed
        assert r.mean == 2.0
        np.testing.assert_array_equal(r.ppf(np.array([0.0, 0.5, 0.99])), [2.0, 2.0, 2.0])

    def test_non_degenerate_range_is_not_fixed(self) -> None:
        assert not Range(1.0, 2.0, 3.0).is_fixed


class TestMean:
    def test_pert_mean(self) -> None:
        # (low + 4 likely + high) / 6 = (1 + 20 + 12) / 6 = 5.5
        assert Range(1.0, 5.0, 12.0).mean == pytest.approx(5.5)

    def test_triangular_mean(self) -> None:
        # (1 + 5 + 12) / 3 = 6
        assert Range(1.0, 5.0, 12.0, Shape.TRIANGULAR).mean == pytest.approx(6.0)

    @pytest.mark.parametrize("shape", [Shape.UNIFORM, Shape.NORMAL])
    def test_symmetric_means(self, shape: Shape) -> None:
        # midpoint of low and high: (1 + 12) / 2 = 6.5 (likely plays no part)
        assert Range(1.0, 5.0, 12.0, shape).mean == pytest.approx(6.5)

    def test_lognormal_mean(self) -> None:
        # 90 % interval 2..8 on the log scale: mu = (ln 2 + ln 8) / 2 = ln 4,
        # sigma = (ln 8 - ln 2) / (2 Z90) = ln 4 / 3.2897; mean = exp(mu + sigma^2 / 2).
        sigma = math.log(4.0) / (2 * 1.6448536269514722)
        assert Range(2.0, 4.0, 8.0, Shape.LOGNORMAL).mean == pytest.approx(4.0 * math.exp(sigma**2 / 2))


class TestExactPpf:
    def test_uniform_quantiles(self) -> None:
        # low + u (high - low): 10 + 0.25 * 20 = 15
        np.testing.assert_allclose(Range(10.0, 12.0, 30.0, Shape.UNIFORM).exact_ppf([0.0, 0.25, 1.0]), [10, 15, 30])

    def test_triangular_quantiles(self) -> None:
        # low 0, mode 2, high 4 (symmetric): F(mode) = (2 - 0) / (4 - 0) = 0.5.
        # Left branch: x = sqrt(u * 4 * 2); u = 0.125 -> sqrt(1) = 1.
        # Right branch: x = 4 - sqrt((1 - u) * 4 * 2); u = 0.875 -> 4 - 1 = 3.
        r = Range(0.0, 2.0, 4.0, Shape.TRIANGULAR)
        np.testing.assert_allclose(r.exact_ppf([0.125, 0.5, 0.875]), [1.0, 2.0, 3.0])

    def test_pert_symmetric_median_is_likely(self) -> None:
        # A symmetric PERT is Beta(3, 3) on [low, high]; its median is the middle.
        assert float(Range(0.0, 5.0, 10.0).exact_ppf(0.5)) == pytest.approx(5.0)

    def test_pert_with_likely_at_low_is_beta_1_5(self) -> None:
        # a = 1 + 4 (0 - 0) / 1 = 1, b = 1 + 4 (1 - 0) / 1 = 5: Beta(1, 5) has
        # F(x) = 1 - (1 - x)^5, so the quantile is x = 1 - (1 - u)^(1/5).
        u = np.array([0.1, 0.5, 0.9])
        np.testing.assert_allclose(Range(0.0, 0.0, 1.0).exact_ppf(u), 1.0 - (1.0 - u) ** 0.2, rtol=1e-12)

    def test_normal_90_percent_interval(self) -> None:
        # low and high are the 5 % and 95 % quantiles; the median is their midpoint.
        r = Range(10.0, 20.0, 30.0, Shape.NORMAL)
        np.testing.assert_allclose(r.exact_ppf([0.05, 0.5, 0.95]), [10.0, 20.0, 30.0], rtol=1e-12)

    def test_lognormal_90_percent_interval(self) -> None:
        # 5 % / 95 % quantiles are low and high; the median is sqrt(low high) = sqrt(2 * 8) = 4.
        r = Range(2.0, 3.0, 8.0, Shape.LOGNORMAL)
        np.testing.assert_allclose(r.exact_ppf([0.05, 0.5, 0.95]), [2.0, 4.0, 8.0], rtol=1e-12)

    @pytest.mark.parametrize("shape", UNBOUNDED)
    def test_tails_are_finite(self, shape: Shape) -> None:
        r = Range(1.0, 2.0, 4.0, shape)
        ends = r.exact_ppf([0.0, 1.0])
        assert np.isfinite(ends).all()
        assert ends[0] < 1.0 and ends[1] > 4.0  # beyond the 90 % interval, but finite

    def test_shape_is_kept(self) -> None:
        assert Range(0.0, 1.0, 2.0).exact_ppf(np.zeros((3, 4))).shape == (3, 4)


class TestTable:
    @pytest.mark.parametrize("shape", list(Shape))
    def test_table_shape_sorted_read_only(self, shape: Shape) -> None:
        t = Range(1.0, 2.0, 5.0, shape).table
        assert t.shape == (TABLE_SIZE,)
        assert (np.diff(t) >= 0).all()
        assert not t.flags.writeable

    @pytest.mark.parametrize("shape", UNBOUNDED)
    def test_unbounded_tables_are_finite(self, shape: Shape) -> None:
        assert np.isfinite(Range(1.0, 2.0, 40.0, shape).table).all()

    @pytest.mark.parametrize(
        ("low", "likely", "high"),
        [(1.0, 5.0, 12.0), (0.0, 0.0, 1.0), (0.0, 1.0, 1.0), (30.0, 50.0, 70.0), (1e5, 1.5e5, 9e5)],
    )
    @pytest.mark.parametrize("shape", BOUNDED)
    def test_table_mean_matches_analytic_mean(self, low: float, likely: float, high: float, shape: Shape) -> None:
        # The table is TABLE_SIZE equally likely values, so its plain mean is
        # the mean the simulation sees; it must be within 0.2 % of the formula.
        r = Range(low, likely, high, shape)
        assert float(r.table.mean()) == pytest.approx(r.mean, rel=0.002)

    def test_normal_table_mean_is_the_midpoint(self) -> None:
        r = Range(10.0, 15.0, 30.0, Shape.NORMAL)
        assert float(r.table.mean()) == pytest.approx(20.0, rel=1e-6)

    @given(bounded_ranges())
    @settings(max_examples=60, deadline=None)
    def test_percentiles_within_a_thousandth_of_the_width(self, r: Range) -> None:
        width = r.high - r.low
        err = np.abs(r.ppf(PROBS) - r.exact_ppf(PROBS))
        assert err.max() <= 0.001 * width

    @pytest.mark.parametrize("shape", UNBOUNDED)
    def test_unbounded_percentiles_close_to_exact(self, shape: Shape) -> None:
        # 90 % interval 20..80: compare within 0.1 % of that width.
        r = Range(20.0, 40.0, 80.0, shape)
        err = np.abs(r.ppf(PROBS[1:-1]) - r.exact_ppf(PROBS[1:-1]))
        assert err.max() <= 0.001 * 60.0

    def test_table_values_are_midpoint_quantiles(self) -> None:
        # Cell k holds the quantile at (k + 0.5) / TABLE_SIZE; for a uniform 0..1 that is the number itself.
        t = Range(0.0, 0.5, 1.0, Shape.UNIFORM).table
        assert t[0] == pytest.approx(0.5 / TABLE_SIZE)
        assert t[-1] == pytest.approx(1.0 - 0.5 / TABLE_SIZE)


class TestPpf:
    @given(bounded_ranges(shapes=tuple(Shape)), st.lists(st.floats(0.0, 1.0, exclude_max=True), min_size=2))
    @settings(max_examples=60, deadline=None)
    def test_monotone(self, r: Range, us: list[float]) -> None:
        u = np.sort(np.array(us))
        assert (np.diff(r.ppf(u)) >= 0).all()

    @given(bounded_ranges(), st.lists(st.floats(0.0, 1.0), min_size=1))
    @settings(max_examples=60, deadline=None)
    def test_bounded_shapes_stay_within_low_high(self, r: Range, us: list[float]) -> None:
        x = r.ppf(np.array(us))
        assert (x >= r.low).all() and (x <= r.high).all()

    @pytest.mark.parametrize("shape", list(Shape))
    def test_extreme_uniforms_finite(self, shape: Shape) -> None:
        # u == 1.0 can come out of a copula; it must map to the last cell, not index out of range.
        x = Range(1.0, 2.0, 4.0, shape).ppf(np.array([0.0, np.nextafter(1.0, 0.0), 1.0]))
        assert np.isfinite(x).all()

    def test_lookup_picks_the_cell(self) -> None:
        # TABLE_SIZE cells of width 1 / TABLE_SIZE: u = 2.5 / TABLE_SIZE lies in cell 2.
        table = np.arange(TABLE_SIZE, dtype=np.float64)
        np.testing.assert_array_equal(lookup(table, np.array([0.0, 2.5 / TABLE_SIZE, 1.0])), [0.0, 2.0, TABLE_SIZE - 1])

    def test_sample_mean_and_sd_of_normal(self) -> None:
        # sd = (high - low) / (2 Z90) = 20 / 3.2897 = 6.0796
        r = Range(10.0, 20.0, 30.0, Shape.NORMAL)
        x = r.ppf(np.random.default_rng(3).random(200_000))
        assert x.mean() == pytest.approx(20.0, abs=0.05)
        assert x.std() == pytest.approx(20.0 / (2 * Z90), rel=0.01)
