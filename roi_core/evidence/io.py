"""Reading measurement files: CSV or Excel bytes into checked, typed tables.

Three kinds of file (:data:`LAYOUTS`), each with a template of columns:

* ``performance``: ``id, team, group, before, after``. ``group`` is
  ``trained`` or ``control``; a design without a control group leaves the
  column out or empty, a design without a "before" leaves ``before`` out or
  empty.
* ``learning``: a learning-platform export, ``id, team, enrolled, completed,
  hours, score``.
* ``feedback360``: ``id, team, group, rater, before, after`` with one row per
  person and rater group (``self``, ``manager``, ``peers``, ``reports``).

CSV is read as Dutch and other spreadsheets export it: comma, semicolon or tab
separated; decimal point or decimal comma (with or without thousands
separators); UTF-8 (with or without byte-order mark) or Windows-1252. Excel
means ``.xlsx``; a workbook with several sheets uses the sheet asked for, or
the only sheet with the template's columns, or asks.

Every problem raises :class:`EvidenceError` with a ``kind`` and structured
``details`` (row numbers as the spreadsheet shows them, column names as the
file spells them), so the app can say in the user's language what to fix. Rows
are never written anywhere: the functions take bytes and return data frames.

>>> data = b"id;team;group;before;after\\n1;A;trained;10,5;12\\n2;B;control;9,5;9\\n"
>>> table = read_table(data, "performance")
>>> table.frame["after"].tolist(), table.decimal, table.delimiter
([12.0, 9.0], ',', ';')
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from roi_core.notices import Notice, notice

__all__ = [
    "MAX_ROWS",
    "MAX_BYTES",
    "LAYOUTS",
    "Layout",
    "Notice",
    "EvidenceError",
    "Table",
    "read_table",
    "template_csv",
    "TRAINED",
    "CONTROL",
    "RATERS",
]

#: Largest number of data rows read. A year's learning-platform export of a large employer stays below it; a
#: bigger file is refused unread with a message (split it, or aggregate per team), not read slowly.
MAX_ROWS = 200_000
#: Largest file read at all (200,000 rows of ids, teams and two numbers take about 8 MB as CSV).
MAX_BYTES = 12_000_000

TRAINED, CONTROL = "trained", "control"
#: Rater groups of 360-degree feedback, in the order of the chain self -> others.
RATERS: tuple[str, ...] = ("self", "manager", "peers", "reports")

Kind = Literal["performance", "learning", "feedback360"]


def _notice(kind: str, **details: Any) -> Notice:
    return notice(kind, **details)


class EvidenceError(ValueError):
    """A file that cannot be used; ``kind`` and ``details`` say why, the message says it in English."""

    def __init__(self, kind: str, message: str, **details: Any) -> None:
        super().__init__(message)
        self.kind = kind
        self.details: dict[str, Any] = details

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": str(self), **self.details}


@dataclass(frozen=True)
class Layout:
    """The columns of one kind of file. ``aliases`` are other spellings accepted (Dutch names)."""

    kind: Kind
    required: tuple[str, ...]
    optional: tuple[str, ...]
    numeric: tuple[str, ...]
    flags: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        """The template's columns, in order."""
        order = ("id", "team", "group", "rater", "enrolled", "completed", "hours", "score", "before", "after")
        return tuple(c for c in order if c in self.required or c in self.optional)


LAYOUTS: Mapping[str, Layout] = {
    "performance": Layout("performance", ("id", "after"), ("team", "group", "before"), ("before", "after")),
    "learning": Layout(
        "learning",
        ("id", "enrolled", "completed"),
        ("team", "hours", "score"),
        ("hours", "score"),
        ("enrolled", "completed"),
    ),
    "feedback360": Layout("feedback360", ("id", "rater", "after"), ("team", "group", "before"), ("before", "after")),
}

