"""Exports as plain functions: CSV, Excel, scenario JSON, file names, QR codes."""

from __future__ import annotations

import io
import math
import re
import struct
import xml.etree.ElementTree as ET
from datetime import date

import openpyxl
import pandas as pd
import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from roi_core import COST_CATEGORIES, DRIVERS, INPUT_KEYS, INPUTS, CustomBenefit, Driver, Range, Scenario
from roi_core.metrics import OUTPUT_METRICS, UNDEFINED_WORDS, Undefined
from roi_core.scenario_io import from_json
from ui.common.i18n import translate
from ui.exports.export import CSV_DIALECTS, ExportResults, file_stem, results_csv, results_xlsx, scenario_json
from ui.exports.qr import BORDER, MAX_URL_LENGTH, MIN_MODULE_PX, make_qr, qr_png, qr_svg

CSV_COLUMNS = ("view_code", "metric_code", "view", "metric", "value", "unit", "note")
N_POINT_METRICS = 6  # roi, npv, bcr, payback, benefits, costs (present values; no undiscounted net benefit)
N_MC_METRICS = 14  # mean, p5, p10, p50, p90, p95, 2 probabilities, 4 npv, payback p50, prob payback


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return Scenario(
        name='Pilot <Sales> & "co"',
        notes="first line\nsecond line",
        draws=2_000,
        custom=(CustomBenefit("Fewer tickets", Range(1_000.0, 5_000.0, 9_000.0)),),
    )


@pytest.fixture(scope="module")
def res(scenario: Scenario) -> ExportResults:
    return ExportResults.compute(scenario)


def _csv(res: ExportResults, lang: str, currency: str = "EUR") -> pd.DataFrame:
    sep, decimal = CSV_DIALECTS[lang]
    return pd.read_csv(
        io.BytesIO(results_csv(res, lang, currency)),
        encoding="utf-8-sig",
        sep=sep,
        decimal=decimal,
        keep_default_na=False,
        na_values=[""],
    )


def _row(df: pd.DataFrame, view: str, metric: str) -> pd.Series:
    hit = df[(df.iloc[:, 0] == view) & (df.iloc[:, 1] == metric)]
    assert len(hit) == 1, (view, metric)
    return hit.iloc[0]


class TestResultsCsv:
    def test_columns_are_the_catalogue_headers_in_each_language(self, res: ExportResults) -> None:
        for lang in ("en", "nl"):
            df = _csv(res, lang)
            assert list(df.columns) == [translate(lang, f"report.csv.{c}") for c in CSV_COLUMNS]
        assert list(_csv(res, "nl").columns)[2:5] == ["Weergave", "Maatstaf", "Waarde"]

    def test_one_row_per_view_and_metric(self, res: ExportResults) -> None:
        df = _csv(res, "en")
        assert len(df) == 2 * N_POINT_METRICS + N_MC_METRICS
        assert df.iloc[:, 0].value_counts().to_dict() == {
            "likely": N_POINT_METRICS,
            "phillips": N_POINT_METRICS,
            "simulation": N_MC_METRICS,
        }
        assert df.iloc[:, 1].tolist() == list(OUTPUT_METRICS)  # the registry, in its order

    def test_values_are_the_result_numbers_exactly(self, res: ExportResults) -> None:
        df = _csv(res, "en")
        # Rounded for the unit: hundredths of a per cent, cents.
        assert _row(df, "likely", "roi_likely")["Value"] == round(res.expected.roi_pct, 2)
        assert _row(df, "phillips", "costs_phillips")["Value"] == round(res.conservative.costs, 2)
        assert _row(df, "simulation", "roi_p95")["Value"] == round(res.summary.roi_p95, 2)
        # Shares are written as per cent.
        assert _row(df, "simulation", "prob_roi_positive")["Value"] == round(100 * res.summary.prob_roi_positive, 2)

    def test_dutch_file_uses_semicolons_and_decimal_commas(self, res: ExportResults) -> None:
        text = results_csv(res, "nl").decode("utf-8-sig")
        header, first = text.splitlines()[:2]
        assert header.count(";") == 6 and "," not in header
        value = first.split(";")[4]
        assert re.fullmatch(r"-?\d+,\d{2}", value), value  # e.g. -7,98: what a Dutch Excel reads as a number
        nl, en = _csv(res, "nl").iloc[:, 4], _csv(res, "en").iloc[:, 4]
        assert nl.isna().equals(en.isna()) and (nl.dropna() == en.dropna()).all()  # the same numbers, read back

    def test_roi_in_the_file_follows_from_benefits_and_costs_in_the_file(self, res: ExportResults) -> None:
        # ROI % = (benefits - costs) / costs x 100, from the file's own numbers.
        df = _csv(res, "en")
        for view in ("likely", "phillips"):
            b, c = _row(df, view, f"benefits_{view}")["Value"], _row(df, view, f"costs_{view}")["Value"]
            assert _row(df, view, f"roi_{view}")["Value"] == pytest.approx((b - c) / c * 100, abs=0.01)
            assert _row(df, view, f"bcr_{view}")["Value"] == pytest.approx(b / c, abs=1e-4)
            assert _row(df, view, f"npv_{view}")["Value"] == pytest.approx(
                b - c, abs=0.01
            )  # net benefit: present value

    def test_undefined_value_is_empty_with_a_note_never_zero(self, res: ExportResults) -> None:
        # Default scenario: the conservative view (first-year benefits) does not pay back.
        assert math.isnan(res.conservative.payback_months)
        df = _csv(res, "en")
        row = _row(df, "phillips", "payback_phillips")
        assert math.isnan(row["Value"])
        assert row["Note"] == UNDEFINED_WORDS[Undefined.NO_PAYBACK][0]
        assert row["Unit"] == "months"

    def test_money_unit_follows_the_currency_and_labels_the_language(self, res: ExportResults) -> None:
        df = _csv(res, "nl", "GBP")
        assert _row(df, "likely", "npv_likely")["Eenheid"] == "GBP"
        assert _row(df, "likely", "npv_likely")["Maatstaf"] == "Nettobaat (contante waarde)"

    def test_starts_with_a_bom_for_excel(self, res: ExportResults) -> None:
        assert results_csv(res, "en").startswith(b"\xef\xbb\xbf")


