"""Reading measurement files: formats Dutch spreadsheets write, and a structured error for every bad file."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roi_core.evidence import MAX_ROWS, EvidenceError, estimate_effect, read_table, template_csv
from roi_core.evidence.io import LAYOUTS

EXAMPLES = Path(__file__).resolve().parents[2] / "roi_core" / "data" / "examples"


def perf_rows(n_teams: int = 4, size: int = 3) -> list[list[str]]:
    rows = []
    for t in range(n_teams):
        group = "trained" if t % 2 == 0 else "control"
        for p in range(size):
            rows.append([f"p{t}-{p}", f"T{t}", group, f"{10 + p}.5", f"{12 + p + t % 2}.25"])
    return rows


def csv_bytes(rows: list[list[str]], header: str = "id,team,group,before,after", sep: str = ",") -> bytes:
    return ("\n".join([header.replace(",", sep)] + [sep.join(r) for r in rows]) + "\n").encode("utf-8")


def xlsx_bytes(sheets: dict[str, list[list[object]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def error_of(data: bytes, kind: str = "performance", **kw: object) -> EvidenceError:
    with pytest.raises(EvidenceError) as info:
        t = read_table(data, kind, **kw)  # type: ignore[arg-type]
        if kind == "performance":
            estimate_effect(t)
    return info.value


class TestFormats:
    def test_comma_and_decimal_point(self) -> None:
        t = read_table(csv_bytes(perf_rows()))
        assert (t.delimiter, t.decimal, t.encoding, t.source) == (",", ".", "utf-8", "csv")
        assert t.frame["before"].iloc[0] == 10.5 and t.frame["after"].iloc[0] == 12.25

    def test_semicolon_decimal_comma_and_dutch_names(self) -> None:
        dutch = {"trained": "getraind", "control": "controle"}
        rows = [[r[0], r[1], dutch[r[2]], r[3].replace(".", ","), r[4].replace(".", ",")] for r in perf_rows()]
        t = read_table(csv_bytes(rows, "id;team;groep;voor;na", ";"))
        assert (t.delimiter, t.decimal) == (";", ",")
        assert t.frame["before"].iloc[0] == 10.5
        assert set(t.frame["group"]) == {"trained", "control"}

    def test_thousands_separators_dutch(self) -> None:
        rows = [["a", "T1", "trained", "1.234,5", "2.000"], ["b", "T2", "trained", "1.000,0", "1.500,25"]]
        t = read_table(csv_bytes(rows, sep=";"))
        assert t.frame["before"].tolist() == [1234.5, 1000.0]
        assert t.frame["after"].tolist() == [2000.0, 1500.25]

    def test_bom_and_windows_1252(self) -> None:
        data = csv_bytes(perf_rows())
        assert read_table(b"\xef\xbb\xbf" + data).frame.shape == read_table(data).frame.shape
        cp = "id;team;groep;voor;na\r\n1;Café;getraind;1,5;2\r\n2;Zoë;controle;1;2\r\n".encode("cp1252")
        t = read_table(cp)
        assert t.encoding == "windows-1252" and t.frame["team"].tolist() == ["Café", "Zoë"]

    def test_excel_single_sheet(self) -> None:
        rows: list[list[object]] = [["id", "team", "group", "before", "after"]]
        rows += [[r[0], r[1], r[2], float(r[3]), float(r[4])] for r in perf_rows()]
        t = read_table(xlsx_bytes({"Data": rows}))
        assert (t.source, t.sheet) == ("xlsx", "Data")
        assert t.frame["before"].iloc[0] == 10.5

    def test_excel_several_sheets_uses_the_only_fitting_one_and_says_so(self) -> None:
        rows: list[list[object]] = [["id", "team", "group", "before", "after"], *perf_rows()]
        t = read_table(xlsx_bytes({"Notes": [["read me"]], "Data": rows}))
        assert t.sheet == "Data"
        assert any(n.kind == "sheet_used" and n.detail["sheet"] == "Data" for n in t.notices)

    def test_excel_several_fitting_sheets_asks(self) -> None:
        rows: list[list[object]] = [["id", "team", "group", "before", "after"], *perf_rows()]
        data = xlsx_bytes({"March": rows, "June": rows})
        err = error_of(data)
        assert err.kind == "choose_sheet" and err.details["sheets"] == ["March", "June"]
        assert read_table(data, sheet="June").sheet == "June"
        assert error_of(data, sheet="July").kind == "unknown_sheet"

    def test_missing_values_drop_rows_with_notice(self) -> None:
        rows = perf_rows()
        rows[1][4] = ""
        t = read_table(csv_bytes(rows))
        assert len(t.frame) == len(rows) - 1
        (notice,) = [n for n in t.notices if n.kind == "rows_dropped"]
        assert notice.detail == {"rows": 1, "first": [3]}

    def test_templates_have_the_layout_columns(self) -> None:
        for kind, layout in LAYOUTS.items():
            assert template_csv(kind).decode().strip().split(",") == list(layout.columns)
            with pytest.raises(EvidenceError) as info:
                read_table(template_csv(kind), kind)
            assert info.value.kind == "no_rows"

    def test_examples_read(self) -> None:
        for kind in LAYOUTS:
            t = read_table((EXAMPLES / f"{kind}.csv").read_bytes(), kind)
            assert len(t.frame) > 100 and t.has_teams


class TestBadFiles:
    def test_missing_column(self) -> None:
        err = error_of(b"id,team,group,before\n1,A,trained,3\n")
        assert err.kind == "missing_columns" and err.details["missing"] == ["after"]
        assert "after" in str(err)

    def test_non_numeric_cell_names_row_and_column(self) -> None:
        rows = perf_rows()
        rows[4][4] = "twelve"
        err = error_of(csv_bytes(rows))
        assert err.kind == "not_a_number"
        assert (err.details["row"], err.details["column"], err.details["value"]) == (6, "after", "twelve")

    def test_empty_group(self) -> None:
        rows = [r for r in perf_rows() if r[2] == "trained"]
        err = error_of(csv_bytes(rows))
        assert err.kind == "empty_group" and err.details["group"] == "control"

    def test_duplicate_ids(self) -> None:
        rows = perf_rows()
        rows[3][0] = rows[0][0]
        err = error_of(csv_bytes(rows))
        assert err.kind == "duplicate_ids" and err.details["ids"] == [rows[0][0]] and err.details["rows"] == [2, 5]

    def test_one_cluster_per_group(self) -> None:
        rows = perf_rows(n_teams=4)
        for r in rows:
            if r[2] == "control":
                r[1] = "C"
        err = error_of(csv_bytes(rows))
        assert err.kind == "one_cluster" and err.details["group"] == "control" and err.details["team"] == "C"

    def test_mixed_decimal_marks(self) -> None:
        rows = perf_rows()
        rows[2][3] = "10,5"
        err = error_of(csv_bytes(rows, sep=";"))
        assert err.kind == "mixed_decimals"
        assert err.details["comma_row"] == 4 and err.details["point_row"] == 2

    def test_wrong_encoding(self) -> None:
        err = error_of(csv_bytes(perf_rows()).decode().encode("utf-16"))
        assert err.kind == "encoding"
        # 0x81 is undefined in Windows-1252 and invalid in UTF-8.
        assert error_of(b"id,team,group,before,after\n1,\x81\x81,trained,1,2\n").kind == "encoding"

    def test_bad_group_value(self) -> None:
        rows = perf_rows()
        rows[0][2] = "yes"
        err = error_of(csv_bytes(rows))
        assert err.kind == "bad_group" and err.details["row"] == 2 and err.details["value"] == "yes"

    def test_no_comparison(self) -> None:
        rows = [[r[0], r[1], "", "", r[4]] for r in perf_rows()]
        assert error_of(csv_bytes(rows)).kind == "no_comparison"

    def test_empty_and_header_only_and_old_excel(self) -> None:
        assert error_of(b"").kind == "empty"
        assert error_of(b"id,team,group,before,after\n").kind == "no_rows"
        assert error_of(b"\xd0\xcf\x11\xe0" + b"\0" * 100).kind == "old_excel"
        assert error_of(b"PK\x03\x04broken").kind == "malformed"

    def test_too_many_rows_refused_and_the_limit_handled(self) -> None:
        n = MAX_ROWS
        team = np.arange(n) % 400
        lines = [f"{i},T{team[i]},{'trained' if team[i] % 2 else 'control'},{i % 7},{i % 5}" for i in range(n)]
        data = ("id,team,group,before,after\n" + "\n".join(lines) + "\n").encode()
        est = estimate_effect(read_table(data))
        assert est.n == MAX_ROWS and est.teams == 400
        err = error_of(data + f"{n},T1,trained,1,2\n".encode())
        assert err.kind == "too_many_rows" and err.details["limit"] == MAX_ROWS

    def test_learning_flags(self) -> None:
        err = error_of(b"id,team,enrolled,completed,hours\n1,A,1,maybe,3\n", "learning")
        assert err.kind == "not_a_flag" and (err.details["row"], err.details["column"]) == (2, "completed")

    def test_360_unknown_rater(self) -> None:
        err = error_of(b"id,team,rater,before,after\n1,A,boss,3,4\n", "feedback360")
        assert err.kind == "bad_rater" and err.details["value"] == "boss"

    def test_formula_text_stays_text(self) -> None:
        rows = perf_rows()
        rows[0][0] = "=HYPERLINK(1)"
        t = read_table(csv_bytes(rows))
        assert t.frame["id"].iloc[0] == "=HYPERLINK(1)"


class TestProperties:
    @settings(max_examples=60, derandomize=True)
    @given(
        st.lists(st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 2)), min_size=4, max_size=30),
        st.sampled_from([(",", "."), (";", ","), (";", "."), ("\t", ",")]),
    )
    def test_numbers_read_back_in_every_dialect(self, values: list[float], dialect: tuple[str, str]) -> None:
        sep, mark = dialect
        lines = [sep.join(["id", "team", "group", "before", "after"])]
        for i, v in enumerate(values):
            text = f"{v:.2f}".replace(".", mark)
            lines.append(sep.join([f"p{i}", f"T{i % 4}", "trained" if i % 2 else "control", text, text]))
        t = read_table(("\n".join(lines) + "\n").encode())
        assert t.frame["after"].tolist() == pytest.approx(values)

    @settings(max_examples=200, derandomize=True)
    @given(st.binary(max_size=300), st.sampled_from(list(LAYOUTS)))
    def test_any_bytes_give_a_table_or_a_structured_error(self, data: bytes, kind: str) -> None:
        try:
            read_table(b"id,team,group,before,after\n" + data, kind)
        except EvidenceError as exc:
            assert exc.kind and str(exc)
