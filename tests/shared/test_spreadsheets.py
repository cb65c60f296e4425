"""Sheets in and out: columns by header, hostile cells refused row by row, bounded memory."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from shared.spreadsheets import Column, SheetRejected, read_rows, write_rows

COLUMNS = (
    Column("姓名", "name", required=True, alias="Name", max_length=50),
    Column("身份证号", "id_number", kind="id_number", required=True, alias="ID number"),
    Column("手机号", "phone", kind="phone"),
    Column("人口", "size", kind="int"),
    Column("登记日期", "registered_on", kind="date"),
    Column("独居", "alone", kind="bool"),
)
ID = "341181199001011234"


def sheet(path: Path, header, *rows) -> Path:
    book = Workbook()
    ws = book.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    book.save(path)
    return path


def test_rows_come_back_by_field_whatever_the_column_order(tmp_path):
    path = sheet(tmp_path / "a.xlsx", ["身份证号", "Name", "人口", "独居", "登记日期", "手机号"],
                 [ID, "张三", 3, "是", "2026/03/01", 13800138000],
                 [None, None, None, None, None, None],  # blank rows are skipped
                 [ID.lower()[:-1] + "x", "李四", "4", "否", None, "0550-1234567"])
    rows = list(read_rows(path, COLUMNS, max_rows=10))
    assert [r.number for r in rows] == [2, 4]
    assert rows[0].errors == [] and rows[0].values == {
        "id_number": ID, "name": "张三", "size": 3, "alone": True,
        "registered_on": "2026-03-01", "phone": "13800138000"}
    assert rows[1].values["id_number"].endswith("X") and rows[1].values["phone"] == "0550-1234567"


def test_wrong_columns_refuse_the_whole_sheet_naming_them(tmp_path):
    path = sheet(tmp_path / "b.xlsx", ["姓名", "身份证", "备注"], ["张三", ID, ""])
    with pytest.raises(SheetRejected) as caught:
        list(read_rows(path, COLUMNS, max_rows=10))
    assert caught.value.details["missing"] == ["身份证号"]
    assert caught.value.details["unknown"] == ["身份证", "备注"]
    assert "身份证号" in caught.value.message_zh and "unknown columns" in caught.value.message


def test_hostile_and_mangled_cells_refuse_only_their_row(tmp_path):
    path = sheet(tmp_path / "c.xlsx", ["姓名", "身份证号", "人口"],
                 ["=HYPERLINK(\"http://x\",\"点我\")", ID, 1],
                 ["@SUM(A1)", ID, 1],
                 ["王五", 3.41181199001011e17, 1],  # Excel turned the ID into a float
                 ["赵六", ID, "三"],
                 ["x" * 51, ID, 1],
                 ["钱七", ID, "-2"],
                 ["孙八", None, 1])
    rows = list(read_rows(path, COLUMNS, max_rows=10))
    codes = [[(e.field, e.code) for e in r.errors] for r in rows]
    assert codes == [[("name", "FORMULA_REFUSED")], [("name", "FORMULA_REFUSED")],
                     [("id_number", "NUMBER_MANGLED")], [("size", "BAD_FORMAT")],
                     [("name", "TOO_LONG")], [], [("id_number", "REQUIRED")]]
    assert rows[5].values["size"] == -2  # a negative number is a number, not a formula
    mangled = rows[2].errors[0]
    assert mangled.row == 4 and "文本" in mangled.message_zh and "text" in mangled.message


def test_a_real_formula_cell_is_refused(tmp_path):
    book = Workbook()
    ws = book.active
    ws.append(["姓名", "身份证号"])
    ws["A2"] = "=1+1"
    ws["B2"] = ID
    book.save(tmp_path / "f.xlsx")
    [row] = read_rows(tmp_path / "f.xlsx", COLUMNS, max_rows=10)
    assert [e.code for e in row.errors] == ["FORMULA_REFUSED"]


def test_not_a_workbook_and_zip_bombs_are_refused_before_reading(tmp_path):
    (tmp_path / "x.xlsx").write_bytes(b"name,id\n")
    with pytest.raises(SheetRejected, match="not an .xlsx"):
        list(read_rows(tmp_path / "x.xlsx", COLUMNS, max_rows=10))
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", "<" + "a" * 50_000_000 + ">")
    with pytest.raises(SheetRejected, match="unpacks"):
        list(read_rows(bomb, COLUMNS, max_rows=10))


def test_too_many_rows_are_refused_before_the_first_row(tmp_path):
    path = sheet(tmp_path / "d.xlsx", ["姓名", "身份证号"], *[["张三", ID]] * 4)
    with pytest.raises(SheetRejected, match="more than 3 rows"):
        next(read_rows(path, COLUMNS, max_rows=3))
    assert len(list(read_rows(path, COLUMNS, max_rows=4))) == 4


def test_100k_bad_rows_are_read_in_bounded_memory(tmp_path):
    path = tmp_path / "bad.xlsx"
    book = Workbook(write_only=True)
    ws = book.create_sheet()
    ws.append(["姓名", "身份证号"])
    for i in range(100_000):
        ws.append([f"=cmd|' /C calc'!A{i}", 3.41181199001011e17])
    book.save(path)
    # a fresh process, so the peak resident size is the reader's own
    probe = textwrap.dedent(f"""
        import resource, sys
        from shared.spreadsheets import Column, read_rows
        from openpyxl import load_workbook  # noqa: F401  (loaded before the baseline)
        cols = (Column("姓名", "name", required=True), Column("身份证号", "id_number", kind="id_number"))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        refused = sum(1 for row in read_rows({str(path)!r}, cols, max_rows=200_000) if len(row.errors) == 2)
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(refused, (after - before) * 1024)
    """)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2]).stdout.split()
    refused, peak = int(out[0]), int(out[1])
    assert refused == 100_000
    assert peak < 64 * 1024 * 1024, f"resident size grew {peak / 1e6:.0f} MB while streaming"


def test_written_sheets_neutralise_formulas_and_keep_ids_as_text(tmp_path):
    path = tmp_path / "out.xlsx"
    count = write_rows(path, COLUMNS, [
        {"name": "=HYPERLINK(\"http://evil\")", "id_number": ID, "phone": "13800138000", "size": 3,
         "alone": True, "registered_on": "2026-03-01"},
        {"name": "普通", "id_number": None},
    ], title="居民台账")
    assert count == 2
    ws = load_workbook(path).active
    assert [c.value for c in ws[1]] == [c.header for c in COLUMNS]
    assert ws["A2"].value == "'=HYPERLINK(\"http://evil\")" and ws["A2"].data_type == "s"
    assert ws["B2"].value == ID and ws["B2"].data_type == "s"
    assert ws["F2"].value == "是" and ws["B3"].value is None
    # and what we write reads back through the same checks (the apostrophe stays visible text)
    rows = list(read_rows(path, COLUMNS, max_rows=10))
    assert rows[0].values["id_number"] == ID and rows[0].values["name"].startswith("'=")
