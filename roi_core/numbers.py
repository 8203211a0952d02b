"""Numbers typed by people, in Dutch or English notation: read exactly or refused with a reason.

One reader for every typed number (the app's number fields, workshop rooms):
:func:`parse_number`. It never guesses. The page language's notation comes
first; the other notation is accepted only where the text cannot mean
anything else.

What is read how (Dutch page / English page):

* ``12.500``: 12500 / 12.5, each page's own notation.
* ``12,5``: 12.5 / refused as ambiguous: on an English page it could be a
  decimal comma or a mistyped ``12,500``; ``12.5`` on a Dutch page likewise.
* ``1,234``: 1.234 / 1234, and ``1.234``: 1234 / 1.234. A lone separator
  always follows the page's notation (say so in a workshop).
* ``12,500.75`` and ``12.500,75``: 12500.75 on both pages. With both
  separators there is only one reading, so the other notation is accepted.
* ``1.234.567`` and ``1,234,567``: 1234567 on both pages (repeated
  separators can only be thousands groups).
* ``€ 1.234,56``, ``-€1,234.56``, ``+5 %``, ``12 500``: a currency symbol,
  spaces (also non-breaking ones), one leading sign and a trailing ``%`` are
  fine; a space between digits groups thousands.
* ``1.23.4``, ``12 5``: refused, thousands groups have three digits.
* ``abc``, ``1e6``, ``--5``, an empty field: refused.

A trailing ``%`` is only read, not applied: ``5 %`` gives 5 (the fields
that take per cents say so in their label). Currency marks (``€ $ £ US$ EUR``) are
ignored because the app shows amounts in the chosen currency.

>>> parse_number("12.500", "nl"), parse_number("12,5", "nl"), parse_number("12,500", "en")
(12500.0, 12.5, 12500.0)
>>> parse_number("€ -1.234,56", "nl"), parse_number("12,500.75", "nl")
(-1234.56, 12500.75)
>>> try:
...     parse_number("12,5", "en")
... except NumberParseError as exc:
...     print(exc.kind)
ambiguous
"""

from __future__ import annotations

import math
import re
from typing import Literal

__all__ = ["NumberParseError", "ParseKind", "NOTATION_EXAMPLES", "MAX_TEXT_CHARS", "parse_number", "clip"]

ParseKind = Literal["empty", "not_a_number", "ambiguous", "bad_grouping"]

#: Longer texts are refused unread (no number a person types is this long).
MAX_TEXT_CHARS = 64
#: How a number with thousands and decimals is written in each language (for messages).
NOTATION_EXAMPLES = {"nl": "12.500,75", "en": "12,500.75"}

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
#: Currency marks that may lead or trail an amount (Babel writes "US$" for dollars in Dutch).
_CURRENCY = re.compile(r"^(?:US\$|€|\$|£|EUR|USD|GBP)|(?:US\$|€|\$|£|EUR|USD|GBP)$", flags=re.IGNORECASE)
_MINUS = "-\u2212\u2013"  # hyphen-minus, the minus sign (some locales format with it) and an en dash
_BODY = re.compile(r"[0-9.,]+")


class NumberParseError(ValueError):
    """A typed number that cannot be read without guessing.

    ``kind`` says why: ``"empty"``, ``"not_a_number"``, ``"ambiguous"`` (it
    would mean another number in the other language's notation) or
    ``"bad_grouping"`` (thousands separators not in groups of three);
    ``text`` is what was typed (cut to :data:`MAX_TEXT_CHARS` characters).
    """

    def __init__(self, kind: ParseKind, text: str, detail: str) -> None:
        super().__init__(detail)
        self.kind: ParseKind = kind
        self.text = text


def clip(x: float, lo: float, hi: float) -> float:
    """``x`` within ``lo..hi`` (inclusive): the nearest bound when outside; always a float.

    >>> clip(120.0, 0, 100), clip(-5.0, 0.0, 100.0), clip(42.0, 0.0, 100.0)
    (100.0, 0.0, 42.0)
    """
    return float(min(max(x, lo), hi))


def _grouped(text: str, sep: str) -> bool:
    """True when ``text`` is digits in thousands groups split by ``sep``: ``1.234.567``, not ``1.23``."""
    head, *groups = text.split(sep)
    return (
        1 <= len(head) <= 3
        and head.isdigit()
        and not (head.startswith("0") and groups)
        and all(len(g) == 3 and g.isdigit() for g in groups)
    )


