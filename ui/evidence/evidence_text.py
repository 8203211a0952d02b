"""The one sentence that says where a measured range came from (sidebar help, Method page, report).

Free of Streamlit, so that exports and reports built outside a page run can use it.
"""

from __future__ import annotations

from roi_core import INPUTS
from roi_core.scenario import EvidenceSource
from ui.common.format import number
from ui.common.i18n import translate

__all__ = ["input_value", "source_text"]


def input_value(x: float, key: str, lang: str) -> str:
    """``x`` in ``key``'s unit, one decimal finer than its slider step (:attr:`InputSpec.fine_decimals`)."""
    return number(x, lang, INPUTS[key].fine_decimals) or ""


def source_text(src: EvidenceSource, lang: str) -> str:
    """One line on where a measured range came from.

    >>> src = EvidenceSource("productivity_gain_pct", "difference_in_differences", 256, 24, 5.9, 3.1, 8.7, "2026-11-30")
    >>> source_text(src, "nl")
    'Gemeten 2026-11-30: Verschil-in-verschillen, 256 mensen in 24 teams; 95%-interval 3,10 tot 8,70.'
    """
    return translate(
        lang,
        "evidence.source",
        date=src.date,
        method=translate(lang, f"evidence.method.{src.method}"),
        n=number(src.n, lang),
        teams=number(src.clusters, lang),
        low=input_value(src.ci_low, src.input, lang),
        high=input_value(src.ci_high, src.input, lang),
    )