@pytest.fixture(scope="module")
def book(res: ExportResults) -> openpyxl.Workbook:
    data = results_xlsx(res, "en", share_url="https://example.org/?s=v1.n_80", today=date(2026, 11, 27))
    return openpyxl.load_workbook(io.BytesIO(data))


class TestResultsXlsx:
    # Excel keeps 15 significant digits: compare to that precision.

    def test_sheets_in_both_languages(self, res: ExportResults, book: openpyxl.Workbook) -> None:
        names = ("summary", "assumptions", "yearly", "benefits", "costs", "distribution")
        assert book.sheetnames == [translate("en", f"report.sheet.{n}") for n in names]
        nl = openpyxl.load_workbook(io.BytesIO(results_xlsx(res, "nl")))
        assert nl.sheetnames[0] == "Samenvatting"
        assert nl.sheetnames == [translate("nl", f"report.sheet.{n}") for n in names]

    def test_summary_holds_name_link_and_metric_values(self, res: ExportResults, book: openpyxl.Workbook) -> None:
        ws = book.worksheets[0]
        assert ws["A1"].value == res.scenario.name
        cells = [c.value for row in ws.iter_rows() for c in row]
        assert "https://example.org/?s=v1.n_80" in cells
        assert "2026-11-27" in cells
        found = {(r[0].value, r[1].value): r[4].value for r in ws.iter_rows() if len(r) >= 5}
        assert found[("likely", "roi_likely")] == pytest.approx(res.expected.roi_pct, rel=1e-14)
        assert found[("phillips", "npv_phillips")] == pytest.approx(res.conservative.npv, rel=1e-14)
        assert found[("simulation", "roi_p50")] == pytest.approx(res.summary.roi_p50, rel=1e-14)
        assert found[("phillips", "payback_phillips")] is None  # undefined: empty cell, not 0

    def test_yearly_cash_flow_adds_up_to_the_net_benefit(self, res: ExportResults, book: openpyxl.Workbook) -> None:
        rows = list(book.worksheets[2].iter_rows(min_row=2, values_only=True))
        assert [r[0] for r in rows] == list(range(1, res.scenario.horizon_years + 1))
        # Cash columns (not discounted) then present values: each column against the model.
        e = res.expected
        for (_year, costs, benefits, net, pv_net, *_), c, b, v in zip(
            rows, e.yearly_costs, e.yearly_benefits, e.yearly_pv_net, strict=True
        ):
            assert (costs, benefits, net, pv_net) == pytest.approx((c, b, b - c, v))
        # The cumulative present value ends at the net benefit every page shows (the NPV), not the cash sum.
        assert rows[-1][5] == pytest.approx(sum(r[4] for r in rows))
        assert rows[-1][5] == pytest.approx(res.expected.npv)
        q = res.summary.cumulative_net_quantiles
        for i, r in enumerate(rows):
            assert r[6:9] == pytest.approx((q["p10"][i], q["p50"][i], q["p90"][i]))

    def test_benefit_lines_and_costs(self, res: ExportResults, book: openpyxl.Workbook) -> None:
        lines = list(book.worksheets[3].iter_rows(min_row=2, values_only=True))
        assert [r[0] for r in lines] == [str(d) for d in DRIVERS] + ["Fewer tickets"]
        on = {r[0]: r[2] for r in lines}
        assert on["contractors"] == "no" and on["productivity"] == "yes"
        assert sum(r[3] for r in lines) == pytest.approx(sum(res.expected.benefit_by_line.values()))
        for r in lines:  # each column against its own view (present values)
            assert r[3:6] == pytest.approx(
                (
                    res.expected.benefit_by_line[r[0]],
                    res.conservative.benefit_by_line[r[0]],
                    res.summary.mean_benefit_by_line[r[0]],
                )
            )
        costs = list(book.worksheets[4].iter_rows(min_row=2, values_only=True))
        assert [r[0] for r in costs] == list(COST_CATEGORIES)
        for r in costs:
            assert r[2:5] == pytest.approx(
                (
                    res.expected.cost_by_category[r[0]],
                    res.conservative.cost_by_category[r[0]],
                    res.summary.mean_cost_by_category[r[0]],
                )
            )
        assert sum(r[2] for r in costs) == pytest.approx(res.expected.costs)
        assert sum(r[3] for r in costs) == pytest.approx(res.conservative.costs)

    def test_distribution_bins_count_every_defined_draw(self, res: ExportResults, book: openpyxl.Workbook) -> None:
        rows = list(book.worksheets[5].iter_rows(min_row=2, values_only=True))
        assert len(rows) == len(res.summary.roi_histogram.counts)
        assert sum(r[2] for r in rows) == res.scenario.draws - res.summary.n_undefined
        assert sum(r[3] for r in rows) == pytest.approx(1.0)
        assert all(rows[i][1] == rows[i + 1][0] for i in range(len(rows) - 1))  # contiguous bins

    def test_assumptions_list_every_input_and_the_custom_line(
        self, res: ExportResults, book: openpyxl.Workbook
    ) -> None:
        rows = {r[0]: r for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
        assert set(INPUT_KEYS) <= set(rows)
        r = rows["productivity_gain_pct"]
        rng = res.scenario["productivity_gain_pct"]
        assert (r[4], r[5], r[6]) == (rng.low, rng.likely, rng.high)
        assert r[3] == "%"
        assert r[9] == INPUTS["productivity_gain_pct"].source.citation
        assert rows["custom:0:value"][5] == 5_000.0


class TestScenarioJson:
    def test_round_trips_through_from_json(self, scenario: Scenario) -> None:
        loaded = from_json(scenario_json(scenario))
        assert loaded.scenario == scenario
        assert loaded.warnings == ()

    def test_round_trips_a_changed_scenario(self) -> None:
        s = (
            Scenario(horizon_years=5, seed=7, name="Ünïcode ✓")
            .with_values(participants=Range.fixed(80))
            .with_enabled(Driver.QUALITY)
        )
        assert from_json(scenario_json(s)).scenario == s


class TestFileStem:
    def test_hostile_name_becomes_a_safe_slug(self) -> None:
        assert file_stem(Scenario(name="<script>../../etc"), date(2026, 1, 2)) == "script-etc-2026-01-02"
        assert file_stem(Scenario(name="Één café"), date(2026, 1, 2)) == "een-cafe-2026-01-02"
        assert file_stem(Scenario(name="!!!"), date(2026, 1, 2)) == "scenario-2026-01-02"

    @settings(max_examples=60, deadline=None)
    @given(st.text(max_size=80))
    def test_any_name_gives_a_plain_ascii_stem(self, name: str) -> None:
        stem = file_stem(Scenario(name=name), date(2026, 11, 27))
        assert re.fullmatch(r"[a-z0-9-]{1,40}-2026-11-27", stem)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


class TestQr:
    URL = "http://localhost:8501/?s=v1.n_80~pg_2_5_9_t~D_pqa~H_5&lang=nl"

    def test_png_is_large_enough_for_a_projector(self) -> None:
        data = qr_png(self.URL)
        w, h = _png_size(data)
        modules = make_qr(self.URL).symbol_size(scale=1, border=BORDER)[0]
        assert w == h
        assert w % modules == 0 and w // modules >= MIN_MODULE_PX  # whole pixels per module
        assert 600 <= w <= 800

    def test_png_pixels_are_the_qr_matrix_of_exactly_this_url(self) -> None:
        data = qr_png(self.URL)
        img = Image.open(io.BytesIO(data)).convert("L")
        reference = segno.make(self.URL, error="m", micro=False)
        size = len(reference.matrix)
        scale = img.width // (size + 2 * BORDER)
        pixels = [
            [
                img.getpixel(((BORDER + x) * scale + scale // 2, (BORDER + y) * scale + scale // 2)) < 128
                for x in range(size)
            ]
            for y in range(size)
        ]
        assert pixels == [[bool(v) for v in row] for row in reference.matrix]
        # The quiet zone is white.
        assert all(img.getpixel((i, 1)) > 128 for i in range(img.width))
        # And one character more gives another code: the matrix depends on the whole link.
        other = segno.make(self.URL + "0", error="m", micro=False)
        assert [list(r) for r in other.matrix] != [list(r) for r in reference.matrix]

    def test_byte_mode_full_qr_holds_the_link_unchanged(self) -> None:
        qr = make_qr(self.URL)
        assert qr.mode == "byte"  # lower case URL: byte mode keeps every character as is
        assert not qr.is_micro
        assert qr.error in ("M", "Q", "H")  # at least 15 % error correction

    def test_svg_is_a_standalone_svg_document(self) -> None:
        data = qr_svg(self.URL)
        root = ET.fromstring(data)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert int(root.get("width")) >= 600

    @pytest.mark.parametrize("bad", ["", "x" * (MAX_URL_LENGTH + 1)])
    def test_unencodable_link_is_a_clear_error(self, bad: str) -> None:
        with pytest.raises(ValueError, match="share link"):
            qr_png(bad)
