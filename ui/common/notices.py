"""Notices in the user's language: what a link, a file or a measurement file asked for that was adjusted or ignored.

``roi_core`` reports with :class:`roi_core.notices.Notice` (a ``kind``, a
``field`` and ``details``); this module turns one into a sentence by its kind,
from the catalogue (``notice.kind.<kind>`` in ``ui/locales/*/notices.json``;
measurement-file kinds under ``evidence.notice.<kind>``). Numbers are written
with the language's notation, fields and inputs by the names the user knows,
and whatever came from outside (echoed values, sheet names) is escaped, so a
tampered link cannot show a clickable link or formatting.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from babel.lists import format_list

from roi_core import INPUTS
from roi_core.notices import EVIDENCE_KINDS, Notice
from ui.common.format import number
from ui.common.i18n import as_lang, translate
from ui.common.safe_text import md

__all__ = ["catalogue_key", "field_name", "notice_text"]

#: Catalogue keys of the names of link fields that are not inputs (parameters and scenario fields).
_FIELD_KEYS: Mapping[str, str] = {
    "sv": "sens.views_label",  # the Sensitivity page's own options
    "sm": "sens.metric",
    "si": "sens.scatter_input",
    "st": "sens.target",
    "sb": "sens.sobol_toggle",
    "lang": "sidebar.language",
    "cur": "sidebar.currency",
    "p": "sidebar.preset",
    "v": "sidebar.variant",
    "m": "sidebar.mode",
    "u": "sidebar.sure",
    "k": "notice.field_kpi_plan",
    "s": "notice.field_link",
    "share link": "notice.field_link",
    "horizon_years": "sidebar.horizon",
    "draws": "sidebar.draws",
    "seed": "sidebar.seed",
    "hurdle_pct": "sidebar.hurdle",
    "continuous": "sidebar.continuous",
    "lasting": "sidebar.lasting",
    "leaver_cost": "sidebar.leaver_cost",
    "enabled": "notice.field_enabled",
    "conservative_years": "notice.field_conservative_years",
    "name": "notice.field_name",
    "notes": "notice.field_notes",
    "correlation": "notice.field_correlation",
    "correlations": "notice.field_correlation",
    "custom": "notice.field_custom",
    "evidence": "evidence.sources_title",
    "file": "notice.field_file",  # a refused scenario file as a whole
    "inputs": "notice.field_inputs",
}

#: Kinds whose field is a name the link used but the app does not know: shown as it was written.
_RAW_FIELD = frozenset({"unknown_parameter", "unknown_field"})


def field_name(field: str, lang: str) -> str:
    """The name a user knows for a link or file field: an input's label, a sidebar label, or ``field`` itself.

    ``field`` may be a path such as ``inputs.productivity_gain_pct.low`` or ``custom[0]``.

    >>> field_name("inputs.participants.low", "nl"), field_name("draws", "en")
    ('Deelnemers', 'Simulated futures')
    """
    parts = [p for p in field.replace("[", ".").replace("]", "").split(".") if p]
    for part in parts:
        if part in INPUTS:
            return INPUTS[part].label(as_lang(lang))
    for part in parts:
        if part in _FIELD_KEYS:
            return translate(lang, _FIELD_KEYS[part])
    return field


def catalogue_key(kind: str) -> str:
    """The catalogue key of a notice kind's sentence."""
    return f"evidence.notice.{kind}" if kind in EVIDENCE_KINDS else f"notice.kind.{kind}"


def _value(value: Any, lang: str) -> str:
    """A detail in the language's notation (plain text; escaped by the caller)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(_value(v, lang) for v in value)
    if isinstance(value, int):
        return number(value, lang) or "" if abs(value) >= 10_000 else str(value)
    if isinstance(value, float):
        return number(value, lang, 4, trim=True) or ""
    return str(value)


def _detail(name: str, value: Any, lang: str) -> str:
    """One detail as the sentence shows it: inputs by their label, codes by their word, numbers localised."""
    if name in ("input", "a", "b") and value in INPUTS:
        return md(INPUTS[value].label(as_lang(lang)))
    if name == "rater":
        return md(translate(lang, f"evidence.rater.{value}"))
    if name == "reason":
        return md(translate(lang, f"evidence.error.{value}").rstrip("."))
    if name in ("want_type", "got_type"):  # a JSON type code of a refused file: "een lijst", "a list"
        return md(translate(lang, f"notice.json_type.{value}"))
    if name == "expected" and isinstance(value, list | tuple):  # the counts allowed: "1, 3 or 4"
        return format_list([_value(v, lang) for v in value], style="or", locale="nl_NL" if lang == "nl" else "en")
    if name == "group" and value in ("trained", "control", "all"):
        return md(translate(lang, f"evidence.group.{value}"))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _value(value, lang)  # our own notation: digits, separators, a sign
    return md(_value(value, lang))


def notice_text(n: Notice, lang: str) -> str:
    """One notice as a sentence in ``lang``, Markdown-safe for ``st.warning``.

    >>> from roi_core.notices import notice
    >>> notice_text(notice("clamped", "draws", value=300_000, min=100, max=200_000, used=200_000), "nl")
    '**Gesimuleerde toekomsten**: 300.000 valt buiten het toegestane bereik van 100 tot 200.000; 200.000 wordt gebruikt'
    """
    details = {name: _detail(name, value, lang) for name, value in n.details}
    field = n.field if n.kind in _RAW_FIELD else field_name(n.field, lang)
    details["field"] = md(field) if field else translate(lang, "notice.field_empty")
    return translate(lang, catalogue_key(n.kind), **details)
