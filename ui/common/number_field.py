"""Typed number fields: text the user types, read by ``roi_core.numbers.parse_number``, never misread.

``st.number_input`` reads what the browser's number box gives it: in a Dutch
browser ``12.500`` became 13 and ``12,5`` became 125, and ``abc`` silently 0.
:func:`number_field` draws a ``st.text_input`` instead (key ``txt_<key>``) and
keeps the number itself in ``st.session_state[key]``, so the code that reads
``key`` (the sidebar, the custom-line editor, the goal seek) stays as it was.

When the text cannot be read, or lies outside the allowed range (from the
registry: :func:`roi_core.assumptions.field_bounds`), the last good value is
kept and a message under the field says why, in the page's language and
notation. A value outside the plausible range is taken with a warning.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import streamlit as st
from babel.numbers import format_decimal

from roi_core.assumptions import FieldBounds
from roi_core.numbers import NOTATION_EXAMPLES, NumberParseError, parse_number
from ui.common.format import LOCALES
from ui.common.i18n import translate
from ui.common.safe_text import cut, md

__all__ = ["number_field", "text_key", "show_number", "field_message"]

#: ``st.session_state`` key of the message of each field (``(kind, detail)`` or absent).
_MESSAGES = "_nf_msg"
#: ``st.session_state`` key of what each field's text shows: ``(value, lang)``; another value means "reseed".
_SHOWN = "_nf_shown"


def text_key(key: str) -> str:
    """The key of the text widget of the number kept under ``key`` (tests type into it)."""
    return f"txt_{key}"


def show_number(x: float, lang: str, *, grouping: bool = True) -> str:
    """``x`` as a field shows it: the language's notation, every decimal that matters, no exponent.

    >>> show_number(12500.75, "nl"), show_number(12500.0, "en"), show_number(123456789, "nl", grouping=False)
    ('12.500,75', '12,500', '123456789')
    """
    if not math.isfinite(x):
        return ""
    return format_decimal(
        round(float(x), 9), format="#,##0.#########" if grouping else "0.#########", locale=LOCALES[lang]
    )


def _bounds_text(b: FieldBounds, lang: str, low: float, high: float, grouping: bool) -> str:
    return f"{show_number(low, lang, grouping=grouping)} … {show_number(high, lang, grouping=grouping)}"


def field_message(
    kind: str, b: FieldBounds, lang: str, *, text: str = "", kept: float | None = None, grouping: bool = True
) -> str:
    """The sentence under a field, in ``lang``, naming the notation or the allowed range.

    ``kind`` is a :class:`~roi_core.numbers.NumberParseError` kind, ``"outside"`` or ``"not_whole"`` (refused:
    ``kept`` is the value that stays) or ``"implausible"`` (taken, with a warning). ``text`` (what was typed)
    is shown as text, never as Markdown.
    """
    fmt: dict[str, Any] = {
        "text": md(cut(text)),
        "example": NOTATION_EXAMPLES.get(lang, NOTATION_EXAMPLES["en"]),
        "range": _bounds_text(b, lang, b.min, b.max, grouping),
        "plausible": _bounds_text(b, lang, b.plausible_min, b.plausible_max, grouping),
    }
    out = translate(lang, f"inputs.{kind}", **fmt)
    if kept is not None and kind != "implausible":
        out += " " + translate(lang, "inputs.kept", value=show_number(kept, lang, grouping=grouping))
    return out


def _read(key: str, b: FieldBounds, lang: str) -> None:
    """Callback of the text widget: the typed text becomes the number under ``key``, or a message says why not."""
    ss = st.session_state
    text = str(ss.get(text_key(key), ""))
    messages: dict[str, tuple[str, str, Any]] = ss.setdefault(_MESSAGES, {})
    messages.pop(key, None)
    try:
        x = parse_number(text, lang)
    except NumberParseError as exc:
        messages[key] = (exc.kind, text, ss.get(key))
        return
    verdict = b.check(x)
    if verdict in ("outside", "not_whole"):
        messages[key] = (verdict, text, ss.get(key))
        return
    ss[key] = int(x) if b.integer else float(x)
    ss.setdefault(_SHOWN, {})[key] = None  # reseed the text in the page's notation on this run


def number_field(
    label: str,
    key: str,
    bounds: FieldBounds,
    lang: str,
    *,
    help: str | None = None,  # noqa: A002 - Streamlit's own keyword
    on_change: Callable[..., None] | None = None,
    args: tuple[Any, ...] = (),
    container: Any = None,
    messages_in: Any = None,
    grouping: bool = True,
) -> float:
    """Draw a typed number field for the value in ``st.session_state[key]`` and return that value.

    ``st.session_state[key]`` must hold a number before the call (the caller
    seeds it). ``on_change(*args)`` runs after a good value was stored.
    The field is drawn in ``container`` (default: the current block), its
    message under it, or in ``messages_in`` (e.g. the full width under a row
    of columns). ``grouping=False`` shows no thousands separators (a seed).
    """
    ss = st.session_state
    where = container if container is not None else st
    value = ss.get(key)
    shown: dict[str, Any] = ss.setdefault(_SHOWN, {})
    messages: dict[str, tuple[str, str, Any]] = ss.setdefault(_MESSAGES, {})
    if key in messages and messages[key][2] != value:  # loaded, reset or moved elsewhere since the refusal
        del messages[key]
    tk = text_key(key)
    if isinstance(value, int | float) and (tk not in ss or (shown.get(key) != (value, lang) and key not in messages)):
        ss[tk] = show_number(float(value), lang, grouping=grouping)
        shown[key] = (value, lang)

    def changed() -> None:
        _read(key, bounds, lang)
        if key not in messages and on_change is not None:
            on_change(*args)

    where.text_input(label, key=tk, on_change=changed, help=help)
    if key in messages:
        kind, text, kept = messages[key]
        kept = kept if isinstance(kept, int | float) else None
        msg = field_message(kind, bounds, lang, text=text, kept=kept, grouping=grouping)
        (messages_in or where).error(msg, icon=":material/error:")
    elif isinstance(value, int | float) and bounds.check(float(value)) == "implausible":
        msg = field_message("implausible", bounds, lang, text=show_number(float(value), lang, grouping=grouping))
        (messages_in or where).warning(msg, icon=":material/warning:")
    return float(value) if isinstance(value, int | float) else math.nan
