"""The HTML report: self-contained, escaped, both languages, headline numbers, valid structure."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from html import escape, unescape
from html.parser import HTMLParser

import openpyxl
import pytest

from roi_core import INPUTS, CustomBenefit, Range, Scenario
from roi_core.presets import PRESETS, VARIANTS, variant
from ui.common.format import chance_sentence, money, pct, probability
from ui.common.i18n import translate
from ui.exports.export import ExportResults, results_xlsx
from ui.exports.report import build_report, report_bytes
from ui.exports.svg import histogram_svg, nice_ticks

HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'
LINK = "https://roi.example.org/?s=v1.n_80~H_5&lang=en"
VOID = {"meta", "br", "img", "hr", "input", "link", "col", "wbr", "source"}


@pytest.fixture(scope="module")
def res() -> ExportResults:
    s = Scenario(
        name=HOSTILE,
        notes="Management asked </div><script>x()</script>\nsecond line",
        draws=2_000,
        custom=(CustomBenefit("<b>Fewer</b> tickets", Range(1_000.0, 5_000.0, 9_000.0)),),
    )
    return ExportResults.compute(s)


@pytest.fixture(scope="module")
def html_en(res: ExportResults) -> str:
    return build_report(res, "en", "EUR", LINK, date(2026, 11, 27))


@pytest.fixture(scope="module")
def html_nl(res: ExportResults) -> str:
    return build_report(res, "nl", "EUR", LINK, date(2026, 11, 27))


class _Balance(HTMLParser):
    """Fails on any mismatched or unclosed element (html.parser itself never complains)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(tag, k, v) for k, v in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Balance:
    p = _Balance()
    p.feed(html)
    p.close()
    return p


class TestStructure:
    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_every_element_is_closed_in_order(self, res: ExportResults, lang: str) -> None:
        html = build_report(res, lang, "EUR", LINK)
        assert html.startswith("<!DOCTYPE html>")
        p = _parse(html)
        assert p.errors == []
        assert p.stack == []
        assert p.tags[:2] == ["html", "head"]

    def test_size_is_reasonable(self, res: ExportResults) -> None:
        data = report_bytes(res, "en", "EUR", LINK)
        assert 10_000 < len(data) < 300_000

    def test_opens_offline_nothing_is_fetched(self, html_en: str) -> None:
        assert "<script" not in html_en.lower()
        assert "<link" not in html_en.lower()
        assert "@import" not in html_en and "url(" not in html_en
        attrs = _parse(html_en).attrs
        assert [a for a in attrs if a[1] in ("src", "srcset", "action", "data")] == []
        assert [(t, v) for t, k, v in attrs if k == "href"] == [("a", LINK)]
        assert [a for a in attrs if a[1].startswith("on")] == []  # no event handlers anywhere
        # The only web address in the file is the share link itself.
        rest = html_en.replace(escape(LINK, quote=True), "")
        assert "http://" not in rest and "https://" not in rest

    def test_has_print_css(self, html_en: str) -> None:
        assert "@media print" in html_en


class TestEscaping:
    def test_hostile_scenario_name_is_text(self, html_en: str) -> None:
        assert HOSTILE not in html_en
        assert escape(HOSTILE) in html_en
        assert "<img" not in html_en
        assert HOSTILE in "".join(_parse(html_en).text)  # what the reader sees

    def test_notes_and_custom_names_are_text(self, html_en: str) -> None:
        text = "".join(_parse(html_en).text)
        assert "Management asked </div><script>x()</script>" in text
        assert "<b>Fewer</b> tickets" in text
        assert "<b>Fewer" not in html_en

    def test_a_javascript_link_is_not_made_clickable(self, res: ExportResults) -> None:
        html = build_report(res, "en", "EUR", "javascript:alert(1)")
        assert "href=" not in html
        assert "javascript:alert(1)" not in html  # not shown either: it is no share link