_ALIASES: Mapping[str, str] = {
    "id": "id", "person": "id", "persoon": "id", "medewerker": "id", "employee": "id", "nr": "id",
    "team": "team", "afdeling": "team",
    "group": "group", "groep": "group",
    "before": "before", "voor": "before", "voormeting": "before",
    "after": "after", "na": "after", "nameting": "after",
    "rater": "rater", "beoordelaar": "rater", "rater_group": "rater", "bron": "rater",
    "enrolled": "enrolled", "ingeschreven": "enrolled",
    "completed": "completed", "afgerond": "completed",
    "hours": "hours", "uren": "hours", "learning_hours": "hours", "leeruren": "hours",
    "score": "score", "toetsscore": "score",
}  # fmt: skip
_GROUPS: Mapping[str, str] = {
    "trained": TRAINED, "training": TRAINED, "getraind": TRAINED, "treatment": TRAINED, "t": TRAINED,
    "control": CONTROL, "controle": CONTROL, "controlegroep": CONTROL, "c": CONTROL,
}  # fmt: skip
_RATER_NAMES: Mapping[str, str] = {
    "self": "self", "zelf": "self",
    "manager": "manager", "leidinggevende": "manager",
    "peers": "peers", "peer": "peers", "collega": "peers", "collegas": "peers", "collega's": "peers",
    "reports": "reports", "report": "reports", "direct reports": "reports", "medewerkers": "reports",
    "ondergeschikten": "reports",
}  # fmt: skip
_TRUE = frozenset({"1", "yes", "y", "true", "ja", "j", "waar", "x"})
_FALSE = frozenset({"0", "no", "n", "false", "nee", "onwaar", ""})


@dataclass(frozen=True, eq=False)
class Table:
    """A checked file: ``frame`` holds the template's columns, typed; the rest says how it was read.

    ``frame`` columns: ``id``, ``team`` (text; the id when the file has no
    teams), ``group`` (``trained``/``control``/empty), numbers as float (NaN
    where empty), flags as bool. ``row`` is the spreadsheet row of each record
    (the header is row 1), for messages.
    """

    kind: str
    frame: pd.DataFrame
    source: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    decimal: str = "."
    sheet: str = ""
    sheets: tuple[str, ...] = ()
    has_teams: bool = True
    ignored_columns: tuple[str, ...] = ()
    notices: tuple[Notice, ...] = field(default=())


# --- bytes to text cells -----------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4096]:
        raise EvidenceError(
            "encoding", "the file is UTF-16 or binary, not a CSV text file: save it as 'CSV UTF-8'", found="utf-16"
        )
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        raise EvidenceError(
            "encoding",
            "the file is neither UTF-8 nor Windows-1252 text: save it as 'CSV UTF-8'",
            found="unknown",
            byte=exc.start,
        ) from None


def _delimiter(text: str) -> str:
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_cells(data: bytes) -> tuple[list[str], pd.DataFrame, str, str]:
    text, encoding = _decode(data)
    delimiter = _delimiter(text)
    lines = text.count("\n")
    if lines > MAX_ROWS + 1 and len([ln for ln in text.splitlines()[: MAX_ROWS + 2] if ln.strip()]) > MAX_ROWS + 1:
        raise EvidenceError("too_many_rows", f"more than {MAX_ROWS:,} rows", limit=MAX_ROWS)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
            quoting=csv.QUOTE_MINIMAL,
            engine="c",
        )
    except pd.errors.EmptyDataError:
        raise EvidenceError("empty", "the file is empty") from None
    except pd.errors.ParserError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise EvidenceError(
            "malformed",
            f"the file cannot be read as a table{f' (line {match.group(1)})' if match else ''}",
            row=int(match.group(1)) if match else None,
        ) from None
    return [str(c) for c in frame.columns], frame, encoding, delimiter


