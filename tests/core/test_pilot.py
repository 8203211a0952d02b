"""Pilot sizing against hand-computed sample sizes, its cost from the scenario, and worth-it."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roi_core import Range, Scenario
from roi_core.pilot import design_effect, design_pilot, n_for_power, n_for_precision, pilot_cost

Z975 = 1.959963984540054
Z80 = 0.8416212335729143


class TestSampleSizes:
    def test_power_is_the_textbook_formula(self):
        # n = 2 (z_a + z_b)^2 sd^2 / d^2 = 2 x 2.8016^2 x 15^2 / 5^2 = 141.28
        # statsmodels solves for n numerically: equal to about 1e-5
        assert n_for_power(15.0, 5.0) == pytest.approx(2 * (Z975 + Z80) ** 2 * 225 / 25, rel=1e-5)
        assert n_for_power(15.0, 5.0) == pytest.approx(141.28, abs=0.01)

    def test_precision_is_the_textbook_formula(self):
        # half-width = z sd sqrt(2 / n)  ->  n = 2 z^2 sd^2 / hw^2 = 2 x 3.8415 x 64 / 4 = 122.93
        assert n_for_precision(8.0, 2.0) == pytest.approx(122.93, abs=0.01)

    def test_design_effect(self):
        assert design_effect(1, 0.3) == 1.0
        assert design_effect(12, 0.1) == pytest.approx(2.1)
        with pytest.raises(ValueError):
            design_effect(0, 0.1)
        with pytest.raises(ValueError):
            design_effect(5, 1.5)

    @pytest.mark.parametrize("bad", [0.0, -1.0, math.nan, math.inf])
    def test_bad_spread_or_size_is_refused(self, bad):
        with pytest.raises(ValueError):
            n_for_power(bad, 1.0)
        with pytest.raises(ValueError):
            n_for_precision(1.0, bad)


class TestDesign:
    def test_teams_round_up_after_the_design_effect(self):
        # 2 x 1.96^2 x 10^2 / 2^2 = 192.07 -> 193 people; x (1 + 9 x 0.05) = 278.5 -> 28 teams of 10
        d = design_pilot(Scenario(), "productivity_gain_pct", sd=10.0, size=2.0, icc=0.05, team_size=10)
        assert (d.people_unclustered, d.design_effect, d.teams_per_group, d.people_per_group) == (193, 1.45, 28, 280)

    def test_people_one_by_one_ignore_the_icc(self):
        d = design_pilot(Scenario(), "productivity_gain_pct", sd=10.0, size=5.0, goal="power", icc=0.3)
        assert (d.people_per_group, d.teams_per_group, d.icc) == (63, 0, 0.0)

    def test_cost_uses_the_scenarios_own_figures(self):
        s = Scenario().with_values(content_cost=Range.fixed(1000.0), learning_hours=Range.fixed(0.0))
        # 10 x 1,000 x (1 + 15 % overhead) + evaluation 3,000
        assert pilot_cost(s, 10) == pytest.approx(10 * 1000 * 1.15 + 3000)

    def test_worth_it_when_cheaper_than_the_value_of_information(self):
        cheap = design_pilot(Scenario(), "productivity_gain_pct", sd=4.0, size=2.0, value=50_000.0)
        dear = design_pilot(Scenario(), "productivity_gain_pct", sd=40.0, size=2.0, value=50_000.0)
        assert cheap.worth_it and not dear.worth_it


@given(st.floats(0.5, 50.0), st.floats(0.5, 20.0), st.floats(0.0, 0.5), st.integers(1, 40))
def test_more_precision_or_clustering_never_needs_fewer_people(sd, size, icc, m):
    a = design_pilot(Scenario(), "productivity_gain_pct", sd=sd, size=size, icc=icc, team_size=m)
    tighter = design_pilot(Scenario(), "productivity_gain_pct", sd=sd, size=size / 2, icc=icc, team_size=m)
    assert tighter.people_per_group >= a.people_per_group >= a.people_unclustered
    assert tighter.cost >= a.cost
    # n scales with (sd / size)^2: halving the half-width needs about four times the people
    assert tighter.people_unclustered == math.ceil(4 * n_for_precision(sd, size) - 1e-6) or (
        abs(tighter.people_unclustered - 4 * n_for_precision(sd, size)) <= 1
    )
