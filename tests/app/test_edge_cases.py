"""Edge cases that stay coherent (issue 9): zero costs, every benefit off, a 1-year horizon, extreme values.

Each state is opened through its share link in both languages on Overview, Over time, What matters most and
Share. On every page: no "NaN"/"nan"/"None" in any text, no "1 months"/"1 years"/"1 maanden" (plural forms
come from Babel's rules), no chart whose data shows nothing, and where a figure cannot exist one explanation
says why (the registry's words or the page's notice), never a contradiction such as "ROI undefined" beside a
"chance ROI > 0" of 100 %.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from roi_core import Range, Scenario
from roi_core.scenario_io import encode_link
from tests.app.conftest import APP
from ui.sensitivity.sensitivity_compute import VIEWS as SENS_VIEWS

COSTS = ("content_cost", "design_cost", "facilitation_cost", "learning_hours", "evaluation_cost", "recurring_cost")

EDGES: dict[str, Scenario] = {
    "zero_costs": Scenario(draws=500).with_values(**{k: Range.fixed(0.0) for k in COSTS}),
    "zero_costs_at_likely": Scenario(draws=500).with_values(
        **{k: Range(0.0, 0.0, 2_000.0) for k in ("content_cost", "design_cost", "facilitation_cost")},
        learning_hours=Range.fixed(0.0),
        evaluation_cost=Range.fixed(0.0),
    ),
    "no_benefits": Scenario(draws=500).with_enabled(),
    "nothing_at_all": Scenario(draws=500).with_values(**{k: Range.fixed(0.0) for k in COSTS}).with_enabled(),
    "one_year": Scenario(draws=500, horizon_years=1),
    "extreme": Scenario(draws=500).with_values(
        productivity_gain_pct=Range(40.0, 60.0, 80.0), content_cost=Range.fixed(1.0), design_cost=Range.fixed(1.0)
    ),
}
PAGES = ("views/overview.py", "views/over_time.py", "views/sensitivity.py", "views/share.py")
BAD = re.compile(r"\b(nan|NaN|NAN|None|inf)\b|\b1 (months|years|maanden|simulated futures|gesimuleerde toekomsten)\b")


def _texts(at: AppTest) -> Iterator[str]:
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "latex"):
        for el in getattr(at, kind):
            yield str(el.value)
    for m in at.metric:
        yield f"{m.label}: {m.value}"
    for d in at.dataframe:
        yield d.value.to_csv()


def _charts(at: AppTest) -> list[dict[str, list[dict]]]:
    """Each chart's datasets as rows: inline ones from the spec, Arrow ones (sent apart) decoded."""
    out = []
    for el in at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart"):
        data = dict(json.loads(el.proto.spec).get("datasets", {}))
        for d in el.proto.datasets:
            data[d.name] = pa.ipc.open_stream(d.data.data).read_all().to_pylist()
        out.append(data)
    return out


def _shows_something(datasets: dict[str, list[dict]]) -> bool:
    """False for a chart that would draw nothing: no rows at all, or bars whose every share or count is 0."""
    rows = [r for v in datasets.values() for r in v]
    if not rows:
        return False
    for column in ("share", "count"):
        values = [r[column] for r in rows if isinstance(r.get(column), int | float)]
        if values and not any(v > 0 for v in values):
            return False
    return True


@pytest.fixture(scope="module", params=sorted(EDGES))
def edge(request) -> str:
    return request.param


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_page_stays_coherent(edge: str, lang: str) -> None:
    s = EDGES[edge]
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["s"] = encode_link(s)
    at.query_params["lang"] = lang
    at.query_params["m"] = "range"
    at.run()
    for page, part in [(p, None) for p in PAGES if p != "views/sensitivity.py"] + [
        ("views/sensitivity.py", v) for v in SENS_VIEWS
    ]:
        if page != PAGES[0]:
            at.switch_page(page).run()
        if part is not None:
            at.button_group(key="sens_view").set_value(part).run()
        assert not at.exception, (edge, page, part, at.exception)
        text = "\n".join(_texts(at))
        bad = BAD.search(text)
        assert bad is None, (edge, lang, page, text[max(bad.start() - 80, 0) : bad.end() + 80])
        for datasets in _charts(at):
            assert _shows_something(datasets), (edge, lang, page, "an empty chart")
        if page == "views/overview.py":
            _check_overview(edge, lang, at, text)


def _metric(at: AppTest, key: str, lang: str) -> str:
    from roi_core.metrics import OUTPUT_METRICS

    label = OUTPUT_METRICS[key].label(lang)
    return next(str(m.value) for m in at.metric if m.label == label)


def _check_overview(edge: str, lang: str, at: AppTest, text: str) -> None:
    from roi_core import deterministic
    from ui.common.format import money
    from ui.common.i18n import translate

    infos = [str(i.value) for i in at.info]
    if edge == "zero_costs":
        assert infos == [translate(lang, "explain.no_costs_anywhere")]
        undefined = "Undefined:" if lang == "en" else "Onbepaald:"
        for key in ("roi_likely", "roi_mean", "roi_p50", "bcr_likely", "payback_likely", "roi_phillips"):
            assert _metric(at, key, lang).startswith(undefined), key  # words, never a number or "0"
        assert _metric(at, "npv_likely", lang) == money(deterministic(EDGES[edge]).benefits, lang)  # all benefit
        assert not _charts(at) or all("count" not in json.dumps(c) for c in _charts(at))  # no ROI histogram
        assert translate(lang, "overview.range_sentence").split("**")[0] not in text
    elif edge == "zero_costs_at_likely":
        assert infos == [translate(lang, "explain.no_costs_at_likely")]
    elif edge == "no_benefits":
        assert infos[0] == translate(lang, "explain.no_benefits")
        assert _metric(at, "prob_roi_positive", lang) == "0%"
    elif edge == "nothing_at_all":  # no costs and no benefits: one notice, no chart at all
        assert infos == [translate(lang, "explain.no_costs_anywhere")]
        assert not _charts(at)
    elif edge == "one_year":
        assert not infos
        assert ("1-year horizon" if lang == "en" else "horizon 1 jaar") in text
    elif edge == "extreme":
        assert not infos
        chance = _metric(at, "prob_roi_positive", lang)
        assert chance in ("100%", "> 99%")
        if chance == "> 99%":  # never "100%" beside "more than 9 out of 10"
            assert "9" in at.subheader[0].value
