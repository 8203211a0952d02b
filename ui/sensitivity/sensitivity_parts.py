"""The parts of the Sensitivity page: its options and link, and one function per part with its charts and tables.

The page (``views/sensitivity.py``) has four parts (``VIEWS``), chosen with a
segmented control at the top: each assumption alone (:func:`drivers`: tornado,
spider), all assumptions together (:func:`together`: ranking, scatter), what
would have to be true (:func:`goal_seek`: break-even and goal seek) and what is
worth finding out first (:func:`value_of_information`, with the pilot). Only
the chosen part is computed and drawn: a slider move on this page costs one or
two charts, not six, and the first part needs no simulation at all.

Page options (part, metric, chosen input, target ROI, Sobol on/off) live in
keyed widgets. A widget starts from the link (``sv``, ``sm``, ``si``, ``st``,
``sb``), else from the last choice in this session (``_sens``: the browser
drops these parameters on a page switch), else the default
(:func:`open_page` works these initial values out), and then keeps its own
state for the session (``persist_state="session"``), also while its part is not
shown. The target ROI is a typed field (``ui.common.number_field``): its number is
plain session state under ``sens_target``, seeded once. The page never writes
the other widgets' keys itself: a value set through ``st.session_state``
outlives the widget and comes back stale. The options are written back to the
link (and ``_sens``) after the widgets (:func:`sync_link`).

Each option sits in an ``st.fragment`` with the charts and tables it affects,
so changing it reruns only that part of the page, not the app (sidebar,
simulation): the metric reruns its part; the Sobol toggle only the ranking;
the chosen input only the scatter; the target ROI only the goal-seek table. A
fragment rerun does not run the page, so each fragment writes the options to
the link itself, and everything a fragment needs comes in as its arguments
(the :class:`SensPage` of the last full run). The fragments' keys
(``sens_drivers``, ``sens_together``, ``sens_ranking``, ``sens_scatter``,
``sens_goal_seek``) name them for ``st.rerun(key)`` and the tests.

The pilot (fragment ``sens_pilot``) has four typed fields, numbers under
``pilot_{size,sd,m,icc}_<input>``. They start from the session's performance
data when *Measured effects* has an estimate (``ui.evidence.evidence.session_estimate``,
``roi_core.evidence.pilot_spread``), else from typed guesses; when the data
come or go (``_pilot_src_<input>`` changes) the defaults are set again.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from roi_core import Metric, Reach, Scenario, TornadoResult
from roi_core.assumptions import FIELD_BOUNDS
from roi_core.pilot import Goal
from ui.common import links
from ui.common.choice import index_of
from ui.common.compute import results
from ui.common.format import money, pct
from ui.common.i18n import plural, t, translate
from ui.common.layout import chart, data_table
from ui.common.number_field import number_field
from ui.sensitivity import pilot as pilot_ui
from ui.sensitivity import sensitivity_charts as sc
from ui.sensitivity.sensitivity_compute import (
    METRICS,
    SPIDER_TOP,
    TARGET_DEFAULT,
    VIEWS,
    Options,
    break_even_result,
    evppi_regression_of,
    input_short,
    option_params,
    parse_options,
    pilot_design,
    rank_of,
    scatter_of,
    sobol_result,
    spider_result,
    tornado_result,
    varying_keys,
)

__all__ = [
    "SensPage",
    "open_page",
    "part_selector",
    "drivers",
    "together",
    "goal_seek",
    "value_of_information",
    "sync_link",
]


@dataclass(frozen=True)
class SensPage:
    """What every part of one full run of the page reads: the scenario, language, currency and the options' start.

    ``initial`` holds each option widget's initial value (``value=``, ``index=``,
    ``default=``): used when the widget is drawn for the first time in this
    session; from then on it keeps its own state (``persist_state="session"``).
    """

    s: Scenario
    lang: str
    cur: str
    keys: tuple[str, ...]
    roi_tornado: TornadoResult
    default_input: str | None
    opts: Options
    initial: dict[str, Any]

    @property
    def has_inputs(self) -> bool:
        return bool(self.keys)


def open_page(s: Scenario, lang: str, cur: str) -> SensPage:
    """The page's start: the varying inputs, the options from link > last choice in this session > default."""
    keys = varying_keys(s)
    # The scatter starts at the input with the largest tornado swing on ROI (cheap: 2k + 1 model cases).
    roi_tornado = tornado_result(s, Metric.ROI_PCT.value)
    default_input = next((k for k, w in zip(roi_tornado.keys, roi_tornado.swing, strict=True) if w > 0), None) or (
        keys[0] if keys else None
    )
    opts = parse_options(st.query_params.to_dict(), keys)
    shadow = st.session_state.setdefault("_sens", {})
    initial = {
        name: from_link if from_link is not None else shadow.get(name, default)
        for name, from_link, default in (
            ("sens_view", opts.view, VIEWS[0]),
            ("sens_metric", opts.metric, Metric.ROI_PCT.value),
            ("sens_target", opts.target, TARGET_DEFAULT),
            ("sens_sobol", opts.sobol, False),
            ("sens_input", opts.input, default_input),
        )
    }
    if initial["sens_input"] not in keys:
        initial["sens_input"] = default_input
    return SensPage(s, lang, cur, keys, roi_tornado, default_input, opts, initial)


