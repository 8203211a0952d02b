"""Inline SVG charts for the HTML report: drawn from pre-binned summaries, no JavaScript, no fonts, no references.

Three charts (:func:`histogram_svg`, :func:`bars_svg`, :func:`cumulative_svg`)
on one small coordinate helper (:class:`_Frame`); every text drawn goes through
:func:`ui.common.safe_text.html`, numbers through :mod:`ui.common.format` in the report's
language.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from ui.common.format import compact_money, money, number, pct
from ui.common.i18n import translate
from ui.common.safe_text import html as escape  # the one home of escaping

__all__ = ["PALETTE", "nice_ticks", "histogram_svg", "bars_svg", "cumulative_svg"]


#: Okabe-Ito colours (colour-blind safe), the same roles as in :mod:`ui.common.charts`.
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


def nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
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
    out += _y_axis(f, nice_ticks(0, top, 4), lambda v: number(v, lang) or "", y_label)
    for i, c in enumerate(counts):
        a, b = float(edges[i]), float(edges[i + 1])
        colour = PALETTE["net"] if (a + b) / 2 >= 0 else PALETTE["cost"]
        x, w = f.sx(a), max(f.sx(b) - f.sx(a) - 0.5, 0.5)
        y = f.sy(c)
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{f.y1 - y:.1f}" fill="{colour}"/>')
    for v in nice_ticks(lo, hi, 6):
        x = f.sx(v)
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{f.y1}" y2="{f.y1 + 4}" stroke="{PALETTE["muted"]}"/>')
        out.append(_txt(x, f.y1 + 17, pct(v, lang) or "", fill=PALETTE["muted"]))
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
        out.append(_txt(x, f.y0 + 6 + 12 * (i % 2), f"{name} {pct(v, lang) or ''}", fill=PALETTE["marker"], size=11))
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
    for v in nice_ticks(low, top, 4):
        x = f.sx(v)
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{f.y0}" y2="{f.y1}" stroke="{PALETTE["grid"]}"/>')
        out.append(_txt(x, f.y1 + 16, compact_money(v, lang, currency) or "", fill=PALETTE["muted"]))
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
        out.append(_txt(x_b + 6, y + band * 0.45, money(v, lang, currency) or "", "start", size=11))
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
    out += _y_axis(f, nice_ticks(lo, hi, 5), lambda v: compact_money(v, lang, currency) or "", labels["y"])
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
