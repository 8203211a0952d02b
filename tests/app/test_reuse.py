"""ui.common.reuse: remembered per-scenario work gives exactly what the plain functions give, and stays bounded."""

from __future__ import annotations

import copy
import dataclasses
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roi_core import Scenario, scenario_io
from roi_core.presets import PRESETS
from ui.common import compute, links, reuse, vega, widget_state


@pytest.fixture(autouse=True)
def fresh() -> None:
    reuse.clear()


PRESET_SCENARIOS = [(name, p.scenario) for name, p in PRESETS.items()]


@pytest.mark.parametrize(("name", "s"), PRESET_SCENARIOS)
def test_same_text_and_link_as_the_plain_functions(name: str, s: Scenario) -> None:
    other = copy.deepcopy(s)
    assert reuse.scenario_text(s) == scenario_io.encode(s)
    assert reuse.scenario_text(other) == scenario_io.encode(other)  # an equal scenario: the remembered text
    for lang in ("en", "nl"):
        for options in ({"lang": lang}, {"lang": lang, "preset": name, "currency": "USD", "mode": "range"}):
            assert reuse.link_params(s, **options) == links.link_params(s, **options)
    assert compute.scenario_key(s) == scenario_io.encode(s)


@given(seed=st.integers(0, 2**31 - 1), draws=st.sampled_from([2_000, 10_000]), years=st.integers(1, 5))
@settings(max_examples=60)
def test_remembered_text_decodes_to_the_scenario(seed: int, draws: int, years: int) -> None:
    s = Scenario(seed=seed, draws=draws, horizon_years=years)
    text = reuse.scenario_text(s)
    assert text == reuse.scenario_text(dataclasses.replace(s))
    assert scenario_io.decode(text).scenario == s


def test_different_scenarios_get_different_texts_and_links() -> None:
    a, b = Scenario(), Scenario(seed=Scenario().seed + 1)
    assert reuse.scenario_text(a) != reuse.scenario_text(b)
    assert reuse.link_params(a, lang="en") != reuse.link_params(b, lang="en")
    assert reuse.link_params(a, lang="en") != reuse.link_params(a, lang="nl")


def test_each_caller_gets_its_own_link_dict() -> None:
    first = reuse.link_params(Scenario(seed=3), lang="nl")
    first["page"] = "sensitivity"  # the sidebar adds the page's own parameters to its copy
    assert "page" not in reuse.link_params(Scenario(seed=3), lang="nl")


def test_scenario_from_widgets_as_the_plain_function_in_both_modes() -> None:
    base = PRESETS["contact_centre"].scenario
    w = widget_state.widget_values(Scenario(seed=5))  # another scenario's values on this base
    for mode, certainty in (("simple", "preset"), ("simple", "fairly_sure"), ("range", "preset")):
        expected = widget_state.scenario_from_widgets(w, base, mode, certainty)
        assert reuse.scenario_from_widgets(w, base, mode, certainty) == expected
        assert reuse.scenario_from_widgets(dict(w), copy.deepcopy(base), mode, certainty) == expected


def test_scenario_from_widgets_raises_every_time_and_remembers_no_error() -> None:
    base = Scenario()
    bad = {**widget_state.widget_values(base), "draws": "many"}
    for _ in range(2):
        with pytest.raises((ValueError, TypeError)):
            reuse.scenario_from_widgets(bad, base, "simple", "preset")


def test_unhashable_values_are_computed_without_the_table() -> None:
    base = Scenario()
    w = widget_state.widget_values(base)
    ranged = next(k for k, v in w.items() if isinstance(v, tuple))
    w[ranged] = list(w[ranged])  # a list, as a range slider may hand back
    assert reuse.scenario_from_widgets(w, base, "range", "preset") == widget_state.scenario_from_widgets(
        w, base, "range", "preset"
    )


def test_tables_are_bounded() -> None:
    for seed in range(reuse.MAX_SCENARIOS + 50):
        reuse.scenario_text(Scenario(seed=seed))
    assert reuse._encode.cache_info().currsize == reuse.MAX_SCENARIOS


def test_many_threads_at_once_get_the_right_texts() -> None:
    # A room: forty script threads of one process asking at the same moment, for a few distinct scenarios.
    scenarios = [Scenario(seed=i % 5) for i in range(40)]
    got: list[str | None] = [None] * len(scenarios)
    start = threading.Barrier(len(scenarios))

    def ask(i: int) -> None:
        start.wait()
        got[i] = reuse.scenario_text(scenarios[i])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(scenarios))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [scenario_io.encode(s) for s in scenarios]


def test_shared_chart_specs_carry_arrow_bytes_that_hold_the_chart_data() -> None:
    import pyarrow as pa

    s = PRESETS["contact_centre"].scenario
    specs = compute.chart_specs(s, "overview", "nl", "EUR")
    assert compute.chart_specs(s, "overview", "nl", "EUR") is specs  # shared, not a copy per run
    bins = specs["histogram"]["datasets"]
    assert bins and all(isinstance(data, bytes) for data in bins.values())
    tables = {name: pa.ipc.open_stream(data).read_all() for name, data in bins.items()}
    assert any(t.num_rows > 0 for t in tables.values())
    assert vega.arrow_datasets(specs["histogram"])["datasets"] == bins  # passed through as they are