def _now(page: SensPage, name: str) -> Any:
    """An option's value now: its widget's, or (widget not drawn yet in this session) its initial value."""
    ss = st.session_state
    value = ss[name] if name in ss else page.initial[name]
    if name == "sens_input" and value not in page.keys:  # the scenario changed: the kept input no longer varies
        return page.default_input
    return value


def sync_link(page: SensPage, has_inputs: bool | None = None) -> None:
    """Write the page options (read from their widgets' state) to the link and remember them for this session.

    Runs at the end of every fragment and of the full run: only the options that
    differ from what the link holds are written, so repeated calls cost nothing.
    ``has_inputs`` overrides the page's own (the scatter passes ``True``).
    """
    has_inputs = page.has_inputs if has_inputs is None else has_inputs
    metric = _now(page, "sens_metric")
    target = float(_now(page, "sens_target"))
    use_sobol = bool(_now(page, "sens_sobol"))
    chosen_key = _now(page, "sens_input") if has_inputs else None
    view = _now(page, "sens_view")
    wanted = option_params(metric, chosen_key, target, use_sobol, page.default_input, view)
    current = st.query_params.to_dict()
    for name in links.PAGE_KEYS:
        if name in wanted and current.get(name) != wanted[name]:
            st.query_params[name] = wanted[name]
        elif name not in wanted and name in current:
            del st.query_params[name]
    shadow = st.session_state.setdefault("_sens", {})
    shadow.update(sens_view=view, sens_metric=metric, sens_target=target, sens_sobol=use_sobol)
    if chosen_key is not None:
        shadow["sens_input"] = chosen_key


def _label(prefix: str, option: str, lang: str) -> str:
    """An option's label in this run's language (bound per run: AppTest calls format functions outside the run)."""
    return translate(lang, prefix + option)


def _why_flat(s: Scenario) -> str:
    """Why no assumption moves the result: no benefit is counted at all, or nothing is uncertain."""
    return t("sens.no_drivers") if not s.enabled and not s.custom else t("sens.nothing_uncertain")


def _table(frame: pd.DataFrame, columns: dict[str, str], **kwargs: Any) -> None:
    """The chosen columns of a frame as a data grid, under the page's column names."""
    st.dataframe(frame[list(columns)].rename(columns=columns), hide_index=True, width="stretch", **kwargs)


def part_selector(page: SensPage) -> str:
    """The segmented control that picks the part of the analysis to compute and draw."""
    return st.segmented_control(
        t("sens.views_label"),
        VIEWS,
        default=page.initial["sens_view"],
        required=True,
        format_func=functools.partial(_label, "sens.tab_", lang=page.lang),
        key="sens_view",
        persist_state="session",
        label_visibility="collapsed",
        width="stretch",
    )


