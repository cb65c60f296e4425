"""The evaluation workbook opens as a valid .xlsx package with the published layout."""
import io
import re
import zipfile

from services.property import workbook

RANKING = [{"company_id": "a", "company_name": "乙物业", "rank": 1, "authority": 80.0, "party_org": 100.0,
            "owners": 100.0, "composite": 92.0, "total": 93.5, "list": "red"},
           {"company_id": "b", "company_name": "=HYPERLINK(\"x\")", "rank": 2, "authority": 60.0, "party_org": 60.0,
            "owners": 100.0, "composite": 68.0, "list": "black"}]


def cells(package: zipfile.ZipFile, sheet: int) -> list[str]:
    xml = package.read(f"xl/worksheets/sheet{sheet}.xml").decode()
    return re.findall(r"<t>(.*?)</t>|<v>(.*?)</v>", xml)


def test_layout_text_codes_and_escaping():
    data = workbook.evaluation_workbook("天长市", 2025, RANKING, {"a": "91110000802100433B", "b": "91350100M000100Y43"},
                                        "2027-01-20")
    package = zipfile.ZipFile(io.BytesIO(data))
    assert package.testzip() is None
    names = re.findall(r'sheet name="(.*?)"', package.read("xl/workbook.xml").decode())
    assert names == ["考评排名", "红榜", "黑榜"]
    ranking = ["".join(c) for c in cells(package, 1)]
    assert ranking[0] == "天长市2025年度物业服务企业考评结果"
    # nine header cells, then the first row: the composite and the yearly total (a row published
    # before totals existed shows its composite as the total)
    assert ranking[10:19] == ["1", "乙物业", "91110000802100433B", "80.0", "100.0", "100.0", "92.0", "93.5", "红榜"]
    assert ranking[25:28] == ["68.0", "68.0", "黑榜"]
    sheet1 = package.read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="C3" t="inlineStr"><is><t>91110000802100433B</t></is></c>' in sheet1  # text, all 18 characters
    assert "<t>'=HYPERLINK(&quot;x&quot;)</t>" in sheet1 or "<t>'=HYPERLINK(\"x\")</t>" in sheet1
    black = ["".join(c) for c in cells(package, 3)]
    assert black[-1] == "2027-01-20"


def test_column_names():
    assert [workbook._column(n) for n in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
