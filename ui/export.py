"""Results as files: CSV, Excel (.xlsx) and scenario JSON, in the user's language.

Pure functions of a :class:`Results` bundle (no streamlit): the Share page
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
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode, urlsplit, urlunsplit

from roi_core import (
    COST_CATEGORIES,
    COST_LABELS,
    DRIVER_LABELS,
    DRIVERS,
    INPUTS,
    SOURCES,
    MonteCarloSummary,
    PointResult,
    Scenario,
    conservative,
    deterministic,
    simulate,
)
from ui.format import pct, unit_text
from ui.i18n import bound
from ui.i18n import translate as tr
from ui.state import scenario_name, scenario_notes

__all__ = [
    "Results",
    "MetricRow",
    "VIEWS",
    "metric_rows",
    "assumption_rows",
    "yearly_rows",
    "line_rows",
    "histogram_rows",
    "results_csv",
    "results_xlsx",
    "scenario_json",
    "file_stem",
    "unit_label",
    "share_link",
]

#: The three kinds of numbers, in the order they are shown.
VIEWS = ("expected", "conservative", "simulation")

_POINT_METRICS: tuple[tuple[str, str], ...] = (
    ("roi_pct", "%"),
    ("bcr", "x"),
    ("benefits", "money"),
    ("costs", "money"),
    ("npv", "money"),
    ("net_benefit", "money"),
    ("payback_months", "months"),
)
_MC_METRICS: tuple[tuple[str, str], ...] = (
    ("roi_mean", "%"),
    ("roi_p5", "%"),
    ("roi_p10", "%"),
    ("roi_p50", "%"),
    ("roi_p90", "%"),
    ("roi_p95", "%"),
    ("prob_roi_positive", "%"),
    ("prob_beats_hurdle", "%"),
    ("npv_mean", "money"),
    ("npv_p5", "money"),
    ("npv_p50", "money"),
    ("npv_p95", "money"),
    ("payback_p50_months", "months"),
    ("prob_payback", "%"),
)
_SHARES = {"prob_roi_positive", "prob_beats_hurdle", "prob_payback"}  # stored as 0..1, shown as per cent


@dataclass(frozen=True)
class Results:
    """Everything an export shows of one scenario: both point views and the simulation summary."""

    scenario: Scenario
    expected: PointResult
    conservative: PointResult
    summary: MonteCarloSummary

    @classmethod
    def of(cls, scenario: Scenario, computed: object) -> Results:
        """From the cached :class:`ui.compute.Results` (``deterministic``, ``conservative``, ``monte_carlo``)."""
        return cls(scenario, computed.deterministic, computed.conservative, computed.monte_carlo)  # type: ignore[attr-defined]

    @classmethod
    def compute(cls, scenario: Scenario) -> Results:
        """Compute without any cache (tests, scripts); pages pass their cached results instead."""
        return cls(scenario, deterministic(scenario), conservative(scenario), simulate(scenario).summary())


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


def _undefined_note(key: str, lang: str) -> str:
    if "payback" in key:
        return tr(lang, "report.note.no_payback")
    return tr(lang, "report.note.undefined")


def metric_rows(res: Results, lang: str = "en", currency: str = "EUR") -> list[MetricRow]:
    """Headline numbers of every view: expected, conservative (Phillips), simulation."""
    rows: list[MetricRow] = []
    for view, point in (("expected", res.expected), ("conservative", res.conservative)):
        for key, unit in _POINT_METRICS:
            value = float(getattr(point, key))
            rows.append(
                MetricRow(
                    view,
                    key,
                    tr(lang, f"report.metric.{key}"),
                    unit_label(unit, lang, currency),
                    value,
                    "" if math.isfinite(value) else _undefined_note(key, lang),
                )
            )
    mc = res.summary
    for key, unit in _MC_METRICS:
        value = float(getattr(mc, key))
        if key in _SHARES:
            value *= 100.0
        label = tr(lang, f"report.metric.{key}", hurdle=pct(mc.hurdle_pct, lang))
        rows.append(
            MetricRow(
                "simulation",
                key,
                label,
                unit_label(unit, lang, currency),
                value,
                "" if math.isfinite(value) else _undefined_note(key, lang),
            )
        )
    return rows


def view_label(view: str, lang: str, res: Results | None = None) -> str:
    """``"Expected (most likely values)"``, ``"Conservative (Phillips, first year)"``, ``"Simulation"``."""
    if res is None:
        return tr(lang, f"report.view.{view}")
    return tr(
        lang,
        f"report.view.{view}",
        years=res.conservative.years,
        draws=f"{res.summary.draws:,}".replace(",", "." if lang == "nl" else ","),
    )


def assumption_rows(scenario: Scenario, lang: str = "en", currency: str = "EUR") -> list[dict[str, object]]:
    """Every input with its range, unit, whether it counts, and its source (registry order)."""
    rows: list[dict[str, object]] = []
    for key, r in scenario.values:
        s = INPUTS[key]
        used = s.driver is None or scenario.is_enabled(s.driver)
        src = SOURCES[s.source]
        rows.append(
            {
                "key": key,
                "group": tr(lang, f"report.group.{s.group}"),
                "label": s.label(lang),  # type: ignore[arg-type]
                "unit": unit_label(s.unit, lang, currency),
                "low": r.low,
                "likely": r.likely,
                "high": r.high,
                "shape": tr(lang, f"report.shape.{r.shape}"),
                "used": used,
                "source": src.cite(lang),
                "source_note": src.note_nl if lang == "nl" else src.note_en,
            }
        )
    for i, c in enumerate(scenario.custom):
        for part, rng, unit in (("value", c.value_eur, "EUR/yr"), ("attribution", c.attribution_pct, "%")):
            rows.append(
                {
                    "key": f"custom:{i}:{part}",
                    "group": DRIVER_LABELS["custom"][lang],
                    "label": f"{c.name}: {tr(lang, f'report.custom.{part}')}",
                    "unit": unit_label(unit, lang, currency),
                    "low": rng.low,
                    "likely": rng.likely,
                    "high": rng.high,
                    "shape": tr(lang, f"report.shape.{rng.shape}"),
                    "used": True,
                    "source": tr(lang, "report.custom.source"),
                    "source_note": "",
                }
            )
    return rows


def settings_rows(res: Results, lang: str = "en", currency: str = "EUR") -> list[tuple[str, object]]:
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


def yearly_rows(res: Results) -> list[dict[str, float]]:
    """Per year: expected costs, benefits, net, cumulative net; simulated cumulative net P10/P50/P90.

    Undiscounted euro (the cash-flow view); the headline NPV is the discounted one.
    """
    e = res.expected
    q = res.summary.cumulative_net_quantiles
    rows, cumulative = [], 0.0
    for i in range(e.years):
        net = e.yearly_benefits[i] - e.yearly_costs[i]
        cumulative += net
        rows.append(
            {
                "year": i + 1,
                "costs": e.yearly_costs[i],
                "benefits": e.yearly_benefits[i],
                "net": net,
                "cumulative_net": cumulative,
                "cum_p10": q["p10"][i],
                "cum_p50": q["p50"][i],
                "cum_p90": q["p90"][i],
            }
        )
    return rows


def line_label(name: str, lang: str) -> str:
    """A benefit line's name: the driver's label, or the custom line's own name."""
    return DRIVER_LABELS[name][lang] if name in DRIVER_LABELS and name != "custom" else name


