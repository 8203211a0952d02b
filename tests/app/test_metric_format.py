"""ui.common.format's one formatter per unit, the probability words and the plural helper (issue 9)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roi_core import Scenario, conservative, deterministic, simulate
from roi_core.metrics import OUTPUT_METRICS, metric_values
from ui.common.format import chance_sentence, metric_text, months, probability
from ui.common.i18n import LANGS, catalogue, plural


class TestPlural:
    @pytest.mark.parametrize(
        ("lang", "n", "text"),
        [
            ("en", 1, "1 month"),
            ("en", 1.0, "1 month"),
            ("en", 0, "0 months"),
            ("en", 1.5, "1.5 months"),
            ("en", 11.26, "11.3 months"),
            ("nl", 1, "1 maand"),
            ("nl", 2, "2 maanden"),
            ("nl", 11.26, "11,3 maanden"),
        ],
    )
    def test_months(self, lang: str, n: float, text: str) -> None:
        assert plural(lang, "plural.months", n) == text

    def test_years_and_futures(self) -> None:
        assert plural("en", "plural.years", 1) == "1 year" and plural("en", "plural.years", 3) == "3 years"
        assert plural("nl", "plural.years", 1) == "1 jaar" and plural("nl", "plural.years", 3) == "3 jaar"
        assert plural("en", "plural.futures", 10_000) == "10,000 simulated futures"
        assert plural("nl", "plural.futures", 1) == "1 gesimuleerde toekomst"

    def test_every_plural_key_has_both_forms_in_both_languages(self) -> None:
        for lang in LANGS:
            keys = {k.rsplit("_", 1)[0] for k in catalogue(lang) if k.startswith("plural.")}
            for key in keys:
                assert {f"{key}_one", f"{key}_other"} <= set(catalogue(lang)), (lang, key)

    def test_months_rounds_before_choosing_the_form(self) -> None:
        assert months(1.04, "en") == "1 month"  # shown as 1: singular
        assert months(float("nan"), "en") is None


class TestProbability:
    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(st.floats(0.0, 1.0), st.sampled_from(["en", "nl"]))
    def test_words_and_number_agree(self, p: float, lang: str) -> None:
        text = probability(p, lang)
        sentence = chance_sentence(p, 10_000, lang)
        assert (text == "100%") == (p == 1.0)  # certainty only when exactly so
        assert (text == "0%") == (p == 0.0)
        if p == 1.0:
            assert sentence.startswith(("In all 10,000", "In alle 10.000"))
        elif p == 0.0:
            assert sentence.startswith(("In none", "In geen"))
        else:
            assert text in sentence  # the sentence carries the same number
            if text.startswith(">") or p >= 0.95:
                assert "9" in sentence and ("more than" in sentence or "meer dan" in sentence)

    def test_examples(self) -> None:
        assert chance_sentence(0.4368, 10_000, "en") == (
            "In 4 out of 10 simulated futures the programme pays for itself (44%)."
        )
        assert chance_sentence(0.9996, 10_000, "nl") == (
            "In meer dan 9 van de 10 gesimuleerde toekomsten verdient het programma zichzelf terug (> 99%)."
        )
        assert chance_sentence(math.nan, 500, "en").startswith("Nothing is spent in any of the 500")


def test_every_metric_has_a_text_in_both_languages() -> None:
    s = Scenario()
    mv = metric_values(deterministic(s), conservative(s), simulate(s, draws=400, seed=1).summary())
    for lang in LANGS:
        for key in OUTPUT_METRICS:
            text = metric_text(key, mv, lang)
            assert text and "nan" not in text.lower(), (lang, key, text)
