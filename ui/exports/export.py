"""Results as files: CSV, Excel (.xlsx) and scenario JSON, in the user's language.

Pure functions of a :class:`ExportResults` bundle (no streamlit): the Share page
offers their bytes as downloads and the tests read them back. Numbers stay
numbers (the CSV uses a dot as decimal mark, Excel cells carry a display
format); undefined values (ROI at zero cost, no payback) are empty cells with
a note, never a silent 0. Labels, headers and sheet names follow ``lang``.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from roi_core import (
    COST_CATEGORIES,
    COST_LABELS,
    DRIVER_LABELS,
    DRIVERS,
    MonteCarloSummary,
    PointResult,
    Scenario,
    conservative,
    deterministic,
    simulate,
)
from roi_core.kpi import KpiPlan
from roi_core.metrics import OUTPUT_METRICS, VIEW_LABELS, MetricValues, Unit, View, metric_values
from ui.common.format import group_label, metric_label, undefined_text, unit_text
from ui.common.i18n import as_lang, bound, plural
from ui.common.i18n import translate as tr
from ui.common.presets import scenario_name, scenario_notes
from ui.common.safe_text import cell, file_name, formula_like

if TYPE_CHECKING:  # openpyxl loads only when a workbook is written
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

    from ui.common.compute import Results

__all__ = [
    "ExportResults",
    "MetricRow",
    "metric_rows",
    "assumption_rows",
    "yearly_rows",
    "line_rows",
    "histogram_rows",
    "results_csv",
    "results_xlsx",
    "scenario_json",
    "plan_csv",
    "add_plan_sheet",
    "file_stem",
    "unit_label",
    "share_link",
]

#: How each unit is written in a file's "unit" column; probabilities are given in per cent there.
_FILE_UNITS = {
    Unit.PERCENT: "%",
    Unit.PROBABILITY: "%",
    Unit.RATIO: "x",
    Unit.MONTHS: "months",
    Unit.MONEY: "money",
}


@dataclass(frozen=True)
class ExportResults:
    """Everything an export shows of one scenario: both point views and the simulation summary."""

    scenario: Scenario
    expected: PointResult
    conservative: PointResult
    summary: MonteCarloSummary
    metrics: MetricValues

    @classmethod
    def of(cls, scenario: Scenario, computed: Results) -> ExportResults:
        """From the cached :class:`ui.common.compute.Results` (``deterministic``, ``conservative``, ...)."""
        c = computed
        return cls(scenario, c.deterministic, c.conservative, c.monte_carlo, c.metrics)

    @classmethod
    def compute(cls, scenario: Scenario) -> ExportResults:
        """Compute without any cache (tests, scripts); pages pass their cached results instead."""
        det, cons, summary = deterministic(scenario), conservative(scenario), simulate(scenario).summary()
        return cls(scenario, det, cons, summary, metric_values(det, cons, summary))


@dataclass(frozen=True)
class MetricRow:
    """One headline number. ``value`` is ``nan`` when undefined; ``note`` then says why."""

    view: str
    key: str
    label: str
    unit: str
    value: float
    note: str = ""


def unit_label(unit: str, lang: str, currency: str = "EUR") -> str:
    """A registry unit (``"EUR/day"``, ``"h"``, ``"%"``...) in words of ``lang`` and the chosen currency."""
    if unit == "money":
        return currency
    return unit_text(unit, currency, lang)


def metric_rows(res: ExportResults, lang: str = "en", currency: str = "EUR") -> list[MetricRow]:
    """Every output metric of the registry (:data:`roi_core.metrics.OUTPUT_METRICS`), in its order.

    Values are numbers (probabilities in per cent); an undefined one is ``nan`` with the registry's words as note.
    """
    mv = res.metrics
    rows: list[MetricRow] = []
    for m in OUTPUT_METRICS.values():
        value = mv.value_of(m.key)
        if m.unit is Unit.PROBABILITY:
            value *= 100.0
        unit = _FILE_UNITS[m.unit]
        rows.append(
            MetricRow(
                str(m.view),
                m.key,
                metric_label(m.key, lang, mv),
                unit_label(unit, lang, currency),
                value,
                "" if math.isfinite(value) else undefined_text(mv.reason_of(m.key), lang),
            )
        )
    return rows


def view_label(view: str, lang: str, res: ExportResults | None = None) -> str:
    """The registry's name of a view, with the years or futures it covers when ``res`` is given."""
    en, nl = VIEW_LABELS[View(view)]
    name = nl if lang == "nl" else en
    if res is None:
        return name
    if view == View.SIMULATION:
        detail = plural(lang, "plural.futures", res.summary.draws)
    else:
        detail = plural(lang, "plural.years", res.conservative.years if view == View.PHILLIPS else res.expected.years)
    return f"{name} ({detail})"


