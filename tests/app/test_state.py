"""ui.common: widget_state, links, presets: simple-mode ranges, range assembly, widgets <-> scenario, the share link."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roi_core import INPUTS, Range, Scenario, Shape
from roi_core.scenario_io import encode, encode_link
from ui.common import links, presets, widget_state
from ui.common.notices import notice_text

SPECS = list(INPUTS.values())
UNCERTAIN = [sp for sp in SPECS if not sp.point_only and not sp.default.is_fixed]


class TestSimpleRange:
    def test_unsure_percentage_is_capped_at_its_hard_bound(self) -> None:
        # completion_rate 90 %, unsure: half-width 0.6 * max(90, 0.05 * 100) = 54 -> 36 .. 144, capped at 100.
        r = widget_state.simple_range(INPUTS["completion_rate"], 90.0, "unsure", INPUTS["completion_rate"].default)
        assert (r.low, r.likely, r.high) == (36.0, 90.0, 100.0)

    def test_very_sure_is_ten_percent_either_side(self) -> None:
        # productivity gain 5 %, very sure: half-width 0.1 * max(5, 0.05 * 25) = 0.5 -> 4.5 .. 5.5.
        sp = INPUTS["productivity_gain_pct"]
        r = widget_state.simple_range(sp, 5.0, "very_sure", sp.default)
        assert (r.low, r.likely, r.high) == (4.5, 5.0, 5.5)
        assert r.shape is sp.default.shape

    def test_zero_still_carries_doubt(self) -> None:
        # contractor reduction 0 %, unsure: half-width 0.6 * 0.05 * (60 - 0) = 1.8 -> low capped at 0.
        sp = INPUTS["contractor_reduction_pct"]
        r = widget_state.simple_range(sp, 0.0, "unsure", sp.default)
        assert (r.low, r.likely, r.high) == (0.0, 0.0, 1.8)

    def test_as_set_keeps_the_widths_of_the_base_range(self) -> None:
        # base 1 / 5 / 12 moved to a most likely 7: 7 - 4 = 3 and 7 + 7 = 14.
        sp = INPUTS["productivity_gain_pct"]
        r = widget_state.simple_range(sp, 7.0, "preset", Range(1.0, 5.0, 12.0))
        assert (r.low, r.likely, r.high) == (3.0, 7.0, 14.0)

    def test_as_set_at_the_base_value_returns_the_base_exactly(self) -> None:
        sp = INPUTS["churn_per_nps_point"]
        base = Range(0.05, 0.1, 0.2, Shape.TRIANGULAR)
        assert widget_state.simple_range(sp, 0.1, "preset", base) is base

    def test_fixed_and_point_inputs_stay_single_numbers(self) -> None:
        assert widget_state.simple_range(INPUTS["participants"], 80.0, "unsure", Range.fixed(50)) == Range.fixed(80)
        conf = INPUTS["confidence_quality"]
        assert widget_state.simple_range(conf, 60.0, "unsure", conf.default).is_fixed

    @settings(max_examples=300, deadline=None)
    @given(
        sp=st.sampled_from(SPECS),
        frac=st.floats(0.0, 1.0),
        certainty=st.sampled_from(widget_state.CERTAINTY),
    )
    def test_always_within_bounds_and_ordered(self, sp, frac: float, certainty: str) -> None:
        likely = sp.slider_min + frac * (sp.slider_max - sp.slider_min)
        likely = max(likely, sp.hard_min)
        r = widget_state.simple_range(sp, likely, certainty, sp.default)
        assert sp.hard_min <= r.low <= r.likely <= r.high <= sp.hard_max
        assert math.isclose(r.likely, likely)
        if sp.default.shape is not Shape.LOGNORMAL:
            assert r.shape is sp.default.shape

    def test_wider_when_less_sure(self) -> None:
        sp = INPUTS["error_reduction_pct"]
        widths = [widget_state.simple_range(sp, 20.0, c, sp.default) for c in ("very_sure", "fairly_sure", "unsure")]
        assert [r.high - r.low for r in widths] == sorted(r.high - r.low for r in widths)
        assert widths[0].high - widths[0].low < widths[2].high - widths[2].low


class TestAssembleRange:
    def test_most_likely_outside_widens_the_span(self) -> None:
        sp = INPUTS["error_reduction_pct"]
        assert widget_state.assemble_range(sp, 10, 40, 30, Shape.PERT) == Range(10, 40, 40)
        assert widget_state.assemble_range(sp, 10, 5, 30, Shape.PERT) == Range(5, 5, 30)

    def test_swapped_ends_are_sorted(self) -> None:
        sp = INPUTS["error_reduction_pct"]
        assert widget_state.assemble_range(sp, 30, 20, 10, Shape.TRIANGULAR) == Range(10, 20, 30, Shape.TRIANGULAR)

    def test_fixed_that_gets_a_width_becomes_pert(self) -> None:
        sp = INPUTS["participants"]
        assert widget_state.assemble_range(sp, 40, 50, 60, Shape.FIXED) == Range(40, 50, 60, Shape.PERT)
        assert widget_state.assemble_range(sp, 50, 50, 50, Shape.FIXED) == Range.fixed(50)
        # a zero-width span is "no doubt": it follows the most likely value
        assert widget_state.assemble_range(sp, 50, 80, 50, Shape.FIXED) == Range.fixed(80)
        assert widget_state.assemble_range(sp, 50, 80, 50, Shape.PERT) == Range(80, 80, 80)

    def test_point_only_is_fixed_and_clamped(self) -> None:
        sp = INPUTS["confidence_productivity"]
        assert widget_state.assemble_range(sp, 0, 150, 100, Shape.FIXED) == Range.fixed(100)


def _presets() -> list[Scenario]:
    out = [Scenario()]
    for key in presets.preset_keys():
        for v in presets.VARIANTS:
            out.append(presets.preset_scenario(key, v))
    return out


class TestWidgetsRoundTrip:
    @pytest.mark.parametrize("s", _presets(), ids=lambda s: s.name)
    @pytest.mark.parametrize("mode", ["range", "simple"])
    def test_widgets_rebuild_the_same_scenario(self, s: Scenario, mode: str) -> None:
        assert widget_state.scenario_from_widgets(widget_state.widget_values(s), s, mode, "preset") == s

    def test_a_changed_widget_changes_exactly_that_input(self) -> None:
        s = Scenario()
        w = widget_state.widget_values(s) | {"v_participants": 80.0, "horizon": 5, "on_customers": True}
        out = widget_state.scenario_from_widgets(w, s, "range", "preset")
        assert out["participants"] == Range.fixed(80)
        assert out.horizon_years == 5 and out.is_enabled("customers")
        assert {k: r for k, r in out.values if k != "participants"} == {
            k: r for k, r in s.values if k != "participants"
        }

    def test_range_mode_reads_the_range_slider(self) -> None:
        s = Scenario()
        w = widget_state.widget_values(s) | {"r_weeks_saved": (1.0, 6.0), "v_weeks_saved": 3.0}
        assert widget_state.scenario_from_widgets(w, s, "range", "preset")["weeks_saved"] == Range(1, 3, 6)

    def test_invalid_values_raise_naming_the_field(self) -> None:
        w = widget_state.widget_values(Scenario()) | {"horizon": 9}
        with pytest.raises(ValueError, match="horizon_years"):
            widget_state.scenario_from_widgets(w, Scenario(), "simple", "preset")


class TestLink:
    @pytest.mark.parametrize("s", _presets(), ids=lambda s: s.name)
    def test_round_trip(self, s: Scenario) -> None:
        preset = next(
            (k for k in presets.preset_keys() if s.name.startswith(presets.preset_scenario(k).name)), "default"
        )
        variant = next((v for v in presets.VARIANTS if presets.preset_scenario(preset, v) == s), "middle")
        params = links.link_params(s, lang="nl", currency="GBP", preset=preset, variant=variant, mode="range")
        link = links.parse_link(params, presets.preset_keys())
        assert link.warnings == ()
        # The app opens a link without ``s`` with the picked preset's scenario (ui.sidebar.sidebar.prepare).
        opened = link.scenario if link.scenario is not None else presets.preset_scenario(preset, variant)
        assert opened == s
        assert (link.lang, link.currency, link.mode) == ("nl", "GBP", "range")

    def test_defaults_are_left_out(self) -> None:
        # The default scenario used to be written as s=v1. (an empty encoding): now nothing but the language.
        params = links.link_params(Scenario(), lang="en")
        assert params == {"lang": "en"}
        link = links.parse_link(params)
        assert link.scenario is None and link.warnings == ()  # the app then opens Scenario()

    def test_the_default_scenario_under_a_preset_keeps_s(self) -> None:
        # With a preset picked, a link without s would open the preset: the plain default must say so.
        key = presets.preset_keys()[-1]
        params = links.link_params(Scenario(), lang="en", preset=key)
        assert params["s"] == encode_link(Scenario(), preset=key) and "p" not in params  # the preset is in s
        link = links.parse_link(params, presets.preset_keys())
        assert link.scenario is not None and link.scenario.values == Scenario().values  # not the preset's numbers
        assert (link.preset, link.check) == (key, "ok")

    def test_a_changed_scenario_is_written(self) -> None:
        s = Scenario().with_values(productivity_gain_pct=Range(3.0, 5.0, 8.0))
        params = links.link_params(s, lang="en")
        assert params["s"] == encode_link(s) != encode_link(Scenario())
        assert list(params)[-1] == "s"  # last: a link cut short damages s, which the check detects

    def test_preset_texts_are_not_repeated_in_the_link(self) -> None:
        key = presets.preset_keys()[-1]
        s = presets.preset_scenario(key)
        params = links.link_params(s, lang="en", preset=key)
        assert len(params["s"]) < 30 < len(encode(s))
        assert links.parse_link(params, presets.preset_keys()).scenario == s

    def test_old_links_with_a_preset_still_open(self) -> None:
        """Version-1 links named the preset in p/v and left its name and notes out of s."""
        key = presets.preset_keys()[-1]
        s = presets.preset_scenario(key, "optimistic")
        old = encode(replace(s, name=Scenario().name, notes=Scenario().notes))
        link = links.parse_link({"s": old, "p": key, "v": "optimistic"}, presets.preset_keys())
        assert (link.scenario, link.preset, link.variant, link.check) == (s, key, "optimistic", "unchecked")

    def test_a_damaged_link_offers_what_it_read_and_starts_from_its_preset(self) -> None:
        key = presets.preset_keys()[-1]
        s = presets.preset_scenario(key, "pessimistic").with_values(participants=Range.fixed(80))
        s = s.with_values(learning_hours=Range.fixed(30))
        params = links.link_params(s, lang="nl", preset=key, variant="pessimistic")
        cut = {**params, "s": params["s"][:-1]}
        link = links.parse_link(cut, presets.preset_keys())
        assert link.check == "damaged" and link.fields_read == 1
        assert link.scenario == presets.preset_scenario(key, "pessimistic")  # not a mix
        assert (link.preset, link.variant) == (key, "pessimistic")
        assert link.readable is not None and link.readable.likely("participants") == 80

    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"cur": "XYZ"}, "cur"),
            ({"lang": "fr"}, "lang"),
            ({"m": "wild"}, "m"),
            ({"u": "???"}, "u"),
            ({"p": "nope"}, "p"),
            ({"utm_source": "mail"}, "utm_source"),
            ({"s": "v1.pg_9_5_1"}, "productivity_gain_pct"),
            ({"s": "v1.n_-5"}, "participants"),
            ({"s": "v1.M_99999999"}, "draws"),
            ({"s": "\x00\xff<script>"}, "share link"),
        ],
    )
    def test_hostile_values_are_named_in_warnings(self, params: dict[str, str], field: str) -> None:
        link = links.parse_link(params, presets.preset_keys())
        assert any(w.field == field for w in link.warnings), link.warnings

    def test_streamlit_embed_parameters_are_not_warned_about(self) -> None:
        assert links.parse_link({"embed": "true"}).warnings == ()

    @settings(max_examples=200, deadline=None)
    @given(st.dictionaries(st.text(max_size=12), st.text(max_size=300), max_size=6))
    def test_never_raises(self, params: dict[str, str]) -> None:
        link = links.parse_link(params, presets.preset_keys())
        assert link.scenario is None or isinstance(link.scenario, Scenario)
        assert link.lang in (None, "en", "nl")

    def test_draw_options_include_a_linked_count(self) -> None:
        assert 3_000 in widget_state.draw_options(3_000)
        assert widget_state.draw_options(10_000) == widget_state.DRAW_OPTIONS

    def test_slider_bounds_widen_to_hold_a_linked_value(self) -> None:
        sp = INPUTS["participants"]
        assert widget_state.slider_bounds(sp, Range.fixed(5000)) == (sp.slider_min, 5000)
        assert widget_state.slider_bounds(sp, sp.default) == (sp.slider_min, sp.slider_max)


class TestModelChoicesInWidgetsAndLinks:
    """Issue 9: the lasting effect and the way the cost per leaver is given live in widgets and the link."""

    def test_widgets_round_trip_the_choices(self) -> None:
        from roi_core.scenario import LeaverCost

        s = Scenario(lasting=True, leaver_cost=LeaverCost.AMOUNT)
        w = widget_state.widget_values(s)
        assert (w["lasting"], w["leaver_cost"]) == (True, "amount")
        assert widget_state.scenario_from_widgets(w, Scenario(), "range", "preset") == s
        back = widget_state.scenario_from_widgets(
            w | {"lasting": False, "leaver_cost": "salary_share"}, s, "range", "preset"
        )
        assert (back.lasting, back.leaver_cost) == (False, LeaverCost.SALARY_SHARE)

    def test_link_round_trips_the_choices(self) -> None:
        from roi_core.scenario import LeaverCost

        s = Scenario(lasting=True, leaver_cost=LeaverCost.AMOUNT)
        params = links.link_params(s, lang="en")
        assert "F_1" in params["s"] and "L_a" in params["s"]
        link = links.parse_link(params)
        assert link.warnings == () and link.scenario == s

    @pytest.mark.parametrize(("old", "new"), [("conservative", "pessimistic"), ("expected", "middle")])
    def test_old_outlook_names_in_links_still_load(self, old: str, new: str) -> None:
        link = links.parse_link({"p": "logistics", "v": old}, presets.preset_keys())
        assert link.warnings == () and link.variant == new

    def test_a_damaged_choice_is_named_and_dropped(self) -> None:
        link = links.parse_link({"s": "v1.L_x~F_7~n_80"})
        assert link.scenario is not None and link.scenario["participants"].likely == 80
        assert not link.scenario.lasting
        assert [(w.field, w.kind) for w in link.warnings] == [
            ("leaver_cost", "unknown_code"),
            ("lasting", "unknown_code"),
        ]
        assert "Kosten per vertrekker" in notice_text(link.warnings[0], "nl")
