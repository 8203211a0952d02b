"""Outside text shown as text (ui/common/safe_text.py), total formatters (ui/common/format.py),
exports without formulas.

Markdown is checked the way a browser would see it: the escaped text is rendered with markdown-it-py plus the
GitHub-flavoured autolinks that Streamlit's front end (react-markdown with remark-gfm) applies, and the HTML may
hold nothing but paragraphs. Each test here failed on the code before issue 13's fixes.
"""

from __future__ import annotations

import csv
import io
import math
import re
from html import unescape

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from roi_core import CustomBenefit, Range, Scenario
from ui.common import format as fmt
from ui.common.safe_text import FORMULA_START, cell, file_name, formula_like, html, md
from ui.exports.export import ExportResults, file_stem, results_csv, results_xlsx

#: Streamlit's Markdown: CommonMark + GFM tables, strikethrough and autolinks of web and mail addresses.
_MD = MarkdownIt("gfm-like", {"linkify": True, "html": True})
_MD.linkify.set({"fuzzy_link": False, "fuzzy_email": True})

#: Names that used to render as a link, emphasis, HTML, a heading, LaTeX or a formula.
HOSTILE = (
    "[phish](https://evil.example/login)",
    "**bold** _it_ ~~gone~~",
    "<img src=x onerror=alert(1)>",
    "# Heading",
    "1. list",
    "> quote",
    "$x^2$ :red[red]",
    "https://evil.example www.evil.example mail@evil.example",
    "![img](https://evil.example/a.png)",
    "`code` | a | b |",
    '=HYPERLINK("https://evil.example/x","Click me")',
)


def rendered(source: str) -> str:
    """The HTML that Markdown ``source`` becomes."""
    return _MD.render(source)


def assert_plain(source: str) -> None:
    """``source`` renders to paragraphs of text only: no link, emphasis, heading, list, code, image or HTML."""
    out = rendered(source)
    tags = set(re.findall(r"</?([a-zA-Z][a-zA-Z0-9]*)", out))
    assert tags <= {"p", "br"}, (source, out)


class TestMarkdown:
    @pytest.mark.parametrize("text", HOSTILE)
    def test_hostile_names_render_as_text(self, text: str) -> None:
        assert_plain(md(text))
        assert_plain(f"Loaded **{md(text)}**.".replace("**", ""))  # inside a sentence as well

    @settings(max_examples=1500)
    @given(st.text(max_size=80))
    def test_any_text_renders_as_exactly_that_text(self, text: str) -> None:
        out = rendered(md(text))
        tags = set(re.findall(r"</?([a-zA-Z][a-zA-Z0-9]*)", out))
        assert tags <= {"p", "br"}, (text, out)

        def norm(x: str) -> str:  # Markdown trims a paragraph's ends and turns NUL into U+FFFD
            return " ".join(x.replace("\x00", "\ufffd").replace("\u200b", "").split())

        assert norm(unescape(re.sub(r"</?p>", "", out))) == norm(text), (text, out)

    def test_html_escapes_quotes_and_brackets(self) -> None:
        assert html('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"


class TestFormatters:
    FORMATTERS = ("money", "compact_money", "pct", "number", "ratio")

    @settings(max_examples=1500)
    @given(
        st.floats(allow_nan=True, allow_infinity=True) | st.integers(-(10**30), 10**30),
        st.sampled_from(("en", "nl")),
        st.sampled_from(fmt.CURRENCIES),
        st.integers(0, 4),
    )
    def test_every_formatter_is_total(self, x: float, lang: str, currency: str, decimals: int) -> None:
        outs = [
            fmt.money(x, lang, currency),
            fmt.compact_money(x, lang, currency),
            fmt.pct(x, lang, decimals),
            fmt.pct(x, lang, decimals, trim=True),
            fmt.number(x, lang, decimals),
            fmt.ratio(x, lang),
        ]
        finite = math.isfinite(float(x))
        for out in outs:
            if finite:
                assert isinstance(out, str) and out
            else:
                assert out is None  # the caller shows a word ("undefined") instead
            if out is not None:
                assert "nan" not in out.lower() and "inf" not in out.lower()
                assert len(out) < 40, out  # never a 26-digit number

    @pytest.mark.parametrize("x", [1e28, 1e308, -1e308, 1e26])
    def test_huge_values_are_short_and_in_both_languages(self, x: float) -> None:
        assert fmt.pct(x, "en") == ("-" if x < 0 else "") + fmt.number(abs(x), "en") + "%"
        assert "×" in fmt.money(x, "nl") and "," in fmt.money(x, "nl")
        assert fmt.number(x, "en", 1).replace("-", "").startswith("1.0\u00a0×\u00a010")

    def test_just_below_the_limit_is_written_out(self) -> None:
        assert fmt.money(999_999_999_999.0, "en") == "€999,999,999,999"
        assert fmt.pct(-1e-300, "en") == "0%"  # never "-0%"

    def test_out_of_ten_of_nan_is_not_a_probability(self) -> None:
        assert fmt.out_of_ten(float("nan")) == 0


# --- spreadsheets -----------------------------------------------------------------------------------------

FORMULA = '=HYPERLINK("https://evil.example/x","Click me")'


@pytest.fixture(scope="module")
def formula_res() -> ExportResults:
    lines = tuple(CustomBenefit(name, Range(1_000.0, 2_000.0, 3_000.0)) for name in (FORMULA, "+1+1", "@SUM(A1)"))
    return ExportResults.compute(Scenario(name="=1+2", notes="-2+3", custom=lines, draws=500))


class TestSpreadsheetInjection:
    def test_cell_helper(self) -> None:
        for start in FORMULA_START:
            assert cell(start + "x") == "'" + start + "x"
            assert formula_like(start + "x")
        assert cell(-5.0) == -5.0 and cell("Pilot") == "Pilot"

    def test_excel_stores_formula_like_text_as_text(self, formula_res: ExportResults) -> None:
        book = openpyxl.load_workbook(io.BytesIO(results_xlsx(formula_res, "en")))
        seen = {}
        for ws in book.worksheets:
            for row in ws.iter_rows():
                for c in row:
                    assert c.data_type != "f", (ws.title, c.coordinate, c.value)
                    if isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@")):
                        assert c.data_type == "s" and c.quotePrefix, (ws.title, c.coordinate, c.value)
                        seen[c.value] = c
        assert "=1+2" in seen  # the name, exactly as typed, but as text
        assert any(FORMULA in v for v in seen)

    def test_csv_prefixes_formula_like_text(self, formula_res: ExportResults) -> None:
        text = results_csv(formula_res, "en").decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text)):
            for value in row[2:4] + row[5:]:  # the text columns (labels, unit, note)
                assert not formula_like(value), row

    def test_csv_text_columns_go_through_the_helper(self, formula_res: ExportResults, monkeypatch) -> None:  # noqa: ANN001
        # The CSV holds the app's own labels only today; a label that came from outside must still be neutralised.
        from ui.exports import export

        monkeypatch.setattr(export, "view_label", lambda view, lang, res: FORMULA)
        text = results_csv(formula_res, "en").decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))[1:]
        assert rows and all(row[2] == "'" + FORMULA for row in rows)


class TestFileNames:
    @pytest.mark.parametrize("name", ["../../etc/passwd", "=cmd|' /C calc'!A0", "CON", "a\x00b", "🎓"])
    def test_download_names_are_plain(self, name: str) -> None:
        stem = file_stem(Scenario(name=name))
        assert re.fullmatch(r"[a-z0-9-]+", stem), stem
        assert file_name(name) == stem.rsplit("-", 3)[0]