def _excel_cells(data: bytes, kind: str, sheet: str | None) -> tuple[list[str], pd.DataFrame, str, tuple[str, ...]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError) as exc:
        raise EvidenceError("malformed", f"not a readable Excel file ({type(exc).__name__})") from None
    try:
        sheets = tuple(wb.sheetnames)
        if sheet is not None:
            if sheet not in sheets:
                raise EvidenceError("unknown_sheet", f"no sheet named {sheet!r}", sheet=sheet, sheets=list(sheets))
            chosen = sheet
        elif len(sheets) == 1:
            chosen = sheets[0]
        else:
            fitting = [name for name in sheets if _fits(_header(wb[name]), kind)]
            if len(fitting) != 1:
                raise EvidenceError(
                    "choose_sheet",
                    f"the workbook has {len(sheets)} sheets ({', '.join(sheets)}): say which one to use",
                    sheets=list(sheets),
                    fitting=fitting,
                )
            chosen = fitting[0]
        ws = wb[chosen]
        if ws.max_row is not None and ws.max_row > MAX_ROWS + 1:
            raise EvidenceError("too_many_rows", f"more than {MAX_ROWS:,} rows", limit=MAX_ROWS)
        rows = []
        for i, values in enumerate(ws.iter_rows(values_only=True)):
            if i > MAX_ROWS + 1:
                raise EvidenceError("too_many_rows", f"more than {MAX_ROWS:,} rows", limit=MAX_ROWS)
            rows.append(["" if v is None else (repr(v) if isinstance(v, float) else str(v)) for v in values])
    finally:
        wb.close()
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise EvidenceError("empty", "the sheet is empty", sheet=chosen)
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    header = rows[0]
    frame = pd.DataFrame(rows[1:], columns=[f"c{i}" for i in range(width)], dtype=str)
    frame.columns = pd.Index(header)
    return header, frame, chosen, sheets


def _header(ws: Any) -> list[str]:
    for values in ws.iter_rows(values_only=True, max_row=5):
        if any(v is not None and str(v).strip() for v in values):
            return [str(v) for v in values if v is not None]
    return []


def _canonical(name: str) -> str:
    key = re.sub(r"\s+", " ", str(name).replace("\ufeff", "").strip().lower())
    return _ALIASES.get(key, _ALIASES.get(key.replace(" ", "_"), key))


def _fits(header: list[str], kind: str) -> bool:
    names = {_canonical(h) for h in header}
    return set(LAYOUTS[kind].required) <= names


# --- text cells to numbers ---------------------------------------------------------------------------

_POINT = r"[+-]?(?:\d+\.\d+|\.\d+|\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:,\d{3}){2,})"
_COMMA = r"[+-]?(?:\d+,\d+|,\d+|\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:\.\d{3}){2,})"
# "1.234" and "1,234": a decimal mark or a thousands separator; they take the file's mark.
_AMBIGUOUS_POINT = r"[+-]?\d{1,3}\.\d{3}"
_AMBIGUOUS_COMMA = r"[+-]?\d{1,3},\d{3}"


def _decimal_mark(cells: pd.DataFrame, fallback: str) -> str:
    """The file's decimal mark, from the cells that can only be read one way; mixed marks raise."""
    evidence: dict[str, tuple[int, str, str] | None] = {".": None, ",": None}
    for col in cells.columns:
        s = cells[col]
        for mark, pattern, ambiguous in ((".", _POINT, _AMBIGUOUS_POINT), (",", _COMMA, _AMBIGUOUS_COMMA)):
            hit = s.str.fullmatch(pattern) & ~s.str.fullmatch(ambiguous)
            if evidence[mark] is None and hit.any():
                i = int(np.argmax(hit.to_numpy()))
                evidence[mark] = (i, str(col), str(s.iloc[i]))
    point, comma = evidence["."], evidence[","]
    if point is not None and comma is not None:
        raise EvidenceError(
            "mixed_decimals",
            f"both decimal points ({point[2]!r}, column {point[1]}) and decimal commas ({comma[2]!r}, column "
            f"{comma[1]}) are used: use one decimal mark throughout",
            point_row=point[0] + 2,
            point_column=point[1],
            point_value=point[2],
            comma_row=comma[0] + 2,
            comma_column=comma[1],
            comma_value=comma[2],
        )
    return "." if point is not None else "," if comma is not None else fallback


