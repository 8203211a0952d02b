"""Text that comes from outside (files, links, the command line): checked once, echoed short.

Every text field of a scenario (its name and notes, a custom line's name) goes through :func:`clean_text` when
the scenario is built, so no scenario can hold text that cannot be written as UTF-8 (a lone surrogate would make
every share link, file and download of the session fail) or control characters that break a line.
Error messages quote what the user gave through :func:`echo`, so a 4,000-digit number is not repeated in full.

>>> clean_text("name", "Pilot\\n2026")
'Pilot 2026'
>>> echo("9" * 100)
'999999999999999999999999999999999999999…'
"""

from __future__ import annotations

import math
import re
import unicodedata

__all__ = ["ECHO_CHARS", "clean_text", "echo"]

#: Echoed input is cut to this many characters (the last one an ellipsis).
ECHO_CHARS = 40

# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators.
_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_BREAKING_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class InvalidText(ValueError):
    """Text that cannot be stored (a lone surrogate): ``field`` and the code point ``char`` (``"U+D800"``)."""

    def __init__(self, field: str, char: str) -> None:
        super().__init__(f"{field}: contains {char}, which is not valid text")
        self.field, self.char = field, char


def clean_text(field: str, text: object, *, lines: bool = False) -> str:
    """``text`` fit to be stored in a scenario, or a ``ValueError`` naming ``field``.

    Lone surrogates (``"\\ud800"``, which JSON can spell but UTF-8 cannot hold) are refused. Control
    characters become spaces; with ``lines`` (notes) line breaks and tabs stay, CR LF becomes LF.
    Idempotent: clean text comes back unchanged.

    >>> clean_text("notes", "one\\r\\ntwo\\x07", lines=True)
    'one\\ntwo '
    >>> clean_text("name", "\\ud800x")
    Traceback (most recent call last):
    ...
    roi_core.text.InvalidText: name: contains U+D800, which is not valid text
    """
    s = str(text)
    bad = _SURROGATE.search(s)
    if bad:
        raise InvalidText(field, f"U+{ord(bad.group()):04X}")
    if lines:
        return _BREAKING_BUT_LINES.sub(" ", s.replace("\r\n", "\n").replace("\r", "\n"))
    return _BREAKING.sub(" ", s)


def echo(value: object, limit: int = ECHO_CHARS) -> str:
    """``value`` as it may be quoted in a message: at most ``limit`` characters, unprintables as ``?``.

    Whole numbers too long for Python to turn into text (over 4,300 digits) are described instead.

    >>> echo("a\\tb"), echo(12345), len(echo(10**5000))
    ('a?b', '12345', 20)
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4000:
        digits = int(value.bit_length() * math.log10(2)) + 1
        return f"a {digits:,}-digit number"[:limit]
    try:
        text = str(value)
    except ValueError:  # an object whose text cannot be made
        return "?"
    head = text[: limit + 1]
    head = "".join(ch if ch.isprintable() and unicodedata.category(ch) != "Cs" else "?" for ch in head)
    return head if len(text) <= limit else head[: limit - 1] + "…"
