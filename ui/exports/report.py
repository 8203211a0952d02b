"""A self-contained HTML report of one scenario: one file, opens offline, prints well.

Everything is inline: CSS in a ``<style>`` element, charts as ``<svg>`` drawn
from the pre-binned summary (:mod:`ui.exports.svg`: no JavaScript, no web fonts, no
external references), the QR code as inline SVG. All user text (scenario name,
notes, custom benefit names, the link) goes through :func:`html.escape`.

:func:`build_report` composes one builder per section, in the order a reader
meets them: head, headline, the two point views, simulation, breakdown, over
time, assumptions, the KPI plan (when there is one), share, footer. Each
builder takes one :class:`_Report` (what every section reads) and returns its
lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from roi_core import SOURCES, InputSpec, spec
from roi_core.kpi import KpiPlan
from roi_core.metrics import MetricValues, View, metrics_of_view
from ui.common.explain import Outcome, outcome
from ui.common.format import (
    LOCALES,
    chance_sentence,
    metric_help,
    metric_label,
    metric_text,
    money,
    number,
)
from ui.common.i18n import as_lang, bound, plural, translate
from ui.common.presets import scenario_name, scenario_notes
from ui.common.safe_text import html as escape  # the one home of escaping
from ui.evidence.evidence_text import source_text
from ui.exports.export import (
    ExportResults,
    assumption_rows,
    cost_rows,
    line_rows,
    settings_rows,
    view_label,
    yearly_rows,
)
from ui.exports.svg import PALETTE, bars_svg, cumulative_svg, histogram_svg

__all__ = ["build_report", "report_bytes", "plain_sentence", "plan_section", "PALETTE"]

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
    """The chance sentence, in the same words as the app (:func:`ui.common.format.chance_sentence`)."""
    return chance_sentence(prob_positive, draws, lang)


# --------------------------------------------------------------------------- sections


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


def _input_num(v: float, sp: InputSpec, lang: str) -> str:
    """An input value as precise as the input's values between steps (measured ranges are), zeros trimmed."""
    return number(v, lang, sp.fine_decimals, trim=True) or "∞"


@dataclass(frozen=True)
class _Report:
    """What every section reads: the results, language, currency, and what the outcome lets the report show."""

    res: ExportResults
    lang: str
    currency: str
    mv: MetricValues
    shown: Outcome

    def t(self, key: str, **kwargs: object) -> str:
        """A catalogue text in the report's language."""
        return bound(self.lang)(key, **kwargs)

    def text(self, key: str) -> str:
        """A metric of the registry as the app shows it."""
        return metric_text(key, self.mv, self.lang, self.currency)

    def money_or_undefined(self, v: float) -> str:
        return _or(money(v, self.lang, self.currency), self.t("report.undefined"))


def _head(r: _Report, day: date) -> list[str]:
    """The document head and the header: title, date, horizon and the scenario's notes."""
    s, t, lang = r.res.scenario, r.t, r.lang
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"nl" if lang == "nl" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(t('report.title'))}: {escape(scenario_name(s, lang))}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f'<p class="kicker">{escape(t("report.title"))}</p>',
        f'<h1 id="scenario-name">{escape(scenario_name(s, lang))}</h1>',
        f'<p class="meta">{escape(t("report.date"))}: '
        f"{escape(format_date(day, format='long', locale=LOCALES.get(lang, 'en')))}"
        f" · {escape(t('report.horizon', years=plural(lang, 'plural.years', s.horizon_years)))}</p>",
    ]
    notes = scenario_notes(s, lang)
    if notes.strip():
        parts.append(f'<div class="notes" id="notes">{escape(notes)}</div>')
    parts.append("</header>")
    return parts


