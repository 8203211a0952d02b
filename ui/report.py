"""A self-contained HTML report of one scenario: one file, opens offline, prints well.

Everything is inline: CSS in a ``<style>`` element, charts as ``<svg>`` drawn
here from the pre-binned summary (no JavaScript, no web fonts, no external
references), the QR code as inline SVG. All user text (scenario name, notes,
custom benefit names, the link) goes through :func:`html.escape`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from babel.dates import format_date

from roi_core import SOURCES, spec
from roi_core.assumptions import is_custom_key
from roi_core.kpi import KpiPlan
from roi_core.metrics import View, metrics_of_view
from ui.evidence_text import source_text
from ui.explain import outcome
from ui.export import (
    ExportResults,
    assumption_rows,
    cost_rows,
    line_rows,
    settings_rows,
    view_label,
    yearly_rows,
)
from ui.format import (
    LOCALES,
    chance_sentence,
    compact_money,
    metric_help,
    metric_label,
    metric_text,
    money,
    number,
    pct,
)
from ui.i18n import bound, plural, translate
from ui.safe_text import html as escape  # the one home of escaping
from ui.state import scenario_name, scenario_notes

__all__ = ["build_report", "report_bytes", "plain_sentence", "plan_section", "PALETTE"]

#: Okabe-Ito colours (colour-blind safe), the same roles as in :mod:`ui.charts`.
PALETTE = {
    "benefit": "#009E73",
    "cost": "#D55E00",
    "net": "#0072B2",
    "band": "#56B4E9",
    "median": "#000000",
    "ink": "#1f2430",
    "muted": "#6b7280",
    "grid": "#e5e7eb",
    "marker": "#CC79A7",
}

_CSS = """
:root { --ink:#1f2430; --muted:#6b7280; --line:#e5e7eb; --accent:#0072B2; --bad:#D55E00; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 960px; padding: 24px; line-height: 1.45; font-size: 15px; }
h1 { font-size: 28px; margin: 0 0 4px; word-break: break-word; }
h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 16px 0 6px; }
.kicker { text-transform: uppercase; letter-spacing: .08em; color: var(--muted); font-size: 12px; margin: 0; }
.meta { color: var(--muted); margin: 0 0 8px; }
.notes { white-space: pre-wrap; background: #f8fafc; border-left: 4px solid var(--line); padding: 8px 12px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 12px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; break-inside: avoid; }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 24px; font-weight: 650; }
.card .sub { color: var(--muted); font-size: 12px; }
.sentence { font-size: 18px; font-weight: 600; margin: 8px 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f3f4f6; }
.scroll { overflow-x: auto; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
/* Headers wrap (numbers do not): a long header no longer pushes the last column out of sight. */
th.num { white-space: normal; overflow-wrap: break-word; hyphens: auto; }
tr.off td { color: var(--muted); }
figure { margin: 12px 0; break-inside: avoid; }
figcaption { color: var(--muted); font-size: 13px; }
svg.chart { width: 100%; height: auto; max-width: 720px; display: block; }
svg.qr { width: 240px; height: 240px; }
.share { display: flex; gap: 24px; align-items: center; flex-wrap: wrap; }
.share code { word-break: break-all; font-size: 12px; }
ol.sources { font-size: 12px; color: var(--muted); }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@media (max-width: 480px) { body { padding: 12px; } h1 { font-size: 22px; } .card .value { font-size: 20px; } }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; }
  section, table, tr, figure, .card { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  @page { margin: 16mm; }
}
"""


def _or(text: str | None, fallback: str) -> str:
    return fallback if text is None else text


def plain_sentence(prob_positive: float, lang: str = "en", draws: int = 0) -> str:
    """The chance sentence, in the same words as the app (:func:`ui.format.chance_sentence`)."""
    return chance_sentence(prob_positive, draws, lang)


# --------------------------------------------------------------------------- SVG helpers


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values covering [lo, hi]."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo]
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step) * step
    ticks, v = [], first
    while v <= hi + step * 1e-9:
        ticks.append(0.0 if abs(v) < step * 1e-9 else v)
        v += step
    return ticks


class _Frame:
    """Maps data to SVG coordinates inside a plot area with margins."""

    def __init__(
        self,
        width: int,
        height: int,
        left: int,
        right: int,
        top: int,
        bottom: int,
        x: tuple[float, float],
        y: tuple[float, float],
    ) -> None:
        self.w, self.h = width, height
        self.x0, self.x1 = left, width - right
        self.y0, self.y1 = top, height - bottom
        self.dx, self.dy = x, y

    def sx(self, v: float) -> float:
        a, b = self.dx
        return self.x0 + (v - a) / (b - a) * (self.x1 - self.x0) if b != a else self.x0

    def sy(self, v: float) -> float:
        a, b = self.dy
        return self.y1 - (v - a) / (b - a) * (self.y1 - self.y0) if b != a else self.y1


def _svg_open(f: _Frame, title: str) -> list[str]:
    return [
        f'<svg class="chart" viewBox="0 0 {f.w} {f.h}" role="img" aria-label="{escape(title)}" '
        f'font-family="system-ui, Arial, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]


def _txt(
    x: float,
    y: float,
    text: str,
    anchor: str = "middle",
    fill: str = PALETTE["ink"],
    size: int = 12,
    weight: str = "normal",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" font-size="{size}" '
        f'font-weight="{weight}">{escape(text)}</text>'
    )


def _y_axis(f: _Frame, ticks: Sequence[float], fmt: Callable[[float], str], label: str) -> list[str]:
    out = []
    for v in ticks:
        y = f.sy(v)
        out.append(f'<line x1="{f.x0}" x2="{f.x1}" y1="{y:.1f}" y2="{y:.1f}" stroke="{PALETTE["grid"]}"/>')
        out.append(_txt(f.x0 - 6, y + 4, fmt(v), "end", PALETTE["muted"]))
    out.append(
        f'<text transform="translate(14 {(f.y0 + f.y1) / 2:.1f}) rotate(-90)" text-anchor="middle" '
        f'fill="{PALETTE["muted"]}" font-size="12">{escape(label)}</text>'
    )
    return out


def histogram_svg(
    edges: Sequence[float],
    counts: Sequence[int],
    markers: Sequence[tuple[str, float]],
    lang: str,
    title: str,
    x_label: str,
    y_label: str,
) -> str:
    """ROI histogram (per cent) from pre-binned counts, break-even line at 0 %, labelled markers (P5/P50/P95)."""
    lo, hi = float(edges[0]), float(edges[-1])
    lo, hi = min(lo, 0.0), max(hi, 0.0)  # the break-even line is always on the chart
    if hi <= lo:
        hi = lo + 1.0
    top = max(max(counts, default=0), 1)
    f = _Frame(720, 320, 64, 16, 40, 48, (lo, hi), (0.0, top * 1.08))
    out = _svg_open(f, title)
    out += _y_axis(f, _nice_ticks(0, top, 4), lambda v: _or(number(v, lang), ""), y_label)
    for i, c in enumerate(counts):
        a, b = float(edges[i]), float(edges[i + 1])
        colour = PALETTE["net"] if (a + b) / 2 >= 0 else PALETTE["cost"]
        x, w = f.sx(a), max(f.sx(b) - f.sx(a) - 0.5, 0.5)
        y = f.sy(c)
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{f.y1 - y:.1f}" fill="{colour}"/>')
    for v in _nice_ticks(lo, hi, 6):
        x = f.sx(v)
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{f.y1}" y2="{f.y1 + 4}" stroke="{PALETTE["muted"]}"/>')
        out.append(_txt(x, f.y1 + 17, _or(pct(v, lang), ""), fill=PALETTE["muted"]))
    out.append(_txt((f.x0 + f.x1) / 2, f.h - 6, x_label, fill=PALETTE["muted"]))
    x = f.sx(0.0)
    out.append(
        f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{f.y0 - 8}" y2="{f.y1}" stroke="{PALETTE["ink"]}" stroke-width="2"/>'
    )
    out.append(_txt(x, f.y0 - 12, translate(lang, "report.chart.break_even"), weight="bold"))
    for i, (name, v) in enumerate(markers):
        if not math.isfinite(v) or not lo <= v <= hi:
            continue
        x = f.sx(v)
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{f.y0 + 10}" y2="{f.y1}" stroke="{PALETTE["marker"]}" '
            f'stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        out.append(_txt(x, f.y0 + 6 + 12 * (i % 2), f"{name} {_or(pct(v, lang), '')}", fill=PALETTE["marker"], size=11))
    out.append(f'<line x1="{f.x0}" x2="{f.x1}" y1="{f.y1}" y2="{f.y1}" stroke="{PALETTE["muted"]}"/>')
    out.append("</svg>")
    return "".join(out)


def bars_svg(items: Sequence[tuple[str, float, str]], lang: str, currency: str, title: str) -> str:
    """Horizontal bars (label, amount, colour key), one scale, value printed at the end of each bar."""
    n = max(len(items), 1)
    values = [v for _, v, _ in items if math.isfinite(v)]
    top = max([*values, 1.0])
    low = min([*values, 0.0])
    f = _Frame(720, 40 + 30 * n, 250, 100, 16, 24, (low, top), (0.0, float(n)))
    out = _svg_open(f, title)
    for v in _nice_ticks(low, top, 4):
        x = f.sx(v)
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{f.y0}" y2="{f.y1}" stroke="{PALETTE["grid"]}"/>')
        out.append(_txt(x, f.y1 + 16, _or(compact_money(v, lang, currency), ""), fill=PALETTE["muted"]))
    band = (f.y1 - f.y0) / n
    for i, (label, v, kind) in enumerate(items):
        y = f.y0 + i * band + band * 0.15
        v = v if math.isfinite(v) else 0.0
        x_a, x_b = sorted((f.sx(0.0), f.sx(v)))
        out.append(
            f'<rect x="{x_a:.1f}" y="{y:.1f}" width="{max(x_b - x_a, 0.5):.1f}" height="{band * 0.7:.1f}" '
            f'fill="{PALETTE[kind]}"/>'
        )
        short = label if len(label) <= 36 else label[:35] + "…"
        out.append(_txt(f.x0 - 8, y + band * 0.45, short, "end"))
        out.append(_txt(x_b + 6, y + band * 0.45, _or(money(v, lang, currency), ""), "start", size=11))
    out.append(f'<line x1="{f.sx(0):.1f}" x2="{f.sx(0):.1f}" y1="{f.y0}" y2="{f.y1}" stroke="{PALETTE["ink"]}"/>')
    out.append("</svg>")
    return "".join(out)


#: Width of a character of the 11 px legend text, generously (Dutch words are long and wide).
LEGEND_CHAR_PX = 6.4


def cumulative_svg(
    expected: Sequence[float],
    p10: Sequence[float],
    p50: Sequence[float],
    p90: Sequence[float],
    lang: str,
    currency: str,
    title: str,
    labels: dict[str, str],
    start: Mapping[str, float] | None = None,
) -> str:
    """Cumulative net cash flow per year: P10-P90 band, simulated median, expected line, zero line.

    Year 0 is ``start`` (the position after the up-front year-1 costs, keys "e", "p10", "p50", "p90"), or 0.
    """
    years = len(expected)
    xs = list(range(years + 1))
    first = start or {}
    series = {
        k: [float(first.get(k, 0.0)), *map(float, v)]
        for k, v in (("e", expected), ("p10", p10), ("p50", p50), ("p90", p90))
    }
    finite = [v for s in series.values() for v in s if math.isfinite(v)]
    lo, hi = min([*finite, 0.0]), max([*finite, 0.0])
    if hi <= lo:
        hi = lo + 1.0
    pad = (hi - lo) * 0.06
    # Room on the right for the legend's longest name (11 px text, about 6.4 px a character): "Meest waarschijnlijk"
    # ran past the drawing's edge with a fixed margin.
    right = max(150, 44 + math.ceil(LEGEND_CHAR_PX * max(len(labels[k]) for k in ("band", "p50", "e"))))
    f = _Frame(720, 320, 84, right, 20, 44, (0.0, float(max(years, 1))), (lo - pad, hi + pad))
    out = _svg_open(f, title)
    out += _y_axis(f, _nice_ticks(lo, hi, 5), lambda v: _or(compact_money(v, lang, currency), ""), labels["y"])
    for x in xs:
        out.append(_txt(f.sx(x), f.y1 + 18, str(x), fill=PALETTE["muted"]))
    out.append(_txt((f.x0 + f.x1) / 2, f.h - 6, labels["x"], fill=PALETTE["muted"]))
    upper = " ".join(f"{f.sx(x):.1f},{f.sy(v):.1f}" for x, v in zip(xs, series["p90"], strict=True))
    lower = " ".join(f"{f.sx(x):.1f},{f.sy(v):.1f}" for x, v in reversed(list(zip(xs, series["p10"], strict=True))))
    out.append(f'<polygon points="{upper} {lower}" fill="{PALETTE["band"]}" fill-opacity="0.35" stroke="none"/>')
    out.append(
        f'<line x1="{f.x0}" x2="{f.x1}" y1="{f.sy(0):.1f}" y2="{f.sy(0):.1f}" stroke="{PALETTE["ink"]}" '
        f'stroke-width="1.5"/>'
    )

    def poly(vals: list[float], colour: str, dash: str = "") -> str:
        pts = " ".join(f"{f.sx(x):.1f},{f.sy(v):.1f}" for x, v in zip(xs, vals, strict=True))
        d = f' stroke-dasharray="{dash}"' if dash else ""
        return f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2.5"{d}/>'

    out.append(poly(series["p50"], PALETTE["median"], "6 4"))
    out.append(poly(series["e"], PALETTE["net"]))
    legend = (("band", labels["band"], "rect"), ("median", labels["p50"], "dash"), ("net", labels["e"], "line"))
    for i, (colour, text, kind) in enumerate(legend):
        y = f.y0 + 8 + 22 * i
        x = f.x1 + 12
        if kind == "rect":
            out.append(
                f'<rect x="{x}" y="{y - 6}" width="18" height="12" fill="{PALETTE[colour]}" fill-opacity="0.35"/>'
            )
        else:
            d = ' stroke-dasharray="6 4"' if kind == "dash" else ""
            out.append(
                f'<line x1="{x}" x2="{x + 18}" y1="{y}" y2="{y}" stroke="{PALETTE[colour]}" stroke-width="2.5"{d}/>'
            )
        out.append(_txt(x + 24, y + 4, text, "start", size=11))
    out.append("</svg>")
    return "".join(out)


# --------------------------------------------------------------------------- report


#: The headline cards: output metrics of the registry (roi_core.metrics).
CARDS = (
    "roi_likely",
    "npv_likely",
    "prob_roi_positive",
    "roi_mean",
    "roi_p50",
    "payback_likely",
    "bcr_likely",
    "roi_phillips",
)
#: Measures compared side by side at most likely values and in the Phillips view.
POINT_MEASURES = ("roi", "npv", "bcr", "payback", "benefits", "costs")


def _setting_text(v: object, lang: str) -> str:
    """A setting's value as the page language writes it (``10.000`` draws, hurdle ``0``), words as they are.

    >>> _setting_text(10000, "nl"), _setting_text(2.5, "nl"), _setting_text("nee", "nl")
    ('10.000', '2,5', 'nee')
    """
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return str(v)
    return number(v, lang, 2, trim=True) or "–"


def _input_num(v: float, lang: str) -> str:
    """An input value: up to 2 decimals, locale separators, trailing zeros dropped."""
    if not math.isfinite(v):
        return "∞"
    text = number(v, lang, 2) or ""
    dec = "," if lang == "nl" else "."
    return text.rstrip("0").rstrip(dec) if dec in text else text


def build_report(
    res: ExportResults,
    lang: str = "en",
    currency: str = "EUR",
    share_url: str = "",
    today: date | None = None,
    plan: KpiPlan | None = None,
) -> str:
    """The report as an HTML document (a string). See the module docstring for what it guarantees.

    With a non-empty ``plan`` the report has a KPI plan section (:func:`plan_section`) before the share link.
    """
    t = bound(lang)
    s, e, c, mc = res.scenario, res.expected, res.conservative, res.summary
    undefined = t("report.undefined")
    day = today or date.today()
    e_esc = escape  # every user-controlled string goes through this

    parts: list[str] = [
        "<!DOCTYPE html>",
        f'<html lang="{"nl" if lang == "nl" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e_esc(t('report.title'))}: {e_esc(scenario_name(s, lang))}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f'<p class="kicker">{e_esc(t("report.title"))}</p>',
        f'<h1 id="scenario-name">{e_esc(scenario_name(s, lang))}</h1>',
        f'<p class="meta">{e_esc(t("report.date"))}: '
        f"{e_esc(format_date(day, format='long', locale=LOCALES.get(lang, 'en')))}"
        f" · {e_esc(t('report.horizon', years=plural(lang, 'plural.years', s.horizon_years)))}</p>",
    ]
    notes = scenario_notes(s, lang)
    if notes.strip():
        parts.append(f'<div class="notes" id="notes">{e_esc(notes)}</div>')
    parts.append("</header>")

    # Headline: every figure from the metric registry, the same formatter per unit as the app.
    mv = res.metrics
    shown = outcome(s, mv)
    p_pos = mv.value_of("prob_roi_positive")  # nan when no simulated future has costs
    parts.append(f'<section id="headline"><h2>{e_esc(t("report.h.headline"))}</h2>')
    parts.append(f'<p class="sentence">{e_esc(plain_sentence(p_pos, lang, mc.draws))}</p>')
    if shown.notice:
        parts.append(f'<p id="notice">{e_esc(t(shown.notice, roi=metric_text("roi_p50", mv, lang, currency)))}</p>')
    parts.append('<div class="cards">')
    for key in CARDS:
        parts.append(
            f'<div class="card" data-metric="{key}"><div class="label">{e_esc(metric_label(key, lang, mv))}</div>'
            f'<div class="value">{e_esc(metric_text(key, mv, lang, currency))}</div>'
            f'<div class="sub">{e_esc(metric_help(key, lang))}</div></div>'
        )
    parts.append("</div>")
    if shown.roi_spread:
        roi_range = t(
            "report.range_sentence",
            p5=metric_text("roi_p5", mv, lang, currency),
            p95=metric_text("roi_p95", mv, lang, currency),
            p50=metric_text("roi_p50", mv, lang, currency),
        )
        parts.append(f"<p>{e_esc(roi_range)}</p>")
    if mc.n_undefined and mc.n_undefined < mc.draws:
        parts.append(
            f"<p>{e_esc(t('report.note.undefined_draws', futures=plural(lang, 'plural.futures', mc.n_undefined)))}</p>"
        )
    parts.append("</section>")

    # Two point views side by side, metric by metric (pairs of the registry with the same measure).
    likely = {m.measure: m.key for m in metrics_of_view(View.LIKELY)}
    phillips = {m.measure: m.key for m in metrics_of_view(View.PHILLIPS)}
    parts.append(f'<section id="views"><h2>{e_esc(t("report.h.views"))}</h2>')
    parts.append(f"<p>{e_esc(t('report.views_explained', years=plural(lang, 'plural.first_years', c.years)))}</p>")
    parts.append(
        f'<div class="scroll"><table><thead><tr><th>{e_esc(t("report.col.metric"))}</th>'
        f'<th class="num">{e_esc(view_label("likely", lang, res))}</th>'
        f'<th class="num">{e_esc(view_label("phillips", lang, res))}</th></tr></thead><tbody>'
    )
    for measure in POINT_MEASURES:
        a, b = likely[measure], phillips[measure]
        parts.append(
            f'<tr data-metric="{measure}"><td>{e_esc(metric_label(a, lang, mv))}</td>'
            f'<td class="num" data-metric="{a}">{e_esc(metric_text(a, mv, lang, currency))}</td>'
            f'<td class="num" data-metric="{b}">{e_esc(metric_text(b, mv, lang, currency))}</td></tr>'
        )
    parts.append("</tbody></table></div></section>")

    # Simulation.
    parts.append(f'<section id="simulation"><h2>{e_esc(t("report.h.simulation"))}</h2>')
    futures = plural(lang, "plural.futures", mc.draws)
    parts.append(f"<p>{e_esc(t('report.simulation_explained', futures=futures, seed=mc.seed))}</p>")
    h = mc.roi_histogram
    if shown.roi_spread:  # no spread (or no ROI at all): the notice above says so, no empty chart
        parts.append("<figure>")
        parts.append(
            histogram_svg(
                h.edges,
                h.counts,
                (("P5", mc.roi_p5), ("P50", mc.roi_p50), ("P95", mc.roi_p95)),
                lang,
                t("report.chart.histogram"),
                t("report.chart.roi_axis"),
                t("report.chart.count_axis"),
            )
        )
        parts.append(f"<figcaption>{e_esc(t('report.chart.histogram_caption'))}</figcaption></figure>")
    parts.append("<table><tbody>")
    for m in metrics_of_view(View.SIMULATION):
        parts.append(
            f"<tr><td>{e_esc(metric_label(m.key, lang, mv))}</td>"
            f'<td class="num" data-metric="{m.key}">{e_esc(metric_text(m.key, mv, lang, currency))}</td></tr>'
        )
    parts.append("</tbody></table></section>")

    # Benefits by driver against costs: present values, each view's own numbers in its column.
    lines = [r for r in line_rows(res, lang) if r["enabled"]]
    costs = [r for r in cost_rows(res, lang) if float(r["expected"]) != 0 or float(r["conservative"]) != 0]
    items: list[tuple[str, float, str]] = [(str(r["label"]), float(r["expected"]), "benefit") for r in lines]
    items.append((t("report.chart.total_costs"), sum(float(r["expected"]) for r in costs), "cost"))
    years_text = plural(lang, "plural.years", e.years)
    parts.append(f'<section id="breakdown"><h2>{e_esc(t("report.h.breakdown"))}</h2>')
    if shown.cash:
        parts.append("<figure>")
        parts.append(bars_svg(items, lang, currency, t("report.chart.breakdown", years=years_text)))
        parts.append(
            f"<figcaption>{e_esc(t('report.chart.breakdown_caption', years=years_text))}</figcaption></figure>"
        )
    parts.append(
        f'<table id="breakdown-table"><thead><tr><th>{e_esc(t("report.col.line_label"))}</th>'
        f'<th class="num">{e_esc(view_label("likely", lang, res))}</th>'
        f'<th class="num">{e_esc(view_label("phillips", lang, res))}</th></tr></thead><tbody>'
    )
    for r in lines:
        parts.append(
            f'<tr data-line="{e_esc(str(r["key"]), quote=True)}"><td>{e_esc(str(r["label"]))}</td>'
            f'<td class="num">{e_esc(_or(money(float(r["expected"]), lang, currency), undefined))}</td>'
            f'<td class="num">{e_esc(_or(money(float(r["conservative"]), lang, currency), undefined))}</td>'
            "</tr>"
        )
    for r in costs:
        parts.append(
            f'<tr data-cost="{e_esc(str(r["key"]), quote=True)}"><td>{e_esc(str(r["label"]))}</td>'
            f'<td class="num">{e_esc(_or(money(-float(r["expected"]), lang, currency), undefined))}</td>'
            f'<td class="num">{e_esc(_or(money(-float(r["conservative"]), lang, currency), undefined))}</td>'
            "</tr>"
        )
    parts.append("</tbody></table></section>")

    # Over time.
    yrs = yearly_rows(res)
    parts.append(f'<section id="over-time"><h2>{e_esc(t("report.h.over_time"))}</h2>')
    if shown.cash:  # nothing spent and nothing earned: the table of zeros says it, no empty chart
        parts.append("<figure>")
        parts.append(
            cumulative_svg(
                [r["cumulative_pv_net"] for r in yrs],
                [r["cum_p10"] for r in yrs],
                [r["cum_p50"] for r in yrs],
                [r["cum_p90"] for r in yrs],
                lang,
                currency,
                t("report.chart.cumulative"),
                {
                    "x": t("report.chart.year_axis"),
                    "y": t("report.chart.cumulative_axis", currency=currency),
                    "band": t("report.chart.band"),
                    "p50": t("report.chart.median"),
                    "e": t("report.chart.expected"),
                },
                start={"e": -float(res.expected.yearly_costs[0]), **res.summary.start_net_quantiles},
            )
        )
        parts.append(f"<figcaption>{e_esc(t('report.chart.cumulative_caption'))}</figcaption></figure>")
    cols = ("year", "costs", "benefits", "net", "pv_net", "cumulative_pv_net", "cum_p10", "cum_p50", "cum_p90")
    parts.append(
        '<div class="scroll"><table id="yearly-table"><thead><tr>'
        + "".join(
            f'<th class="{"" if k == "year" else "num"}">{e_esc(t(f"report.col.{k}", currency=currency))}</th>'
            for k in cols
        )
        + "</tr></thead><tbody>"
    )
    for r in yrs:
        cells = [f"<td>{int(r['year'])}</td>"] + [
            f'<td class="num">{e_esc(_or(money(r[k], lang, currency), undefined))}</td>' for k in cols[1:]
        ]
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table></div></section>")

    # Assumptions.
    parts.append(f'<section id="assumptions"><h2>{e_esc(t("report.h.assumptions"))}</h2>')
    seed = t("report.setting.seed")
    parts.append(
        "<table><tbody>"
        + "".join(
            # The seed stays a plain code (no thousands separators): it is typed back as it is shown.
            f"<tr><td>{e_esc(str(k))}</td><td>{e_esc(str(v) if k == seed else _setting_text(v, lang))}</td></tr>"
            for k, v in settings_rows(res, lang, currency)
        )
        + "</tbody></table>"
    )
    source_ids: dict[str, int] = {}
    head = ("group", "label", "unit", "low", "likely", "high", "shape", "source")
    parts.append(
        '<div class="scroll"><table id="yearly-table"><thead><tr>'
        + "".join(
            f'<th class="{"num" if k in ("low", "likely", "high") else ""}">{e_esc(t(f"report.col.{k}"))}</th>'
            for k in head
        )
        + "</tr></thead><tbody>"
    )
    for r in assumption_rows(s, lang, currency):
        key = str(r["key"])
        src_key = spec(key).source if not is_custom_key(key) else ""
        ref = ""
        if src_key:
            n = source_ids.setdefault(src_key, len(source_ids) + 1)
            ref = f"[{n}]"
        cls = "" if r["used"] else ' class="off"'
        label = str(r["label"]) + ("" if r["used"] else f" ({t('report.not_counted')})")
        parts.append(
            f"<tr{cls}><td>{e_esc(str(r['group']))}</td><td>{e_esc(label)}</td><td>{e_esc(str(r['unit']))}</td>"
            + "".join(f'<td class="num">{e_esc(_input_num(float(r[k]), lang))}</td>' for k in ("low", "likely", "high"))
            + f"<td>{e_esc(str(r['shape']))}</td><td>{e_esc(ref or str(r['source']))}</td></tr>"
        )
    parts.append("</tbody></table></div>")
    parts.append(f'<h3>{e_esc(t("report.h.sources"))}</h3><ol class="sources">')
    for src_key in source_ids:
        src = SOURCES[src_key]
        note = src.note(lang)
        parts.append(f"<li>{e_esc(src.cite(lang))}. {e_esc(note)}</li>")
    parts.append("</ol>")
    if s.evidence:  # ranges measured from the organisation's own data: their sources, never the rows
        parts.append(f'<h3 id="measured">{e_esc(t("evidence.sources_title"))}</h3><ul>')
        for m in s.evidence:
            parts.append(f"<li>{e_esc(spec(m.input).label(lang))}: {e_esc(source_text(m, lang))}</li>")
        parts.append("</ul>")
    parts.append("</section>")

    if plan is not None and plan.kpis:
        parts.append(plan_section(plan, lang))

    # Share.
    parts.append(f'<section id="share"><h2>{e_esc(t("report.h.share"))}</h2><div class="share">')
    if share_url.startswith(("http://", "https://", "?")):  # never a javascript: or data: link
        qr = ""
        try:
            from ui.qr import qr_svg_inline

            qr = qr_svg_inline(share_url)
        except ValueError:
            qr = ""
        parts.append(qr)
        parts.append(
            f"<div><p>{e_esc(t('report.share_explained'))}</p>"
            f'<p><a href="{e_esc(share_url, quote=True)}"><code>{e_esc(share_url)}</code></a></p></div>'
        )
    else:
        parts.append(f"<p>{e_esc(t('report.no_share_link'))}</p>")
    parts.append("</div></section>")
    parts.append(
        f"<footer>{e_esc(t('report.footer', futures=plural(lang, 'plural.futures', mc.draws), seed=mc.seed))}</footer>"
    )
    parts.append("</body></html>")
    return "\n".join(parts)


def report_bytes(
    res: ExportResults,
    lang: str = "en",
    currency: str = "EUR",
    share_url: str = "",
    today: date | None = None,
    plan: KpiPlan | None = None,
) -> bytes:
    """:func:`build_report` as UTF-8 bytes, ready for a download button."""
    return build_report(res, lang, currency, share_url, today, plan).encode("utf-8")


def plan_section(plan: KpiPlan, lang: str = "en") -> str:
    """The KPI plan as an HTML section: one row per KPI, every text escaped."""
    from ui.kpi_plan import plan_rows

    rows = plan_rows(plan, lang)
    head = list(rows[0]) if rows else []
    out = [f'<section id="kpi-plan"><h2>{escape(translate(lang, "kpi.plan_heading"))}</h2>']
    out.append('<div class="scroll"><table><thead><tr>' + "".join(f"<th>{escape(h)}</th>" for h in head))
    out.append("</tr></thead><tbody>")
    for r in rows:
        out.append("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in r.values()) + "</tr>")
    out.append("</tbody></table></div></section>")
    return "\n".join(out)
