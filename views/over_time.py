"""Over time: yearly cash flow, the cumulative net benefit (present value) with its P10-P90 band, the payback."""

import math

import streamlit as st

from ui.common import charts, widget_state
from ui.common.compute import chart_specs, results
from ui.common.explain import outcome
from ui.common.format import metric_help, metric_label, metric_text, money
from ui.common.i18n import current_lang, plural, t
from ui.common.layout import chart, data_table

lang = current_lang()
cur = st.session_state.get("cur", "EUR")
s = widget_state.current_scenario()
r = results(s)
det, mc, mv = r.deterministic, r.monte_carlo, r.metrics

st.title(t("over_time.title"))
st.caption(t("over_time.caption", years=plural(lang, "plural.years", s.horizon_years)))
shown = outcome(s, mv)
if shown.notice:
    st.info(t(shown.notice, roi=metric_text("roi_p50", mv, lang, cur)), icon=":material/info:")

# Every figure from the metric registry (roi_core.metrics): the discounted payback, on the same present values as ROI.
for col, key in zip(st.columns(3), ("payback_likely", "prob_payback", "payback_p50"), strict=True):
    col.metric(metric_label(key, lang, mv), metric_text(key, mv, lang, cur), help=metric_help(key, lang), border=True)

# Nothing spent and nothing earned: the notice above says so, and no empty charts are drawn.
if shown.cash:
    present = bool(st.session_state.get("present"))
    specs = chart_specs(s, "over_time", lang, cur, present)  # built with ui.common.charts, cached on the scenario
    chart(specs["cumulative"])
    # The orange payback line is drawn only when the curve crosses zero within the horizon: name it only then.
    paid_back = math.isfinite(det.payback_months)
    st.caption(t("over_time.cumulative_caption") + (" " + t("over_time_payback.line") if paid_back else ""))
    if (box := data_table("over_time_cumulative")) is not None:
        cum = charts.cumulative_frame(det, mc.cumulative_net_quantiles, lang, cur, mc.start_net_quantiles)
        with box:
            st.dataframe(
                cum[["year", "expected_text", "p10_text", "p50_text", "p90_text"]].rename(
                    columns={
                        "year": t("chart.year"),
                        "expected_text": t("chart.expected"),
                        "p10_text": "P10",
                        "p50_text": "P50",
                        "p90_text": "P90",
                    }
                ),
                hide_index=True,
                width="stretch",
            )

    chart(specs["yearly"])
    st.caption(t("over_time.yearly_caption"))
    if (box := data_table("over_time_yearly")) is not None:
        with box:
            table = det.to_frame()
            money_cols = ("costs", "benefits", "net", "cumulative_pv_net")
            st.dataframe(
                table[["year", *money_cols]]
                .assign(**{c: [money(v, lang, cur) for v in table[c]] for c in money_cols})
                .rename(
                    columns={
                        "year": t("chart.year"),
                        "costs": t("over_time.costs_cash"),
                        "benefits": t("over_time.benefits_cash"),
                        "net": t("over_time.net"),
                        "cumulative_pv_net": t("over_time.cumulative"),
                    }
                ),
                hide_index=True,
                width="stretch",
            )
