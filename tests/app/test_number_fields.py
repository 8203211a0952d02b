"""Typed numbers in the app: the seed, the target ROI and the custom-line amounts (ui.common.number_field).

Every field is a text field read with ``roi_core.numbers.parse_number`` in the page's notation; these tests
type into it like a user in both languages and check the number the app uses, the message beside the field
(from the catalogue, in the page's language) and that a refused text keeps the last good value.
"""

from __future__ import annotations

import pytest

from roi_core.assumptions import FIELD_BOUNDS
from ui.common.i18n import LANGS, catalogue, translate
from ui.common.number_field import field_message, show_number

PAGE = "views/sensitivity.py"
NOTATION = {"nl": ("12.500", 12_500.0, "12,5", 12.5), "en": ("12,500", 12_500.0, "12.5", 12.5)}


def _run(at):
    at.run()
    assert not at.exception, at.exception
    return at


def _type(at, key: str, text: str):
    at.text_input(key=f"txt_{key}").input(text).run()
    assert not at.exception, at.exception
    return at


def _custom_line(make_app, lang: str):
    at = make_app(lang=lang)
    at.session_state["grp_adv_custom"] = True
    _run(at)
    at.button(key="adv_add").click().run()
    (row,) = at.session_state["_adv_rows"]
    return at, row["id"]


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_exists_in_both_catalogues(lang: str) -> None:
    kinds = ("empty", "not_a_number", "ambiguous", "bad_grouping", "outside", "not_whole", "implausible", "kept")
    assert [k for k in kinds if f"inputs.{k}" not in catalogue(lang)] == []


class TestCustomLineAmount:
    @pytest.mark.parametrize("lang", LANGS)
    def test_thousands_and_decimals_in_the_pages_notation(self, make_app, lang: str) -> None:
        thousands, big, decimal, small = NOTATION[lang]
        at, rid = _custom_line(make_app, lang)
        _type(at, f"adv_c{rid}_likely", thousands)
        assert at.session_state[f"adv_c{rid}_likely"] == big
        line = at.session_state["_scenario"].custom[0]
        assert line.value_eur.likely == big  # the model uses 12,500 a year, not 13 or 12.5
        assert at.text_input(key=f"txt_adv_c{rid}_likely").value == show_number(big, lang)
        _type(at, f"adv_c{rid}_low", decimal + "0")  # 12,50 / 12.50
        assert at.session_state[f"adv_c{rid}_low"] == small
        assert at.session_state["_scenario"].custom[0].value_eur.low == small
        assert not at.error and not at.warning

    @pytest.mark.parametrize("lang", LANGS)
    def test_abc_is_refused_with_the_notation_and_the_last_value_kept(self, make_app, lang: str) -> None:
        thousands, big, _, _ = NOTATION[lang]
        at, rid = _custom_line(make_app, lang)
        _type(at, f"adv_c{rid}_likely", thousands)
        _type(at, f"adv_c{rid}_likely", "abc")
        assert at.session_state[f"adv_c{rid}_likely"] == big
        assert at.session_state["_scenario"].custom[0].value_eur.likely == big
        b = FIELD_BOUNDS["custom_value_eur"]
        expected = field_message("not_a_number", b, lang, text="abc", kept=big)
        assert expected in [e.value for e in at.error]
        assert translate(lang, "inputs.kept", value=show_number(big, lang)) in expected
        assert ("12.500,75" if lang == "nl" else "12,500.75") in expected  # says which notation
        # a good value again: the message goes
        _type(at, f"adv_c{rid}_likely", "7")
        assert at.session_state[f"adv_c{rid}_likely"] == 7.0
        assert expected not in [e.value for e in at.error]

    def test_the_other_languages_decimal_is_refused_as_ambiguous(self, make_app) -> None:
        at, rid = _custom_line(make_app, "en")
        _type(at, f"adv_c{rid}_likely", "12,5")
        assert at.session_state[f"adv_c{rid}_likely"] == 0.0
        msg = field_message("ambiguous", FIELD_BOUNDS["custom_value_eur"], "en", text="12,5", kept=0.0)
        assert msg in [e.value for e in at.error]

    def test_both_separators_of_the_other_notation_are_read(self, make_app) -> None:
        at, rid = _custom_line(make_app, "nl")
        _type(at, f"adv_c{rid}_likely", "12,500.75")
        assert at.session_state[f"adv_c{rid}_likely"] == 12_500.75

    @pytest.mark.parametrize("lang", LANGS)
    def test_implausible_amount_is_used_with_a_warning(self, make_app, lang: str) -> None:
        at, rid = _custom_line(make_app, lang)
        _type(at, f"adv_c{rid}_likely", {"nl": "€ 1.000.000.000.000", "en": "€1,000,000,000,000"}[lang])
        assert at.session_state[f"adv_c{rid}_likely"] == 1e12
        b = FIELD_BOUNDS["custom_value_eur"]
        assert field_message("implausible", b, lang, text=show_number(1e12, lang)) in [w.value for w in at.warning]
        assert at.session_state["_scenario"].custom[0].value_eur.likely == 1e12

    @pytest.mark.parametrize("lang", LANGS)
    def test_attribution_of_150_is_refused_with_the_range(self, make_app, lang: str) -> None:
        at, rid = _custom_line(make_app, lang)
        _type(at, f"adv_c{rid}_attr", "150")
        assert at.session_state[f"adv_c{rid}_attr"] == 50.0
        b = FIELD_BOUNDS["custom_attribution_pct"]
        msg = field_message("outside", b, lang, text="150", kept=50.0)
        assert msg in [e.value for e in at.error]
        assert "0 … 100" in msg


