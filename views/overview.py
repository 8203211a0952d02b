"""Overview: is it worth it, how sure is that, and why."""

import streamlit as st

from ui.common import charts, presets, widget_state
from ui.common.compute import chart_specs, results
from ui.common.explain import outcome
from ui.common.format import chance_sentence, latex_text, metric_help, metric_label, metric_text, pct
from ui.common.i18n import current_lang, plural, t
from ui.common.layout import chart, data_table

lang = current_lang()
cur = st.session_state.get("cur", "EUR")
s = widget_state.current_scenario()
r = results(s)
det, mc, mv = r.deterministic, r.monte_carlo, r.metrics

st.title(t("overview.title"))
st.caption(
    t(
        "overview.caption",
        name=presets.preset_name(st.session_state.get("preset", ""), lang),
        years=s.horizon_years,
        futures=plural(lang, "plural.futures", s.draws),
        seed=s.seed,
    )
)
desc = presets.preset_description(st.session_state.get("preset", ""), lang)
if desc and not st.session_state.get("present"):
    with st.expander(t("overview.about_preset")):
        st.markdown(desc.replace("$", "\\$"))

# --- headline metrics: every figure from the metric registry (roi_core.metrics), one formatter per unit ------------
shown = outcome(s, mv)
if shown.notice:
    st.info(t(shown.notice, roi=metric_text("roi_p50", mv, lang, cur)), icon=":material/info:")
CARDS = (
    ("roi_likely", "npv_likely", "prob_roi_positive"),
    ("roi_mean", "roi_p50", "payback_likely"),
    ("bcr_likely", "roi_phillips", *(("prob_beats_hurdle",) if s.hurdle_pct != 0 else ())),
)
for keys in CARDS:
    for col, key in zip(st.columns(3), keys, strict=False):
        col.metric(
            metric_label(key, lang, mv),
            metric_text(key, mv, lang, cur),
            help=metric_help(key, lang).replace("$", "\\$"),
            border=True,
        )

# --- the sentence ---------------------------------------------------------------------------------------
st.subheader(chance_sentence(mv.value_of("prob_roi_positive"), mc.draws, lang))  # nan when no future has costs
if mc.n_undefined and mc.n_undefined < mc.draws:
    st.caption(t("note.undefined_draws", futures=plural(lang, "plural.futures", mc.n_undefined)))
if shown.roi_spread:
    st.markdown(
        t(
            "overview.range_sentence",
            p5=metric_text("roi_p5", mv, lang, cur),
            p95=metric_text("roi_p95", mv, lang, cur),
            p50=metric_text("roi_p50", mv, lang, cur),
        )
    )

# --- charts ------------------------------------------------------------------------------------------------
present = bool(st.session_state.get("present"))
specs = chart_specs(s, "overview", lang, cur, present)  # built with ui.common.charts, cached on the scenario
# On the projector the two charts get the full width each, one under the other.
left, right = (st.container(), st.container()) if present else st.columns(2)
with left:
    if shown.roi_spread:  # a distribution without spread (or without any ROI) is said in words above, not drawn
        chart(specs["histogram"])
        st.caption(t("overview.histogram_caption"))
    if shown.roi_spread and (box := data_table("overview_histogram")) is not None:
        hist = charts.histogram_frame(mc.roi_histogram, lang)
        marks = charts.markers_frame(mc, lang)
        with box:
            st.dataframe(
                hist[["range_text", "count", "share"]].rename(
                    columns={"range_text": t("chart.roi"), "count": t("chart.count"), "share": t("chart.share_axis")}
                ),
                hide_index=True,
                width="stretch",
            )
            st.dataframe(
                marks[["label", "value"]].rename(columns={"label": "", "value": t("chart.roi_axis")}), hide_index=True
            )
with right:
    if shown.cash:
        chart(specs["waterfall"])
        st.caption(
            t(
                "overview.waterfall_caption",
                rate=pct(s.likely("discount_rate"), lang, 2, trim=True),
                benefits=metric_text("benefits_likely", mv, lang, cur),
                costs=metric_text("costs_likely", mv, lang, cur),
                npv=metric_text("npv_likely", mv, lang, cur),
            ).replace("$", "\\$")
        )
    if shown.cash and (box := data_table("overview_waterfall")) is not None:
        wf = charts.waterfall_frame(det, lang, cur)
        with box:
            st.dataframe(
                wf[["item", "amount_text"]].rename(columns={"item": t("chart.item"), "amount_text": t("chart.amount")}),
                hide_index=True,
                width="stretch",
            )

# --- the formula with this scenario's numbers -----------------------------------------------------------
st.subheader(t("overview.formula_title"))
b_word, c_word = latex_text(t("formula.benefits")), latex_text(t("formula.costs"))
st.latex(rf"\text{{ROI}} = \frac{{\text{{{b_word}}} - \text{{{c_word}}}}}{{\text{{{c_word}}}}} \times 100\,\%")
if mv.reason_of("roi_likely") is None:  # otherwise the notice at the top already says why there is no ROI
    b, c = (
        latex_text(metric_text("benefits_likely", mv, lang, cur)),
        latex_text(metric_text("costs_likely", mv, lang, cur)),
    )
    roi = latex_text(metric_text("roi_likely", mv, lang, cur))
    st.latex(rf"\text{{ROI}} = \frac{{\text{{{b}}} - \text{{{c}}}}}{{\text{{{c}}}}} \times 100\,\% = \text{{{roi}}}")
st.caption(
    t(
        "overview.formula_caption",
        years=plural(lang, "plural.years", s.horizon_years),
        rate=pct(s.likely("discount_rate"), lang, 2, trim=True),
    )
)
