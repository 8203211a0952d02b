"""The one analysis contract of roi_core (issue 10), checked on every public analysis.

Every analysis takes the scenario or the simulation result first, then keyword-only options; every result offers
``keys`` (a tuple of input keys), ``value_of(key)`` and ``to_frame()`` (one row per key, ``input`` first, and the
column that ``value_of`` reads). The list is :data:`roi_core.ANALYSES`; a public function of the analysis modules
that returns a per-input result but is missing from it fails :func:`test_every_per_input_analysis_is_listed`.
"""

from __future__ import annotations

import inspect
import math
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd
import pytest

import roi_core
import roi_core.decision
import roi_core.sensitivity
from roi_core import ANALYSES, AnalysisResult, CustomBenefit, Range, Scenario, SimulationResult, simulate
from roi_core.evaluate import PerInput
from tests.core.conftest import fixed_except

MODULES = (roi_core.sensitivity, roi_core.decision)
FIRST = {Scenario: "scenario", SimulationResult: "result"}
#: Options that keep the slow analyses small here; every other analysis runs with its defaults.
SMALL = {"sobol": {"n_base": 64}}
SCENARIO = Scenario(custom=(CustomBenefit("Fewer complaints", Range(5_000.0, 20_000.0, 60_000.0)),), draws=4_000)


def violations(fn: Callable[..., Any]) -> list[str]:
    """What in ``fn``'s signature breaks the contract (empty when it keeps it)."""
    hints = typing.get_type_hints(fn)
    params = list(inspect.signature(fn).parameters.values())
    out = []
    if not params or params[0].kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD:
        return ["the first parameter must be a positional scenario or simulation result"]
    first = hints.get(params[0].name)
    if first not in FIRST:
        out.append(f"the first parameter is {first!r}, not a Scenario or SimulationResult")
    elif params[0].name != FIRST[first]:
        out.append(f"the first parameter is called {params[0].name!r}, not {FIRST[first]!r}")
    keyword_only = inspect.Parameter.KEYWORD_ONLY
    out += [f"option {p.name!r} is not keyword-only" for p in params[1:] if p.kind is not keyword_only]
    ret = hints.get("return")
    if not (isinstance(ret, type) and issubclass(ret, PerInput)):
        out.append(f"returns {ret!r}, not a per-input result (roi_core.evaluate.PerInput)")
    elif not all(callable(getattr(ret, m, None)) for m in ("value_of", "to_frame")):
        out.append(f"{ret.__name__} lacks value_of or to_frame")
    return out


def _per_input(fn: object) -> bool:
    """A public function that returns a result with ``keys``: an analysis in the sense of the contract."""
    if not inspect.isfunction(fn):
        return False
    ret = typing.get_type_hints(fn).get("return")
    return isinstance(ret, type) and "keys" in getattr(ret, "__dataclass_fields__", {})


@cache
def _simulation() -> SimulationResult:
    return simulate(SCENARIO, seed=3)


def _run(name: str) -> AnalysisResult:
    fn = getattr(roi_core, name)
    first = typing.get_type_hints(fn)[next(iter(inspect.signature(fn).parameters))]
    return fn(SCENARIO if first is Scenario else _simulation(), **SMALL.get(name, {}))


def test_every_per_input_analysis_is_listed() -> None:
    found = {name for m in MODULES for name in m.__all__ if _per_input(getattr(m, name))}
    assert found == set(ANALYSES)


@pytest.mark.parametrize("name", ANALYSES)
def test_signature(name: str) -> None:
    assert violations(getattr(roi_core, name)) == []


@pytest.mark.parametrize("name", ANALYSES)
def test_result(name: str) -> None:
    r = _run(name)
    assert isinstance(r, AnalysisResult)
    assert isinstance(r.keys, tuple) and r.keys and all(isinstance(k, str) for k in r.keys)
    assert "custom:0:value" in r.keys  # the custom line is analysed like any input
    frame = r.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["input"]) == list(r.keys)  # one row per key, in the result's order
    assert frame.columns[0] == "input"
    column = type(r).VALUE  # type: ignore[attr-defined]
    for key, from_frame in zip(r.keys, frame[column], strict=True):
        v = r.value_of(key)
        assert isinstance(v, float)
        assert v == from_frame or (math.isnan(v) and math.isnan(from_frame)), key
    with pytest.raises(KeyError, match="not_an_input"):
        r.value_of("not_an_input")


@pytest.mark.parametrize("name", ANALYSES)
def test_a_scenario_where_nothing_varies(name: str) -> None:
    # Every input fixed: no analysis fails; each gives a frame with one row per key (none, for most).
    still = fixed_except(Scenario(draws=500))
    fn = getattr(roi_core, name)
    first = typing.get_type_hints(fn)[next(iter(inspect.signature(fn).parameters))]
    r = fn(still if first is Scenario else simulate(still), **SMALL.get(name, {}))
    assert len(r.to_frame()) == len(r.keys)
    if name != "break_even":  # break-even also solves for fixed inputs (what would the hires have to be?)
        assert r.keys == ()


def test_ranked_results_rank_by_value_of() -> None:
    # The sorted analyses rank their inputs by the number value_of gives (its size, for the signed rank correlation).
    for name in ("tornado", "sobol", "evppi_all", "evppi_regression_all", "rank_correlations"):
        r = _run(name)
        sizes = [abs(r.value_of(k)) for k in r.keys]
        assert sizes == sorted(sizes, reverse=True), name


@dataclass(frozen=True)
class _Loose:
    keys: tuple[str, ...]


def _positional_options(scenario: Scenario, metric: str = "roi_pct") -> _Loose:
    return _Loose(())


def _wrong_first(draws: int, *, keys: tuple[str, ...] = ()) -> _Loose:
    return _Loose(())


def test_the_check_can_fail() -> None:
    # Functions that break each rule are caught: the contract test is not satisfied by anything.
    assert any("keyword-only" in v for v in violations(_positional_options))
    assert any("per-input result" in v for v in violations(_positional_options))
    assert any("not a Scenario" in v for v in violations(_wrong_first))
    assert _per_input(_wrong_first)  # would be required in ANALYSES if it were public in an analysis module
