"""Structured notices: what had to be adjusted, ignored or said while reading input.

Every producer in ``roi_core`` (scenario files, share links, KPI plans in a
link, measurement files and their estimates) reports with one type,
:class:`Notice`: a ``kind`` (a short, stable code from :data:`KINDS`), the
``field`` it concerns (a file path such as ``inputs.wage_eur.low``, a link
field such as ``draws``, a URL parameter such as ``st``; empty when the notice
is about the whole input) and ``details`` (the numbers and echoed strings that
fill the sentence, never pre-formatted text). The app translates by kind;
``str(notice)`` is the English sentence the command line and logs show.

>>> n = notice("clamped", "draws", value=10, min=100, max=200_000, used=100)
>>> str(n)
'draws: 10 is outside the allowed 100..200,000; 100 is used'
>>> n.kind, n.field, n.detail["used"]
('clamped', 'draws', 100)
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["EVIDENCE_KINDS", "FILE_KINDS", "KINDS", "SCENARIO_KINDS", "Notice", "notice"]

_IGNORED = "ignored, the default is used"
_DEFAULT = "the default scenario is used"

#: Kinds of scenario files, share links, page options and KPI plans, with their English sentence.
#: Placeholders are the notice's ``field`` and its detail names.
SCENARIO_KINDS: Mapping[str, str] = {
    # Scenario files (and a too-large seed in a link): a value that was changed, not refused.
    "clamped": "{field}: {value} is outside the allowed {min}..{max}; {used} is used",
    "point_only": "{field}: a single value; only the most likely value ({used}) is used",
    "cut": "{field}: longer than {limit} characters; cut to {limit}",
    # A field of a share link that was left out (the default, or the example's value, stays).
    "given_twice": "{field}: given twice in the share link; the last value is used",
    "no_value": f"{{field}}: no value; {_IGNORED}",
    "not_a_number": f"{{field}}: '{{value}}' is not a number; {_IGNORED}",
    "too_large": f"{{field}}: {{value}} is too large; {_IGNORED}",
    "not_whole": f"{{field}}: must be a whole number, got {{value}}; {_IGNORED}",
    "damaged": f"{{field}}: the text is damaged; {_IGNORED}",
    "wrong_parts": f"{{field}}: expected {{expected}} values, got {{got}}; {_IGNORED}",  # expected: the counts allowed
    "unknown_code": f"{{field}}: unknown code '{{value}}'; {_IGNORED}",
    "out_of_range": f"{{field}}: {{value}} is outside the allowed {{min}}..{{max}}; {_IGNORED}",
    "invalid": f"{{field}}: {{message}}; {_IGNORED}",
    "too_many": f"{{field}}: at most {{max}} custom benefit lines; {_IGNORED}",
    "duplicate": f"{{field}}: {{a}}~{{b}} is given twice; {_IGNORED}",
    "unknown_field": f"{{field}}: unknown field; {_IGNORED}",
    "evidence_mismatch": f"{{field}}: a source does not match its input's range; {_IGNORED}",
    # The share link as a whole.
    "invalid_combination": f"{{field}}: {{message}}; {_DEFAULT}",
    "not_text": f"{{field}}: not text; {_DEFAULT}",
    "too_long": "{field}: longer than {max} characters; ignored",
    "unsupported_version": f"{{field}}: unsupported version '{{version}}'; {_DEFAULT}",
    "not_a_link": f"{{field}}: not a share link of this app; {_DEFAULT}",
    "base_changed": (
        "{field}: the example it starts from has changed since the link was made; "
        "the numbers may differ from the sender's"
    ),
    "unreadable_params": "{field}: the query parameters cannot be read",
    "unreadable": "{field}: unreadable; ignored",
    # URL parameters of the app and its pages.
    "unknown_parameter": "unknown parameter '{field}' ignored",
    "unknown_value": "{field}: unknown value '{value}' ignored",
    "not_uncertain": "{field}: '{value}' is not an uncertain input of this scenario; ignored",
    "not_target": "{field}: '{value}' is not a target ROI within {min}..{max}; ignored",
    # A KPI plan in a link.
    "plan_unreadable": "{field}: unreadable KPI plan ignored",
    "kpi_dropped": "{field}: KPI {index} of the link could not be read and was left out",
}

#: Why a scenario file was refused as a whole (:class:`roi_core.scenario_io.ScenarioError`'s ``notice``). The
#: exception's own message stays the English sentence the command line prints; these are what the app translates.
#: ``want_type``/``got_type`` are JSON type codes (object, array, string, boolean, integer, number, null).
FILE_KINDS: Mapping[str, str] = {
    "file_too_large": "file is larger than {max} bytes",
    "file_not_utf8": "file is not UTF-8 text",
    "file_not_json": "not valid JSON: {message} (line {line}, column {column})",
    "file_nested": "not a readable JSON document: nested too deeply",
    "file_long_number": "not a readable JSON document: a number has too many digits",
    "file_not_finite": "{field}: must be a finite number (NaN and infinity are not allowed)",
    "file_not_object": "file: must be a JSON object, got {got_type}",
    "file_missing": "{field}: missing required field",
    "file_unknown_field": "{field}: unknown field",
    "file_wrong_type": "{field}: must be {want_type}, got {got_type}",
    "file_not_allowed": "{field}: '{value}' is not one of {allowed}",
    "file_at_least": "{field}: must be at least {limit}, got {value}",
    "file_at_most": "{field}: must be at most {limit}, got {value}",
    "file_too_many_items": "{field}: at most {max} items",
    "file_too_long": "{field}: at most {max} characters",
    "file_empty": "{field}: must not be empty",
    "file_unsupported_version": "version: unsupported version '{version}'; this app reads version {supported}",
    "file_out_of_range": "{field}: {value} is outside the allowed {min}..{max}",
    "file_number_too_large": "{field}: number too large",
    "file_low_above_likely": "{field}: low ({low}) must be <= most likely ({likely})",
    "file_likely_above_high": "{field}: most likely ({likely}) must be <= high ({high})",
    "file_lognormal_low": "{field}: a lognormal range needs low > 0, got {low}",
    "file_not_whole": "{field}: most likely must be a whole number, got {value}",
    "file_duplicate": "{field}: {a}~{b} is given twice",
    "file_bad_text": "{field}: contains {char}, which is not valid text",
    "file_invalid": "{field}: {message}",
}

#: Kinds of measurement files and the estimates and adoptions made from them (``roi_core.evidence``).
EVIDENCE_KINDS: Mapping[str, str] = {
    "rows_dropped": "{rows} rows without a value were left out (first rows: {first})",
    "ignored_columns": "columns not used: {columns}",
    "sheet_used": "sheet '{sheet}' was used (the workbook has: {sheets})",
    "no_control": "no control group: the change cannot be separated from other changes in the same period",
    "small_group": "the {group} group has only {n} people (fewer than {minimum})",
    "few_clusters": "only {teams} teams (fewer than {minimum}): read the interval as approximate",
    "no_teams": "no teams: each person counts as assigned on their own",
    "team_in_both_groups": "{teams} team(s) have people in both groups",
    "imbalance": "the groups differed before the training (standardised difference {std_diff}, more than {maximum})",
    "completed_not_enrolled": "people who completed without being enrolled were left out",
    "hours_missing": "{rows} enrolled people have no hours",
    "rater_skipped": "rater group '{rater}' was left out ({reason})",
    "clipped": "{input}: the interval went beyond the input's limits and was cut at them",
    "attribution_set": "{input}: the share due to the training was set to 100 %",
    "attribution_kept": "{input}: the share due to the training was left as it was",
}

#: Every kind a producer may emit; :func:`notice` refuses any other, so the app's catalogues can be checked.
KINDS: Mapping[str, str] = {**SCENARIO_KINDS, **FILE_KINDS, **EVIDENCE_KINDS}


def _english(value: Any) -> str:
    """A detail as the English sentence shows it: whole numbers with thousands commas, others in short form."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{int(value):,}" if value.is_integer() and abs(value) < 1e15 else f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(_english(v) for v in value)
    return str(value)