class TestContent:
    def test_headline_numbers_in_the_locale_format(self, res: ExportResults, html_en: str, html_nl: str) -> None:
        for lang, html in (("en", html_en), ("nl", html_nl)):
            assert escape(pct(res.expected.roi_pct, lang)) in html
            assert escape(pct(res.conservative.roi_pct, lang)) in html
            assert escape(probability(res.summary.prob_roi_positive, lang)) in html
            assert escape(money(res.expected.npv, lang)) in html  # the net benefit is the present value
            assert escape(money(res.expected.net_benefit, lang)) not in html  # never the undiscounted sum
        assert "€\xa0" in html_nl  # Dutch: euro sign, space, dots for thousands

    def test_both_views_are_labelled(self, html_en: str, html_nl: str) -> None:
        assert "At most likely values (3 years)" in html_en
        assert "Phillips view (1 year)" in html_en
        assert "Phillips-benadering (1 jaar)" in html_nl
        assert "Expected ROI (mean)" in html_en  # "expected" labels the mean only
        assert "Expected ROI</div>" not in html_en

    def test_plain_language_sentence_and_language(self, res: ExportResults, html_en: str, html_nl: str) -> None:
        draws = res.summary.draws
        assert escape(chance_sentence(res.summary.prob_roi_positive, draws, "en")) in html_en
        assert escape(chance_sentence(res.summary.prob_roi_positive, draws, "nl")) in html_nl
        assert '<html lang="nl">' in html_nl and "Aannames" in html_nl and "27 november 2026" in html_nl
        assert '<html lang="en">' in html_en and "Assumptions" in html_en

    @pytest.mark.parametrize("years", [1, 2])
    def test_phillips_years_and_settings_read_as_the_language_writes(self, years: int) -> None:
        # The Dutch report said "de baten van de eerste 1 jaar" (English: "the first 1 year"), and listed the draws
        # and the hurdle as Python writes them ("10000", "0.0") among Dutch numbers.
        r = ExportResults.compute(Scenario(draws=10_000, hurdle_pct=2.5, conservative_years=years, horizon_years=3))
        nl = unescape(build_report(r, "nl", "EUR", LINK, date(2026, 11, 27)))
        en = unescape(build_report(r, "en", "EUR", LINK, date(2026, 11, 27)))
        first = {
            1: ("van het eerste jaar.", "benefits of the first year."),
            2: ("van de eerste 2 jaar.", "the first 2 years."),
        }
        assert first[years][0] in nl and first[years][1] in en
        assert "eerste 1 jaar" not in nl and "first 1 year" not in en
        assert "<td>10.000</td>" in nl and "<td>2,5</td>" in nl and "<td>10,000</td>" in en and "<td>2.5</td>" in en
        assert f"<td>{r.scenario.seed}</td>" in nl  # the seed is a code, typed back as shown: no separators

    def test_assumptions_table_has_every_input_with_unit_and_source(self, res: ExportResults, html_en: str) -> None:
        for spec in INPUTS.values():
            assert escape(spec.label("en")) in html_en, spec.key
        assert '<ol class="sources">' in html_en
        assert escape("Arthur, Bennett, Stanush & McNelly (1998)") in html_en  # skill-decay source

    def test_share_link_and_qr(self, html_en: str) -> None:
        assert f'href="{escape(LINK, quote=True)}"' in html_en
        assert '<svg width="' in html_en and 'class="qr"' in html_en

    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_cumulative_legend_fits_the_drawing(self, res: ExportResults, lang: str) -> None:
        # "Meest waarschijnlijk" started at x=606 of a 720 px drawing and was cut at its edge.
        html = build_report(res, lang, "EUR", LINK, date(2026, 11, 27))
        svg = html[html.index(escape(translate(lang, "report.chart.cumulative"))) :]
        svg = svg[: svg.index("</svg>")]
        width = float(re.search(r'viewBox="0 0 ([\d.]+)', html[: html.index(svg)].rsplit("<svg", 1)[1]).group(1))
        for key in ("report.chart.band", "report.chart.median", "report.chart.expected"):
            text = escape(translate(lang, key))
            x = float(re.search(rf'<text x="([\d.]+)"[^>]*>{re.escape(text)}</text>', svg).group(1))
            assert x + 6.0 * len(translate(lang, key)) <= width, (key, x)

    def test_three_charts(self, html_en: str) -> None:
        assert html_en.count('<svg class="chart"') == 3


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_every_preset_variant_gives_a_complete_report_and_workbook(key: str) -> None:
    for which in VARIANTS:
        s = variant(key, which)
        res = ExportResults.compute(replace(s, draws=1_000))
        for lang in ("en", "nl"):
            html = build_report(res, lang, "GBP", LINK)
            assert _parse(html).errors == []
            assert escape(PRESETS[key].name(lang)) in html  # the preset's name in the report's language
            assert escape(pct(res.expected.roi_pct, lang) or translate(lang, "report.undefined")) in html
        book = openpyxl.load_workbook(io.BytesIO(results_xlsx(res, "nl", "GBP")))
        assert len(book.sheetnames) == 6


