"""Programme records: the update rule, outcomes per round, recommendation, file format and bad files."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roi_core import Range, Scenario
from roi_core.kpi import Kpi, KpiPlan, Outcome
from roi_core.programme import (
    SCHEMA_PATH,
    Z90,
    Measurement,
    Programme,
    ProgrammeError,
    Round,
    apply_round,
    build_schema,
    combine,
    from_json,
    normal_of_range,
    outcomes,
    recommend,
    roi_to_date,
    to_json,
)

ERRORS = Kpi("Errors", Outcome.ERRORS, "count/month", 120.0, 90.0, "error_reduction_pct", "CRM", "Ops")
EXTRA = Kpi("eNPS", Outcome.OTHER, "score", 6.0, 7.0, None)
PLAN = KpiPlan((ERRORS, EXTRA))


def record(*rounds: Round) -> Programme:
    return Programme("Pilot", "2026-01-15", PLAN, Scenario(draws=2000), rounds)


def rnd(date: str, value: float, lo: float, hi: float, n: int = 80) -> Round:
    return Round(date, (Measurement(0, value, lo, hi, n, date, "difference in differences"),), "+3 months")


class TestUpdateRule:
    def test_precision_weighted_by_hand(self):
        # prior 20 +- 6, measurement 10 +- 3: weights 1/36 and 1/9 -> (20/36 + 10/9) / (5/36) = 12
        m, sd = combine((20.0, 6.0), (10.0, 3.0))
        assert m == pytest.approx(12.0) and sd == pytest.approx(math.sqrt(1 / (1 / 36 + 1 / 9)))

    def test_a_fixed_value_is_replaced_by_the_measurement(self):
        assert combine((25.0, 0.0), (18.0, 2.0)) == (18.0, 2.0)

    def test_normal_range_reads_back_its_own_percentiles(self):
        m, sd = normal_of_range(Range(10.0, 20.0, 30.0, "normal"))
        assert m == pytest.approx(20.0, rel=1e-3) and sd == pytest.approx(10.0 / Z90, rel=1e-3)  # quantile table

    def test_a_round_narrows_the_range_of_the_input_it_feeds(self):
        # 100 errors a month (CI 96-104) is a 16.7 % reduction (CI 13.3-20 %)
        s, ups = apply_round(PLAN, Scenario(), rnd("2026-04-15", 100.0, 96.0, 104.0))
        (u,) = ups
        assert u.key == "error_reduction_pct"
        assert u.measured == pytest.approx(100 / 6) and (u.measured_low, u.measured_high) == pytest.approx(
            (40 / 3, 20.0)
        )
        before, after = normal_of_range(u.before), normal_of_range(s["error_reduction_pct"])
        assert after[1] < before[1] and after[1] < (20.0 - 40 / 3) / (2 * 1.96)
        assert min(before[0], u.measured) <= after[0] <= max(before[0], u.measured)
        assert 0 < u.width_left < 1 and u.behind_target  # the whole interval falls short of the 25 % target

    def test_tracked_only_kpis_do_not_change_the_scenario(self):
        r = Round("2026-04-15", (Measurement(1, 6.5, 6.2, 6.8, 40, "2026-04-15"),))
        s, ups = apply_round(PLAN, Scenario(), r)
        assert s == Scenario() and ups == ()


@given(
    st.floats(0.0, 60.0),
    st.floats(0.01, 20.0),
    st.floats(0.0, 60.0),
    st.floats(0.01, 20.0),
)
def test_combination_lies_between_and_is_tighter_than_both(m0, s0, m1, s1):
    m, sd = combine((m0, s0), (m1, s1))
    assert min(m0, m1) - 1e-9 <= m <= max(m0, m1) + 1e-9
    assert sd <= min(s0, s1) + 1e-12


class TestOutcomes:
    def test_one_outcome_per_round_plus_the_decision(self):
        p = record(rnd("2026-04-15", 100.0, 96.0, 104.0), rnd("2026-07-15", 95.0, 92.0, 98.0))
        out = outcomes(p)
        assert [o.index for o in out] == [0, 1, 2] and out[0].updates == ()
        assert out[0].scenario == p.scenario and out[2].scenario != out[1].scenario
        for o in out:
            assert o.roi_p5 <= o.roi_mean <= o.roi_p95 and o.advice in ("continue", "adjust", "stop")

    def test_roi_to_date_as_decided_and_as_measured(self):
        p = record(rnd("2026-07-15", 80.0, 76.0, 84.0))  # fewer errors than the decision assumed (20 %)
        first, second = outcomes(p)
        assert first.months == 0 and first.roi_to_date == first.roi_to_date_assumed == -100.0
        assert second.months == pytest.approx(181 / (365.25 / 12))
        assert second.roi_to_date > second.roi_to_date_assumed  # a 33 % reduction measured earns more so far

    def test_roi_to_date_by_hand(self):
        # costs 100,000 then 10,000; benefits 80,000 then 60,000 (evenly within each year)
        assert roi_to_date([100_000, 10_000], [80_000, 60_000], 0) == -100.0
        assert roi_to_date([100_000, 10_000], [80_000, 60_000], 12) == pytest.approx((80_000 - 110_000) / 1_100)
        assert roi_to_date([100_000, 10_000], [80_000, 60_000], 99) == pytest.approx(30_000 / 1_100)
        assert math.isnan(roi_to_date([0.0], [10.0], 6))

    def test_rounds_are_kept_in_date_order(self):
        p = record(rnd("2026-07-15", 95.0, 92.0, 98.0), rnd("2026-04-15", 100.0, 96.0, 104.0))
        assert [r.date for r in p.rounds] == ["2026-04-15", "2026-07-15"]

    def test_recommendation_rule(self):
        assert recommend(0.95, 0.7) == "continue"
        assert recommend(0.95, 0.69) == "adjust"
        assert recommend(0.29, 0.9) == "stop"


class TestFile:
    def test_round_trip(self):
        p = record(rnd("2026-04-15", 100.0, 96.0, 104.0))
        assert from_json(to_json(p)) == p
        assert from_json(to_json(p).encode("utf-8")) == p

    def test_no_rows_only_aggregates(self):
        data = json.loads(to_json(record(rnd("2026-04-15", 100.0, 96.0, 104.0))))
        assert set(data["rounds"][0]["results"][0]) == {"kpi", "value", "ci_low", "ci_high", "n", "date", "method"}

    def test_schema_file_is_the_generated_schema(self):
        assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == build_schema()

    @pytest.mark.parametrize(
        ("mutate", "code"),
        [
            (lambda t: t[:-20], "not_json"),
            (lambda t: "[]", "not_a_programme"),
            (lambda t: t.replace('"upskilling-roi-programme"', '"other"'), "not_a_programme"),
            (lambda t: t.replace('"version": 1', '"version": 9', 1), "version"),
            (lambda t: t.replace('"n": 80', '"n": "many"'), "schema"),
            (lambda t: t.replace('"ci_low": 96.0', '"ci_low": 101.0'), "bad_interval"),
            (lambda t: t.replace('"kpi": 0', '"kpi": 7'), "unknown_kpi"),
            (lambda t: t.replace('"date": "2026-04-15"', '"date": "15-04-2026"', 1), "bad_date"),
            (lambda t: t.replace('"date": "2026-04-15"', '"date": "2025-04-15"'), "round_before_decision"),
            (lambda t: t.replace('"target": 90.0', '"target": 120.0'), "plan"),
            (lambda t: t.replace('"horizon_years": 3', '"horizon_years": 9'), "scenario"),
            (lambda t: t.replace('"value": 100.0', '"value": NaN'), "schema"),
        ],
    )
    def test_bad_files_name_the_problem(self, mutate, code):
        text = to_json(record(rnd("2026-04-15", 100.0, 96.0, 104.0)))
        with pytest.raises(ProgrammeError) as err:
            from_json(mutate(text))
        assert err.value.code == code

    def test_not_utf8_and_too_large(self):
        with pytest.raises(ProgrammeError) as err:
            from_json(b"\xff\xfe\x00{")
        assert err.value.code == "not_utf8"
        with pytest.raises(ProgrammeError) as err:
            from_json(b" " * 3_000_000)
        assert err.value.code == "too_large"

    @given(st.binary(max_size=300))
    def test_random_bytes_raise_only_programme_errors(self, data):
        with pytest.raises(ProgrammeError):
            from_json(data)
