"""The benchmark's per-draw baseline must compute the same model, or its ratio means nothing."""

import random

import numpy as np
import pytest

from benchmarks import loop_model
from benchmarks.__main__ import benchmark_scenario, main
from roi_core import DRIVERS, Scenario
from roi_core.model import cash_flows
from roi_core.scenario import LeaverCost


def _random_inputs(scenario: Scenario, rng: random.Random) -> dict[str, float]:
    return {k: loop_model.sample(r, rng) for k, r in scenario.values}


@pytest.mark.parametrize("leaver_cost", list(LeaverCost))
@pytest.mark.parametrize("lasting", [False, True])
@pytest.mark.parametrize("continuous", [False, True])
@pytest.mark.parametrize("years", [1, 3, 5])
def test_loop_model_equals_vectorised_model(years: int, continuous: bool, lasting: bool, leaver_cost: str) -> None:
    s = Scenario(
        horizon_years=years,
        continuous=continuous,
        enabled=DRIVERS,
        lasting=lasting,
        leaver_cost=LeaverCost(leaver_cost),
    )
    rng = random.Random(years * 10 + continuous + 2 * lasting)
    for _ in range(20):
        p = _random_inputs(s, rng)
        cost, benefit = loop_model.evaluate(p, s)
        cf = cash_flows(p, enabled=s.enabled, horizon_years=years, **s.model_options())
        assert cost == pytest.approx(float(cf.pv_costs()[0]), rel=1e-12)
        assert benefit == pytest.approx(float(cf.pv_benefits()[0]), rel=1e-12)


def test_loop_sampler_matches_distribution_means() -> None:
    s = benchmark_scenario()
    rng = random.Random(3)
    r = s["productivity_gain_pct"]
    draws = [loop_model.sample(r, rng) for _ in range(20_000)]
    assert np.mean(draws) == pytest.approx(r.mean, rel=0.02)


def test_benchmark_prints_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--draws", "2000", "--repeat", "1", "--loop-draws", "50"]) == 0
    out = capsys.readouterr().out
    for label in (
        "simulate / floor",
        "loop / simulate",
        "draws/s",
        "Altair each time / cached templates",
        "through pandas / pyarrow tables",
    ):
        assert label in out