def _numbers(s: pd.Series, decimal: str, column: str) -> pd.Series:
    text = s.str.strip()
    # Spaces (also the non-breaking ones spreadsheets write) never mean anything inside a number.
    spaces = r"[\s\u00a0\u202f]"
    if text.str.contains(spaces, regex=True).any():
        text = text.str.replace(spaces, "", regex=True)
    text = (
        text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
        if decimal == ","
        else (text.str.replace(",", "", regex=False))
    )
    values = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = values.isna() & (text != "") | ~np.isfinite(values.fillna(0.0))
    if bad.any():
        i = int(np.argmax(bad.to_numpy()))
        value = str(s.iloc[i])[:40]
        raise EvidenceError(
            "not_a_number",
            f"row {i + 2}, column {column}: {value!r} is not a number",
            row=i + 2,
            column=column,
            value=value,
            count=int(bad.sum()),
        )
    return values.astype(float)


def _flag(s: pd.Series, column: str) -> pd.Series:
    low = s.str.strip().str.lower()
    true, false = low.isin(_TRUE), low.isin(_FALSE)
    bad = ~(true | false)
    if bad.any():
        i = int(np.argmax(bad.to_numpy()))
        value = str(s.iloc[i])[:40]
        raise EvidenceError(
            "not_a_flag",
            f"row {i + 2}, column {column}: {value!r} is not yes/no (1/0)",
            row=i + 2,
            column=column,
            value=value,
        )
    return true


def _choice(s: pd.Series, names: Mapping[str, str], column: str, kind: str, allowed: tuple[str, ...]) -> pd.Series:
    low = s.str.strip().str.lower()
    mapped = low.map(dict(names)).astype(object)
    mapped[low == ""] = ""
    bad = mapped.isna()
    if bad.any():
        i = int(np.argmax(bad.to_numpy()))
        value = str(s.iloc[i])[:40]
        raise EvidenceError(
            kind,
            f"row {i + 2}, column {column}: {value!r} is not one of {', '.join(allowed)}",
            row=i + 2,
            column=column,
            value=value,
            allowed=list(allowed),
        )
    return mapped.astype(str)


# --- the whole file ----------------------------------------------------------------------------------


