"""One meaning per number (issue 9): every surface shows the same figure for each output metric.

One scenario is computed once; for every metric of the registry (``roi_core.metrics.OUTPUT_METRICS``) the figure
is read back from each surface that shows it: the Overview and Over time cards (AppTest, both languages), the
CSV and the Excel export, the HTML report (both languages), the command line's table and its ``--json``. Texts
are parsed back into numbers and compared with the value rounded as its unit is shown (whole per cent, whole
money, months to 0.1, ratios to 0.01, probabilities by ``shown_probability``); undefined values must be the
registry's words everywhere.
"""

from __future__ import annotations

import io
import json
import math
import re
from html import unescape

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from roi_core import Range, Scenario
from roi_core.cli import format_table, main
from roi_core.metrics import OUTPUT_METRICS, UNDEFINED_WORDS, MetricValues, Unit, View, shown_probability
from roi_core.scenario_io import encode, to_json
from tests.app.conftest import APP
from ui.exports.export import CSV_DIALECTS, ExportResults, results_csv, results_xlsx
from ui.exports.report import build_report

SCENARIOS = {
    "default": Scenario(draws=2_000),
    # Skewed ranges: the simulation's mean lies tens of points above the ROI at most likely values.
    "skewed": Scenario(draws=2_000).with_values(
        productivity_gain_pct=Range(0.5, 1.0, 15.0), error_reduction_pct=Range(2.0, 5.0, 60.0)
    ),
    "continuous": Scenario(draws=2_000, continuous=True, horizon_years=4, hurdle_pct=15.0),
}
CARDS = {  # page -> metrics it shows as cards
    "views/overview.py": ("roi_likely", "npv_likely", "prob_roi_positive", "roi_mean", "roi_p50", "payback_likely"),
    "views/over_time.py": ("payback_likely", "prob_payback", "payback_p50"),
}


def shown(key: str, mv: MetricValues) -> tuple[str, float] | None:
    """The figure as every surface must show it: (relation, number), ``None`` when undefined."""
    v = mv.value_of(key)
    if not math.isfinite(v):
        return None
    unit = OUTPUT_METRICS[key].unit
    if unit is Unit.PROBABILITY:
        rel, n = shown_probability(v)
        return rel, float(n)
    digits = {Unit.PERCENT: 0, Unit.MONEY: 0, Unit.MONTHS: 1, Unit.RATIO: 2}[unit]
    return "=", round(v, digits) + 0.0  # + 0.0: -0.0 == 0.0 either way


def parse(text: str, lang: str) -> tuple[str, float] | None:
    """A figure as text (any surface, either language) back to (relation, number); ``None`` for the undefined words."""
    text = text.replace("\xa0", " ").replace("\u202f", " ").strip()
    words = {w for pair in UNDEFINED_WORDS.values() for w in pair}
    if text in words:
        return None
    rel = "="
    if text[:1] in "<>":
        rel, text = text[0], text[1:].strip()
    m = re.search(r"-?\s*[\d.,]+", text.replace("−", "-"))
    assert m, f"no number in {text!r}"
    num = m.group(0).replace(" ", "")
    neg = num.startswith("-") or re.search(r"-\s*(EUR|€)", text) is not None
    num = num.lstrip("-")
    num = num.replace(".", "").replace(",", ".") if lang == "nl" else num.replace(",", "")
    return rel, (-1 if neg else 1) * float(num) + 0.0