def _metric(page: SensPage) -> str:
    """The metric switch (ROI or NPV) of the two parts that rank assumptions; one key, only one part is drawn."""
    return st.radio(
        t("sens.metric"),
        METRICS,
        index=METRICS.index(page.initial["sens_metric"]),
        key="sens_metric",
        persist_state="session",
        format_func=functools.partial(_label, "sens.metric_", lang=page.lang),
        horizontal=True,
        help=t("sens.metric_help"),
    )


# --- each assumption alone ----------------------------------------------------------------------------------


@st.fragment(key="sens_drivers")
def drivers(page: SensPage) -> None:
    """Each assumption alone: the metric switch, tornado and spider."""
    s, lang, cur = page.s, page.lang, page.cur
    metric = _metric(page)

    tr = page.roi_tornado if metric == Metric.ROI_PCT.value else tornado_result(s, metric)
    tf = sc.tornado_frame(tr, s, lang, cur)
    bars = sc.tornado_bars(tf, lang)
    # One explanation when neither chart can show anything (no ROI at zero cost, or nothing moves the result),
    # instead of the same notice under two headings and an empty table.
    if metric == Metric.ROI_PCT.value and not math.isfinite(tr.base):
        st.info(t("note.zero_cost") + " " + t("sens.use_npv"))
        sync_link(page)
        return
    if not len(bars):
        st.info(_why_flat(s))
        sync_link(page)
        return
    _tornado(page, metric, tr, tf, bars)
    _spider(page, metric, tr)
    sync_link(page)


def _tornado(page: SensPage, metric: str, tr: TornadoResult, tf: pd.DataFrame, bars: pd.DataFrame) -> None:
    """The tornado chart and its table."""
    s, lang, cur = page.s, page.lang, page.cur
    st.subheader(t("sens.tornado_heading"))
    if len(bars):
        spec = sc.tornado_chart(bars, tr.base, metric, lang, cur)
        chart(spec, height=sc.display_height(spec))
        st.caption(t("sens.tornado_caption", base=sc.output_text(tr.base, metric, lang, cur), top=sc.TORNADO_TOP))
    else:
        st.info(_why_flat(s))
    if (box := data_table("sens_tornado")) is not None:
        with box:
            columns = {
                "label": t("sens.col_input"),
                "likely_text": t("sens.col_likely"),
                "low_value_text": t("sens.col_low_value"),
                "high_value_text": t("sens.col_high_value"),
                "low_output_text": t("sens.col_low_output", metric=t(f"sens.metric_{metric}")),
                "high_output_text": t("sens.col_high_output", metric=t(f"sens.metric_{metric}")),
                "swing_text": t("sens.col_swing"),
            }
            _table(tf, columns, key="sens_tornado_table")


def _spider(page: SensPage, metric: str, tr: TornadoResult) -> None:
    """The spider chart of the inputs with the largest swing, and its table."""
    s, lang, cur = page.s, page.lang, page.cur
    st.subheader(t("sens.spider_heading"))
    top = tuple(k for k, w in zip(tr.keys, tr.swing, strict=True) if w > 0)[:SPIDER_TOP]
    if metric == Metric.ROI_PCT.value and not math.isfinite(tr.base):
        st.info(t("note.zero_cost") + " " + t("sens.use_npv"))
    elif top:
        sp = spider_result(s, top)
        spf = sc.spider_frame(sp, s, metric, lang, cur)
        base = sp.base_roi_pct if metric == Metric.ROI_PCT.value else sp.base_npv
        spec = sc.spider_chart(spf, base, metric, lang, cur)
        chart(spec, height=sc.display_height(spec))
        st.caption(t("sens.spider_caption", n=len(top)))
        if (box := data_table("sens_spider")) is not None:
            with box:
                columns = {
                    "label": t("sens.col_input"),
                    "position": t("sens.spider_x"),
                    "value_text": t("sens.col_value"),
                    "output_text": t(f"sens.metric_{metric}"),
                }
                _table(spf, columns)
    else:
        st.info(_why_flat(s))


