"""Excel (.xlsx) sheets in and out, in constant memory, without trusting a single cell.

County staff keep their ledgers in Excel; the platform reads and writes them. openpyxl does the
file format (its read-only and write-only modes stream rows); this module adds what a government
platform needs around it, which no library does for us:

* **Columns by header.** A sheet's first row names its columns (Chinese, or the English alias);
  a sheet with a missing required column or a column we do not know is refused as a whole
  (``SHEET_REJECTED``, naming the columns) before any row is read — wrong columns would otherwise
  put data in the wrong fields.
* **Cells checked row by row.** Each data row comes back as a :class:`Row` with its values and
  its errors; a bad cell refuses its row (row number, field, code, bilingual reason) and the next
  row is read. Refused: formulas and formula-leading text (``= + - @``, tab, CR: "CSV/formula
  injection"), ID-card numbers Excel turned into floats (``3.41181E+17``: the last digits are
  lost), text too long, numbers and dates that are not.
* **Bounded.** The zip's unpacked size is checked before openpyxl opens it (zip bombs), rows stop
  at ``max_rows``, and nothing keeps more than one row.
* **Safe to open.** :func:`write_rows` streams rows into a write-only workbook and prefixes any
  text that Excel would take for a formula with an apostrophe; ID numbers and phones stay text.

    COLUMNS = [Column("身份证号", "id_number", kind="id_number", required=True, alias="ID number"), ...]
    for row in read_rows(path, COLUMNS, max_rows=1_000_000):
        if row.errors: ...            # report them
        else: use(row.values)         # {"id_number": "3411...", ...}
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, Literal

from shared.errors import CivicError

Kind = Literal["text", "id_number", "phone", "int", "decimal", "date", "bool", "code"]

#: Unpacked bytes allowed per packed byte, and in all: a real 600k-row ledger unpacks ~10×.
MAX_UNPACKED_RATIO = 100
MAX_UNPACKED_BYTES = 2_000_000_000
FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")
_ID_NUMBER = re.compile(r"^\d{17}[\dX]$")
_PHONE = re.compile(r"^[\d\-+ ]{5,20}$")
_CODE = re.compile(r"^[0-9A-Za-z_.\-]{1,64}$")
_NUMERIC_TEXT = re.compile(r"^-?\d+(\.\d+)?$")
_TRUE = {"是", "true", "yes", "y", "1", "√"}
_FALSE = {"否", "false", "no", "n", "0", "×", ""}


class SheetRejected(CivicError):
    """The file as a whole cannot be read (not an xlsx, wrong columns, too big)."""

    code = "SHEET_REJECTED"


@dataclass(frozen=True)
class Column:
    header: str  # as county staff write it: "身份证号"
    field: str  # the contract's field name: "id_number"
    kind: Kind = "text"
    required: bool = False  # the column must exist and the cell must not be empty
    alias: str | None = None  # English header also accepted: "ID number"
    max_length: int = 200

    def names(self) -> tuple[str, ...]:
        return (self.header, self.alias) if self.alias else (self.header,)


@dataclass(frozen=True)
class RowError:
    row: int  # the sheet's own row number (the header is row 1)
    field: str
    code: str
    message: str
    message_zh: str

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "code": self.code,
                "message": self.message, "message_zh": self.message_zh}


@dataclass
class Row:
    number: int
    values: dict[str, Any]
    errors: list[RowError] = field(default_factory=list)


# ---- reading ----------------------------------------------------------------------------------
def check_archive(path: str | Path, *, packed_size: int | None = None) -> None:
    """Refuse what is not an xlsx (zip) file or unpacks to far more than it weighs."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise SheetRejected("not an .xlsx file", "不是 .xlsx 文件", field="file") from exc
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/worksheets/") for n in names):
        raise SheetRejected("not an .xlsx workbook", "不是 .xlsx 工作簿", field="file")
    packed = packed_size if packed_size is not None else Path(path).stat().st_size
    if unpacked > MAX_UNPACKED_BYTES or unpacked > max(packed, 1) * MAX_UNPACKED_RATIO:
        raise SheetRejected(f"the file unpacks to {unpacked} bytes, too much for its size",
                            f"文件解压后为 {unpacked} 字节，超出允许范围", field="file")