class TestSvg:
    def test_nice_ticks(self) -> None:
        assert nice_ticks(0, 100, 5) == [0, 20, 40, 60, 80, 100]
        # span 175 / 6 ticks = 29.2 per tick -> the next round step is 50.
        assert nice_ticks(-45, 130, 6) == [0, 50, 100]
        assert nice_ticks(-45, 130, 4) == [0, 50, 100]  # 43.75 -> 50
        assert nice_ticks(-1200, 800, 4) == [-1000, -500, 0, 500]  # 500

    def test_histogram_has_one_bar_per_bin_and_break_even_in_the_middle(self) -> None:
        edges = [-10.0, -5.0, 0.0, 5.0, 10.0]
        svg = histogram_svg(edges, [1, 2, 3, 4], [("P50", 1.0)], "en", "t", "x", "y")
        assert svg.count("<rect") == 4
        # Plot area x from 64 to 720 - 16 = 704; 0 % is halfway: (64 + 704) / 2 = 384.
        assert '<line x1="384.0" x2="384.0"' in svg
        # Bars left of zero are costs-coloured, right of zero benefit-coloured.
        colours = re.findall(r'<rect [^>]*fill="(#[0-9A-F]{6})"', svg)
        assert colours == ["#D55E00", "#D55E00", "#0072B2", "#0072B2"]

    def test_histogram_keeps_break_even_on_chart_when_all_positive(self) -> None:
        svg = histogram_svg([20.0, 40.0, 60.0], [5, 5], [], "en", "t", "x", "y")
        # Domain widened to 0..60: zero sits at the left edge of the plot area.
        assert '<line x1="64.0" x2="64.0"' in svg


class TestTablesAgainstTheModel:
    """Each column of the report's breakdown and yearly tables against the model's own numbers (issue 9).

    A continuous programme over 4 years: its Phillips view counts 1 year, so its recurring costs differ from
    those at most likely values; the cost rows' Phillips column used to repeat the other column.
    """

    @pytest.fixture(scope="class")
    @classmethod
    def res(cls) -> ExportResults:
        return ExportResults.compute(Scenario(draws=1_000, continuous=True, horizon_years=4))

    @staticmethod
    def _rows(html: str, attr: str) -> dict[str, list[str]]:
        rows = re.findall(rf'<tr {attr}="([^"]+)">(.*?)</tr>', html, re.S)
        return {key: [unescape(c) for c in re.findall(r'<td class="num">(.*?)</td>', body)] for key, body in rows}

    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_benefit_and_cost_rows(self, res: ExportResults, lang: str) -> None:
        html = build_report(res, lang)
        e, c = res.expected, res.conservative
        assert c.cost_by_category["recurring"] != e.cost_by_category["recurring"]  # the case the bug hid
        lines = self._rows(html, "data-line")
        on = [str(d) for d in res.scenario.enabled]
        assert list(lines) == on
        for key, cells in lines.items():
            assert cells == [money(e.benefit_by_line[key], lang), money(c.benefit_by_line[key], lang)], key
        costs = self._rows(html, "data-cost")
        assert set(costs) == {k for k, v in e.cost_by_category.items() if v or c.cost_by_category[k]}
        for key, cells in costs.items():
            assert cells == [money(-e.cost_by_category[key], lang), money(-c.cost_by_category[key], lang)], key
        # The columns add up to the headline present values of their view.
        assert sum(e.cost_by_category.values()) == pytest.approx(e.costs)
        assert sum(c.cost_by_category.values()) == pytest.approx(c.costs)

    @pytest.mark.parametrize("lang", ["en", "nl"])
    def test_yearly_rows(self, res: ExportResults, lang: str) -> None:
        html = build_report(res, lang)
        table = html[html.index('id="yearly-table"') :]
        rows = re.findall(r"<tr><td>(\d+)</td>(.*?)</tr>", table, re.S)
        e, q = res.expected, res.summary.cumulative_net_quantiles
        assert [int(y) for y, _ in rows] == list(range(1, 5))
        cumulative = 0.0
        for i, (_, body) in enumerate(rows):
            cumulative += e.yearly_pv_net[i]
            expected = [
                e.yearly_costs[i],
                e.yearly_benefits[i],
                e.yearly_benefits[i] - e.yearly_costs[i],
                e.yearly_pv_net[i],
                cumulative,
                q["p10"][i],
                q["p50"][i],
                q["p90"][i],
            ]
            cells = [unescape(x) for x in re.findall(r'<td class="num">(.*?)</td>', body)]
            assert cells == [money(v, lang) for v in expected], i
        assert cumulative == pytest.approx(e.npv)  # the cumulative present value ends at the net benefit


def test_the_assumptions_table_writes_each_input_as_precisely_as_its_values_between_steps(
    html_en: str, html_nl: str
) -> None:
    # InputSpec.fine_decimals, trailing zeros dropped: churn per NPS point (step 0.05) up to three decimals, the
    # discount rate (step 0.25) up to three, a custom line's amount whole. A measured range (3.06 %) keeps its digits.
    def row(html: str, label: str) -> list[str]:
        start = html.index(f"</td><td>{label}")  # the group's cell comes first in the assumptions table
        return re.findall(r'<td class="num">([^<]*)</td>', html[start : html.index("</tr>", start)])

    assert row(html_en, "Less customer churn per NPS point") == ["0", "0.1", "0.3"]
    assert row(html_nl, "Minder klantverloop per NPS-punt") == ["0", "0,1", "0,3"]
    assert row(html_nl, "Disconteringsvoet") == ["8", "8", "8"]
    assert row(html_nl, "&lt;b&gt;Fewer&lt;/b&gt; tickets") == ["1.000", "5.000", "9.000"]
