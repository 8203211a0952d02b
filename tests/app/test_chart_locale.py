"""Charts write numbers in the page language: Vega's number locale, word scales for amounts, never SI's "G"."""

from __future__ import annotations

import json

import pytest

from ui.common.format import SCALES, d3_number_locale
from ui.common.vega import amount_label_expr, localized


@pytest.mark.parametrize(("lang", "decimal", "thousands"), [("nl", ",", "."), ("en", ".", ",")])
def test_every_drawn_chart_carries_the_page_locale(make_app, lang: str, decimal: str, thousands: str) -> None:
    for page in ("views/overview.py", "views/over_time.py"):
        at = make_app(lang=lang)
        at.run()
        if page != "views/overview.py":
            at.switch_page(page).run()
        assert not at.exception
        charts = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
        assert charts, page
        for c in charts:
            spec = json.loads(c.proto.spec)
            number = spec["config"]["locale"]["number"]
            assert (number["decimal"], number["thousands"]) == (decimal, thousands), page
            assert '"~s"' not in c.proto.spec  # SI prefixes write billions as "G"


def test_localized_copies_only_the_config() -> None:
    spec = {"mark": "bar", "config": {"axis": {"labelFontSize": 12}}, "datasets": {"d": []}}
    out = localized(spec, "nl")
    assert out["config"]["axis"] == {"labelFontSize": 12} and out["datasets"] is spec["datasets"]
    assert "locale" not in spec["config"]  # the cached template is not changed
    assert out["config"]["locale"]["number"] == d3_number_locale("nl")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_amount_labels_use_every_word_scale(lang: str) -> None:
    expr = amount_label_expr(lang)
    for factor, suffix in SCALES[lang]:
        assert f"'{suffix}'" in expr and f"{factor:.0e}" in expr
    # Largest scale tested first, so 2e9 is "2 mld", not "2000 mln".
    firsts = [expr.index(f"'{s}'") for _, s in SCALES[lang]]
    assert firsts == sorted(firsts)