def read_rows(path: str | Path, columns: Sequence[Column], *, max_rows: int) -> Iterator[Row]:
    """Rows of the first sheet, checked cell by cell; see the module docstring.

    Raises :class:`SheetRejected` before the first row for a file that is not an xlsx, unpacks
    too far, or has missing or unknown columns; and when the sheet has more than ``max_rows``
    data rows (after yielding those).
    """
    from openpyxl import load_workbook

    check_archive(path)
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise SheetRejected("the workbook cannot be read", "无法读取该工作簿", field="file") from exc
    lines = None
    try:
        sheet = book.worksheets[0]
        declared = sheet.max_row  # from the sheet's <dimension>: refuse before writing anything
        if declared is not None and declared - 1 > max_rows:
            raise SheetRejected(f"more than {max_rows} rows ({declared - 1})", f"行数超过 {max_rows}（{declared - 1}）",
                                field="file", details={"max_rows": max_rows})
        lines = sheet.iter_rows(values_only=True)
        header = next(lines, None)
        if header is None:
            raise SheetRejected("the sheet is empty", "工作表为空", field="file")
        positions = _positions(header, columns)
        count = 0
        for number, line in enumerate(lines, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in line):
                continue
            count += 1
            if count > max_rows:
                raise SheetRejected(f"more than {max_rows} rows", f"行数超过 {max_rows}",
                                    field="file", details={"max_rows": max_rows})
            yield _row(number, line, positions)
    finally:
        if lines is not None:
            lines.close()  # its open member of the zip would otherwise outlive the workbook
        book.close()


def _positions(header: Sequence[Any], columns: Sequence[Column]) -> list[tuple[int, Column]]:
    by_name = {name: column for column in columns for name in column.names()}
    positions: list[tuple[int, Column]] = []
    unknown: list[str] = []
    seen: set[str] = set()
    for index, raw in enumerate(header):
        name = str(raw).strip() if raw is not None else ""
        if not name:
            continue
        column = by_name.get(name)
        if column is None:
            unknown.append(name)
        elif column.field in seen:
            unknown.append(f"{name} (repeated)")
        else:
            seen.add(column.field)
            positions.append((index, column))
    missing = [c.header for c in columns if c.required and c.field not in seen]
    if missing or unknown:
        parts_en, parts_zh = [], []
        if missing:
            parts_en.append("missing columns: " + ", ".join(missing))
            parts_zh.append("缺少列：" + "、".join(missing))
        if unknown:
            parts_en.append("unknown columns: " + ", ".join(unknown))
            parts_zh.append("无法识别的列：" + "、".join(unknown))
        raise SheetRejected("; ".join(parts_en), "；".join(parts_zh), field="columns",
                            details={"missing": missing, "unknown": unknown,
                                     "expected": [c.header for c in columns]})
    return positions


def _row(number: int, line: Sequence[Any], positions: list[tuple[int, Column]]) -> Row:
    row = Row(number=number, values={})
    for index, column in positions:
        raw = line[index] if index < len(line) else None
        try:
            value = convert(raw, column)
        except CellError as exc:
            row.errors.append(RowError(number, column.field, exc.code, exc.message, exc.message_zh))
            continue
        if value is None and column.required:
            row.errors.append(RowError(number, column.field, "REQUIRED",
                                       f"{column.header} is required", f"{column.header}不能为空"))
        row.values[column.field] = value
    return row


class CellError(Exception):
    def __init__(self, code: str, message: str, message_zh: str):
        super().__init__(message)
        self.code, self.message, self.message_zh = code, message, message_zh