def assumption_rows(scenario: Scenario, lang: str = "en", currency: str = "EUR") -> list[dict[str, Any]]:
    """Every input with its range, unit, whether it counts, and its source (registry order)."""
    rows: list[dict[str, object]] = []
    for key in scenario.input_keys:
        s, r = scenario.input(key), scenario[key]
        used = s.driver is None or scenario.is_enabled(s.driver)
        src = s.source
        rows.append(
            {
                "key": key,
                "group": group_label(s.group, lang),
                "label": s.label(as_lang(lang)),
                "unit": unit_label(s.unit, lang, currency),
                "low": r.low,
                "likely": r.likely,
                "high": r.high,
                "shape": tr(lang, f"report.shape.{r.shape}"),
                "used": used,
                "source": src.cite(lang),
                "source_note": src.note(lang),
            }
        )
    return rows


def settings_rows(res: ExportResults, lang: str = "en", currency: str = "EUR") -> list[tuple[str, object]]:
    """Scenario-wide settings as (label, value) pairs."""
    s = res.scenario
    yes, no = tr(lang, "report.yes"), tr(lang, "report.no")
    drivers = ", ".join(DRIVER_LABELS[str(d)][lang] for d in s.enabled) or "-"
    return [
        (tr(lang, "report.setting.horizon_years"), s.horizon_years),
        (tr(lang, "report.setting.conservative_years"), s.conservative_horizon),
        (tr(lang, "report.setting.continuous"), yes if s.continuous else no),
        (tr(lang, "report.setting.enabled"), drivers),
        (tr(lang, "report.setting.draws"), s.draws),
        (tr(lang, "report.setting.seed"), s.seed),
        (tr(lang, "report.setting.hurdle_pct"), s.hurdle_pct),
        (tr(lang, "report.setting.currency"), currency),
    ]


#: Columns of the yearly table (export and report): cash first, then present values.
YEARLY_COLUMNS = ("year", "costs", "benefits", "net", "pv_net", "cumulative_pv_net", "cum_p10", "cum_p50", "cum_p90")


def yearly_rows(res: ExportResults) -> list[dict[str, float]]:
    """Per year at most likely values: costs, benefits and net as cash (not discounted), the year's net in
    present value and its running total (which ends at the net benefit); the simulation's cumulative net
    present value P10/P50/P90.
    """
    e = res.expected
    q = res.summary.cumulative_net_quantiles
    rows, cumulative = [], 0.0
    for i in range(e.years):
        cumulative += e.yearly_pv_net[i]
        rows.append(
            {
                "year": i + 1,
                "costs": e.yearly_costs[i],
                "benefits": e.yearly_benefits[i],
                "net": e.yearly_benefits[i] - e.yearly_costs[i],
                "pv_net": e.yearly_pv_net[i],
                "cumulative_pv_net": cumulative,
                "cum_p10": q["p10"][i],
                "cum_p50": q["p50"][i],
                "cum_p90": q["p90"][i],
            }
        )
    return rows


def line_label(name: str, lang: str) -> str:
    """A benefit line's name: the driver's label, or the custom line's own name."""
    return DRIVER_LABELS[name][lang] if name in DRIVER_LABELS and name != "custom" else name


def line_rows(res: ExportResults, lang: str = "en") -> list[dict[str, Any]]:
    """Benefit lines (drivers, then custom lines), present values: at most likely values (``expected``), Phillips
    view (``conservative``), simulated mean (``simulation``); switched-off ones too."""
    names = list(res.expected.benefit_by_line)
    rows: list[dict[str, Any]] = []  # table cells: text, a flag and amounts
    for name in names:
        on = name not in {str(d) for d in DRIVERS} or res.scenario.is_enabled(name)
        rows.append(
            {
                "key": name,
                "label": line_label(name, lang),
                "enabled": on,
                "expected": res.expected.benefit_by_line.get(name, 0.0),
                "conservative": res.conservative.benefit_by_line.get(name, 0.0),
                "simulation": res.summary.mean_benefit_by_line.get(name, float("nan")),
            }
        )
    return rows


