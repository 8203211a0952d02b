"""KPI plan: conversions to model inputs, validation, plan -> scenario, file and link forms."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roi_core import Scenario
from roi_core.assumptions import INPUTS
from roi_core.kpi import (
    FEEDS,
    KPI_UNITS,
    Kpi,
    KpiError,
    KpiPlan,
    Outcome,
    decode_plan,
    encode_plan,
    parse_moments,
    plan_from_dict,
    plan_to_dict,
    plan_to_scenario,
)
from roi_core.notices import notice
from roi_core.scenario_io import from_json, to_json

ERRORS = Kpi("Errors a month", Outcome.ERRORS, "count/month", 120.0, 90.0, "error_reduction_pct", "CRM", "Ops lead")


class TestConversion:
    def test_errors_120_to_90_is_a_25_pct_reduction(self):
        assert ERRORS.input_value() == 25.0

    def test_output_per_hour_20_to_23_is_15_pct_more(self):
        k = Kpi("Output", Outcome.PRODUCTIVITY, "output/hour", 20.0, 23.0, "productivity_gain_pct")
        assert k.input_value() == pytest.approx(15.0)

    def test_turnover_12_to_10_pct_is_2_points(self):
        k = Kpi("Leavers", Outcome.RETENTION, "%", 12.0, 10.0, "turnover_reduction_pp")
        assert k.input_value() == pytest.approx(2.0)

    def test_nps_from_20_to_26_is_6_points(self):
        assert Kpi("NPS", Outcome.SATISFACTION, "points", 20.0, 26.0, "nps_increase").input_value() == 6.0

    def test_months_to_autonomy_convert_to_weeks(self):
        k = Kpi("Autonomy", Outcome.AUTONOMY, "months", 9.0, 6.0, "weeks_saved")
        assert k.input_value() == pytest.approx(3 * 52 / 12)

    def test_a_measured_value_converts_like_the_target(self):
        assert ERRORS.input_value(108.0) == pytest.approx(10.0)

    def test_tracked_only_kpi_feeds_nothing(self):
        k = Kpi("eNPS", Outcome.OTHER, "score", 6.0, 7.0, None)
        assert math.isnan(k.input_value())


class TestValidation:
    @pytest.mark.parametrize(
        ("kw", "code"),
        [
            ({"target": 120.0}, "no_change"),
            ({"unit": "weeks", "input": "turnover_reduction_pp"}, "unit_mismatch"),
            ({"input": "gross_salary"}, "unknown_input"),
            ({"unit": "litres"}, "unknown_unit"),
            ({"outcome": "happiness"}, "unknown_outcome"),
            ({"target": 130.0}, "wrong_direction"),
            ({"baseline": 0.0, "target": -1.0}, "baseline_not_positive"),
            ({"baseline": math.nan}, "not_a_number"),
            ({"moments": (6, 3)}, "bad_moments"),
        ],
    )
    def test_each_rule_has_its_code(self, kw, code):
        fields = {"name": "x", "outcome": Outcome.ERRORS, "unit": "count/month", "baseline": 120.0, "target": 90.0}
        fields["input"] = "error_reduction_pct"
        with pytest.raises(KpiError) as err:
            Kpi(**(fields | kw))
        assert err.value.code == code

    def test_level_target_beyond_the_inputs_limit(self):
        with pytest.raises(KpiError) as err:
            Kpi("Completion", Outcome.OTHER, "%", 80.0, 120.0, "completion_rate")
        assert err.value.code == "out_of_bounds"

    def test_two_kpis_may_not_feed_one_input(self):
        with pytest.raises(KpiError) as err:
            KpiPlan((ERRORS, ERRORS))
        assert err.value.code == "input_twice" and err.value.row == 1

    def test_free_text_is_cut_and_single_line(self):
        k = Kpi("a\nb   c" + "x" * 500, Outcome.ERRORS, "count/month", 120.0, 90.0)
        assert k.name.startswith("a b c") and len(k.name) == 200

    def test_moments_typed_as_text(self):
        assert parse_moments("0; 3, 6 12") == (0, 3, 6, 12)
        with pytest.raises(KpiError):
            parse_moments("0, 3.5")
        with pytest.raises(KpiError):
            parse_moments("soon")


class TestPlanToScenario:
    def test_targets_become_fixed_inputs_and_gaps(self):
        plan = KpiPlan((ERRORS, Kpi("NPS", Outcome.SATISFACTION, "points", 20.0, 30.0, "nps_increase")))
        r = plan_to_scenario(plan, Scenario())
        assert r.scenario["error_reduction_pct"].is_fixed and r.scenario["error_reduction_pct"].likely == 25.0
        assert r.scenario["nps_increase"].likely == 10.0
        g_err, g_nps = r.gaps
        assert (g_err.gap, g_err.within) == (25.0 - 20.0, True)
        assert (g_nps.gap, g_nps.within) == (10.0 - 3.0, False)  # today 0-3-6 points: the target is beyond it

    def test_a_driver_that_was_off_is_switched_on(self):
        plan = KpiPlan((Kpi("NPS", Outcome.SATISFACTION, "points", 20.0, 24.0, "nps_increase"),))
        s = Scenario()
        assert not s.is_enabled("customers")
        r = plan_to_scenario(plan, s)
        assert r.scenario.is_enabled("customers") and r.switched_on == ("customers",)

    def test_other_inputs_are_untouched(self):
        s = Scenario()
        r = plan_to_scenario(KpiPlan((ERRORS,)), s)
        changed = {k for k, v in r.scenario.values if v != s[k]}
        assert changed == {"error_reduction_pct"}


kpis = st.builds(
    lambda key, base, delta, up: _kpi(key, base, delta, up),
    st.sampled_from(sorted(FEEDS)),
    st.floats(1.0, 1000.0),
    st.floats(0.001, 0.5),
    st.booleans(),
)


def _kpi(key: str, base: float, delta: float, up: bool) -> Kpi | None:
    feed = FEEDS[key]
    unit = feed.units[0] if feed.units else "count/month"
    target = base * (1 + delta) if up else base * (1 - delta)
    try:
        return Kpi("k", Outcome.OTHER, unit, base, target, key, moments=(0, 6))
    except KpiError:
        return None


@given(st.lists(kpis, max_size=6))
def test_plan_round_trips_through_file_and_link(items):
    seen, chosen = set(), []
    for k in items:
        if k is not None and k.input not in seen:
            seen.add(k.input)
            chosen.append(k)
    plan = KpiPlan(tuple(chosen))
    assert plan_from_dict(plan_to_dict(plan)) == plan
    back, warnings = decode_plan(encode_plan(plan))
    assert warnings == ()
    assert [(k.input, k.baseline, k.target, k.unit, k.moments) for k in back.kpis] == [
        (k.input, k.baseline, k.target, k.unit, k.moments) for k in plan.kpis
    ]
    r = plan_to_scenario(plan, Scenario())
    for k in plan.kpis:
        s = INPUTS[k.input]
        assert s.hard_min <= r.scenario[k.input].likely <= s.hard_max


class TestFileAndLink:
    def test_scenario_file_carries_the_plan(self):
        text = to_json(Scenario(), KpiPlan((ERRORS,)))
        loaded = from_json(text)
        assert loaded.plan == KpiPlan((ERRORS,)) and loaded.scenario == Scenario()

    def test_old_files_without_a_plan_load_with_an_empty_plan(self):
        assert from_json(to_json(Scenario())).plan == KpiPlan()
        assert '"kpi_plan"' not in to_json(Scenario())

    def test_a_bad_plan_in_a_file_names_the_kpi(self):
        text = to_json(Scenario(), KpiPlan((ERRORS,))).replace('"target": 90.0', '"target": 120.0')
        with pytest.raises(ValueError, match=r"kpi_plan: KPI 1: target equals baseline"):
            from_json(text)

    def test_the_link_drops_free_text_and_stays_short(self):
        plan = KpiPlan((ERRORS,))
        code = encode_plan(plan)
        assert "CRM" not in code and len(code) < 40
        assert decode_plan(code)[0].kpis[0].name == ""

    @pytest.mark.parametrize("bad", ["k2.x", "k1.e_0_er_120", "k1.e_0_er_120_120_0", "k1.z_0_er_1_2_0", 5])
    def test_a_damaged_link_is_dropped_with_a_notice(self, bad):
        plan, warnings = decode_plan(bad)
        assert plan == KpiPlan() and warnings
        assert all(w.field == "k" and w.kind in ("plan_unreadable", "kpi_dropped") for w in warnings)

    def test_the_notices_say_which_kpi_was_dropped(self):
        good = encode_plan(KpiPlan((ERRORS,)))
        plan, warnings = decode_plan(good + "~zz~e_0_er_1")
        assert [(k.input, k.baseline, k.target) for k in plan.kpis] == [(ERRORS.input, ERRORS.baseline, ERRORS.target)]
        assert warnings == (notice("kpi_dropped", "k", index=2), notice("kpi_dropped", "k", index=3))
        assert str(warnings[0]) == "k: KPI 2 of the link could not be read and was left out"
        assert decode_plan("x") == (KpiPlan(), (notice("plan_unreadable", "k"),))

    def test_units_all_have_a_link_code(self):
        for u in KPI_UNITS:
            k = Kpi("", Outcome.OTHER, u, 1.0, 2.0)
            assert decode_plan(encode_plan(KpiPlan((k,))))[0].kpis[0].unit == u
