"""Tests of the input handle: ``Scenario.input(key)`` gives one InputSpec for every key, custom lines included;
no module outside the home (``roi_core/assumptions.py``, ``roi_core/scenario.py``) builds or parses custom keys."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given

from roi_core.assumptions import (
    CUSTOM_SOURCE,
    DRIVER_CODES,
    FIELD_BOUNDS,
    INPUT_KEYS,
    INPUTS,
    SOURCES,
    custom_spec,
    field_bounds,
    key_of_short,
    spec,
)
from roi_core.distributions import Range
from roi_core.scenario import CustomBenefit, Scenario
from tests.core.strategies import scenarios

ROOT = Path(__file__).resolve().parents[2]

LINES = (
    CustomBenefit("Fewer complaints", Range(5_000.0, 8_000.0, 12_000.0), Range(40.0, 50.0, 60.0)),
    CustomBenefit("**Bold** <b>name</b>", Range(-2_000.0, 0.0, 1_000.0), Range.fixed(100.0)),
)
S = Scenario(custom=LINES)


class TestRegistryInputs:
    def test_a_registry_key_gives_the_registry_spec(self) -> None:
        assert all(S.input(k) is INPUTS[k] for k in INPUT_KEYS)

    def test_unknown_keys_are_named(self) -> None:
        for key in ("nope", "custom:2:value", "custom:0:confidence", "custom:-1:value", "custom:x:value"):
            with pytest.raises(KeyError, match="unknown input"):
                S.input(key)
            with pytest.raises(KeyError):
                S[key]

    def test_direction_by_hand(self) -> None:
        assert S.input("design_cost").direction == "cost"
        assert S.input("learning_hours").direction == "cost"
        assert S.input("productivity_gain_pct").direction == "benefit"
        assert S.input("gross_salary").direction == "fact"
        assert S.input("discount_rate").direction == "fact"
        assert {s.direction for s in INPUTS.values() if s.driver is not None} == {"benefit"}

    def test_driver_code_is_the_link_letter(self) -> None:
        for s in INPUTS.values():
            assert s.driver_code == (DRIVER_CODES[s.driver] if s.driver is not None else None)
        assert S.input("attribution_customers").driver_code == "c"

    def test_source_is_a_registry_source_with_notes_in_both_languages(self) -> None:
        s = S.input("gross_salary")
        assert s.source is SOURCES["cbs_wages"]
        assert s.source.note("nl") == "Gemiddeld jaarloon per baan in Nederland: EUR 42.340."
        assert s.source.note("en") == "Average wage per job in the Netherlands: EUR 42,340."

    def test_decimals_by_hand(self) -> None:
        # step 1 -> 0, step 0.5 -> 1, step 0.25 -> 2, step 0.05 -> 2; one finer for values between steps,
        # none for steps of ten euro or more
        got = {k: (S.input(k).decimals, S.input(k).fine_decimals) for k in INPUT_KEYS}
        assert got["participants"] == (0, 1)
        assert got["productivity_gain_pct"] == (1, 2)
        assert got["discount_rate"] == (2, 3)
        assert got["churn_per_nps_point"] == (2, 3)
        assert got["design_cost"] == (0, 0)

    def test_distinct_label_names_the_driver_only_when_shared(self) -> None:
        assert (
            S.input("attribution_quality").distinct_label("nl")
            == "Deel dat door de training komt (Minder fouten en herstelwerk)"
        )
        assert S.input("productivity_gain_pct").distinct_label("en") == "Productivity gain per trained employee"
        labels = [s.distinct_label("en") for s in INPUTS.values()]
        assert len(set(labels)) == len(labels)

    def test_clip_is_the_hard_bounds(self) -> None:
        s = S.input("completion_rate")
        assert (s.clip(-3.0), s.clip(50.0), s.clip(101.0)) == (0.0, 50.0, 100.0)


class TestCustomLines:
    def test_keys_in_order(self) -> None:
        assert S.input_keys == (
            *INPUT_KEYS,
            "custom:0:value",
            "custom:0:attribution",
            "custom:1:value",
            "custom:1:attribution",
        )
        assert S.custom_keys(1) == ("custom:1:value", "custom:1:attribution")
        with pytest.raises(KeyError, match="no custom line 2"):
            S.custom_keys(2)
        assert [s.key for s in S.input_specs] == list(S.input_keys)

    def test_the_value_spec_is_built_from_the_line(self) -> None:
        s = S.input("custom:0:value")
        assert (s.key, s.short, s.group, s.unit, s.direction) == (
            "custom:0:value",
            "c0v",
            "custom",
            "EUR/yr",
            "benefit",
        )
        assert (s.line, s.part, s.is_custom, s.driver, s.driver_code) == (0, "value", True, None, None)
        assert s.label("en") == s.label("nl") == "Fewer complaints"
        assert s.default == LINES[0].value_eur == S["custom:0:value"]
        b = FIELD_BOUNDS["custom_value_eur"]
        assert (s.hard_min, s.hard_max, s.slider_min, s.slider_max) == (b.min, b.max, b.plausible_min, b.plausible_max)
        assert s.decimals == 0
        assert s.source is CUSTOM_SOURCE and s.source.cite("nl") == "Eigen schatting"

    def test_the_attribution_spec_has_the_one_label(self) -> None:
        s = S.input("custom:0:attribution")
        assert s.label("en") == "Fewer complaints: share due to the training"
        assert s.label("nl") == "Fewer complaints: deel dankzij de training"
        assert (s.unit, s.hard_min, s.hard_max, s.short) == ("%", 0.0, 100.0, "c0a")
        assert s.default == LINES[0].attribution_pct

    def test_a_name_is_kept_as_text(self) -> None:
        # outside text: the label carries the name exactly; callers escape it (is_custom says so)
        s = S.input("custom:1:value")
        assert s.label("en") == "**Bold** <b>name</b>" and s.is_custom
        assert not S.input("participants").is_custom

    def test_without_a_scenario_a_line_is_called_by_its_number(self) -> None:
        assert spec("custom:3:attribution").label("nl") == "Eigen regel 4: deel dankzij de training"
        assert spec("custom:3:value").unit == "EUR/yr"
        assert field_bounds("custom:0:value").max == FIELD_BOUNDS["custom_value_eur"].max
        with pytest.raises(KeyError):
            custom_spec(-1, "value")

    def test_short_keys_round_trip(self) -> None:
        for key in S.input_keys:
            assert key_of_short(S.input(key).short) == key
        assert key_of_short("c12v") == "custom:12:value"
        assert key_of_short("c12345v") is None and key_of_short("cxv") is None and key_of_short("zz") is None

    def test_getitem_reads_the_line(self) -> None:
        assert S["custom:1:attribution"] == Range.fixed(100.0)


@given(scenarios())
def test_every_key_has_a_spec_whose_bounds_hold_its_range(s: Scenario) -> None:
    assert len(s.input_keys) == len(INPUT_KEYS) + 2 * len(s.custom)
    for key in s.input_keys:
        sp, r = s.input(key), s[key]
        assert sp.key == key
        assert sp.hard_min <= r.low <= r.likely <= r.high <= sp.hard_max
        assert sp.clip(r.likely) == r.likely
        assert sp.label("en") and sp.label("nl") and sp.help("en") and sp.help("nl")
        assert sp.direction in ("cost", "benefit", "fact")
        assert sp.decimals >= 0 and sp.fine_decimals >= 0
        assert sp.source.cite("nl") and sp.source.cite("en")
        assert key_of_short(sp.short) == key
        if sp.is_custom:
            assert sp.line is not None and s.custom[sp.line].name in sp.label("en")


# --- one home: no module outside assumptions.py and scenario.py builds or parses a custom line's key -------------

HOMES = {"roi_core/assumptions.py", "roi_core/scenario.py"}
_KEY_HELPERS = {"custom_key", "parse_custom_key", "is_custom_key", "_CUSTOM_KEY", "_CUSTOM_SHORT"}


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def scan(source: str) -> list[tuple[int, str]]:
    """``(line, what)`` for every place that builds or parses a custom line's key (docstrings aside)."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
        if name in _KEY_HELPERS:
            found.append((node.lineno, name))
        elif isinstance(node, ast.alias) and node.name in _KEY_HELPERS:
            found.append((node.lineno, f"import {node.name}"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            v = node.value
            if v.startswith("custom:") or v in (":value", ":attribution"):
                found.append((node.lineno, repr(v)))
    return sorted(set(found))


def _modules() -> list[str]:
    paths = [*ROOT.glob("roi_core/**/*.py"), *ROOT.glob("ui/**/*.py"), *ROOT.glob("views/*.py"), ROOT / "app.py"]
    return sorted(str(p.relative_to(ROOT)) for p in paths if str(p.relative_to(ROOT)) not in HOMES)


def test_the_scan_finds_the_holes_it_was_written_for() -> None:
    old = (
        "from roi_core.assumptions import custom_key, parse_custom_key\n"
        "k = custom_key(0, 'value')\n"
        "c = parse_custom_key(key)\n"
        "if key.startswith('custom:'):\n    pass\n"
        "x = f'custom:{i}:value'\n"
        "y = key.endswith(':attribution')\n"
        "z = assumptions.is_custom_key(key)\n"
    )
    assert [line for line, _ in scan(old)] == [1, 1, 2, 3, 4, 6, 6, 7, 8]
    assert scan('"""Keys look like ``custom:0:value``."""\nk = s.custom_keys(0)\nh = "KEY, or custom:I:value"\n') == []


@pytest.mark.parametrize("path", _modules())
def test_no_module_outside_the_home_builds_or_parses_custom_keys(path: str) -> None:
    assert scan((ROOT / path).read_text(encoding="utf-8")) == []
