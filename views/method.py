"""Method: the model in plain words, every formula, and the assumptions with their sources."""

import pandas as pd
import streamlit as st

from roi_core import INPUTS, SOURCES, Group
from roi_core.metrics import OUTPUT_METRICS, VIEW_LABELS
from ui.common import widget_state
from ui.common.format import group_label, input_title, metric_label, number, undefined_text
from ui.common.i18n import as_lang, current_lang, t
from ui.compare.compare_diff import range_text
from ui.evidence.evidence_text import source_text

lang = current_lang()
cur = st.session_state.get("cur", "EUR")
s = widget_state.current_scenario()

st.title(t("method.title"))
st.markdown(t("method.intro"))

st.header(t("method.costs_title"))
st.markdown(t("method.costs_text"))
st.latex(r"w = \frac{S\,(1 + o_c)}{D \times 8} \qquad L = S\,(1 + o_c)")
st.latex(r"C_1 = n\,k_c + K_d + K_f + n\,h\,w + o_h\,(n\,k_c + K_d + K_f) + K_e")
st.latex(r"C_{t \geq 2} = n\,c_r\,k_r \quad (\text{" + t("method.continuous_only") + "})")

st.header(t("method.benefits_title"))
st.markdown(t("method.benefits_text"))
st.latex(r"B_{d,t} = V_d \times a_d \times \bar e_t \times \bar s_t")
st.latex(
    r"e(m) = \begin{cases} m / m_r & m < m_r \\ 2^{-(m - m_r)/m_{1/2}} & m \geq m_r \end{cases}"
    r"\qquad \bar e_t = \int_{12(t-1)}^{12t} e(m)\,\frac{dm}{12}"
)
st.markdown(t("method.lasting_text"))
st.latex(r"e(m) = 1 \quad (m \geq m_r,\ \text{" + t("method.lasting_short") + "})")
st.markdown(t("method.cohort_text"))
st.latex(
    r"S_1 = 1 \qquad S_{t+1} = S_t\,(1 - q_t) \qquad "
    r"q_t = \begin{cases} q - \min(\Delta q, q)\,\bar e_t & \text{" + t("method.turnover_on") + r"} \\ "
    r"q & \text{" + t("method.turnover_off") + r"} \end{cases}"
)
st.latex(r"\bar s_t = S_t \int_{0}^{1} (1 - q_t)^{\tau}\,d\tau = S_t \, \frac{-q_t}{\ln(1 - q_t)}")
st.markdown(t("method.drivers_text"))
st.latex(
    r"\begin{aligned}"
    r"V_{\mathrm{prod}} &= n\,c_r \times L \times m_v \times g \\"
    r"V_{\mathrm{qual}} &= E_0 \times r_e \\"
    r"V_{\mathrm{contr}} &= X_0 \times r_x \\"
    r"V_{\mathrm{onb}} &= H \times \tfrac{w_s}{52} \times L \times g_r \\"
    r"V_{\mathrm{cust}} &= R \times g_m \times \Delta\mathrm{NPS} \times \kappa \\"
    r"V_{\mathrm{turn}} &= n\,c_r \times \min(\Delta q, q) \times P \qquad P = \rho\,S \ \text{"
    + t("method.or")
    + r"} \ P = c_l \\"
    r"V_{\mathrm{abs}} &= n\,c_r \times D \times \min(\Delta a, a) \times c_a"
    r"\end{aligned}"
)
st.markdown(t("method.turnover_text"))
st.latex(r"B_{\mathrm{turn},t} = V_{\mathrm{turn}} \times a_{\mathrm{turn}} \times \bar e_t \times S_t")

st.header(t("method.results_title"))
st.markdown(t("method.results_text"))
# The formulas' words and abbreviations in the page language (Dutch: CW and NCW for present value and NPV).
pv, npv = t("method_formula.pv"), t("method_formula.npv")
payback = (
    r"\text{" + t("method_formula.payback") + r"} = \min\{\, m : N(m') \ge 0 \text{ " + t("method_formula.for_all")
)
for formula in (
    r"PV(C) = \sum_{t=1}^{T} \frac{C_t}{(1+i)^{t-1}} \qquad PV(B) = \sum_{t=1}^{T} \frac{B_t}{(1+i)^{t}}",
    r"\text{ROI} = \frac{PV(B) - PV(C)}{PV(C)} \times 100\,\%",
    r"\text{BCR} = \frac{PV(B)}{PV(C)} \qquad \text{NPV} = PV(B) - PV(C)",
    payback + r" } m' \in [m, 12T] \,\}, \quad N(m) = \textstyle\sum_{\le m} PV(B) - \sum_{\le m} PV(C)",
):
    st.latex(formula.replace(r"\text{NPV}", r"\text{" + npv + "}").replace("PV(", pv + "("))