# --- all assumptions together -------------------------------------------------------------------------------


@st.fragment(key="sens_together")
def together(page: SensPage) -> None:
    """All assumptions together: the metric switch, the ranking and the scatter."""
    s, lang = page.s, page.lang
    metric = _metric(page)
    if page.keys and metric == Metric.ROI_PCT.value:
        mv = results(s).metrics
        if mv.n_undefined >= mv.draws:  # no future has costs: no ROI to rank or plot
            st.info(t("note.zero_cost") + " " + t("sens.use_npv"))
            sync_link(page, True)
            return
        if not (sc.rank_frame(rank_of(s, metric), s, lang)["share"] > 0).any():  # the ROI is the same in every future
            st.info(_why_flat(s) + " " + t("sens.use_npv"))
            sync_link(page, True)
            return
    _ranking(page, metric)
    _scatter(page, metric)
    sync_link(page)


@st.fragment(key="sens_ranking")
def _ranking(page: SensPage, metric: str) -> None:
    """Rank correlations, or Sobol' indices when switched on (the toggle reruns only this)."""
    s, lang = page.s, page.lang
    st.subheader(t("sens.ranking_heading"))
    use_sobol = st.toggle(
        t("sens.sobol_toggle"),
        value=page.initial["sens_sobol"],
        key="sens_sobol",
        persist_state="session",
        help=t("sens.sobol_help"),
    )
    if not page.has_inputs:
        st.info(t("sens.nothing_uncertain"))
    else:
        kind, rf = "rank", sc.rank_frame(rank_of(s, metric), s, lang)
        if use_sobol:
            with st.spinner(t("sens.sobol_running")):
                outcome = sobol_result(s, metric)
            if outcome.result is None:
                st.warning(t(outcome.error))
            else:
                kind, rf = "sobol", sc.sobol_frame(outcome.result, s, lang)
                if outcome.result.ignores_correlations:
                    st.info(t("sens.sobol_correlations"), icon=":material/info:")
        spec = sc.ranking_chart(rf, kind, lang)
        chart(spec, height=sc.display_height(spec))
        st.caption(t(f"sens.ranking_caption_{kind}", futures=plural(lang, "plural.futures", s.draws)))
        if (box := data_table("sens_ranking")) is not None:
            with box:
                columns = {"label": t("sens.col_input"), "share_text": t(f"sens.col_share_{kind}")}
                if kind == "rank":
                    columns["direction"] = t("sens.col_direction")
                else:
                    columns["s1_text"] = t("sens.col_s1")
                _table(rf, columns)
    sync_link(page)


@st.fragment(key="sens_scatter")
def _scatter(page: SensPage, metric: str) -> None:
    """The output against the chosen input (the select box reruns only this)."""
    s, lang, cur, keys = page.s, page.lang, page.cur, page.keys
    st.subheader(t("sens.scatter_heading"))
    if not keys:
        st.info(t("sens.nothing_uncertain"))
        return
    chosen = st.selectbox(
        t("sens.scatter_input"),
        keys,
        index=keys.index(page.initial["sens_input"]),
        key="sens_input",
        persist_state="session",
        format_func=lambda k: sc.label_of(s, k, lang),
        help=t("sens.scatter_input_help"),
    )
    sb = scatter_of(s, metric, chosen)
    heat, band = sc.scatter_frames(sb, lang, cur)
    if sb.n:
        x_title = sc.axis_label(s, chosen, lang, cur)
        spec = sc.scatter_chart(heat, band, x_title, metric, lang, cur)
        chart(spec, height=sc.display_height(spec))
        st.caption(t("sens.scatter_caption", futures=plural(lang, "plural.futures", sb.n)))
    else:  # the ROI is undefined in every simulated future (zero costs)
        st.info(t("note.zero_cost") + " " + t("sens.use_npv"))
    if (box := data_table("sens_scatter")) is not None:
        with box:
            _table(band, {"x_text": t("sens.col_value"), "p10_text": "P10", "p50_text": "P50", "p90_text": "P90"})
    sync_link(page, True)