def _headline(r: _Report) -> list[str]:
    """The chance sentence and the cards: every figure from the metric registry, the app's formatter per unit."""
    t, lang, mv, mc = r.t, r.lang, r.mv, r.res.summary
    p_pos = mv.value_of("prob_roi_positive")  # nan when no simulated future has costs
    parts = [f'<section id="headline"><h2>{escape(t("report.h.headline"))}</h2>']
    parts.append(f'<p class="sentence">{escape(plain_sentence(p_pos, lang, mc.draws))}</p>')
    if r.shown.notice:
        parts.append(f'<p id="notice">{escape(t(r.shown.notice, roi=r.text("roi_p50")))}</p>')
    parts.append('<div class="cards">')
    for key in CARDS:
        parts.append(
            f'<div class="card" data-metric="{key}"><div class="label">{escape(metric_label(key, lang, mv))}</div>'
            f'<div class="value">{escape(r.text(key))}</div>'
            f'<div class="sub">{escape(metric_help(key, lang))}</div></div>'
        )
    parts.append("</div>")
    if r.shown.roi_spread:
        roi_range = t("report.range_sentence", p5=r.text("roi_p5"), p95=r.text("roi_p95"), p50=r.text("roi_p50"))
        parts.append(f"<p>{escape(roi_range)}</p>")
    if mc.n_undefined and mc.n_undefined < mc.draws:
        futures = plural(lang, "plural.futures", mc.n_undefined)
        parts.append(f"<p>{escape(t('report.note.undefined_draws', futures=futures))}</p>")
    parts.append("</section>")
    return parts


def _views(r: _Report) -> list[str]:
    """Two point views side by side, metric by metric (pairs of the registry with the same measure)."""
    t, lang, mv, res = r.t, r.lang, r.mv, r.res
    likely = {m.measure: m.key for m in metrics_of_view(View.LIKELY)}
    phillips = {m.measure: m.key for m in metrics_of_view(View.PHILLIPS)}
    parts = [f'<section id="views"><h2>{escape(t("report.h.views"))}</h2>']
    first_years = plural(lang, "plural.first_years", res.conservative.years)
    parts.append(f"<p>{escape(t('report.views_explained', years=first_years))}</p>")
    parts.append(
        f'<div class="scroll"><table><thead><tr><th>{escape(t("report.col.metric"))}</th>'
        f'<th class="num">{escape(view_label("likely", lang, res))}</th>'
        f'<th class="num">{escape(view_label("phillips", lang, res))}</th></tr></thead><tbody>'
    )
    for measure in POINT_MEASURES:
        a, b = likely[measure], phillips[measure]
        parts.append(
            f'<tr data-metric="{measure}"><td>{escape(metric_label(a, lang, mv))}</td>'
            f'<td class="num" data-metric="{a}">{escape(r.text(a))}</td>'
            f'<td class="num" data-metric="{b}">{escape(r.text(b))}</td></tr>'
        )
    parts.append("</tbody></table></div></section>")
    return parts


def _simulation(r: _Report) -> list[str]:
    """The simulation: how many futures, the ROI histogram when the ROI spreads, the simulated metrics."""
    t, lang, mc = r.t, r.lang, r.res.summary
    parts = [f'<section id="simulation"><h2>{escape(t("report.h.simulation"))}</h2>']
    futures = plural(lang, "plural.futures", mc.draws)
    parts.append(f"<p>{escape(t('report.simulation_explained', futures=futures, seed=mc.seed))}</p>")
    h = mc.roi_histogram
    if r.shown.roi_spread:  # no spread (or no ROI at all): the notice above says so, no empty chart
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
        parts.append(f"<figcaption>{escape(t('report.chart.histogram_caption'))}</figcaption></figure>")
    parts.append("<table><tbody>")
    for m in metrics_of_view(View.SIMULATION):
        parts.append(
            f"<tr><td>{escape(metric_label(m.key, lang, r.mv))}</td>"
            f'<td class="num" data-metric="{m.key}">{escape(r.text(m.key))}</td></tr>'
        )
    parts.append("</tbody></table></section>")
    return parts


