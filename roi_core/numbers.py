"""Numbers typed by people, in either language's notation.

Dutch writes ``1.234,5`` (``.`` groups thousands, ``,`` is the decimal mark);
English writes ``1,234.5``. A single separator is read the way the language
reads it, so ``12,5`` is twelve and a half in Dutch and ``1,5`` is refused in
English only when it cannot be a thousands group. Errors carry a ``kind`` that
the pages translate; they never show the exception's English text.
"""

from __future__ import annotations

import math
import re

__all__ = ["NumberParseError", "parse_number"]

_SEPARATORS = {"en": (",", "."), "nl": (".", ",")}  # (thousands, decimal)
_SPACES = re.compile(r"[\s\u00a0\u202f']")


class NumberParseError(ValueError):
    """``text`` is not a number in the language's notation.

    ``kind`` is ``"empty"``, ``"invalid"`` or ``"not_finite"``.
    """

    def __init__(self, text: str, kind: str) -> None:
        super().__init__(f"not a number: {text!r} ({kind})")
        self.text = text
        self.kind = kind


def parse_number(text: str, lang: str) -> float:
    """The number written as ``text`` in language ``lang`` ("en" or "nl"; others read as English).

    Spaces, a leading ``+``/``-``, a trailing ``%`` and a currency sign are
    allowed; thousands separators must group by three.

    Examples
    --------
    >>> parse_number("1.234,5", "nl"), parse_number("1,234.5", "en")
    (1234.5, 1234.5)
    >>> parse_number("12,5", "nl"), parse_number("-3", "en"), parse_number("€ 42.000", "nl")
    (12.5, -3.0, 42000.0)
    """
    thousands, decimal = _SEPARATORS.get(lang, _SEPARATORS["en"])
    raw = text if isinstance(text, str) else str(text)
    s = _SPACES.sub("", raw).strip()
    s = s.removesuffix("%").lstrip("€$£").replace("−", "-")
    if not s:
        raise NumberParseError(raw, "empty")
    sign = ""
    if s[0] in "+-":
        sign, s = ("-" if s[0] == "-" else ""), s[1:].lstrip("€$£")
    whole, _, frac = s.partition(decimal)
    if decimal in frac or not re.fullmatch(r"\d*", frac):
        raise NumberParseError(raw, "invalid")
    groups = whole.split(thousands)
    if len(groups) > 1 and not (
        re.fullmatch(r"\d{1,3}", groups[0]) and all(re.fullmatch(r"\d{3}", g) for g in groups[1:])
    ):
        raise NumberParseError(raw, "invalid")
    digits = "".join(groups)
    if not re.fullmatch(r"\d*", digits) or not (digits or frac):
        raise NumberParseError(raw, "invalid")
    value = float(f"{sign}{digits or '0'}.{frac or '0'}")
    if not math.isfinite(value):
        raise NumberParseError(raw, "not_finite")
    return value