def line_rows(res: Results, lang: str = "en") -> list[dict[str, object]]:
    """Benefit lines (drivers, then custom lines): expected, conservative, simulated mean; switched-off ones too."""
    names = list(res.expected.benefit_by_line)
    rows: list[dict[str, object]] = []
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


def cost_rows(res: Results, lang: str = "en") -> list[dict[str, object]]:
    """Cost categories: expected (= conservative, costs are fully loaded in both) and simulated mean."""
    return [
        {
            "key": cat,
            "label": COST_LABELS[cat][lang],
            "expected": res.expected.cost_by_category.get(cat, 0.0),
            "simulation": res.summary.mean_cost_by_category.get(cat, float("nan")),
        }
        for cat in COST_CATEGORIES
    ]


def histogram_rows(res: Results) -> list[dict[str, float]]:
    """The pre-binned ROI histogram: bin start and end (per cent), count, share of all draws."""
    h = res.summary.roi_histogram
    total = sum(h.counts) or 1
    return [
        {"start": h.edges[i], "end": h.edges[i + 1], "count": c, "share": c / total} for i, c in enumerate(h.counts)
    ]


# --------------------------------------------------------------------------- CSV


def _csv_number(x: float) -> str:
    return "" if not math.isfinite(x) else repr(float(x))