def read_table(data: bytes, kind: str = "performance", *, sheet: str | None = None) -> Table:
    """Read and check a measurement file of ``kind`` (see :data:`LAYOUTS`) from its bytes.

    Raises :class:`EvidenceError` (``kind`` and ``details`` name the problem
    and where it is). Rows with an empty outcome are left out with a notice.
    """
    if kind not in LAYOUTS:
        raise ValueError(f"unknown kind {kind!r}; choose from {', '.join(LAYOUTS)}")
    layout = LAYOUTS[kind]
    data = bytes(data)
    if not data.strip():
        raise EvidenceError("empty", "the file is empty")
    if len(data) > MAX_BYTES:
        raise EvidenceError(
            "too_large", f"the file is larger than {MAX_BYTES // 1_000_000} MB", limit_mb=MAX_BYTES // 1_000_000
        )
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise EvidenceError("old_excel", "an old Excel file (.xls): save it as .xlsx or CSV")
    source, encoding, delimiter, chosen = "csv", "", "", ""
    sheets: tuple[str, ...] = ()
    if data[:4] == b"PK\x03\x04":
        source = "xlsx"
        header, cells, chosen, sheets = _excel_cells(data, kind, sheet)
    else:
        header, cells, encoding, delimiter = _csv_cells(data)
    if len(cells) > MAX_ROWS:
        raise EvidenceError("too_many_rows", f"more than {MAX_ROWS:,} rows", limit=MAX_ROWS)
    names = [_canonical(h) for h in header]
    seen: dict[str, str] = {}
    for raw, name in zip(header, names, strict=True):
        if name in layout.columns:
            if name in seen:
                raise EvidenceError(
                    "duplicate_column", f"column {name!r} appears twice ({seen[name]!r}, {raw!r})", column=name
                )
            seen[name] = str(raw).strip()
    missing = [c for c in layout.required if c not in seen]
    if missing:
        raise EvidenceError(
            "missing_columns",
            f"missing column(s): {', '.join(missing)}; found: {', '.join(str(h)[:30] for h in header)}; "
            f"the template has {', '.join(layout.columns)}",
            missing=missing,
            found=[str(h)[:30] for h in header][:20],
            expected=list(layout.columns),
        )
    ignored = tuple(str(h) for h, n in zip(header, names, strict=True) if n not in layout.columns)
    cells = cells.copy()
    cells.columns = pd.Index(names)
    cells = cells.loc[:, ~cells.columns.duplicated()].reset_index(drop=True)
    if cells.empty:
        raise EvidenceError("no_rows", "the file has a header but no rows")
    cells = cells.fillna("").astype(str)
    present = [c for c in layout.numeric if c in seen]
    decimal = _decimal_mark(cells[present], fallback="." if source == "xlsx" or delimiter == "," else ",")
    out = pd.DataFrame({"row": np.arange(2, len(cells) + 2)})
    out["id"] = cells["id"].str.strip()
    empty_id = out["id"] == ""
    if empty_id.any():
        i = int(np.argmax(empty_id.to_numpy()))
        raise EvidenceError("missing_value", f"row {i + 2}, column {seen['id']}: empty", row=i + 2, column=seen["id"])
    has_teams = "team" in seen and bool((cells["team"].str.strip() != "").any())
    if has_teams:
        out["team"] = cells["team"].str.strip()
        empty = out["team"] == ""
        if empty.any():
            i = int(np.argmax(empty.to_numpy()))
            raise EvidenceError(
                "missing_value", f"row {i + 2}, column {seen['team']}: empty", row=i + 2, column=seen["team"]
            )
    else:
        out["team"] = out["id"]
    if "group" in layout.columns:
        out["group"] = (
            _choice(cells["group"], _GROUPS, seen["group"], "bad_group", (TRAINED, CONTROL)) if "group" in seen else ""
        )
    if "rater" in layout.columns:
        out["rater"] = _choice(cells["rater"], _RATER_NAMES, seen["rater"], "bad_rater", RATERS)
        blank = out["rater"] == ""
        if blank.any():
            i = int(np.argmax(blank.to_numpy()))
            raise EvidenceError(
                "missing_value", f"row {i + 2}, column {seen['rater']}: empty", row=i + 2, column=seen["rater"]
            )
    for c in layout.numeric:
        out[c] = _numbers(cells[c], decimal, seen[c]) if c in seen else np.nan
    for c in layout.flags:
        out[c] = _flag(cells[c], seen[c])
    key = ["id", "rater"] if "rater" in layout.columns else ["id"]
    dup = out.duplicated(key, keep=False)
    if dup.any():
        ids = list(dict.fromkeys(out.loc[dup, "id"]))[:5]
        rows = out.loc[dup, "row"].tolist()[:10]
        raise EvidenceError(
            "duplicate_ids",
            f"{int(dup.sum())} rows share an id ({', '.join(ids)}): each person once"
            + (" per rater group" if "rater" in layout.columns else ""),
            ids=ids,
            rows=rows,
        )
    notices: list[Notice] = []
    if "after" in layout.columns:
        has_before = bool(out["before"].notna().any())
        needed = ["after", "before"] if has_before else ["after"]
        incomplete = out[needed].isna().any(axis=1)
        if incomplete.all():
            raise EvidenceError("no_rows", "no row has a value in 'after'", column=seen["after"])
        if incomplete.any():
            notices.append(
                _notice("rows_dropped", rows=int(incomplete.sum()), first=out.loc[incomplete, "row"].tolist()[:5])
            )
            out = out.loc[~incomplete].reset_index(drop=True)
    if ignored:
        notices.append(_notice("ignored_columns", columns=[c[:30] for c in ignored][:10]))
    if source == "xlsx" and len(sheets) > 1:
        notices.append(_notice("sheet_used", sheet=chosen, sheets=list(sheets)))
    return Table(
        kind=kind,
        frame=out,
        source=source,
        encoding=encoding,
        delimiter=delimiter,
        decimal=decimal,
        sheet=chosen,
        sheets=tuple(sheets),
        has_teams=has_teams,
        ignored_columns=ignored,
        notices=tuple(notices),
    )


def template_csv(kind: str) -> bytes:
    """An empty template of ``kind``: the header line only, UTF-8, comma separated.

    >>> template_csv("performance")
    b'id,team,group,before,after\\r\\n'
    """
    return (",".join(LAYOUTS[kind].columns) + "\r\n").encode("utf-8")