def _strip_decorations(raw: str) -> tuple[str, bool]:
    """The digits and separators of ``raw``, and whether it is negative: drops ``€``, a sign, ``%`` and spaces.

    Spaces between two digits become the marker ``" "`` (a thousands group); any other space goes.
    """
    s = raw.strip()
    negative = signed = False
    # Sign and currency may come in either order: "-€1,234" (en), "€ -1.234" (nl); "%" only at the end.
    if s.endswith("%"):
        s = s[:-1].rstrip()
    for _ in range(2):
        s = s.lstrip()
        mark = _CURRENCY.match(s)
        if mark:
            s = s[mark.end() :]
        elif s[:1] and s[0] in _MINUS + "+" and not signed:
            negative, signed = s[0] in _MINUS, True
            s = s[1:]
    s = s.strip()
    mark = _CURRENCY.search(s)
    if mark and mark.start() > 0:  # "12,50 €"
        s = s[: mark.start()].rstrip()
    s = _SPACES.sub(" ", s)
    return s, negative


def parse_number(text: str, lang: str) -> float:
    """The number ``text`` means on a page in ``lang`` (``"nl"`` or ``"en"``); never a guess.

    Parameters
    ----------
    text : str
        What a person typed, e.g. ``"12.500"``, ``"€ 1.234,56"``, ``"-5 %"``.
    lang : str
        The page language: ``"nl"`` reads ``.`` as thousands and ``,`` as
        decimal separator, anything else (``"en"``) the reverse.

    Returns
    -------
    float
        The value (finite). A trailing ``%`` is not applied: ``"5 %"`` is 5.

    Raises
    ------
    NumberParseError
        With ``kind`` ``"empty"``, ``"not_a_number"``, ``"ambiguous"`` or
        ``"bad_grouping"``, see the module docstring's table.

    Examples
    --------
    A yearly benefit typed by a Dutch manager and by an English one:

    >>> parse_number("€ 12.500", "nl"), parse_number("£12,500", "en")
    (12500.0, 12500.0)
    >>> parse_number("1,234", "nl"), parse_number("1,234", "en")  # a lone separator: the page decides
    (1.234, 1234.0)
    """
    if not isinstance(text, str):
        raise NumberParseError("not_a_number", str(text)[:MAX_TEXT_CHARS], "not text")
    shown = text[:MAX_TEXT_CHARS]
    if len(text) > MAX_TEXT_CHARS:
        raise NumberParseError("not_a_number", shown, f"longer than {MAX_TEXT_CHARS} characters")
    body, negative = _strip_decorations(text)
    if not body:
        raise NumberParseError("empty", shown, "nothing typed")
    decimal, group = (",", ".") if lang == "nl" else (".", ",")
    if " " in body and not re.fullmatch(r"[0-9]+( [0-9]+)*([.,][0-9]+)?", body):
        raise NumberParseError("not_a_number", shown, "only digits may be split by spaces")
    if not _BODY.fullmatch(body.replace(" ", "")) or not any(ch.isdigit() for ch in body):
        raise NumberParseError("not_a_number", shown, "not a number")
    value = _read(body, decimal, group, shown)
    value = -value if negative else value
    if not math.isfinite(value):
        raise NumberParseError("not_a_number", shown, "too large")
    return value


def _read(body: str, decimal: str, group: str, shown: str) -> float:
    """Digits and separators (``body``, spaces mark thousands groups) read with the page's notation first."""
    if " " in body:  # spaces group thousands ("12 500,75"); then a "." or "," can only start the decimals
        whole, sep, frac = re.split(r"([.,])", body, maxsplit=1) if re.search(r"[.,]", body) else (body, "", "")
        if not _grouped(whole, " "):
            raise NumberParseError("bad_grouping", shown, "thousands groups must have three digits")
        if sep and sep != decimal:
            raise NumberParseError("ambiguous", shown, f"{sep!r} is a thousands separator on this page")
        return float(whole.replace(" ", "") + ("." + frac if frac else ""))
    n_dec, n_group = body.count(decimal), body.count(group)
    if n_dec and n_group:  # both separators: the last one is the decimal one
        last = max(body.rfind(decimal), body.rfind(group))
        dec, grp = body[last], group if body[last] == decimal else decimal
        whole, frac = body[:last], body[last + 1 :]
        if dec in whole or not frac or not _grouped(whole, grp):
            raise NumberParseError("bad_grouping", shown, f"thousands groups must have three digits; {dec!r} once")
        return float(whole.replace(grp, "") + "." + frac)
    if n_dec + n_group == 0:
        return float(body)
    sep = decimal if n_dec else group
    if body.count(sep) > 1:  # repeated: thousands groups, in whichever notation uses that separator for them
        if not _grouped(body, sep):
            raise NumberParseError("bad_grouping", shown, "thousands groups must have three digits")
        return float(body.replace(sep, ""))
    whole, frac = body.split(sep)
    if not frac:
        raise NumberParseError("not_a_number", shown, "nothing after the separator")
    if sep == decimal:
        return float((whole or "0") + "." + frac)
    if _grouped(body, group):  # one thousands separator in the page's notation: "12.500" on a Dutch page
        return float(whole + frac)
    raise NumberParseError("ambiguous", shown, f"{sep!r} is a thousands separator on this page, not a decimal one")
