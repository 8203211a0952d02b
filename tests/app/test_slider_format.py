"""How the sidebar's sliders write their values, per language (``ui.sidebar.sidebar.slider_format``).

Streamlit 1.67 formats a slider value in the browser: a printf format goes
through its sprintf (``%,`` groups with ``,``, ``%'.,`` with ``.``; the
decimal separator is always ``.``), the predefined ``"localized"`` through
``Intl.NumberFormat(navigator.languages)`` with 0-3 decimals. The browser side
is checked in ``tests/e2e/test_locale_e2e.py``; here the format each slider
is given.
"""

from __future__ import annotations

import pytest

from roi_core import INPUTS
from ui.sidebar.advanced import signed
from ui.sidebar.sidebar import slider_format

WHOLE = [sp for sp in INPUTS.values() if sp.step >= 1]
FRACTION = [sp for sp in INPUTS.values() if sp.step < 1]


def _decimals(step: float) -> int:
    return len(f"{step:g}".partition(".")[2])


def test_both_kinds_of_step_exist() -> None:
    # Guards the parametrisations below against silently testing nothing.
    assert WHOLE and FRACTION
    assert {sp.key for sp in FRACTION} >= {"productivity_gain_pct", "discount_rate", "churn_per_nps_point"}


@pytest.mark.parametrize("sp", WHOLE, ids=lambda sp: sp.key)
def test_whole_steps_group_thousands_like_the_language(sp) -> None:
    assert slider_format(sp, "en") == "%,.0f"  # 150,000
    assert slider_format(sp, "nl") == "%'.,.0f"  # 150.000 (sprintf: custom separator "." then ",")


@pytest.mark.parametrize("sp", FRACTION, ids=lambda sp: sp.key)
def test_fractions_point_in_english_and_localized_in_dutch(sp) -> None:
    en = slider_format(sp, "en")
    assert en == f"%.{_decimals(sp.step)}f"
    # Every step of the slider reads differently, and reads back as its own value.
    lo, hi = sp.slider_min, sp.slider_max
    n = round((hi - lo) / sp.step)
    shown = [en % (lo + i * sp.step) for i in range(n + 1)]
    assert len(set(shown)) == len(shown)
    assert all(abs(float(s) - (lo + i * sp.step)) < 1e-9 for i, s in enumerate(shown))
    # Dutch needs the decimal comma, which only "localized" writes; it shows at most 3 decimals.
    assert slider_format(sp, "nl") == "localized"
    assert _decimals(sp.step) <= 3


def test_examples() -> None:
    gain, discount, salary = INPUTS["productivity_gain_pct"], INPUTS["discount_rate"], INPUTS["gross_salary"]
    assert (slider_format(gain, "en"), slider_format(discount, "en"), slider_format(salary, "en")) == (
        "%.1f",
        "%.2f",
        "%,.0f",
    )
    assert (slider_format(gain, "nl"), slider_format(salary, "nl")) == ("localized", "%'.,.0f")


def test_no_unit_in_the_value() -> None:
    # The unit is in the label: a "%%" suffix cannot follow "localized", so no format carries one.
    for sp in INPUTS.values():
        for lang in ("en", "nl"):
            assert "%%" not in slider_format(sp, lang)


@pytest.mark.parametrize(
    ("x", "lang", "decimals", "text"),
    [(0.6, "nl", 1, "+0,6"), (0.6, "en", 2, "+0.60"), (-0.25, "nl", 2, "-0,25"), (0.0, "en", 1, "0.0")],
)
def test_signed_correlation(x: float, lang: str, decimals: int, text: str) -> None:
    assert signed(x, lang, decimals) == text


# --- the app gives each slider that format ---------------------------------------------------------------


def _sliders(at) -> dict[str, object]:
    return {s.key: s for s in at.slider if s.key and s.key[:2] in ("v_", "r_")}


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_app_sliders_use_the_language_format(make_app, lang: str) -> None:
    at = make_app(lang=lang, m="range")
    at.session_state["grp_adv_corr"] = True
    at.run()
    assert not at.exception, at.exception
    sliders = _sliders(at)
    assert len(sliders) > 2 * len(FRACTION)  # every group is open: range and most likely sliders
    for key, s in sliders.items():
        assert s.proto.format == slider_format(INPUTS[key[2:]], lang), key
    gain = sliders["v_productivity_gain_pct"]
    assert gain.proto.format == {"en": "%.1f", "nl": "localized"}[lang]
    assert gain.label == {"en": "Most likely (%)", "nl": "Meest waarschijnlijk (%)"}[lang]
    draws = at.select_slider(key="draws").options
    assert {"en": "20,000", "nl": "20.000"}[lang] in draws
    rho = at.select_slider(key="adv_pair_rho").options
    assert any(o.startswith({"en": "+0.5 ", "nl": "+0,5 "}[lang]) for o in rho), rho