class TestSeed:
    @pytest.mark.parametrize("lang", LANGS)
    def test_seed_in_the_pages_notation(self, make_app, lang: str) -> None:
        thousands, big, _, _ = NOTATION[lang]
        at = _run(make_app(lang=lang))
        _type(at, "seed", thousands)
        assert at.session_state["seed"] == 12_500
        assert at.session_state["_scenario"].seed == 12_500
        assert at.text_input(key="txt_seed").value == "12500"  # a seed is shown without separators

    @pytest.mark.parametrize("lang", LANGS)
    @pytest.mark.parametrize(("text", "kind"), [("-5", "outside"), ("abc", "not_a_number"), ("", "empty")])
    def test_refused_seed_says_why_and_keeps_the_value(self, make_app, lang: str, text: str, kind: str) -> None:
        at = _run(make_app(lang=lang))
        _type(at, "seed", "7")
        _type(at, "seed", text)
        assert at.session_state["seed"] == 7 and at.session_state["_scenario"].seed == 7
        msg = field_message(kind, FIELD_BOUNDS["seed"], lang, text=text, kept=7, grouping=False)
        assert msg in [e.value for e in at.error]
        if kind == "outside":
            assert "0 … 9007199254740991" in msg

    def test_a_fraction_is_refused_for_the_seed(self, make_app) -> None:
        at = _run(make_app(lang="nl"))
        seed = at.session_state["seed"]
        _type(at, "seed", "12,5")
        assert at.session_state["seed"] == seed == at.session_state["_scenario"].seed
        msg = field_message("not_whole", FIELD_BOUNDS["seed"], "nl", text="12,5", kept=seed, grouping=False)
        assert msg in [e.value for e in at.error]

    def test_reset_clears_the_message_and_the_text(self, make_app) -> None:
        at = _run(make_app(lang="en"))
        _type(at, "seed", "7")
        _type(at, "seed", "abc")
        assert at.error
        at.button(key="reset").click().run()
        assert not at.exception
        seed = at.session_state["_scenario"].seed
        assert at.text_input(key="txt_seed").value == str(seed)
        assert not [e for e in at.error if "abc" in e.value]


class TestTargetRoi:
    def _page(self, make_app, lang: str):
        at = _run(make_app(lang=lang, sv="targets"))
        at.switch_page(PAGE).run()
        assert not at.exception, at.exception
        return at

    @pytest.mark.parametrize("lang", LANGS)
    def test_typed_target_in_the_pages_notation(self, make_app, lang: str) -> None:
        at = self._page(make_app, lang)
        _type(at, "sens_target", "62,5" if lang == "nl" else "62.5")
        assert at.session_state["sens_target"] == 62.5
        assert at.query_params["st"] == ["62.5"] or at.query_params["st"] == "62.5"

    @pytest.mark.parametrize("lang", LANGS)
    def test_target_below_minus_100_is_refused_with_the_range(self, make_app, lang: str) -> None:
        at = self._page(make_app, lang)
        _type(at, "sens_target", "-1000")
        assert at.session_state["sens_target"] == 100.0
        b = FIELD_BOUNDS["target_roi_pct"]
        msg = field_message("outside", b, lang, text="-1000", kept=100.0)
        assert msg in [e.value for e in at.error]
        assert show_number(-100, lang) in msg and show_number(10_000, lang) in msg