# --- what would have to be true -----------------------------------------------------------------------------


@st.fragment(key="sens_goal_seek")
def goal_seek(page: SensPage) -> None:
    """Break-even and goal seek (the target ROI reruns only this)."""
    s, lang, cur, ss = page.s, page.lang, page.cur, st.session_state
    st.subheader(t("sens.break_even_heading"))
    if not isinstance(ss.get("sens_target"), int | float):
        ss["sens_target"] = float(page.initial["sens_target"])
    # A typed field read in the page's notation (ui.common.number_field), bounds from the registry.
    target = number_field(
        t("sens.target"), "sens_target", FIELD_BOUNDS["target_roi_pct"], lang, help=t("sens.target_help")
    )
    be = break_even_result(s, float(target))
    bf = sc.break_even_frame(be, s, lang, cur)
    st.caption(t("sens.break_even_caption", base=pct(be.base_roi_pct, lang) or t("common.undefined")))
    if len(bf):
        # A static table: every row at once, and long names wrap, so the values stay in view on a phone
        # (a data grid showed ten rows and only the names there).
        st.table(
            bf[["label", "likely_text", "break_even_text", "target_text"]]
            .rename(
                columns={
                    "label": t("sens.col_input"),
                    "likely_text": t("sens.col_likely"),
                    "break_even_text": t("sens.col_break_even"),
                    "target_text": t("sens.col_target", target=pct(target, lang)),
                }
            )
            .set_index(t("sens.col_input"))
        )
        reachable = sum(st_ is Reach.REACHABLE for st_ in be.target_status)
        st.caption(t("sens.break_even_note", n=reachable, total=len(be.keys)))
    else:
        st.info(t("sens.no_drivers"))
    sync_link(page)


# --- what is worth finding out first ------------------------------------------------------------------------


def value_of_information(page: SensPage) -> None:
    """What is worth finding out first: EVPI, the sentence, the EVPPI ranking (regression, with standard errors)."""
    s, lang, cur = page.s, page.lang, page.cur
    st.subheader(t("sens.voi_heading"))
    if not page.has_inputs:
        st.info(t("sens.nothing_uncertain"))
        return
    ev = evppi_regression_of(s)
    res = results(s)
    st.metric(
        t("sens.evpi_metric"),
        money(ev.evpi, lang, cur) or t("common.undefined"),
        help=t("sens.evpi_help"),
        border=True,
    )
    st.markdown(
        sc.voi_sentence(ev, s, res.monte_carlo.npv_mean, res.deterministic.costs, lang, cur)  # escaped already
    )
    vf = sc.voi_frame(ev, s, lang, cur)
    worth = not sc.voi_negligible(ev.evpi, res.deterministic.costs) and (vf["evppi"] > 0).any()
    if worth:
        spec = sc.voi_chart(vf, ev.evpi, lang, cur)
        chart(spec, height=sc.display_height(spec))
    st.caption(
        t(
            "pilot.voi_caption",
            futures=plural(lang, "plural.futures", ev.n),
            se=money(ev.se[0] if ev.se else 0.0, lang, cur) or "–",
            value=money(ev.evppi[0] if ev.evppi else 0.0, lang, cur) or "–",
        )
    )
    if (box := data_table("sens_voi")) is not None:
        with box:
            st.dataframe(pilot_ui.voi_rows(vf, ev, lang, cur), hide_index=True, width="stretch")
    if worth and ev.evppi[0] > 0:
        _pilot(page, ev.keys[0], ev.evppi[0], ev.se[0] if ev.se else 0.0)