def convert(raw: Any, column: Column) -> Any:
    """One cell to its Python value by the column's kind, or :class:`CellError`."""
    name = column.header
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, str):
        text = raw.strip()
        if text.startswith(FORMULA_LEAD) and not (column.kind in ("int", "decimal") and _NUMERIC_TEXT.match(text)):
            raise CellError("FORMULA_REFUSED", f"{name}: formulas and text starting with = + - @ are refused",
                            f"{name}：不接受公式或以 = + - @ 开头的内容")
        if len(text) > column.max_length:
            raise CellError("TOO_LONG", f"{name}: at most {column.max_length} characters",
                            f"{name}：最多 {column.max_length} 个字符")
    kind = column.kind
    if kind == "id_number":
        if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
            raise CellError("NUMBER_MANGLED",
                            f"{name}: stored as a number, so Excel has lost its last digits; format the column as text",
                            f"{name}：被存成了数字，Excel 已丢失末几位；请将该列设为文本格式")
        text = str(raw).strip().upper()
        if not _ID_NUMBER.match(text):
            raise CellError("BAD_FORMAT", f"{name}: 18 characters, digits and a final digit or X",
                            f"{name}：应为 18 位，末位为数字或 X")
        return text
    if kind == "phone":
        if isinstance(raw, float) and not raw.is_integer():
            raise CellError("NUMBER_MANGLED", f"{name}: stored as a decimal number; format as text",
                            f"{name}：被存成了小数；请设为文本格式")
        text = str(int(raw)) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else str(raw).strip()
        if not _PHONE.match(text):
            raise CellError("BAD_FORMAT", f"{name}: not a phone number", f"{name}：不是有效的电话号码")
        return text
    if kind == "int":
        if isinstance(raw, bool):
            raise CellError("BAD_FORMAT", f"{name}: a whole number", f"{name}：应为整数")
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        if isinstance(raw, str) and re.fullmatch(r"-?\d{1,18}", raw.strip()):
            return int(raw.strip())
        raise CellError("BAD_FORMAT", f"{name}: a whole number", f"{name}：应为整数")
    if kind == "decimal":
        try:
            return Decimal(str(raw).strip())
        except InvalidOperation:
            raise CellError("BAD_FORMAT", f"{name}: a number", f"{name}：应为数字") from None
    if kind == "date":
        if isinstance(raw, dt.datetime):
            return raw.date().isoformat()
        if isinstance(raw, dt.date):
            return raw.isoformat()
        text = str(raw).strip().replace("/", "-").replace(".", "-")
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise CellError("BAD_FORMAT", f"{name}: a date like 2026-03-01", f"{name}：应为日期，如 2026-03-01") from None
    if kind == "bool":
        text = str(raw).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise CellError("BAD_FORMAT", f"{name}: 是 or 否", f"{name}：应为“是”或“否”")
    if kind == "code":
        text = str(int(raw)) if isinstance(raw, int) and not isinstance(raw, bool) else str(raw).strip()
        if isinstance(raw, float):
            raise CellError("NUMBER_MANGLED", f"{name}: stored as a number; format the column as text",
                            f"{name}：被存成了数字；请将该列设为文本格式")
        if not _CODE.match(text):
            raise CellError("BAD_FORMAT", f"{name}: letters, digits, - _ . only", f"{name}：只能包含字母、数字及 - _ .")
        return text
    # text
    if isinstance(raw, (dt.date, dt.datetime)):
        return raw.isoformat()
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


# ---- writing ----------------------------------------------------------------------------------
def safe_text(value: Any) -> Any:
    """A cell value Excel will not evaluate: formula-leading text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_LEAD):
        return "'" + value
    return value


def cell_value(value: Any, column: Column) -> Any:
    if value is None:
        return None
    if column.kind in ("id_number", "phone", "code", "text"):
        return safe_text(str(value) if not isinstance(value, str) else value)
    if column.kind == "bool":
        return "是" if value else "否"
    if column.kind == "decimal":
        return float(value)
    return safe_text(value)


def write_rows(target: str | Path | IO[bytes], columns: Sequence[Column], rows: Iterable[Mapping[str, Any]],
               *, title: str = "Sheet1") -> int:
    """Stream ``rows`` (mappings by field) under a header row; returns the number of rows."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    sheet.append([c.header for c in columns])
    count = 0
    for row in rows:
        sheet.append([cell_value(row.get(c.field), c) for c in columns])
        count += 1
    book.save(target)
    return count
