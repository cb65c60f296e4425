"""The yearly evaluation as an Excel workbook in the layout a county publishes (考评结果公示):
a ranking sheet, the red list and the black list, each under a title row.

Written as a minimal Office Open XML package with the standard library (no Excel library is a
dependency). Every cell that is not a number is an inline string, so credit codes keep all 18
characters and nothing is ever evaluated as a formula; text starting with = + - @ is still
prefixed with an apostrophe, as the project does for every export (see docs/ARCHITECTURE.md).
"""
from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

LISTS = {"red": "红榜", "black": "黑榜", None: ""}
HEADER = ["名次", "企业名称", "统一社会信用代码", "物业主管部门", "社区党组织", "业主代表", "三方综合得分", "年度总分",
          "红黑榜"]


def _cell(ref: str, value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@"):
        text = "'" + text
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def _column(n: int) -> str:
    name = ""
    while n >= 0:
        name = chr(65 + n % 26) + name
        n = n // 26 - 1
    return name


def _sheet(rows: list[list]) -> str:
    body = "".join(f'<row r="{r + 1}">' + "".join(_cell(f"{_column(c)}{r + 1}", v) for c, v in enumerate(row))
                   + "</row>" for r, row in enumerate(rows))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{body}</sheetData></worksheet>")


def build(sheets: dict[str, list[list]]) -> bytes:
    names = list(sheets)
    ns = "http://schemas.openxmlformats.org/"
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Types xmlns="{ns}package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
                      'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(len(names)))
            + "</Types>"),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{ns}package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{ns}spreadsheetml/2006/main" '
            f'xmlns:r="{ns}officeDocument/2006/relationships"><sheets>'
            + "".join(f'<sheet name="{escape(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(names))
            + "</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{ns}package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i + 1}" Type="{ns}officeDocument/2006/relationships/worksheet" '
                      f'Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(names)))
            + "</Relationships>"),
    }
    for i, name in enumerate(names):
        files[f"xl/worksheets/sheet{i + 1}.xml"] = _sheet(sheets[name])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for path, text in files.items():
            package.writestr(path, text)
    return out.getvalue()


def evaluation_workbook(county: str, year: int, ranking: list[dict], codes: dict[str, str],
                        barred_until: str | None) -> bytes:
    """``codes`` maps company id to credit code; ``barred_until`` is the black list's bar date."""
    rows = [[r["rank"], r["company_name"], codes.get(r["company_id"], ""), r["authority"], r["party_org"],
             r["owners"], r["composite"], r.get("total", r["composite"]), LISTS[r["list"]]] for r in ranking]
    title = f"{county}{year}年度物业服务企业考评结果"
    red = [[r[0], r[1], r[2], r[7]] for r in rows if r[8] == "红榜"]
    black = [[r[0], r[1], r[2], r[7], barred_until or ""] for r in rows if r[8] == "黑榜"]
    return build({"考评排名": [[title], HEADER, *rows],
                  "红榜": [[f"{title}（红榜）"], ["名次", "企业名称", "统一社会信用代码", "年度总分"], *red],
                  "黑榜": [[f"{title}（黑榜）"], ["名次", "企业名称", "统一社会信用代码", "年度总分", "限制投标至"], *black]})