def _english_choice(value: Any) -> str:
    """The choices of a detail such as ``expected``: ``1, 3 or 4``."""
    if isinstance(value, list | tuple) and len(value) > 1:
        return ", ".join(_english(v) for v in value[:-1]) + " or " + _english(value[-1])
    return _english(value)


@dataclass(frozen=True)
class Notice:
    """A structured message: ``kind`` names it (the app translates it), ``details`` fill it in, ``field`` says where.

    ``details`` are ``(name, value)`` pairs (hashable, so results that hold
    notices stay frozen); :attr:`detail` gives them as a dict.

    >>> Notice("rows_dropped", (("rows", 2),)).to_dict()
    {'kind': 'rows_dropped', 'rows': 2}
    >>> str(Notice("given_twice", field="participants"))
    'participants: given twice in the share link; the last value is used'
    """

    kind: str
    details: tuple[tuple[str, Any], ...] = ()
    field: str = ""

    @property
    def detail(self) -> dict[str, Any]:
        """The details as a dict."""
        return dict(self.details)

    def to_dict(self) -> dict[str, Any]:
        """``kind``, ``field`` (when there is one) and the details, JSON-ready."""
        return {"kind": self.kind} | ({"field": self.field} if self.field else {}) | self.detail

    def __str__(self) -> str:
        template = KINDS.get(self.kind, "{field}: " + self.kind)
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        values = {name: (_english_choice if name == "expected" else _english)(v) for name, v in self.details}
        values["field"] = self.field
        text = template.format(**{name: values.get(name, "?") for name in names})
        return text.removeprefix(": ")


def notice(kind: str, field: str = "", **details: Any) -> Notice:
    """A :class:`Notice` of a registered ``kind`` (a ``ValueError`` for any other: a typo must not reach users).

    >>> notice("kpi_dropped", "k", index=2).to_dict()
    {'kind': 'kpi_dropped', 'field': 'k', 'index': 2}
    """
    if kind not in KINDS:
        raise ValueError(f"notice: unknown kind {kind!r}")
    return Notice(kind, tuple(details.items()), field)
