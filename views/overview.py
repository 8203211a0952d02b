"""Overview: is it worth it, how sure is that, and why."""

import streamlit as st

from roi_core import Note
from ui import charts, state
from ui.compute import chart_specs, results
from ui.format import latex_text, money, number, out_of_ten, pct, ratio
from ui.i18n import current_lang, t
from ui.layout import chart, data_table

lang = current_lang()
cur = st.session_state.get("cur", "EUR")
s = state.current_scenario()
r = results(s)
det, cons, mc = r.deterministic, r.conservative, r.monte_carlo
undefined = t("common.undefined")

st.title(t("overview.title"))
st.caption(
    t(
        "overview.caption",
        name=state.preset_name(st.session_state.get("preset", ""), lang),
        years=s.horizon_years,
        draws=number(s.draws, lang),
        seed=s.seed,
    )
)
desc = state.preset_description(st.session_state.get("preset", ""), lang)
if desc and not st.session_state.get("present"):
    with st.expander(t("overview.about_preset")):
        st.markdown(desc.replace("$", "\\$"))

# --- headline metrics ---------------------------------------------------------------------------------
roi_help = t("overview.roi_help", years=s.horizon_years)
if Note.ZERO_COST in det.notes:
    roi_help = t("note.zero_cost")
payback = (
    t("overview.payback_value", months=number(det.payback_months, lang))
    if Note.NO_PAYBACK not in det.notes
    else t("overview.no_payback", years=s.horizon_years)
)
row1 = st.columns(3)
row1[0].metric(t("overview.roi"), pct(det.roi_pct, lang) or undefined, help=roi_help, border=True)
row1[1].metric(
    t("overview.net_benefit"),
    money(det.npv, lang, cur) or undefined,
    help=t("overview.net_benefit_help", years=s.horizon_years, net=money(det.net_benefit, lang, cur) or undefined),
    border=True,
)
row1[2].metric(
    t("overview.prob_positive"),
    pct(mc.prob_roi_positive * 100, lang),
    help=t("overview.prob_positive_help", draws=number(mc.draws, lang)),
    border=True,
)
row2 = st.columns(3)
row2[0].metric(
    t("overview.bcr"),
    ratio(det.bcr, lang) or undefined,
    help=t("overview.bcr_help") if Note.ZERO_COST not in det.notes else t("note.zero_cost"),
    border=True,
)
row2[1].metric(
    t("overview.payback"),
    payback,
    help=t("overview.payback_help") if Note.NO_PAYBACK not in det.notes else t("note.no_payback"),
    border=True,
)
row2[2].metric(
    t("overview.conservative_roi"),
    pct(cons.roi_pct, lang) or undefined,
    help=t("overview.conservative_help", years=s.conservative_horizon),
    border=True,
)
if s.hurdle_pct != 0:
    st.metric(
        t("overview.prob_hurdle", hurdle=pct(s.hurdle_pct, lang)),
        pct(mc.prob_beats_hurdle * 100, lang),
        border=True,
    )

# --- the sentence ---------------------------------------------------------------------------------------
n = out_of_ten(mc.prob_roi_positive)
key = {
    "<1": "overview.sentence_few",
    ">9": "overview.sentence_most",
    0: "overview.sentence_none",
    10: "overview.sentence_all",
}.get(n, "overview.sentence")
st.subheader(t(key, n=n))
if mc.n_undefined:
    st.caption(t("note.undefined_draws", n=number(mc.n_undefined, lang)))
st.markdown(
    t(
        "overview.range_sentence",
        p5=pct(mc.roi_p5, lang) or undefined,
        p95=pct(mc.roi_p95, lang) or undefined,
        p50=pct(mc.roi_p50, lang) or undefined,
    )
)

# --- charts ------------------------------------------------------------------------------------------------
present = bool(st.session_state.get("present"))
specs = chart_specs(s, "overview", lang, cur, present)  # built with ui.charts, cached on the scenario
# On the projector the two charts get the full width each, one under the other.
left, right = (st.container(), st.container()) if present else st.columns(2)
with left:
    chart(specs["histogram"])
    st.caption(t("overview.histogram_caption"))
    if (box := data_table("overview_histogram")) is not None:
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
    chart(specs["waterfall"])
    st.caption(
        t(
            "overview.waterfall_caption",
            rate=pct(s.likely("discount_rate"), lang, 2, trim=True),
            benefits=money(det.benefits, lang, cur),
            costs=money(det.costs, lang, cur),
            npv=money(det.npv, lang, cur),
        ).replace("$", "\\$")
    )
    if (box := data_table("overview_waterfall")) is not None:
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
if Note.ZERO_COST in det.notes:
    st.info(t("note.zero_cost"))
else:
    b, c = latex_text(money(det.benefits, lang, cur) or ""), latex_text(money(det.costs, lang, cur) or "")
    roi = latex_text(pct(det.roi_pct, lang, 1) or "")
    st.latex(rf"\text{{ROI}} = \frac{{\text{{{b}}} - \text{{{c}}}}}{{\text{{{c}}}}} \times 100\,\% = \text{{{roi}}}")
st.caption(
    t("overview.formula_caption", years=s.horizon_years, rate=pct(s.likely("discount_rate"), lang, 2, trim=True))
)
