"""The sidebar editors for custom benefit lines and correlated inputs (``ui/sidebar/advanced.py``).

How the tests drive the editors: every line is a block of keyed widgets
(``adv_c{id}_name``; the typed numbers ``txt_adv_c{id}_low`` ..., whose values
live under ``adv_c{id}_low``), so AppTest types into them like a user
would (``st.data_editor`` cells cannot be edited through AppTest in Streamlit
1.67; that is why the editor uses plain widgets). The line ids come from the
drafts in ``st.session_state["_adv_rows"]``. Expected numbers come from
``roi_core`` on the expected scenario, with the hand arithmetic written out.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from roi_core import INPUTS, Correlation, CustomBenefit, Range, Scenario, Shape, deterministic, simulate
from roi_core.scenario import MAX_CUSTOM_BENEFITS
from roi_core.scenario_io import decode, encode
from tests.app.conftest import metric
from ui.common.format import money, pct
from ui.common.i18n import LANGS, catalogue, translate
from ui.common.presets import preset_scenario
from ui.sidebar import advanced
from ui.sidebar.advanced import PAIR_INPUTS, pair_problem, parse_rows, row_from_benefit, strength_word

GOOD = {
    "name": "Less scrap",
    "low": 10_000.0,
    "likely": 20_000.0,
    "high": 30_000.0,
    "attr_low": 30.0,
    "attr": 50.0,
    "attr_high": 70.0,
    "conf": 70.0,
    "decays": False,
}
PAIR = Correlation("productivity_gain_pct", "turnover_reduction_pp", 0.6)


# --- plain functions ------------------------------------------------------------------------------------


class TestParseRows:
    def test_a_good_row_gives_the_benefit(self) -> None:
        p = parse_rows([GOOD])
        assert p.problems == ()
        assert p.benefits == (
            CustomBenefit("Less scrap", Range(10_000.0, 20_000.0, 30_000.0), Range(30.0, 50.0, 70.0), 70.0, False),
        )

    @pytest.mark.parametrize(
        ("change", "code"),
        [
            ({"name": "   "}, "name_empty"),
            ({"name": None}, "name_empty"),
            ({"name": "x" * 81}, "name_long"),
            ({"low": 40_000.0}, "low_high"),
            ({"likely": 35_000.0}, "likely_outside"),
            ({"high": float("nan")}, "not_number"),
            ({"low": "ten"}, "not_number"),
            ({"attr_high": 120.0}, "attr_range"),
            ({"attr": 80.0}, "attr_outside"),
            ({"conf": -5.0}, "conf_range"),
        ],
    )
    def test_a_bad_row_is_named_and_the_others_are_kept(self, change: dict, code: str) -> None:
        p = parse_rows([GOOD, {**GOOD, **change}, {**GOOD, "name": "Third"}])
        assert [(q.row, q.code) for q in p.problems] == [(2, code)]
        assert [b.name for b in p.benefits] == ["Less scrap", "Third"]

    def test_more_than_the_maximum_lines(self) -> None:
        rows = [{**GOOD, "name": f"L{i}"} for i in range(MAX_CUSTOM_BENEFITS + 2)]
        p = parse_rows(rows)
        assert len(p.benefits) == MAX_CUSTOM_BENEFITS
        assert [(q.row, q.code) for q in p.problems] == [
            (MAX_CUSTOM_BENEFITS + 1, "too_many"),
            (MAX_CUSTOM_BENEFITS + 2, "too_many"),
        ]

    def test_a_width_given_to_a_fixed_value_makes_it_pert(self) -> None:
        p = parse_rows([{**GOOD, "shape": "fixed"}, {**GOOD, "low": -5.0, "shape": "lognormal"}])
        assert [b.value_eur.shape for b in p.benefits] == [Shape.PERT, Shape.PERT]

    @pytest.mark.parametrize(
        "c",
        [
            CustomBenefit("Safety", Range(10_000.0, 40_000.0, 90_000.0), Range(20.0, 40.0, 60.0), 55.0, True),
            CustomBenefit("Fewer tickets", Range.fixed(5_000.0), Range.fixed(100.0), 100.0, False),
            CustomBenefit("Brand", Range(1e3, 3e3, 9e3, Shape.LOGNORMAL), Range(0.0, 10.0, 30.0, Shape.UNIFORM)),
            CustomBenefit("Loss", Range(-9_000.0, -2_000.0, 0.0, Shape.TRIANGULAR)),
        ],
    )
    def test_a_loaded_line_comes_back_unchanged(self, c: CustomBenefit) -> None:
        assert parse_rows([row_from_benefit(c)]) == advanced.ParsedRows((c,), ())

    @settings(max_examples=300, deadline=None)
    @given(
        hs.one_of(
            hs.lists(
                hs.one_of(
                    hs.dictionaries(
                        hs.sampled_from([*advanced.ROW_FIELDS, "shape", "attr_shape", "junk"]),
                        hs.one_of(
                            hs.none(),
                            hs.booleans(),
                            hs.integers(min_value=-(10**400), max_value=10**400),
                            hs.floats(),
                            hs.text(max_size=90),
                            hs.sampled_from([s.value for s in Shape]),
                        ),
                    ),
                    hs.fixed_dictionaries(
                        {f: hs.floats(-1e6, 1e6) for f in advanced._NUMBER_FIELDS}
                        | {"name": hs.text(max_size=90), "shape": hs.text(max_size=10)}
                    ),
                    hs.integers(),
                    hs.text(),
                    hs.none(),
                ),
                max_size=MAX_CUSTOM_BENEFITS + 3,
            ),
            hs.text(),
            hs.none(),
            hs.integers(),
            hs.dictionaries(hs.text(), hs.integers()),
        )
    )
    def test_arbitrary_rows_never_raise(self, rows: object) -> None:
        p = parse_rows(rows)
        if isinstance(rows, list):
            assert len(p.benefits) + len(p.problems) == len(rows)  # every row counts or is named
            assert all(1 <= q.row <= len(rows) for q in p.problems)
            assert len(p.benefits) <= MAX_CUSTOM_BENEFITS
        Scenario(custom=p.benefits)  # whatever counts makes a valid scenario


class TestPairs:
    def test_problems(self) -> None:
        assert pair_problem([], "productivity_gain_pct", "productivity_gain_pct") == "same"
        assert pair_problem([PAIR], "turnover_reduction_pp", "productivity_gain_pct") == "twice"  # either order
        assert pair_problem([], "productivity_gain_pct", "confidence_productivity") == "point"
        assert pair_problem([], "productivity_gain_pct", "no_such_input") == "unknown"
        assert pair_problem([PAIR], "productivity_gain_pct", "error_reduction_pct") is None

    def test_point_only_inputs_are_not_offered(self) -> None:
        assert PAIR_INPUTS and not any(INPUTS[k].point_only for k in PAIR_INPUTS)
        assert len(PAIR_INPUTS) == sum(not s.point_only for s in INPUTS.values())

    @pytest.mark.parametrize(
        ("rho", "word"),
        [
            (-1.0, "strong_opposite"),
            (-0.6, "strong_opposite"),
            (-0.5, "opposite"),
            (-0.2, "none"),
            (0.0, "none"),
            (0.2, "none"),
            (0.3, "together"),
            (0.6, "strong_together"),
            (1.0, "strong_together"),
        ],
    )
    def test_strength_words(self, rho: float, word: str) -> None:
        assert strength_word(rho) == word

    @pytest.mark.parametrize("lang", LANGS)
    def test_every_built_key_exists(self, lang: str) -> None:
        codes = [
            "unreadable",
            "name_empty",
            "name_long",
            "not_number",
            "low_high",
            "likely_outside",
            "attr_range",
            "attr_outside",
            "conf_range",
            "too_many",
            "invalid",
        ]
        keys = [f"adv.err_{c}" for c in codes] + [f"adv.col_{f}" for f in advanced._NUMBER_FIELDS + ("decays",)]
        keys += [f"adv.err_pair_{c}" for c in ("unknown", "point", "same", "twice")]
        keys += [f"adv.rho_{strength_word(r)}" for r in advanced.STRENGTHS]
        assert [k for k in keys if k not in catalogue(lang)] == []


# --- the app -----------------------------------------------------------------------------------------


def _open(at):
    at.session_state["grp_adv_custom"] = True
    at.session_state["grp_adv_corr"] = True
    return at


def _run(at):
    at.run()
    assert not at.exception, at.exception
    return at


def _ids(at) -> list[int]:
    return [r["id"] for r in at.session_state["_adv_rows"]]


def _fill(at, rid: int, row: dict) -> None:
    """Type a line in like a user: name, most likely first (the span follows it), then low and high."""
    at.text_input(key=f"adv_c{rid}_name").input(row["name"]).run()
    for f in ("likely", "low", "high", "attr", "conf"):
        at.text_input(key=f"txt_adv_c{rid}_{f}").input(str(row[f])).run()
    at.checkbox(key=f"adv_c{rid}_decays").set_value(row["decays"]).run()
    assert not at.exception, at.exception


def test_a_line_added_in_the_editor_moves_the_headline_by_the_hand_computed_amount(make_app) -> None:
    at = _run(_open(make_app()))
    base = at.session_state["_scenario"]
    assert base.custom == () and base == Scenario()
    at.button(key="adv_add").click().run()
    (rid,) = _ids(at)
    _fill(at, rid, GOOD)
    s = at.session_state["_scenario"]
    line = CustomBenefit("Less scrap", Range(10_000.0, 20_000.0, 30_000.0), Range(30.0, 50.0, 70.0), 70.0, False)
    expected = replace(base, custom=(line,))
    assert s == expected
    # Hand arithmetic: a flat line of 20,000/yr x 50 % attribution = 10,000 a year, benefits discounted at the
    # end of each year at the default 8 %: 10,000 x (1/1.08 + 1/1.08^2 + 1/1.08^3) = 25,770.97 over 3 years.
    extra = 10_000.0 * sum(1.08**-y for y in (1, 2, 3))
    assert extra == pytest.approx(25_770.97, abs=0.01)
    before, after = deterministic(base), deterministic(expected)
    assert after.benefits - before.benefits == pytest.approx(extra)
    assert after.npv - before.npv == pytest.approx(extra)
    roi = (before.benefits + extra - before.costs) / before.costs * 100  # about 18.4 %, was -8.6 %
    assert after.roi_pct == pytest.approx(roi)
    assert metric(at, "ROI at most likely values") == pct(roi, "en") != pct(before.roi_pct, "en")
    assert metric(at, "Net benefit (present value)") == money(before.npv + extra, "en")
    # ... and the link carries the line.
    assert decode(at.query_params["s"]).scenario.custom == expected.custom


def test_a_bad_line_gives_a_message_names_it_and_keeps_the_others(make_app) -> None:
    at = _run(_open(make_app()))
    at.button(key="adv_add").click().run()
    at.button(key="adv_add").click().run()
    first, second = _ids(at)
    _fill(at, first, GOOD)
    _fill(at, second, {**GOOD, "name": "Safety"})
    at.text_input(key=f"txt_adv_c{second}_low").input(str(50_000.0)).run()  # low above high
    assert not at.exception
    errors = [e.value for e in at.error]
    assert errors == [translate("en", "adv.err_low_high", row=2, name="Safety")]
    assert [c.name for c in at.session_state["_scenario"].custom] == ["Less scrap"]
    # The bad line is kept as typed, so it can be fixed.
    assert at.session_state[f"adv_c{second}_low"] == 50_000.0
    at.text_input(key=f"adv_c{first}_name").input("  ").run()  # now the first one is bad too
    assert [e.value for e in at.error] == [
        translate("en", "adv.err_name_empty", row=1),
        translate("en", "adv.err_low_high", row=2, name="Safety"),
    ]
    assert at.session_state["_scenario"].custom == ()
    at.text_input(key=f"txt_adv_c{second}_low").input(str(10_000.0)).run()  # fixed
    assert [c.name for c in at.session_state["_scenario"].custom] == ["Safety"]
    assert len(at.session_state["_adv_rows"]) == 2


def test_remove_a_line_and_the_maximum(make_app) -> None:
    rows = tuple(CustomBenefit(f"Line {i}", Range.fixed(1_000.0 * (i + 1))) for i in range(MAX_CUSTOM_BENEFITS))
    at = _run(_open(make_app(s=encode(Scenario(custom=rows)))))
    assert at.button(key="adv_add").disabled
    ids = _ids(at)
    at.button(key=f"adv_c{ids[0]}_del").click().run()
    assert at.session_state["_scenario"].custom == rows[1:]
    assert not at.button(key="adv_add").disabled


def test_a_correlation_widens_the_spread_and_goes_into_the_link(make_app) -> None:
    at = _run(_open(make_app()))
    assert at.session_state["_scenario"].correlations == ()
    at.selectbox(key="adv_pair_a").set_value("productivity_gain_pct")
    at.selectbox(key="adv_pair_b").set_value("turnover_reduction_pp")
    at.select_slider(key="adv_pair_rho").set_value(0.9).run()
    at.button(key="adv_pair_add").click().run()
    assert not at.exception
    s = at.session_state["_scenario"]
    assert s.correlations == (Correlation("productivity_gain_pct", "turnover_reduction_pp", 0.9),)
    assert decode(at.query_params["s"]).scenario.correlations == s.correlations
    # Two benefits that rise together: their sum varies more, so the ROI's P5-P95 span widens.
    with_pair = simulate(s).summary()
    without = simulate(replace(s, correlations=())).summary()
    assert with_pair.roi_p95 - with_pair.roi_p5 > without.roi_p95 - without.roi_p5
    text = translate(
        "en",
        "adv.pair",
        a=INPUTS["productivity_gain_pct"].label("en"),
        b=INPUTS["turnover_reduction_pp"].label("en"),
        rho="+0.90",
        word=translate("en", "adv.rho_strong_together"),
    )
    assert text in [m.value for m in at.markdown]
    # The same pair again, and an input with itself, are refused with a message; nothing changes.
    at.button(key="adv_pair_add").click().run()
    assert [e.value for e in at.error] == [translate("en", "adv.err_pair_twice")]
    at.selectbox(key="adv_pair_b").set_value("productivity_gain_pct").run()
    at.button(key="adv_pair_add").click().run()
    assert [e.value for e in at.error] == [translate("en", "adv.err_pair_same")]
    assert at.session_state["_scenario"].correlations == s.correlations
    # Remove it again.
    at.button(key="adv_pair_del_productivity_gain_pct_turnover_reduction_pp").click().run()
    assert at.session_state["_scenario"].correlations == ()
    assert "Q_" not in at.query_params.get("s", "")


@pytest.mark.filterwarnings("ignore:the stated correlations contradict:UserWarning")  # the pages' own simulation
def test_contradicting_pairs_show_the_nearest_consistent_note(make_app) -> None:
    a, b, c = "productivity_gain_pct", "turnover_reduction_pp", "error_reduction_pct"
    s = Scenario(correlations=(Correlation(a, b, 0.9), Correlation(b, c, 0.9), Correlation(a, c, -0.9)))
    at = _run(_open(make_app(s=encode(s))))
    assert at.session_state["_scenario"] == s
    assert translate("en", "adv.inconsistent") in [i.value for i in at.info]
    # Pairs not listed count as unrelated, so a~b and b~c strongly together alone still contradict a~c = 0.
    at.button(key=f"adv_pair_del_{a}_{c}").click().run()
    assert translate("en", "adv.inconsistent") in [i.value for i in at.info]
    at.button(key=f"adv_pair_del_{b}_{c}").click().run()
    assert at.session_state["_scenario"].correlations == (Correlation(a, b, 0.9),)
    assert translate("en", "adv.inconsistent") not in [i.value for i in at.info]


LINKED = Scenario(
    custom=(
        CustomBenefit("Safety", Range(10_000.0, 40_000.0, 90_000.0), Range(20.0, 40.0, 60.0), 55.0, True),
        CustomBenefit("Fewer tickets", Range(1_000.0, 5_000.0, 9_000.0, Shape.TRIANGULAR), decays=False),
    ),
    correlations=(PAIR,),
)


@pytest.mark.parametrize("mode", ["simple", "range"])
def test_a_link_with_lines_and_pairs_restores_the_editors(make_app, mode: str) -> None:
    at = _run(_open(make_app(s=encode(LINKED), m=mode)))
    assert at.session_state["_scenario"] == LINKED  # loading changes nothing
    first, second = _ids(at)
    assert at.text_input(key=f"adv_c{first}_name").value == "Safety"
    assert [at.session_state[f"adv_c{first}_{f}"] for f in ("low", "likely", "high", "attr", "conf")] == [
        10_000.0,
        40_000.0,
        90_000.0,
        40.0,
        55.0,
    ]
    assert at.checkbox(key=f"adv_c{first}_decays").value is True
    assert at.text_input(key=f"adv_c{second}_name").value == "Fewer tickets"
    assert at.checkbox(key=f"adv_c{second}_decays").value is False
    if mode == "range":
        assert at.session_state[f"adv_c{first}_attr_low"] == 20.0
    assert any("**" + INPUTS["productivity_gain_pct"].label("en") + "**" in m.value for m in at.markdown)
    assert decode(at.query_params["s"]).scenario == LINKED


def test_simple_mode_moves_the_attribution_range_along(make_app) -> None:
    at = _run(_open(make_app(s=encode(LINKED))))
    first, _ = _ids(at)
    at.text_input(key=f"txt_adv_c{first}_attr").input(str(50.0)).run()  # 20-40-60 moved up by 10
    assert at.session_state["_scenario"].custom[0].attribution_pct == Range(30.0, 50.0, 70.0)


def test_lines_survive_page_switches_closed_groups_and_the_presentation_view(make_app) -> None:
    at = _run(_open(make_app()))
    at.button(key="adv_add").click().run()
    (rid,) = _ids(at)
    _fill(at, rid, GOOD)
    at.selectbox(key="adv_pair_a").set_value("productivity_gain_pct")
    at.selectbox(key="adv_pair_b").set_value("turnover_reduction_pp").run()
    at.button(key="adv_pair_add").click().run()
    want = at.session_state["_scenario"]
    assert len(want.custom) == 1 and len(want.correlations) == 1
    at.session_state["grp_adv_custom"] = False
    at.session_state["grp_adv_corr"] = False
    _run(at)
    at.switch_page("views/method.py").run()
    at.switch_page("views/sensitivity.py").run()
    assert not at.exception and at.session_state["_scenario"] == want
    at.toggle(key="present").set_value(True).run()
    assert at.session_state["_scenario"] == want
    at.toggle(key="present").set_value(False).run()
    _run(_open(at))
    assert at.session_state["_scenario"] == want
    assert at.text_input(key=f"adv_c{rid}_name").value == "Less scrap"
    assert at.session_state[f"adv_c{rid}_high"] == 30_000.0


def test_reset_and_another_preset_replace_the_lines(make_app) -> None:
    at = _run(_open(make_app(s=encode(LINKED))))
    assert len(at.session_state["_adv_rows"]) == 2
    at.button(key="reset").click().run()
    assert at.session_state["_scenario"] == Scenario()
    assert at.session_state["_adv_rows"] == [] and at.session_state["_adv_pairs"] == []
    assert [w.key for w in at.text_input if w.key.startswith(("adv_", "txt_adv_"))] == []


def test_a_preset_with_a_line_fills_the_editor_and_reset_brings_it_back(make_app) -> None:
    at = _run(_open(make_app()))
    at.radio(key="preset").set_value("logistics").run()
    assert not at.exception
    preset = preset_scenario("logistics")
    assert [c.name for c in preset.custom] == ["Fewer lost-time accidents"]
    assert at.session_state["_scenario"] == preset
    (rid,) = _ids(at)
    assert at.text_input(key=f"adv_c{rid}_name").value == "Fewer lost-time accidents"
    at.button(key=f"adv_c{rid}_del").click().run()
    at.button(key="adv_add").click().run()
    assert [c.name for c in at.session_state["_scenario"].custom] == [translate("en", "adv.new_name", n=1)]
    at.button(key="reset").click().run()
    assert at.session_state["_scenario"] == preset
    assert [r["name"] for r in at.session_state["_adv_rows"]] == ["Fewer lost-time accidents"]


def test_a_page_load_request_fills_the_editors(make_app) -> None:
    """Uploads and the Compare page load through ``state.request_load``; the editors follow."""
    at = _run(_open(make_app()))
    at.session_state["_pending"] = (LINKED, ())
    _run(at)
    assert at.session_state["_scenario"] == LINKED
    assert [r["name"] for r in at.session_state["_adv_rows"]] == ["Safety", "Fewer tickets"]


@pytest.mark.parametrize("lang", LANGS)
def test_both_languages_render(make_app, lang: str) -> None:
    bad = replace(LINKED, correlations=())
    at = _run(_open(make_app(s=encode(bad), lang=lang)))
    labels = [e.label for e in at.expander]
    assert translate(lang, "adv.custom_title") in labels and translate(lang, "adv.corr_title") in labels
    first, _ = _ids(at)
    at.text_input(key=f"adv_c{first}_name").input("").run()
    assert [e.value for e in at.error] == [translate(lang, "adv.err_name_empty", row=1)]
    assert translate(lang, "adv.no_pairs") in [c.value for c in at.caption]
    label = INPUTS["productivity_gain_pct"].label(lang)
    assert at.selectbox(key="adv_pair_a").format_func("productivity_gain_pct") == label
    assert [c.name for c in at.session_state["_scenario"].custom] == ["Fewer tickets"]