def cost_rows(res: ExportResults, lang: str = "en") -> list[dict[str, Any]]:
    """Cost categories, present values: at most likely values (``expected``), Phillips view (``conservative``:
    its own years, so fewer recurring costs when it counts fewer years) and simulated mean (``simulation``)."""
    return [
        {
            "key": cat,
            "label": COST_LABELS[cat][lang],
            "expected": res.expected.cost_by_category.get(cat, 0.0),
            "conservative": res.conservative.cost_by_category.get(cat, 0.0),
            "simulation": res.summary.mean_cost_by_category.get(cat, float("nan")),
        }
        for cat in COST_CATEGORIES
    ]


def histogram_rows(res: ExportResults) -> list[dict[str, float]]:
    """The pre-binned ROI histogram: bin start and end (per cent), count, share of all draws."""
    h = res.summary.roi_histogram
    total = sum(h.counts) or 1
    return [
        {"start": h.edges[i], "end": h.edges[i + 1], "count": c, "share": c / total} for i, c in enumerate(h.counts)
    ]


# --------------------------------------------------------------------------- CSV


#: Decimals of each unit in CSV files: cents for money, hundredths of a per cent, a tenth of a month.
_CSV_DECIMALS = {Unit.MONEY: 2, Unit.PERCENT: 2, Unit.PROBABILITY: 2, Unit.MONTHS: 1, Unit.RATIO: 4}
#: Field separator and decimal mark per language: what Excel opens directly in that language's settings (a Dutch
#: Excel reads ";" and "12,5"; an English one "," and "12.5").
CSV_DIALECTS = {"en": (",", "."), "nl": (";", ",")}


def _csv_number(x: float, unit: Unit, lang: str) -> str:
    """A value rounded for its unit, with the language's decimal mark and no thousands separator.

    >>> _csv_number(1234.5678, Unit.MONEY, "nl"), _csv_number(1234.5678, Unit.MONEY, "en")
    ('1234,57', '1234.57')
    >>> _csv_number(float("nan"), Unit.PERCENT, "nl")
    ''
    """
    if not math.isfinite(x):
        return ""
    text = f"{x:.{_CSV_DECIMALS[unit]}f}"
    return text.replace(".", CSV_DIALECTS.get(lang, CSV_DIALECTS["en"])[1])


def results_csv(res: ExportResults, lang: str = "en", currency: str = "EUR") -> bytes:
    """The headline numbers as CSV (UTF-8 with BOM so that Excel reads accents), in the language's dialect.

    English: comma-separated with decimal points; Dutch: semicolon-separated with decimal commas, as a Dutch
    Excel opens it directly (:data:`CSV_DIALECTS`). Values are rounded for their unit (cents, hundredths of a per
    cent, a tenth of a month). One row per (view, metric). Columns: view code, metric code, view, metric, value,
    unit, note.
    Undefined values are empty with a note. Text that a spreadsheet would read as a formula (a custom line
    named ``=HYPERLINK(...)``) gets a leading apostrophe (``ui.common.safe_text.cell``).
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", delimiter=CSV_DIALECTS.get(lang, CSV_DIALECTS["en"])[0])
    w.writerow(
        [tr(lang, f"report.csv.{c}") for c in ("view_code", "metric_code", "view", "metric", "value", "unit", "note")]
    )
    for row in metric_rows(res, lang, currency):
        w.writerow(
            [
                row.view,
                row.key,
                cell(view_label(row.view, lang, res)),
                cell(row.label),
                _csv_number(row.value, OUTPUT_METRICS[row.key].unit, lang),
                cell(row.unit),
                cell(row.note),
            ]
        )
    return buf.getvalue().encode("utf-8-sig")


# --------------------------------------------------------------------------- Excel

_MONEY_FMT = "#,##0"
_NUMBER_FMT = "#,##0.0"
_INVALID_SHEET = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(text: str) -> str:
    return _INVALID_SHEET.sub(" ", text)[:31]


def _cell_value(x: object) -> object:
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def _put(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write one cell. Text stays text: openpyxl would store ``=...`` as a formula, so such text is typed as a
    string and marked with Excel's quote prefix (shown as typed, never evaluated, also after an edit)."""
    c = ws.cell(row=row, column=column, value=_cell_value(value))
    if formula_like(value):
        c.data_type = "s"
        c.quotePrefix = True
    return c


def _write_table(
    ws: Worksheet,
    header: list[str],
    rows: list[list[object]],
    formats: dict[int, str] | None = None,
    start_row: int | None = None,
) -> None:
    from openpyxl.styles import Font

    r0 = (ws.max_row + 2 if ws.max_row > 1 else 1) if start_row is None else start_row
    for j, h in enumerate(header, start=1):
        _put(ws, r0, j, h).font = Font(bold=True)
    for i, row in enumerate(rows, start=r0 + 1):
        for j, v in enumerate(row, start=1):
            c = _put(ws, i, j, v)
            if formats and j in formats and isinstance(v, int | float) and not isinstance(v, bool):
                c.number_format = formats[j]


