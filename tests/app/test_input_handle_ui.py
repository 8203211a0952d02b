"""The UI reads inputs through the handle: one decimals rule, one label rule, custom lines from the scenario."""

from __future__ import annotations

import pytest

from roi_core import INPUT_KEYS, INPUTS, CustomBenefit, Range, Scenario
from roi_core.assumptions import CUSTOM_SOURCE
from ui.common.format import input_title, number
from ui.evidence.evidence_text import input_value
from ui.exports.export import assumption_rows
from ui.rooms.rooms import shown_text
from ui.sensitivity.sensitivity_charts import label_of, value_text

S = Scenario(custom=(CustomBenefit("Fewer *complaints*", Range(5_000.0, 8_000.0, 12_000.0), Range(40.0, 50.0, 60.0)),))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_values_between_steps_have_one_rule(lang: str) -> None:
    # the phone page's pooled values and a measured interval's ends: both one decimal finer than the step
    for key in INPUT_KEYS:
        x = 1234.56789
        assert shown_text(x, key, lang) == input_value(x, key, lang) == number(x, lang, INPUTS[key].fine_decimals)
    assert shown_text(3.14159, "discount_rate", "nl") == "3,142"  # step 0.25: two decimals, one finer
    assert shown_text(12.345, "completion_rate", "en") == "12.3"  # whole step: one decimal
    assert shown_text(42_345.6, "gross_salary", "nl") == "42.346"  # a step of 1,000 euro: whole euros


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_custom_lines_are_labelled_and_formatted_by_their_spec(lang: str) -> None:
    assert label_of(S, "custom:0:value", lang) == "Fewer *complaints*"
    share = "share due to the training" if lang == "en" else "deel dankzij de training"
    assert label_of(S, "custom:0:attribution", lang) == f"Fewer *complaints*: {share}"
    assert value_text("custom:0:value", 12_345.6, "nl") == "€\xa012.346/jaar"
    assert value_text("custom:0:attribution", 42.4, lang) == "42\xa0%"


def test_the_export_lists_custom_lines_from_the_handle() -> None:
    rows = {r["key"]: r for r in assumption_rows(S, "nl")}
    assert list(rows) == list(S.input_keys)
    value, share = rows["custom:0:value"], rows["custom:0:attribution"]
    assert value["label"] == "Fewer *complaints*" and share["label"] == "Fewer *complaints*: deel dankzij de training"
    assert (value["low"], value["likely"], value["high"]) == (5_000.0, 8_000.0, 12_000.0)
    assert value["source"] == CUSTOM_SOURCE.cite("nl") == "Eigen schatting"
    assert value["source_note"] == CUSTOM_SOURCE.note("nl")
    assert rows["gross_salary"]["source_note"] == INPUTS["gross_salary"].source.note("nl")


def test_input_title_is_name_and_unit() -> None:
    assert input_title(INPUTS["participants"], "nl") == "Deelnemers (aantal)"
    assert input_title(INPUTS["attribution_quality"], "en", distinct=True) == (
        "Share due to the training (Fewer errors and rework) (%)"
    )
    assert input_title(S.input("custom:0:value"), "en", "GBP") == "Fewer *complaints* (£/yr)"
