"""The text catalogues (one per language) and locale-aware formatting."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

from roi_core import INPUTS, Group, Shape
from ui.common import format as fmt
from ui.common import presets, widget_state
from ui.common.i18n import LANGS, as_lang, catalogue, catalogue_files, lang_from_locale, translate

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [ROOT / "app.py", *sorted((ROOT / "views").glob("*.py")), *sorted((ROOT / "ui").rglob("*.py"))]
# t("key"), t('key', ...), translate(lang, "key"), tr("key") with a literal key (f-strings are checked below).
CALL = re.compile(r"""\b(?:t|tr|translate\(\s*\w+\s*,)\s*\(?\s*["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class TestCatalogues:
    def test_every_key_in_both_languages(self) -> None:
        en, nl = set(catalogue("en")), set(catalogue("nl"))
        assert sorted(en - nl) == [], "missing in nl.json"
        assert sorted(nl - en) == [], "missing in en.json"

    @pytest.mark.parametrize("lang", LANGS)
    def test_no_empty_texts(self, lang: str) -> None:
        assert [k for k, v in catalogue(lang).items() if not v.strip()] == []

    @pytest.mark.parametrize("lang", LANGS)
    def test_files_are_valid_json_without_duplicate_keys(self, lang: str) -> None:
        def no_dupes(pairs):
            keys = [k for k, _ in pairs]
            assert len(keys) == len(set(keys)), f"duplicate keys in {lang}.json"
            return dict(pairs)

        for path in catalogue_files(lang):
            json.loads(path.read_text("utf-8"), object_pairs_hook=no_dupes)

    def test_same_placeholders_in_both_languages(self) -> None:
        en, nl = catalogue("en"), catalogue("nl")
        differ = [k for k in en if k in nl and _placeholders(en[k]) != _placeholders(nl[k])]
        assert differ == []

    def test_every_literal_key_used_in_code_exists(self) -> None:
        used = {(p.name, k) for p in SOURCES for k in CALL.findall(p.read_text("utf-8"))}
        assert len(used) > 100  # the scan finds the calls at all
        missing = sorted((f, k) for f, k in used if k not in catalogue("en"))
        assert missing == []

    def test_keys_built_from_names_exist(self) -> None:
        built = [f"variant.{v}" for v in presets.VARIANTS]
        built += [f"mode.{m}" for m in widget_state.MODES] + [f"sure.{c}" for c in widget_state.CERTAINTY]
        built += [f"shape.{s.value}" for s in Shape] + [f"chart.kind_{k}" for k in ("benefit", "cost", "net")]
        built += [f"group.{g.value}" for g in (Group.PROGRAMME, Group.WORKFORCE, Group.TIME)]
        for lang in LANGS:
            assert [k for k in built if k not in catalogue(lang)] == []

    def test_translate_formats_and_never_raises(self) -> None:
        assert translate("nl", "metrics.sentence.k", k=8, p="79%") == (
            "In 8 van de 10 gesimuleerde toekomsten verdient het programma zichzelf terug (79%)."
        )
        raw = catalogue("en")["metrics.sentence.k"]
        assert translate("en", "metrics.sentence.k") == raw  # missing field: raw text
        assert translate("fr", "nav.method") == "Method"  # unknown language: English
        assert translate("en", "no.such.key") == "no.such.key"

    @pytest.mark.parametrize(
        ("locale", "lang"),
        [
            ("nl", "nl"),
            ("nl-NL", "nl"),
            ("nl_BE", "nl"),
            ("NL", "nl"),
            ("en-US", "en"),
            ("de-DE", "en"),
            (None, "en"),
            ("", "en"),
        ],
    )
    def test_language_from_browser_locale(self, locale: str | None, lang: str) -> None:
        assert lang_from_locale(locale) == lang

    def test_as_lang_keeps_the_app_languages_and_reads_others_as_the_registry_does(self) -> None:
        # as_lang only narrows the type: the registry's labels in every language the app offers stay the same,
        # and an unknown code gets the English label, as InputSpec.label gives it.
        sp = INPUTS["productivity_gain_pct"]
        assert [as_lang(code) for code in LANGS] == list(LANGS)
        assert as_lang("de") == "en"
        assert sp.label(as_lang("nl")) == sp.label_nl != sp.label_en == sp.label(as_lang("de"))


class TestFormatting:
    @pytest.mark.parametrize(
        ("lang", "cur", "x", "text"),
        [
            ("nl", "EUR", 1234567.4, "€\u00a01.234.567"),
            ("en", "EUR", 1234567.4, "€1,234,567"),
            ("en", "USD", -2500, "-$2,500"),
            ("en", "GBP", 999.5, "£1,000"),
            ("nl", "GBP", -1234, "£\u00a0-1.234"),
        ],
    )
    def test_money(self, lang: str, cur: str, x: float, text: str) -> None:
        assert fmt.money(x, lang, cur) == text

    @pytest.mark.parametrize("x", [float("nan"), float("inf"), None])
    def test_undefined_is_none_never_zero(self, x) -> None:
        assert fmt.money(x) is None and fmt.pct(x) is None and fmt.ratio(x) is None and fmt.number(x) is None

    def test_percent_ratio_number(self) -> None:
        assert fmt.pct(148.0, "en") == "148%" and fmt.pct(-8.64, "nl", 1) == "-8,6%"
        assert fmt.pct(2.25, "nl", 2, trim=True) == "2,25%" and fmt.pct(8.0, "en", 2, trim=True) == "8%"
        assert fmt.ratio(2.484, "nl") == "2,48"
        assert fmt.number(10_000, "nl") == "10.000"

    def test_compact_money(self) -> None:
        assert fmt.compact_money(1_250_000, "en") == "€1.2M"
        assert fmt.compact_money(45_300, "nl", "USD") == "$\u00a045k"
        assert fmt.compact_money(900, "en") == "€900"

    @pytest.mark.parametrize(
        ("p", "n"),
        [
            (0.0, 0),
            (0.01, "<1"),
            (0.049, "<1"),
            (0.05, 1),
            (0.44, 4),
            (0.79, 8),
            (0.85, 9),
            (0.949, 9),
            (0.95, ">9"),
            (0.999, ">9"),
            (1.0, 10),
            (float("nan"), 0),
        ],
    )
    def test_out_of_ten(self, p: float, n) -> None:
        assert fmt.out_of_ten(p) == n

    def test_escapes(self) -> None:
        assert fmt.md_escape("$1 - $2") == "\\$1 - \\$2"
        assert fmt.latex_text("$1,000 & 5%") == "\\$1,000 \\& 5\\%"
        assert fmt.latex_text("€\u00a01.000") == "€ 1.000"

    def test_units(self) -> None:
        assert fmt.unit_text("EUR/yr", "GBP", "en") == "£/yr"
        assert fmt.unit_text("EUR/participant", "EUR", "nl") == "€/deelnemer"
        assert fmt.unit_text("h", "EUR", "nl") == "uur"