def _autosize(ws: Worksheet, max_width: int = 60) -> None:
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                widths[c.column] = max(widths.get(c.column, 0), len(str(c.value)))
    for col, wdt in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(max_width, max(8, wdt + 2))


def results_xlsx(
    res: ExportResults,
    lang: str = "en",
    currency: str = "EUR",
    share_url: str = "",
    today: date | None = None,
    plan: KpiPlan | None = None,
) -> bytes:
    """An Excel workbook: summary, assumptions, yearly cash flow, benefits by driver, costs, ROI distribution.

    With a non-empty ``plan`` a last sheet holds the KPI plan (:func:`add_plan_sheet`).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    t = bound(lang)
    s = res.scenario
    wb = Workbook()

    ws = wb.active
    ws.title = _sheet_title(t("report.sheet.summary"))
    _put(ws, 1, 1, scenario_name(s, lang)).font = Font(bold=True, size=14)
    info: list[tuple[str, object]] = [
        (t("report.date"), (today or date.today()).isoformat()),
        (t("report.notes"), scenario_notes(s, lang) or "-"),
        (t("report.share_link"), share_url or "-"),
        *settings_rows(res, lang, currency),
    ]
    for i, (k, v) in enumerate(info, start=2):
        _put(ws, i, 1, k).font = Font(bold=True)
        _put(ws, i, 2, v)
    metric_formats = {5: _NUMBER_FMT}
    rows = metric_rows(res, lang, currency)
    _write_table(
        ws,
        [t(f"report.csv.{c}") for c in ("view_code", "metric_code", "view", "metric", "value", "unit", "note")],
        [[r.view, r.key, view_label(r.view, lang, res), r.label, r.value, r.unit, r.note] for r in rows],
        metric_formats,
    )
    # Money rows get a whole-number format.
    for row in ws.iter_rows(min_row=1):
        if len(row) >= 6 and row[5].value == currency and isinstance(row[4].value, float):
            row[4].number_format = _MONEY_FMT
    _autosize(ws)

    ws = wb.create_sheet(_sheet_title(t("report.sheet.assumptions")))
    cols = ("key", "group", "label", "unit", "low", "likely", "high", "shape", "used", "source", "source_note")
    arows = assumption_rows(s, lang, currency)
    yes, no = t("report.yes"), t("report.no")
    _write_table(
        ws,
        [t(f"report.col.{c}") for c in cols],
        [[(yes if r[c] else no) if c == "used" else r[c] for c in cols] for r in arows],
        {5: "General", 6: "General", 7: "General"},
    )
    _autosize(ws)

    ws = wb.create_sheet(_sheet_title(t("report.sheet.yearly")))
    ycols = YEARLY_COLUMNS
    _write_table(
        ws,
        [t(f"report.col.{c}", currency=currency) for c in ycols],
        [[r[c] for c in ycols] for r in yearly_rows(res)],
        {j: _MONEY_FMT for j in range(2, len(ycols) + 1)},
    )
    _autosize(ws)

    ws = wb.create_sheet(_sheet_title(t("report.sheet.benefits")))
    bcols = ("key", "label", "enabled", "expected", "conservative", "simulation")
    _write_table(
        ws,
        [t(f"report.col.line_{c}", currency=currency) for c in bcols],
        [[(yes if r[c] else no) if c == "enabled" else r[c] for c in bcols] for r in line_rows(res, lang)],
        {4: _MONEY_FMT, 5: _MONEY_FMT, 6: _MONEY_FMT},
    )
    _autosize(ws)

    ws = wb.create_sheet(_sheet_title(t("report.sheet.costs")))
    ccols = ("key", "label", "expected", "conservative", "simulation")
    _write_table(
        ws,
        [t(f"report.col.cost_{c}", currency=currency) for c in ccols],
        [[r[c] for c in ccols] for r in cost_rows(res, lang)],
        {3: _MONEY_FMT, 4: _MONEY_FMT, 5: _MONEY_FMT},
    )
    _autosize(ws)

    ws = wb.create_sheet(_sheet_title(t("report.sheet.distribution")))
    hcols = ("start", "end", "count", "share")
    _write_table(
        ws,
        [t(f"report.col.bin_{c}") for c in hcols],
        [[r[c] for c in hcols] for r in histogram_rows(res)],
        {1: "0.0", 2: "0.0", 4: "0.0%"},
    )
    _autosize(ws)
    if plan is not None and plan.kpis:
        add_plan_sheet(wb, plan, lang)

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- KPI plan


#: A cell starting with one of these is read as a formula by spreadsheets (CSV injection).
def plan_csv(plan: KpiPlan, lang: str = "en") -> bytes:
    """The KPI plan as CSV (UTF-8 with BOM, one row per KPI, the page's columns); free text never a formula."""
    from ui.kpi.kpi_plan import plan_rows

    rows = plan_rows(plan, lang)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", delimiter=CSV_DIALECTS.get(lang, CSV_DIALECTS["en"])[0])
    if rows:
        w.writerow(list(rows[0]))
        for r in rows:
            w.writerow([cell(str(v)) for v in r.values()])
    return buf.getvalue().encode("utf-8-sig")


def add_plan_sheet(wb: Any, plan: KpiPlan, lang: str = "en") -> None:
    """A "KPI plan" sheet: one row per KPI; every cell is stored as text (never as a formula)."""
    from openpyxl.styles import Font

    from ui.kpi.kpi_plan import plan_rows

    rows = plan_rows(plan, lang)
    ws = wb.create_sheet(_sheet_title(tr(lang, "kpi.plan_heading")))
    for j, h in enumerate(rows[0] if rows else [], start=1):
        ws.cell(row=1, column=j, value=h).font = Font(bold=True)
    for i, r in enumerate(rows, start=2):
        for j, v in enumerate(r.values(), start=1):
            c = ws.cell(row=i, column=j, value=str(v))
            c.data_type = "s"  # free text such as "=SUM(A1)" stays text
    _autosize(ws)


# --------------------------------------------------------------------------- scenario


def scenario_json(scenario: Scenario, plan: KpiPlan | None = None) -> bytes:
    """The scenario file (the format of :mod:`roi_core.scenario_io`, with the KPI plan if given), UTF-8."""
    from roi_core.scenario_io import to_json

    return to_json(scenario, plan).encode("utf-8")


def file_stem(scenario: Scenario, today: date | None = None) -> str:
    """A safe ASCII file name stem from the scenario name and the date: ``"default-2026-11-27"``."""
    return f"{file_name(scenario.name)}-{(today or date.today()).isoformat()}"


def share_link(base_url: str | None, params: Mapping[str, str], page_path: str = "") -> str:
    """The full share link: the app's address (``st.context.url``) plus the query ``params``.

    The page's own path (``page_path``, e.g. ``"share"``) is dropped so that the
    link opens the app's first page. Without a known address (tests, some
    proxies) the link is relative: ``"?s=...&lang=en"``.

    >>> share_link("https://roi.example.org/app/share", {"s": "v1.n_80", "lang": "nl"}, "share")
    'https://roi.example.org/app/?s=v1.n_80&lang=nl'
    >>> share_link(None, {"lang": "en"})
    '?lang=en'
    """
    query = urlencode(dict(params), safe="-._~")
    if not base_url:
        return f"?{query}"
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https"):
        return f"?{query}"
    path = parts.path or "/"
    if page_path and path.rstrip("/").endswith("/" + page_path):
        path = path.rstrip("/")[: -len(page_path)]
    if not path.endswith("/"):
        path += "/"
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


#: Host names that only reach the machine they are typed on: a phone that scans them looks for the app on itself.
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1", "0.0.0.0")


def is_local_address(url: str) -> bool:
    """True when ``url`` names this machine only (``localhost``, ``127.x.x.x``, ``::1``): no phone can open it.

    >>> is_local_address("http://localhost:8501/?s=v2"), is_local_address("http://127.0.0.2:8501/")
    (True, True)
    >>> is_local_address("http://192.168.1.20:8501/"), is_local_address("https://roi.example.org/")
    (False, False)
    """
    host = (urlsplit(url).hostname or "").lower()
    return host in _LOCAL_HOSTS or host.endswith(".localhost") or host.startswith("127.")


def link_fit(s: Scenario, params: Mapping[str, str]) -> str:
    """Whether the share link ``params`` holds all of ``s``: ``"ok"``, ``"no_notes"`` (the notes were left
    out to stay within the decoder's limit) or ``"too_long"`` (even without notes the receiver would get
    nothing; share the file)."""
    from roi_core.scenario_io import MAX_LINK_CHARS, decode

    code = params.get("s", "")
    if len(code) > MAX_LINK_CHARS:
        return "too_long"
    if code and s.notes and decode(code).scenario.notes != s.notes:
        return "no_notes"
    return "ok"