def _breakdown(r: _Report) -> list[str]:
    """Benefits by driver against costs: present values, each view's own numbers in its column."""
    t, lang, res = r.t, r.lang, r.res
    lines = [row for row in line_rows(res, lang) if row["enabled"]]
    costs = [row for row in cost_rows(res, lang) if float(row["expected"]) != 0 or float(row["conservative"]) != 0]
    items: list[tuple[str, float, str]] = [(str(row["label"]), float(row["expected"]), "benefit") for row in lines]
    items.append((t("report.chart.total_costs"), sum(float(row["expected"]) for row in costs), "cost"))
    years_text = plural(lang, "plural.years", res.expected.years)
    parts = [f'<section id="breakdown"><h2>{escape(t("report.h.breakdown"))}</h2>']
    if r.shown.cash:
        parts.append("<figure>")
        parts.append(bars_svg(items, lang, r.currency, t("report.chart.breakdown", years=years_text)))
        parts.append(
            f"<figcaption>{escape(t('report.chart.breakdown_caption', years=years_text))}</figcaption></figure>"
        )
    parts.append(
        f'<table id="breakdown-table"><thead><tr><th>{escape(t("report.col.line_label"))}</th>'
        f'<th class="num">{escape(view_label("likely", lang, res))}</th>'
        f'<th class="num">{escape(view_label("phillips", lang, res))}</th></tr></thead><tbody>'
    )
    for row in lines:
        parts.append(
            f'<tr data-line="{escape(str(row["key"]), quote=True)}"><td>{escape(str(row["label"]))}</td>'
            f'<td class="num">{escape(r.money_or_undefined(float(row["expected"])))}</td>'
            f'<td class="num">{escape(r.money_or_undefined(float(row["conservative"])))}</td>'
            "</tr>"
        )
    for row in costs:
        parts.append(
            f'<tr data-cost="{escape(str(row["key"]), quote=True)}"><td>{escape(str(row["label"]))}</td>'
            f'<td class="num">{escape(r.money_or_undefined(-float(row["expected"])))}</td>'
            f'<td class="num">{escape(r.money_or_undefined(-float(row["conservative"])))}</td>'
            "</tr>"
        )
    parts.append("</tbody></table></section>")
    return parts


