"""Over time: yearly and cumulative cash flow, the P10-P90 band and the payback point."""

import streamlit as st

from roi_core import Note
from ui import charts, state
from ui.compute import chart_specs, results
from ui.format import money, number, pct
from ui.i18n import current_lang, t
from ui.layout import chart, data_table

lang = current_lang()
cur = st.session_state.get("cur", "EUR")
s = state.current_scenario()
r = results(s)
det, mc = r.deterministic, r.monte_carlo

st.title(t("over_time.title"))
st.caption(t("over_time.caption", years=s.horizon_years))

cols = st.columns(3)
cols[0].metric(
    t("overview.payback"),
    t("overview.payback_value", months=number(det.payback_months, lang))
    if Note.NO_PAYBACK not in det.notes
    else t("overview.no_payback", years=s.horizon_years),
    help=t("overview.payback_help"),
    border=True,
)
cols[1].metric(
    t("over_time.prob_payback", years=s.horizon_years),
    pct(mc.prob_payback * 100, lang),
    help=t("over_time.prob_payback_help"),
    border=True,
)
p50 = mc.payback_p50_months
cols[2].metric(
    t("over_time.payback_p50"),
    t("overview.payback_value", months=number(p50, lang))
    if p50 == p50
    else t("overview.no_payback", years=s.horizon_years),
    help=t("over_time.payback_p50_help"),
    border=True,
)

present = bool(st.session_state.get("present"))
specs = chart_specs(s, "over_time", lang, cur, present)  # built with ui.charts, cached on the scenario
chart(specs["cumulative"])
st.caption(t("over_time.cumulative_caption"))
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

yearly = charts.yearly_frame(det, lang, cur)
chart(specs["yearly"])
st.caption(t("over_time.yearly_caption"))
if (box := data_table("over_time_yearly")) is not None:
    with box:
        table = det.to_frame()
        st.dataframe(
            table.assign(
                **{c: [money(v, lang, cur) for v in table[c]] for c in ("costs", "benefits", "net", "cumulative_net")}
            ).rename(
                columns={
                    "year": t("chart.year"),
                    "costs": t("chart.kind_cost"),
                    "benefits": t("chart.kind_benefit"),
                    "net": t("over_time.net"),
                    "cumulative_net": t("over_time.cumulative"),
                }
            ),
            hide_index=True,
            width="stretch",
        )