def results_csv(res: Results, lang: str = "en", currency: str = "EUR") -> bytes:
    """The headline numbers as CSV (UTF-8 with BOM so that Excel reads accents; comma-separated, dot decimals).

    One row per (view, metric). Columns: view code, metric code, view, metric, value, unit, note.
    Undefined values are empty with a note.
    """
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [tr(lang, f"report.csv.{c}") for c in ("view_code", "metric_code", "view", "metric", "value", "unit", "note")]
    )
    for row in metric_rows(res, lang, currency):
        w.writerow(
            [row.view, row.key, view_label(row.view, lang, res), row.label, _csv_number(row.value), row.unit, row.note]
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


def _write_table(
    ws, header: list[str], rows: list[list[object]], formats: dict[int, str] | None = None, start_row: int | None = None
) -> None:
    from openpyxl.styles import Font

    r0 = (ws.max_row + 2 if ws.max_row > 1 else 1) if start_row is None else start_row
    for j, h in enumerate(header, start=1):
        ws.cell(row=r0, column=j, value=h).font = Font(bold=True)
    for i, row in enumerate(rows, start=r0 + 1):
        for j, v in enumerate(row, start=1):
            cell = ws.cell(row=i, column=j, value=_cell_value(v))
            if formats and j in formats and isinstance(v, int | float) and not isinstance(v, bool):
                cell.number_format = formats[j]


def _autosize(ws, max_width: int = 60) -> None:
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                widths[cell.column] = max(widths.get(cell.column, 0), len(str(cell.value)))
    for col, wdt in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(max_width, max(8, wdt + 2))


def results_xlsx(
    res: Results,
    lang: str = "en",
    currency: str = "EUR",
    share_url: str = "",
    today: date | None = None,
) -> bytes:
    """An Excel workbook: summary, assumptions, yearly cash flow, benefits by driver, costs, ROI distribution."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    t = bound(lang)
    s = res.scenario
    wb = Workbook()

    ws = wb.active
    ws.title = _sheet_title(t("report.sheet.summary"))
    ws.cell(row=1, column=1, value=scenario_name(s, lang)).font = Font(bold=True, size=14)
    info: list[tuple[str, object]] = [
        (t("report.date"), (today or date.today()).isoformat()),
        (t("report.notes"), scenario_notes(s, lang) or "-"),
        (t("report.share_link"), share_url or "-"),
        *settings_rows(res, lang, currency),
    ]
    for i, (k, v) in enumerate(info, start=2):
        ws.cell(row=i, column=1, value=k).font = Font(bold=True)
        ws.cell(row=i, column=2, value=v)
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
    ycols = ("year", "costs", "benefits", "net", "cumulative_net", "cum_p10", "cum_p50", "cum_p90")
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
    ccols = ("key", "label", "expected", "simulation")
    _write_table(
        ws,
        [t(f"report.col.cost_{c}", currency=currency) for c in ccols],
        [[r[c] for c in ccols] for r in cost_rows(res, lang)],
        {3: _MONEY_FMT, 4: _MONEY_FMT},
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

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --------------------------------------------------------------------------- scenario


def scenario_json(scenario: Scenario) -> bytes:
    """The scenario file (the format of :mod:`roi_core.scenario_io`), UTF-8."""
    from roi_core.scenario_io import to_json

    return to_json(scenario).encode("utf-8")


def file_stem(scenario: Scenario, today: date | None = None) -> str:
    """A safe ASCII file name stem from the scenario name and the date: ``"default-2026-11-27"``."""
    name = unicodedata.normalize("NFKD", scenario.name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()[:40] or "scenario"
    return f"{slug}-{(today or date.today()).isoformat()}"


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
