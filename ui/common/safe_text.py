"""Text from outside shown as text: the one home of escaping, for every surface of the app.

Scenario names and notes, custom-line names, names typed on the Compare page, and whatever a link, a file or an
upload holds come from outside. Each surface gets its own escape, all here:

* :func:`md`: for everything Streamlit renders as Markdown (``st.markdown``, ``st.caption``, ``st.metric``,
  ``st.success/error/warning/info``, widget labels): no link, emphasis, heading, HTML, LaTeX or colour;
* :func:`html`: for the HTML report;
* :func:`cell` / :func:`formula_like`: for spreadsheet cells (CSV and Excel): no formula;
* :func:`file_name`: for download file names: ASCII letters, digits and hyphens;
* :func:`cut`: for input echoed in a message (``roi_core.text.echo``): at most 40 characters.

``tests/app/test_safe_text.py`` renders hostile names through every page and scans the pages' code for calls that
show outside text without these helpers.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata

from roi_core.text import ECHO_CHARS, echo

__all__ = ["md", "html", "cell", "formula_like", "file_name", "cut", "FORMULA_START"]

#: What turns text into markup in the middle of a line: emphasis, code, links and images ("[", "]"), HTML, entities
#: and autolinks ("<", ">", "&"), strikethrough, tables, LaTeX ("$") and the escape itself.
_INLINE = re.compile(r"([\\`*_\[\]<>~|$&])")
#: What starts a heading, quote, list or rule when it opens a line (a metric's value or a message opens one).
_BLOCK_START = re.compile(r"^([#>+=-]|\d+(?=[.)]))")
#: GitHub-flavoured Markdown links bare web and mail addresses even when escaped: a zero-width space breaks them.
_AUTOLINK = re.compile(r"(://|www\.|@)", flags=re.IGNORECASE)
_BROKEN = {"://": ":\u200b//", "www": "www\u200b.", "@": "@\u200b"}
_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029]+")


def md(text: object) -> str:
    r"""``text`` for a Markdown surface: special characters escaped, addresses broken, on one trimmed line.

    >>> md("[x](https://e.example) **b** www.e.example a@b.example")
    '\\[x\\](https:\u200b//e.example) \\*\\*b\\*\\* www\u200b.e.example a@\u200bb.example'
    >>> md("# Plan <b>$5</b>"), md("1. item"), md("- item")
    ('\\# Plan \\<b\\>\\$5\\</b\\>', '1\\. item', '\\- item')
    """
    # Leading spaces would start a code block, line breaks a new block.
    escaped = _INLINE.sub(r"\\\1", _LINE_BREAK.sub(" ", str(text)).strip())
    escaped = _BLOCK_START.sub(lambda m: m.group(1) + "\\" if m.group(1)[0].isdigit() else "\\" + m.group(1), escaped)
    return _AUTOLINK.sub(lambda m: _BROKEN[m.group(1)[:3].lower()], escaped)


def html(text: object, quote: bool = True) -> str:
    """``text`` for HTML (element content and, with ``quote``, quoted attributes).

    >>> html('<a href="x">&</a>')
    '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;'
    """
    return _html.escape(str(text), quote=quote)


#: What makes a spreadsheet read a cell as a formula (OWASP's list: = + - @, and tab / carriage return / line feed
#: before them).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def formula_like(value: object) -> bool:
    """True for text that a spreadsheet would read as a formula (it starts with one of :data:`FORMULA_START`).

    >>> formula_like("=1+1"), formula_like("@SUM(A1)"), formula_like("Pilot"), formula_like(-1.0)
    (True, True, False, False)
    """
    return isinstance(value, str) and value.startswith(FORMULA_START)


def cell(value: object) -> object:
    """A spreadsheet cell's value: text that a spreadsheet would read as a formula gets a leading apostrophe.

    Numbers and other non-text values pass unchanged (a negative amount stays a number).

    >>> cell('=HYPERLINK("https://e.example","Click")'), cell("-5 %"), cell(-5.0), cell("Pilot")
    ('\\'=HYPERLINK("https://e.example","Click")', "'-5 %", -5.0, 'Pilot')
    """
    if formula_like(value):
        return "'" + str(value)
    return value


def file_name(text: object, default: str = "scenario", limit: int = 40) -> str:
    """A file-name stem from outside text: ASCII letters and digits joined by hyphens, lower case.

    >>> file_name("Équipe ../../etc/passwd"), file_name("*** "), file_name("=cmd|' /C calc'!A0")
    ('equipe-etc-passwd', 'scenario', 'cmd-c-calc-a0')
    """
    name = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()[:limit].strip("-") or default


def cut(value: object, limit: int = ECHO_CHARS) -> str:
    """Echoed input, at most ``limit`` characters (``roi_core.text.echo``); combine with :func:`md` to show it."""
    return echo(value, limit)
