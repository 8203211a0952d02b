"""Compare: which assumptions differ between the saved scenarios (a table of only the rows that differ)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd

from roi_core import DRIVER_LABELS, DRIVERS, INPUTS, InputSpec, Range, Scenario, Shape
from ui.common.format import input_title, money, number, pct
from ui.common.i18n import as_lang, plural, translate

__all__ = ["range_text", "differences"]


def range_text(sp: InputSpec, r: Range, lang: str) -> str:
    """``low / most likely / high`` in the language's notation; one number when there is no doubt.

    A shape other than PERT is named in brackets, so that two ranges with the same numbers still differ visibly.

    >>> from roi_core import INPUTS, Range, Shape
    >>> range_text(INPUTS["participants"], Range(40, 50, 1200, Shape.UNIFORM), "nl")
    '40 / 50 / 1.200 (uniform)'
    >>> range_text(INPUTS["participants"], Range.fixed(50), "en")
    '50'
    """
    dec = sp.decimals
    if r.low == r.high:
        return number(r.likely, lang, dec) or ""
    text = " / ".join(number(x, lang, dec) or "" for x in (r.low, r.likely, r.high))
    if r.shape not in (Shape.PERT, Shape.FIXED):
        text += f" ({translate(lang, f'report.shape.{r.shape.value}')})"
    return text


def differences(saved: Sequence[tuple[str, Scenario, str | None]], lang: str, currency: str = "EUR") -> pd.DataFrame:
    """One row per assumption or setting that is not the same in every saved scenario; one column per scenario.

    ``saved`` holds ``(name, scenario, mode)``; ``mode`` is ``"simple"``/``"range"`` (``None``: not known).
    Inputs show ``low / most likely / high``; then the horizon, the benefits counted, the mode, the other
    benefit lines, the correlations, the simulation settings. No rows: the scenarios are alike.
    """
    t: Callable[..., str] = lambda key, **kw: translate(lang, key, **kw)  # noqa: E731 - bound to lang
    names = [name for name, _s, _m in saved]
    scenarios = [s for _n, s, _m in saved]
    rows: dict[str, list[str]] = {}

    def add(label: str, values: list[str]) -> None:
        if len(set(values)) > 1:
            rows[label] = values

    for key, sp in INPUTS.items():
        ranges = [s[key] for s in scenarios]
        if any(r != ranges[0] for r in ranges):
            label = input_title(sp, lang, currency)
            rows[label] = [range_text(sp, r, lang) for r in ranges]
    add(t("sidebar.horizon"), [plural(lang, "plural.years", s.horizon_years) for s in scenarios])
    add(
        t("workshop.diff_drivers"),
        [", ".join(DRIVER_LABELS[d.value][lang] for d in DRIVERS if s.is_enabled(d)) or "-" for s in scenarios],
    )
    add(t("sidebar.continuous"), [t("workshop.yes") if s.continuous else t("workshop.no") for s in scenarios])
    add(t("sidebar.mode"), [t(f"mode.{m}") if m else "-" for _n, _s, m in saved])
    add(
        t("adv.custom_title"),
        [
            "; ".join(f"{c.name}: {money(c.value_eur.likely, lang, currency)}" for c in s.custom) or "-"
            for s in scenarios
        ],
    )
    add(
        t("adv.corr_title"),
        [
            "; ".join(
                f"{INPUTS[c.a].label(as_lang(lang))} ~ {INPUTS[c.b].label(as_lang(lang))}: {number(c.rho, lang, 2)}"
                for c in s.correlations
            )
            or "-"
            for s in scenarios
        ],
    )
    add(t("sidebar.draws"), [number(s.draws, lang) or "" for s in scenarios])
    add(t("sidebar.seed"), [str(s.seed) for s in scenarios])
    add(t("sidebar.hurdle"), [pct(s.hurdle_pct, lang) or "" for s in scenarios])
    table = pd.DataFrame(rows, index=names, dtype=object).T if rows else pd.DataFrame(columns=names, dtype=object)
    table.index.name = t("workshop.diff_assumption")
    return table
