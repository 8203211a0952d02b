"""Slider values in a real browser: decimal comma in Dutch, point in English.

Streamlit 1.67 writes a slider's value in the browser. The sidebar gives
whole-step sliders a printf format with the page language's thousands
separator (the same in any browser) and fractional ones, in Dutch,
``"localized"``, i.e. ``Intl.NumberFormat(navigator.languages)``: the decimal
comma comes from the browser's locale, not from the page's language. Each
case runs in a browser context with its own locale (``navigator.language``
and ``st.context.locale``); without ``lang=`` in the link the page language
follows that locale.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from roi_core import DRIVER_LABELS, INPUTS
from tests.e2e.helpers import (
    TIMEOUT_MS,
    assert_no_error,
    fit_height_to_content,
    open_sidebar_group,
    slider,
    wait_for_app,
    wait_for_rerun,
)
from ui.common.format import unit_text
from ui.common.i18n import translate


def _label(key: str, lang: str) -> str:
    sp = INPUTS[key]
    return f"{sp.label(lang)} ({unit_text(sp.unit, 'EUR', lang)})"


def _shown(page: Page, label: str) -> Locator:
    """The value text drawn on the thumb of the sidebar slider ``label``."""
    box = (
        page.get_by_test_id("stSidebar")
        .get_by_test_id("stSlider")
        .filter(has=page.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True))
    )
    return box.get_by_test_id("stSliderThumbValue")


def _step_right(page: Page, label: str) -> None:
    s = slider(page, label)
    s.focus()
    s.press("ArrowRight")
    wait_for_rerun(page)


def _case(locale: str, link: str, lang: str, gain: str, discount: str, salary: str, name: str):
    return pytest.param(
        link, lang, gain, discount, salary, id=name, marks=pytest.mark.browser_context_args(locale=locale)
    )


CASES = [
    # browser locale, link, page language; gain 5 -> one step of 0.5; discount 8 -> one step of 0.25; salary 42,000
    _case("nl-NL", "/", "nl", "5,5", "8,25", "42.000", "dutch-browser"),
    _case("en-US", "/", "en", "5.5", "8.25", "42,000", "english-browser"),
    # An English page in a Dutch browser: printf, so points like every other number on the page.
    _case("nl-NL", "/?lang=en", "en", "5.5", "8.25", "42,000", "dutch-browser-english-page"),
    # The known limit: a Dutch page in an English browser. Thousands follow the page ("42.000"), but
    # only the browser can write a decimal comma, and it writes a point.
    _case("en-US", "/?lang=nl", "nl", "5.5", "8.25", "42.000", "english-browser-dutch-page"),
]


@pytest.mark.parametrize(("link", "lang", "gain", "discount", "salary"), CASES)
def test_slider_values_use_the_locale_separators(
    page: Page, screenshot, link: str, lang: str, gain: str, discount: str, salary: str
) -> None:
    page.goto(link)
    wait_for_app(page)
    language = {"en": "English", "nl": "Nederlands"}[lang]
    expect(page.get_by_test_id("stSidebar").get_by_role("radio", name=language)).to_be_checked()

    open_sidebar_group(page, translate(lang, "group.workforce"))
    expect(_shown(page, _label("gross_salary", lang))).to_have_text(salary, timeout=TIMEOUT_MS)

    gain_label = _label("productivity_gain_pct", lang)
    open_sidebar_group(page, DRIVER_LABELS["productivity"][lang])
    expect(slider(page, gain_label)).to_have_value("5", timeout=TIMEOUT_MS)
    _step_right(page, gain_label)
    expect(slider(page, gain_label)).to_have_value("5.5", timeout=TIMEOUT_MS)  # the number itself
    expect(_shown(page, gain_label)).to_have_text(gain, timeout=TIMEOUT_MS)  # how it is written
    expect(slider(page, gain_label)).to_have_attribute("aria-valuetext", gain)  # and read out

    discount_label = _label("discount_rate", lang)
    open_sidebar_group(page, translate(lang, "group.time"))
    _step_right(page, discount_label)
    expect(_shown(page, discount_label)).to_have_text(discount, timeout=TIMEOUT_MS)

    # No float noise and no unit glued to the value on any assumption slider of the open groups.
    groups = page.get_by_test_id("stSidebar").get_by_test_id("stExpander")
    values = groups.get_by_test_id("stSlider").get_by_test_id("stSliderThumbValue").all_inner_texts()
    assert values and all(re.fullmatch(r"-?\d{1,3}([.,]\d{3})*([.,]\d{1,3})?", v) for v in values), values
    assert_no_error(page)
    fit_height_to_content(page)
    screenshot("sidebar")


@pytest.mark.parametrize(
    ("link", "decimal", "wrong"),
    [("/?lang=nl", ",", "."), ("/?lang=en", ".", ",")],
    ids=["dutch", "english"],
)
def test_chart_axes_write_numbers_in_the_page_language(
    page: Page, screenshot, link: str, decimal: str, wrong: str
) -> None:
    """Axis labels use the page language's decimal mark and write amounts with word scales (20k), never SI's G.

    The Overview's axes are whole numbers and amounts (its histogram's share axis lost its ",0" in the review); the
    decimals are checked on the ranking part's scatter, whose input axis runs in halves (1,5 2,0 ... in Dutch)."""

    def axis_labels(url: str) -> list[str]:
        page.goto(url)
        wait_for_app(page)
        page.wait_for_function(
            "() => document.querySelectorAll('[data-testid=stVegaLiteChart] g.role-axis-label text').length > 10",
            timeout=TIMEOUT_MS,
        )
        return page.get_by_test_id("stVegaLiteChart").locator("g.role-axis-label text").all_text_contents()

    labels = axis_labels(link)
    assert [s for s in labels if re.fullmatch(r"\d+k", s)], labels  # amounts on the waterfall: 20k, 40k
    assert not [s for s in labels if re.fullmatch(r"-?[\d.,]+\s?G", s)], labels
    assert not [s for s in labels if re.fullmatch(r"-?\d+[.,]0", s)], labels  # no "9,0 8,0" on a share axis
    assert_no_error(page)
    screenshot("charts")
    labels = axis_labels(link.replace("/?", "/sensitivity?sv=ranking&"))
    fractions = [s for s in labels if re.fullmatch(r"-?\d+[.,]\d+", s)]
    assert fractions, labels
    assert all(decimal in s and wrong not in s for s in fractions), labels  # "2.0" in Dutch reads as two thousand
    assert_no_error(page)