@st.fragment(key="sens_pilot")
def _pilot(page: SensPage, key: str, value: float, se: float) -> None:
    """A pilot for the assumption ranked first: people per group, its cost, set against its value of information."""
    s, lang, cur, ss = page.s, page.lang, page.cur, st.session_state
    st.subheader(t("pilot.heading"))
    label = sc.label_of(s, key, lang)
    unit = sc.axis_label(s, key, lang, cur)
    st.caption(t("pilot.intro", input=label))
    short = input_short(key)
    sd0, size0 = pilot_ui.pilot_defaults(s, key)
    team0, icc0 = pilot_ui.TEAM_SIZE, pilot_ui.ICC
    from roi_core.evidence import pilot_spread  # the estimators load only when the pilot is drawn
    from ui.evidence.evidence import session_estimate

    est = session_estimate()
    data = pilot_spread(est, key) if est is not None else None
    if est is not None and data is not None:  # the spread, ICC and team size of the session's own performance data
        sd0 = data.sd if math.isfinite(data.sd) else sd0
        team0, icc0 = data.team_size, data.icc
        st.info(pilot_ui.data_note(data, est.method, lang), icon=":material/dataset:")
    keys = {f: f"pilot_{f}_{short}" for f in ("size", "sd", "m", "icc")}
    source = (key, repr(data))
    if ss.get(f"_pilot_src_{short}") != source:  # new data (or none any more): its numbers become the defaults
        ss[f"_pilot_src_{short}"] = source
        ss.update({keys["size"]: size0, keys["sd"]: sd0, keys["m"]: team0, keys["icc"]: icc0})
    goal = st.radio(
        t("pilot.goal"),
        ("precision", "power"),
        index=index_of(("precision", "power"), f"pilot_goal_{short}"),
        key=f"pilot_goal_{short}",
        format_func=functools.partial(_label, "pilot.goal_", lang=lang),
        horizontal=True,
        help=t("pilot.goal_help"),
    )
    # Typed fields read in the page's notation (ui.common.number_field), bounds from the registry.
    c1, c2 = st.columns(2)
    size = number_field(
        t(f"pilot.size_{goal}", unit=unit), keys["size"], FIELD_BOUNDS["pilot_size"], lang, container=c1
    )
    sd = number_field(
        t("pilot.sd", unit=unit), keys["sd"], FIELD_BOUNDS["pilot_sd"], lang, container=c2, help=t("pilot.sd_help")
    )
    c3, c4 = st.columns(2)
    team = number_field(
        t("pilot.team_size"), keys["m"], FIELD_BOUNDS["pilot_team_size"], lang, container=c3, help=t("pilot.team_help")
    )
    icc = number_field(
        t("pilot.icc"), keys["icc"], FIELD_BOUNDS["pilot_icc"], lang, container=c4, help=t("pilot.icc_help")
    )
    aim: Goal = "power" if goal == "power" else "precision"
    d = pilot_design(s, key, float(sd), float(size), aim, float(icc), int(team), float(value))
    txt = pilot_ui.pilot_rows(d, se, lang, cur)
    m1, m2, m3 = st.columns(3)
    m1.metric(
        t("pilot.people"),
        txt["people"],
        border=True,
        help=t("pilot.people_teams", teams=txt["teams"], m=int(team)) if d.teams_per_group else None,
    )
    m2.metric(t("pilot.cost"), txt["cost"], border=True, help=t("pilot.cost_help"))
    m3.metric(t("pilot.value"), txt["value"], border=True, help=t("pilot.value_help", se=txt["se"]))
    verdict = t("pilot.worth" if d.worth_it else "pilot.not_worth", cost=txt["cost"], value=txt["value"], se=txt["se"])
    (st.success if d.worth_it else st.warning)(verdict)
    st.caption(
        t(
            f"pilot.formula_{goal}",
            unclustered=txt["unclustered"],
            de=txt["de"],
            people=txt["people"],
            teams=txt["teams"],
        )
    )
