"""Estimators: hand-computed tiny cases, the diagnostics, and interval coverage on simulated clustered data."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.regression.linear_model import OLS

from roi_core import Range, Scenario, attribution_key
from roi_core.evidence import (
    EvidenceError,
    adopt_effect,
    adopt_learning,
    effect_range,
    estimate_360,
    estimate_effect,
    estimate_frame,
    read_table,
    summarise_learning,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "roi_core" / "data" / "examples"


def frame(teams: list[str], groups: list[str], before: list[float], after: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"team": teams, "group": groups, "before": before, "after": after})


# Four teams of two. Changes (after - before): trained A 3, 3 and B 5, 5 (mean 4); control C 0, 0 and D 2, 2
# (mean 1). Difference in differences: 4 - 1 = 3.
TINY = frame(
    ["A", "A", "B", "B", "C", "C", "D", "D"],
    ["trained"] * 4 + ["control"] * 4,
    [10.0, 12.0, 10.0, 11.0, 10.0, 12.0, 10.0, 11.0],
    [13.0, 15.0, 15.0, 16.0, 10.0, 12.0, 12.0, 13.0],
)


class TestDifferenceInDifferences:
    def test_hand_computed(self) -> None:
        e = estimate_frame(TINY)
        assert e.method == "difference_in_differences"
        assert e.effect == pytest.approx(3.0)
        # X = [1, trained]: X'X = [[8, 4], [4, 4]], inverse [[.25, -.25], [-.25, .5]]. Residuals -1 in A and C, +1 in
        # B and D; per team X_g'u_g = A (-2, -2), B (2, 2), C (-2, 0), D (2, 0); the meat sums their outer products:
        # [[16, 8], [8, 8]]. Sandwich: [[.5, -.5], [-.5, 1]], so var(effect) = 1 before the CR1 correction
        # G/(G-1) * (N-1)/(N-K) = 4/3 * 7/6. Interval: t with G - 1 = 3 degrees of freedom.
        se = math.sqrt(4 / 3 * 7 / 6)
        assert e.se == pytest.approx(se)
        q = stats.t.ppf(0.975, 3)
        assert (e.ci_low, e.ci_high) == pytest.approx((3 - q * se, 3 + q * se))
        assert e.df == 3
        assert (e.n_trained, e.n_control, e.teams_trained, e.teams_control) == (4, 4, 2, 2)
        # The trained group's mean before is 10.75; the groups' "before" are equal, so the balance is 0.
        assert e.baseline == pytest.approx(10.75)
        assert e.std_diff_before == pytest.approx(0.0)
        assert e.relative_pct[0] == pytest.approx(300 / 10.75)

    def test_warnings_small_and_few_clusters(self) -> None:
        kinds = {w.kind for w in estimate_frame(TINY).warnings}
        assert kinds == {"small_group", "few_clusters"}

    def test_imbalance_warning(self) -> None:
        f = TINY.copy()
        f.loc[f["group"] == "trained", ["before", "after"]] += 5.0
        e = estimate_frame(f)
        assert e.effect == pytest.approx(3.0)  # a level difference does not move a difference in differences
        assert e.std_diff_before > 0.25
        assert "imbalance" in {w.kind for w in e.warnings}

    def test_same_seed_same_interval_and_bootstrap_close(self) -> None:
        t = read_table((EXAMPLES / "performance.csv").read_bytes())
        a, b = estimate_effect(t, seed=3), estimate_effect(t, seed=3)
        assert a == b
        assert a.ci_bootstrap is not None
        assert abs(a.ci_bootstrap[0] - a.ci_low) < 0.5 * a.se and abs(a.ci_bootstrap[1] - a.ci_high) < 0.5 * a.se

    def test_example_finds_the_true_effect(self) -> None:
        truth = json.loads((EXAMPLES / "truth.json").read_text())["performance"]
        e = estimate_effect(read_table((EXAMPLES / "performance.csv").read_bytes()))
        assert e.ci_low <= truth["effect"] <= e.ci_high
        assert (e.teams_trained, e.teams_control, e.n) == (
            truth["teams_trained"],
            truth["teams_control"],
            truth["people"],
        )
        assert e.warnings == ()


class TestOtherDesigns:
    def test_ab_without_before(self) -> None:
        f = TINY.assign(before=np.nan)
        e = estimate_frame(f)
        # After means: trained (13 + 15 + 15 + 16) / 4 = 14.75, control (10 + 12 + 12 + 13) / 4 = 11.75.
        assert e.method == "ab_comparison" and e.effect == pytest.approx(3.0)
        assert e.baseline == pytest.approx(11.75)
        assert math.isnan(e.std_diff_before) and "no_baseline" in e.limits

    def test_paired_without_control(self) -> None:
        # Changes 1, 2 (team A) and 3, 6 (team B): mean 3; residuals -2, -1, 0, 3; per team -3 and 3.
        # var = (9 + 9) / 4**2 = 1.125, times CR1 2/1 * 3/3 = 2.25: se 1.5, t with 1 degree of freedom.
        f = pd.DataFrame({"team": list("AABB"), "group": [""] * 4, "before": [0.0] * 4, "after": [1.0, 2, 3, 6]})
        e = estimate_frame(f)
        assert e.method == "paired_before_after" and e.effect == pytest.approx(3.0)
        assert e.se == pytest.approx(1.5)
        assert e.ci_high == pytest.approx(3 + stats.t.ppf(0.975, 1) * 1.5)
        assert not e.controlled
        assert e.warnings[0].kind == "no_control" and "no_isolation" in e.limits

    def test_no_teams_means_people_are_the_clusters(self) -> None:
        t = read_table(b"id,group,before,after\n" + b"".join(
            f"{i},{'trained' if i % 2 else 'control'},{i % 3},{i % 3 + i % 2 + (i % 4) / 4}\n".encode()
            for i in range(40)))  # fmt: skip
        e = estimate_effect(t)
        assert e.teams == 40 and "no_teams" in {w.kind for w in e.warnings}

    def test_to_dict_is_json(self) -> None:
        d = estimate_frame(TINY.assign(before=np.nan)).to_dict()
        text = json.dumps(d, allow_nan=False)
        for key in ("method", "effect", "ci_low", "ci_high", "n_trained", "n_control", "teams_trained",
                    "teams_control", "warnings", "sd_outcome", "icc"):  # fmt: skip
            assert key in d
        assert '"std_diff_before": null' in text


def simulate(rng: np.random.Generator, sets: int, teams: int, size: int, effect: float, drift_sd: float) -> np.ndarray:
    """``sets`` data sets of ``teams`` teams (half trained) of ``size`` people: changes (sets, teams * size)."""
    trained = np.repeat(np.arange(teams) < teams // 2, size)
    team_drift = np.repeat(rng.normal(0.0, drift_sd, (sets, teams)), size, axis=1)
    return team_drift + effect * trained + rng.normal(0.0, 1.5, (sets, teams * size))


def covered(intervals: np.ndarray, truth: float) -> float:
    """Share of ``intervals`` (rows of low, high) that hold ``truth``."""
    low, high = intervals[:, 0], intervals[:, 1]
    return float(np.mean((low <= truth) & (truth <= high)))  # noqa: SIM300 - reads as low <= truth <= high


class TestCoverage:
    """Over many seeded data sets with a known effect, the 95 % interval holds the truth about 95 % of the time."""

    SETS, TEAMS, SIZE, EFFECT = 200, 20, 8, 1.0

    def _intervals(self, drift_sd: float) -> tuple[np.ndarray, np.ndarray]:
        rng = np.random.default_rng(20261130)
        changes = simulate(rng, self.SETS, self.TEAMS, self.SIZE, self.EFFECT, drift_sd)
        teams = np.repeat([f"T{i}" for i in range(self.TEAMS)], self.SIZE)
        groups = np.where(np.repeat(np.arange(self.TEAMS) < self.TEAMS // 2, self.SIZE), "trained", "control")
        clustered, naive = [], []
        for y in changes:
            e = estimate_frame(pd.DataFrame({"team": teams, "group": groups, "before": 0.0, "after": y}), check=False)
            clustered.append((e.ci_low, e.ci_high))
            X = np.column_stack([np.ones(len(y)), groups == "trained"])
            naive.append(OLS(y, X).fit().conf_int(0.05)[1])  # per person, as if people had been assigned
        return np.array(clustered), np.array(naive)

    def test_cluster_interval_covers_and_naive_undercovers(self) -> None:
        clustered, naive = self._intervals(drift_sd=1.0)
        cover, cover_naive = covered(clustered, self.EFFECT), covered(naive, self.EFFECT)
        assert 0.90 <= cover <= 0.99, cover
        # Team drift shared by 8 people (ICC about 0.3): a per-person interval is far too narrow.
        assert cover_naive < 0.85, cover_naive

    def test_without_clustering_both_cover(self) -> None:
        clustered, naive = self._intervals(drift_sd=0.0)
        for ci in (clustered, naive):
            assert 0.90 <= covered(ci, self.EFFECT) <= 0.99

    def test_icc_recovered(self) -> None:
        rng = np.random.default_rng(5)
        y = simulate(rng, 1, 60, 10, 0.0, 1.0)[0]
        teams = np.repeat(np.arange(60), 10).astype(str)
        e = estimate_frame(pd.DataFrame({"team": teams, "group": "", "before": 0.0, "after": y}))
        # True ICC = 1 / (1 + 1.5**2) = 0.31.
        assert 0.15 < e.icc < 0.5
        assert e.sd_outcome == pytest.approx(math.sqrt(1 + 1.5**2), rel=0.2)


class TestLearningAnd360:
    def test_learning_hand_computed(self) -> None:
        data = b"id,team,enrolled,completed,hours,score\n" + b"".join(
            f"{i},T{i % 4},{1 if i < 10 else 0},{1 if i < 8 else 0},{10 + i},{60 + i}\n".encode() for i in range(12)
        )
        s = summarise_learning(read_table(data, "learning"))
        assert s.n_enrolled == 10 and s.n_completed == 8
        assert s.completion_rate.estimate == pytest.approx(80.0)
        assert s.hours is not None and s.hours.estimate == pytest.approx(14.5)  # mean of 10..19
        assert s.score is not None and s.score.estimate == pytest.approx(63.5)  # mean of 60..67
        assert s.completion_rate.low <= 80 <= s.completion_rate.high

    def test_learning_example_covers_truth(self) -> None:
        truth = json.loads((EXAMPLES / "truth.json").read_text())["learning"]
        s = summarise_learning(read_table((EXAMPLES / "learning.csv").read_bytes(), "learning"))
        assert s.completion_rate.low <= truth["completion_rate_pct"] <= s.completion_rate.high
        assert s.hours is not None and s.hours.low <= truth["hours_mean"] <= s.hours.high

    def test_360_per_rater(self) -> None:
        truth = json.loads((EXAMPLES / "truth.json").read_text())["feedback360"]["effect"]
        by_rater = estimate_360(read_table((EXAMPLES / "feedback360.csv").read_bytes(), "feedback360"))
        assert list(by_rater) == ["self", "manager", "peers", "reports"]
        for rater, e in by_rater.items():
            assert e.label == rater and e.ci_low <= truth[rater] <= e.ci_high


class TestAdopt:
    def test_relative_range_and_attribution(self) -> None:
        e = estimate_frame(TINY)
        r, clipped = effect_range(e, "productivity_gain_pct")
        assert r.likely == pytest.approx(300 / 10.75, abs=0.001) and r.low == 0.0 and clipped  # the interval crosses 0
        a = adopt_effect(Scenario(), e, "productivity_gain_pct", date="2026-11-30")
        s = a.scenario
        assert s["productivity_gain_pct"] == r
        assert s[attribution_key("productivity")] == Range.fixed(100.0)
        assert {n.kind for n in a.notices} == {"clipped", "attribution_set"}
        src = s.source_of("productivity_gain_pct")
        assert src is not None and (src.method, src.n, src.clusters, src.date) == (
            "difference_in_differences", 8, 4, "2026-11-30",
        )  # fmt: skip

    def test_reduction_sign_and_paired_keeps_attribution(self) -> None:
        f = pd.DataFrame({"team": list("AABB"), "group": [""] * 4, "before": [10.0] * 4, "after": [9.0, 8, 8, 7]})
        e = estimate_frame(f)
        r, _ = effect_range(e, "error_reduction_pct")
        assert r.likely == pytest.approx(20.0)  # errors fell by 2 of 10
        a = adopt_effect(Scenario(), e, "error_reduction_pct", date="2026-11-30")
        assert a.scenario[attribution_key("quality")] == Scenario()[attribution_key("quality")]
        kinds = {n.kind for n in a.notices}
        assert "attribution_kept" in kinds and "attribution_set" not in kinds

    def test_moving_the_input_drops_the_source(self) -> None:
        s = adopt_effect(Scenario(), estimate_frame(TINY), "productivity_gain_pct", date="2026-11-30").scenario
        moved = s.with_values(productivity_gain_pct=Range(1, 2, 3)).with_current_evidence()
        assert moved.source_of("productivity_gain_pct") is None
        assert moved.source_of(attribution_key("productivity")) is not None

    def test_learning(self) -> None:
        summary = summarise_learning(read_table((EXAMPLES / "learning.csv").read_bytes(), "learning"))
        s = adopt_learning(Scenario(), summary, date="2026-11-30").scenario
        assert s["completion_rate"].likely == pytest.approx(summary.completion_rate.estimate, abs=0.01)
        assert {e.input for e in s.evidence} == {"completion_rate", "learning_hours"}

    def test_errors_carry_kind(self) -> None:
        with pytest.raises(EvidenceError) as info:
            estimate_frame(TINY.assign(group="", before=np.nan))
        assert info.value.kind == "no_comparison"
