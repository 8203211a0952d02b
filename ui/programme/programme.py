"""The Measurement rounds page's helpers: reading records, rounds from typed text, tables and charts.

Pure functions (no Streamlit): :func:`read_record`, :func:`build_round`,
:func:`kpi_frame`, :func:`roi_frame`, :func:`range_rows`, :func:`round_rows`
and the chart builders. Records hold aggregated results only; an uploaded
record is read in memory and never stored or logged.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from roi_core import INPUTS
from roi_core.programme import (
    MAX_FILE_BYTES,
    Measurement,
    Programme,
    ProgrammeError,
    Round,
    RoundOutcome,
    from_json,
    normal_of_range,
)
from ui.common.charts import OKABE_ITO
from ui.common.format import input_title, number, pct
from ui.common.i18n import translate
from ui.compare.compare_diff import range_text
from ui.kpi.kpi_plan import outcome_label, parse_number, unit_label

__all__ = [
    "Read",
    "read_record",
    "error_text",
    "build_round",
    "kpi_frame",
    "roi_frame",
    "round_rows",
    "range_rows",
    "kpi_chart",
    "roi_chart",
    "vega_locale",
    "record_name",
    "record_bytes",
]


@dataclass(frozen=True)
class Read:
    """A record read from a file, or the reason it could not be (``error``: a message in the user's language)."""

    programme: Programme | None
    error: str = ""


def error_text(exc: ProgrammeError, lang: str) -> str:
    """A :class:`ProgrammeError` in the user's language; the file's own words are cut short, never interpreted."""
    fmt = {k: str(v)[:120] for k, v in exc.details.items()}
    text = translate(lang, f"prog.error.{exc.code}", **fmt)
    return text if text != f"prog.error.{exc.code}" else translate(lang, "prog.error.invalid", detail=str(exc)[:200])


def read_record(data: bytes, lang: str) -> Read:
    """Read an uploaded programme record; never raises."""
    if len(data) > MAX_FILE_BYTES:
        return Read(None, translate(lang, "prog.error.too_large", limit=number(MAX_FILE_BYTES / 1e6, lang) or ""))
    try:
        return Read(from_json(data))
    except ProgrammeError as exc:
        return Read(None, error_text(exc, lang))
    except Exception:  # noqa: BLE001 - a hostile file must never end in a traceback
        return Read(None, translate(lang, "prog.error.invalid", detail=""))


def build_round(
    p: Programme,
    date: dt.date,
    label: str,
    entries: Sequence[Mapping[str, Any]],
    lang: str,
) -> tuple[Round | None, str]:
    """A round from the typed entries (one per measured KPI: ``kpi``, ``value``, ``low``, ``high``, ``n``, ``method``).

    Numbers are typed text, read in the page's language. Returns the round, or
    ``None`` and what to fix (in the user's language).
    """
    results = []
    for e in entries:
        k = int(e["kpi"])
        name = p.plan.kpis[k].name or outcome_label(p.plan.kpis[k].outcome.value, lang)
        nums = {}
        for f in ("value", "low", "high"):
            try:
                nums[f] = parse_number(e.get(f), lang)
            except ValueError:
                return None, translate(
                    lang, "prog.bad_number", kpi=name, field=translate(lang, f"prog.col.{f}").lower()
                )
        try:
            results.append(
                Measurement(
                    k,
                    nums["value"],
                    nums["low"],
                    nums["high"],
                    int(e.get("n") or 0),
                    date.isoformat(),
                    str(e.get("method") or ""),
                )
            )
        except ProgrammeError as exc:
            return None, translate(lang, "prog.kpi_problem", kpi=name, text=error_text(exc, lang))
    if not results:
        return None, translate(lang, "prog.error.empty_round")
    try:
        r = Round(date.isoformat(), tuple(results), label)
        p.with_round(r)
    except ProgrammeError as exc:
        return None, error_text(exc, lang)
    return r, ""


def _decimals(x: float) -> int:
    return 0 if float(x).is_integer() else 2


def kpi_frame(p: Programme, lang: str) -> pd.DataFrame:
    """Per KPI and moment: what the decision assumed (baseline at the decision, the target) and what was measured.

    Columns: ``kpi`` (name), ``order``, ``date``, ``kind`` (``baseline`` / ``target`` / ``measured``), ``value``,
    ``low``, ``high``, ``text`` (the value with its interval, formatted).
    """
    rows = []
    last = max([p.decided_on, *(r.date for r in p.rounds)])
    for i, k in enumerate(p.plan.kpis):
        name = k.name or outcome_label(k.outcome.value, lang)
        unit = unit_label(k.unit, lang)
        for date, kind, v in ((p.decided_on, "baseline", k.baseline), (last, "target", k.target)):
            rows.append(
                {"kpi": name, "order": i, "date": date, "kind": kind, "value": v, "low": v, "high": v,
                 "text": f"{number(v, lang, _decimals(v))} {unit}"}
            )  # fmt: skip
            if kind == "target":  # the target line runs from the decision to the last round
                rows.append(rows[-1] | {"date": p.decided_on})
        for r in p.rounds:
            for m in r.results:
                if m.kpi == i:
                    d = max(_decimals(m.value), _decimals(m.ci_low), _decimals(m.ci_high))
                    rows.append(
                        {
                            "kpi": name,
                            "order": i,
                            "date": m.date,
                            "kind": "measured",
                            "value": m.value,
                            "low": m.ci_low,
                            "high": m.ci_high,
                            "text": f"{number(m.value, lang, d)} ({number(m.ci_low, lang, d)} – "
                            f"{number(m.ci_high, lang, d)}) {unit}, n = {number(m.n, lang)}",
                        }
                    )
    return pd.DataFrame(rows, columns=["kpi", "order", "date", "kind", "value", "low", "high", "text"])


def roi_frame(out: Sequence[RoundOutcome], lang: str) -> pd.DataFrame:
    """Per round: the expected ROI and its P5-P95 (per cent); round 0 is the decision."""
    return pd.DataFrame(
        {
            "date": [o.date for o in out],
            "round": [
                translate(lang, "prog.decision")
                if o.index == 0
                else o.label or translate(lang, "prog.round_n", n=o.index)
                for o in out
            ],
            "roi": [o.roi_mean for o in out],
            "p5": [o.roi_p5 for o in out],
            "p95": [o.roi_p95 for o in out],
            "text": [f"{pct(o.roi_mean, lang) or '–'} ({pct(o.roi_p5, lang)} – {pct(o.roi_p95, lang)})" for o in out],
        }
    )


def round_rows(out: Sequence[RoundOutcome], lang: str) -> list[dict[str, str]]:
    """The ROI table: per round the expected ROI, its P5-P95, the chances and the advice."""
    return [
        {
            translate(lang, "prog.col.round"): translate(lang, "prog.decision")
            if o.index == 0
            else o.label or translate(lang, "prog.round_n", n=o.index),
            translate(lang, "prog.col.date"): o.date,
            translate(lang, "prog.col.roi"): pct(o.roi_mean, lang) or "–",
            translate(lang, "prog.col.roi_range"): f"{pct(o.roi_p5, lang)} – {pct(o.roi_p95, lang)}",
            translate(lang, "prog.col.prob"): pct(o.prob_roi_positive * 100, lang) or "–",
            translate(lang, "prog.col.roi_to_date_assumed"): pct(o.roi_to_date_assumed, lang) or "–",
            translate(lang, "prog.col.roi_to_date"): pct(o.roi_to_date, lang) or "–",
            translate(lang, "prog.col.advice"): translate(lang, f"prog.advice.{o.advice}"),
        }
        for o in out
    ]


def range_rows(out: Sequence[RoundOutcome], lang: str) -> list[dict[str, str]]:
    """What is left uncertain: per input a KPI fed, its range as decided and now, and the width left."""
    first, last = out[0].scenario, out[-1].scenario
    keys = []
    for o in out[1:]:
        keys += [u.key for u in o.updates if u.key not in keys]
    rows = []
    for key in keys:
        b, a = normal_of_range(first[key])[1], normal_of_range(last[key])[1]
        left = a / b * 100 if b > 0 else math.nan
        rows.append(
            {
                translate(lang, "prog.col.input"): input_title(INPUTS[key], lang),
                translate(lang, "prog.col.decided"): range_text(INPUTS[key], first[key], lang),
                translate(lang, "prog.col.now"): range_text(INPUTS[key], last[key], lang),
                translate(lang, "prog.col.width_left"): pct(left, lang) or translate(lang, "prog.replaced"),
            }
        )
    return rows


def vega_locale(spec: dict[str, Any], lang: str) -> dict[str, Any]:
    """Dutch number notation on the chart's axes (Vega's number locale in the spec's config)."""
    if lang == "nl":
        spec.setdefault("config", {})["locale"] = {
            "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}
        }
    return spec


def kpi_chart(frame: pd.DataFrame, title: str, unit: str, lang: str) -> dict[str, Any]:
    """One KPI over time: baseline and target as lines, each round's measurement as a point with its interval."""
    kinds = ["baseline", "target", "measured"]
    names = [translate(lang, f"prog.kind.{k}") for k in kinds]
    data = frame.assign(kind_label=frame["kind"].map(dict(zip(kinds, names, strict=True))))
    x = alt.X("date:T", title=translate(lang, "prog.col.date"), axis=alt.Axis(format="%Y-%m", labelAngle=0))
    colour = alt.Color(
        "kind_label:N",
        scale=alt.Scale(domain=names, range=["#777777", OKABE_ITO[1], OKABE_ITO[0]]),
        legend=alt.Legend(orient="bottom", title=None),
    )
    tip = [
        alt.Tooltip("kind_label:N", title=" "),
        alt.Tooltip("date:T", format="%Y-%m-%d"),
        alt.Tooltip("text:N", title=unit),
    ]
    base = alt.Chart(data).encode(x=x)
    lines = (
        base.transform_filter(alt.datum.kind != "measured")
        .mark_line(strokeDash=[6, 3])
        .encode(y=alt.Y("value:Q", title=unit, scale=alt.Scale(zero=False)), color=colour, tooltip=tip)
    )
    meas = base.transform_filter(alt.datum.kind == "measured")
    bars = meas.mark_rule(strokeWidth=2).encode(y="low:Q", y2="high:Q", color=colour, tooltip=tip)
    points = meas.mark_point(filled=True, size=80).encode(y="value:Q", color=colour, tooltip=tip)
    chart = (lines + bars + points).properties(title=title, height=220)
    return vega_locale(chart.to_dict(), lang)


def roi_chart(frame: pd.DataFrame, lang: str) -> dict[str, Any]:
    """Expected ROI after each round with its P5-P95 interval; a dashed line at the decision's expected ROI."""
    x = alt.X("date:T", title=translate(lang, "prog.col.date"), axis=alt.Axis(format="%Y-%m", labelAngle=0))
    tip = [alt.Tooltip("round:N", title=" "), alt.Tooltip("text:N", title=translate(lang, "prog.col.roi"))]
    base = alt.Chart(frame).encode(x=x)
    band = base.mark_rule(strokeWidth=3, color=OKABE_ITO[0], opacity=0.6).encode(
        y=alt.Y("p5:Q", title=translate(lang, "prog.axis_roi")), y2="p95:Q", tooltip=tip
    )
    line = base.mark_line(point=alt.OverlayMarkDef(size=80, filled=True), color=OKABE_ITO[0]).encode(
        y="roi:Q", tooltip=tip
    )
    decided = (
        alt.Chart(frame.iloc[[0]])
        .mark_rule(strokeDash=[6, 3], color=OKABE_ITO[1])
        .encode(y="roi:Q", tooltip=[alt.Tooltip("text:N", title=translate(lang, "prog.decision"))])
    )
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#777").encode(y="y:Q")
    chart = (band + line + decided + zero).properties(title=translate(lang, "prog.roi_chart_title"), height=240)
    return vega_locale(chart.to_dict(), lang)


def record_name(p: Programme) -> str:
    """A safe file name for the record: ``programme-<name>-<date>.json``."""
    stem = "".join(ch if ch.isalnum() else "-" for ch in p.name.lower()).strip("-")[:40] or "programme"
    return f"programme-{stem}-{dt.date.today().isoformat()}.json"


def record_bytes(p: Programme) -> bytes:
    from roi_core.programme import to_json

    return to_json(p).encode("utf-8")