def _over_time(r: _Report) -> list[str]:
    """Cumulative net cash flow per year: the chart (when anything is spent or earned) and the yearly table."""
    t, lang, currency, res = r.t, r.lang, r.currency, r.res
    yrs = yearly_rows(res)
    parts = [f'<section id="over-time"><h2>{escape(t("report.h.over_time"))}</h2>']
    if r.shown.cash:  # nothing spent and nothing earned: the table of zeros says it, no empty chart
        parts.append("<figure>")
        parts.append(
            cumulative_svg(
                [row["cumulative_pv_net"] for row in yrs],
                [row["cum_p10"] for row in yrs],
                [row["cum_p50"] for row in yrs],
                [row["cum_p90"] for row in yrs],
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
        parts.append(f"<figcaption>{escape(t('report.chart.cumulative_caption'))}</figcaption></figure>")
    cols = ("year", "costs", "benefits", "net", "pv_net", "cumulative_pv_net", "cum_p10", "cum_p50", "cum_p90")
    parts.append(
        '<div class="scroll"><table id="yearly-table"><thead><tr>'
        + "".join(
            f'<th class="{"" if k == "year" else "num"}">{escape(t(f"report.col.{k}", currency=currency))}</th>'
            for k in cols
        )
        + "</tr></thead><tbody>"
    )
    for row in yrs:
        cells = [f"<td>{int(row['year'])}</td>"] + [
            f'<td class="num">{escape(r.money_or_undefined(row[k]))}</td>' for k in cols[1:]
        ]
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table></div></section>")
    return parts


def _assumptions(r: _Report) -> list[str]:
    """The settings, every assumption with its source number, the sources, and the measured ranges' sources."""
    t, lang, currency, res = r.t, r.lang, r.currency, r.res
    s = res.scenario
    parts = [f'<section id="assumptions"><h2>{escape(t("report.h.assumptions"))}</h2>']
    seed = t("report.setting.seed")
    parts.append(
        "<table><tbody>"
        + "".join(
            # The seed stays a plain code (no thousands separators): it is typed back as it is shown.
            f"<tr><td>{escape(str(k))}</td><td>{escape(str(v) if k == seed else _setting_text(v, lang))}</td></tr>"
            for k, v in settings_rows(res, lang, currency)
        )
        + "</tbody></table>"
    )
    source_ids: dict[str, int] = {}
    head = ("group", "label", "unit", "low", "likely", "high", "shape", "source")
    parts.append(
        '<div class="scroll"><table id="yearly-table"><thead><tr>'
        + "".join(
            f'<th class="{"num" if k in ("low", "likely", "high") else ""}">{escape(t(f"report.col.{k}"))}</th>'
            for k in head
        )
        + "</tr></thead><tbody>"
    )
    for row in assumption_rows(s, lang, currency):
        key = str(row["key"])
        sp = s.input(key)
        src_key = sp.source.key
        ref = ""
        if src_key in SOURCES:  # the registry's sources are listed below; a custom line's is named in its row
            n = source_ids.setdefault(src_key, len(source_ids) + 1)
            ref = f"[{n}]"
        cls = "" if row["used"] else ' class="off"'
        label = str(row["label"]) + ("" if row["used"] else f" ({t('report.not_counted')})")
        nums = (_input_num(float(row[k]), sp, lang) for k in ("low", "likely", "high"))
        parts.append(
            f"<tr{cls}><td>{escape(str(row['group']))}</td><td>{escape(label)}</td><td>{escape(str(row['unit']))}</td>"
            + "".join(f'<td class="num">{escape(n)}</td>' for n in nums)
            + f"<td>{escape(str(row['shape']))}</td><td>{escape(ref or str(row['source']))}</td></tr>"
        )
    parts.append("</tbody></table></div>")
    parts.append(f'<h3>{escape(t("report.h.sources"))}</h3><ol class="sources">')
    for src_key in source_ids:
        src = SOURCES[src_key]
        note = src.note(lang)
        parts.append(f"<li>{escape(src.cite(lang))}. {escape(note)}</li>")
    parts.append("</ol>")
    if s.evidence:  # ranges measured from the organisation's own data: their sources, never the rows
        parts.append(f'<h3 id="measured">{escape(t("evidence.sources_title"))}</h3><ul>')
        for m in s.evidence:
            parts.append(f"<li>{escape(spec(m.input).label(as_lang(lang)))}: {escape(source_text(m, lang))}</li>")
        parts.append("</ul>")
    parts.append("</section>")
    return parts


def _share(r: _Report, share_url: str) -> list[str]:
    """The share link with its QR code (only http(s) or a relative query: never a javascript: or data: link)."""
    t = r.t
    parts = [f'<section id="share"><h2>{escape(t("report.h.share"))}</h2><div class="share">']
    if share_url.startswith(("http://", "https://", "?")):  # never a javascript: or data: link
        qr = ""
        try:
            from ui.exports.qr import qr_svg_inline

            qr = qr_svg_inline(share_url)
        except ValueError:
            qr = ""
        parts.append(qr)
        parts.append(
            f"<div><p>{escape(t('report.share_explained'))}</p>"
            f'<p><a href="{escape(share_url, quote=True)}"><code>{escape(share_url)}</code></a></p></div>'
        )
    else:
        parts.append(f"<p>{escape(t('report.no_share_link'))}</p>")
    parts.append("</div></section>")
    return parts


def _footer(r: _Report) -> list[str]:
    """How many futures and which seed, then the end of the document."""
    mc = r.res.summary
    futures = plural(r.lang, "plural.futures", mc.draws)
    return [f"<footer>{escape(r.t('report.footer', futures=futures, seed=mc.seed))}</footer>", "</body></html>"]


# --------------------------------------------------------------------------- report


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
    r = _Report(res, lang, currency, res.metrics, outcome(res.scenario, res.metrics))
    parts = _head(r, today or date.today())
    parts += _headline(r) + _views(r) + _simulation(r) + _breakdown(r) + _over_time(r) + _assumptions(r)
    if plan is not None and plan.kpis:
        parts.append(plan_section(plan, lang))
    parts += _share(r, share_url) + _footer(r)
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
    from ui.kpi.kpi_plan import plan_rows

    rows = plan_rows(plan, lang)
    head = list(rows[0]) if rows else []
    out = [f'<section id="kpi-plan"><h2>{escape(translate(lang, "kpi.plan_heading"))}</h2>']
    out.append('<div class="scroll"><table><thead><tr>' + "".join(f"<th>{escape(h)}</th>" for h in head))
    out.append("</tr></thead><tbody>")
    for r in rows:
        out.append("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in r.values()) + "</tr>")
    out.append("</tbody></table></div></section>")
    return "\n".join(out)