def _raw(value: float | None, key: str) -> tuple[str, float] | None:
    """A file's raw number (probabilities in per cent there) rounded as it is shown."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    unit = OUTPUT_METRICS[key].unit
    if unit is Unit.PROBABILITY:
        rel, n = shown_probability(value / 100.0)
        return rel, float(n)
    digits = {Unit.PERCENT: 0, Unit.MONEY: 0, Unit.MONTHS: 1, Unit.RATIO: 2}[unit]
    return "=", round(value, digits) + 0.0


_CARD = re.compile(r'<div class="card" data-metric="(\w+)">.*?<div class="value">(.*?)</div>', re.S)
_CELL = re.compile(r'<td class="num" data-metric="(\w+)">(.*?)</td>', re.S)


def _report_cells(html: str) -> dict[str, list[str]]:
    """The text of every metric card and metric cell of the report, by metric key."""
    cells: dict[str, list[str]] = {}
    for pattern in (_CARD, _CELL):
        for key, text in pattern.findall(html):
            cells.setdefault(key, []).append(unescape(text))
    return cells


@pytest.fixture(scope="module", params=sorted(SCENARIOS))
def case(request) -> tuple[str, Scenario, ExportResults]:
    s = SCENARIOS[request.param]
    return request.param, s, ExportResults.compute(s)


def test_files_hold_every_metric_with_its_value(case) -> None:
    _, s, res = case
    mv = res.metrics
    for lang in ("en", "nl"):
        sep, decimal = CSV_DIALECTS[lang]
        csv = pd.read_csv(
            io.BytesIO(results_csv(res, lang)), encoding="utf-8-sig", sep=sep, dtype=str, keep_default_na=False
        )
        csv_values = {r.iloc[1]: r.iloc[4] for _, r in csv.iterrows()}
        book = openpyxl.load_workbook(io.BytesIO(results_xlsx(res, lang)))
        xlsx_values = {r[1].value: r[4].value for r in book.worksheets[0].iter_rows() if r[1].value in OUTPUT_METRICS}
        assert list(csv_values) == list(OUTPUT_METRICS) and set(xlsx_values) == set(OUTPUT_METRICS)
        for key in OUTPUT_METRICS:
            csv_v = None if csv_values[key] == "" else float(csv_values[key].replace(decimal, "."))
            assert _raw(csv_v, key) == shown(key, mv), (lang, "csv", key)
            assert _raw(xlsx_values[key], key) == shown(key, mv), (lang, "xlsx", key)


def test_report_shows_every_metric_as_the_app_does(case) -> None:
    _, s, res = case
    mv = res.metrics
    for lang in ("en", "nl"):
        cells = _report_cells(build_report(res, lang))
        assert set(cells) == set(OUTPUT_METRICS)  # every metric of the registry is in the report
        for key, texts in cells.items():
            for text in texts:
                assert parse(text, lang) == shown(key, mv), (lang, key, text)


def test_command_line_table_and_json(case, tmp_path) -> None:
    _, s, res = case
    mv = res.metrics
    path = tmp_path / "s.json"
    path.write_text(to_json(s), encoding="utf-8")
    out = io.StringIO()
    assert main(["run", str(path), "--json"], stdout=out, stderr=io.StringIO()) == 0
    report = json.loads(out.getvalue())
    for key, entry in report["metrics"].items():
        v = mv.value_of(key)
        assert entry["value"] == (v if math.isfinite(v) else None), key
    table = format_table(report)
    lines = table.splitlines()
    for m in OUTPUT_METRICS.values():
        if m.view is View.SIMULATION:
            label = report["metrics"][m.key]["label"]
            line = next(x for x in lines if x.startswith(f"  {label}  ") or x.strip().startswith(label + "  "))
            text = line.strip()[len(label) :].strip()
        else:
            likely = next(k for k in OUTPUT_METRICS if k.startswith(m.measure + "_") and k.endswith("_likely"))
            line = next(x for x in lines if x.startswith(OUTPUT_METRICS[likely].label_en + "  "))
            cols = re.split(r"\s{2,}", line.strip())
            text = cols[1] if m.view is View.LIKELY else cols[2]
        assert parse(text, "en") == shown(m.key, mv), (m.key, text)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_app_cards_show_the_same_figures(case, lang: str) -> None:
    _, s, res = case
    mv = res.metrics
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["s"] = encode(s)
    at.query_params["lang"] = lang
    at.query_params["m"] = "range"
    at.run()
    for page, keys in CARDS.items():
        if page != "views/overview.py":
            at.switch_page(page).run()
        assert not at.exception
        cards = {m.label: str(m.value) for m in at.metric}
        for key in keys:
            text = cards[OUTPUT_METRICS[key].label(lang)]
            assert parse(text, lang) == shown(key, mv), (page, key, text)