st.markdown(t("method.views_text"))
st.markdown(t("method.phillips_text"))
st.latex(r"\text{ROI}_{\mathrm{Phillips}} = \frac{\sum_d V_d\,a_d\,k_d\,\bar e_1\,\bar s_1 - C_1}{C_1} \times 100\,\%")

# What each output number means: the metric registry (roi_core.metrics), the same list every surface iterates.
st.subheader(t("method.metrics_title"))
st.caption(t("method.metrics_text"))
st.dataframe(
    pd.DataFrame(
        [
            {
                t("method.col_metric"): metric_label(m.key, lang),
                t("method.col_view"): VIEW_LABELS[m.view][lang == "nl"],
                t("method.col_definition"): m.definition(lang),
                t("method.col_undefined"): "; ".join(undefined_text(u, lang) for u in m.undefined) or "–",
            }
            for m in OUTPUT_METRICS.values()
        ]
    ),
    hide_index=True,
    width="stretch",
)

st.header(t("method.uncertainty_title"))
st.markdown(t("method.uncertainty_text", draws=number(s.draws, lang), seed=s.seed))

st.header(t("method_loop.title"))  # from estimates to evidence: KPI plan, value of information, pilot, rounds
st.markdown(t("method_loop.kpi_text"))
st.markdown(t("method_loop.voi_text"))
st.latex(
    r"\text{EVPPI}(X) = \frac{1}{n}\sum_{j} \max\bigl(0, \hat g(x_j)\bigr)"
    r" - \max\Bigl(0, \frac{1}{n}\sum_j \hat g(x_j)\Bigr)"
)
st.markdown(t("method_loop.pilot_text"))
st.latex(
    r"n = \frac{2\,z^2 \sigma^2}{h^2} \quad\text{" + t("method.or") + r"}\quad "
    r"n = \frac{2\,(z_{\alpha} + z_{\beta})^2 \sigma^2}{\delta^2},"
    r" \qquad n_{\text{" + t("method_formula.teams") + r"}} = n \bigl(1 + (m-1)\,\rho\bigr)"
)
st.markdown(t("method_loop.update_heading"))
st.markdown(t("prog.rule_text"))
st.latex(r"m = \frac{m_0/s_0^2 + m_1/s_1^2}{1/s_0^2 + 1/s_1^2} \qquad s = \frac{1}{\sqrt{1/s_0^2 + 1/s_1^2}}")

st.header(t("method.assumptions_title"))
st.markdown(t("method.assumptions_text"))
group_names = {g: group_label(g, lang) for g in Group}
# One table per group, five columns, cells that wrap (st.table): every column stays readable at any width, where
# one wide table of nine columns hid its Shape, Now and Source columns at 1440 px.
for group, name in group_names.items():
    rows = []
    for key, sp in INPUTS.items():
        if sp.group is not group:
            continue
        d, now = sp.default, s[key]  # low / most likely / high with the slider step's decimals; one number if fixed
        rows.append(
            {
                t("method.col_input"): input_title(sp, lang, cur),
                t("workshop.col_default"): range_text(sp, d, lang),
                t("method.col_shape"): t(f"shape.{d.shape.value}"),
                t("method.col_now"): range_text(sp, now, lang),
                t("method.col_source"): sp.source.cite(lang),
            }
        )
    if rows:
        st.markdown(f"**{name}**")
        st.table(pd.DataFrame(rows).set_index(t("method.col_input")))

st.subheader(t("evidence.sources_title"))
if s.evidence:  # ranges measured on the page Measured effects
    st.markdown("\n".join(f"- **{INPUTS[m.input].label(as_lang(lang))}**: {source_text(m, lang)}" for m in s.evidence))
else:
    st.caption(t("evidence.sources_none"))

st.header(t("method.sources_title"))
for src in SOURCES.values():
    note = src.note(lang)
    st.markdown(f"- **{src.cite(lang)}.** {note}".replace("$", "\\$"))
