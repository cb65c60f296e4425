"""Residents, households, grids and roster sheets through the gateway's /imports and /exports on
RabbitMQ + PostgreSQL: a sheet with mixed good and bad rows, idempotent re-import, masked and
audited exports, data scope, formula-like text escaped; the roster import all or nothing."""
from __future__ import annotations

import io
import uuid

import httpx
from openpyxl import Workbook, load_workbook

from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.test_grid_helpers import (
    REGISTER_RESIDENT,
    household,
    id_number,
    lay_out_building,
    resident,
)
from tests.integration.test_grid_roster import APPOINT, appoint

HEADER = ["姓名", "身份证号", "手机号", "人口类型", "特殊人群", "楼栋编号", "单元", "楼层", "房号", "网格编号", "房屋类型"]
ADMIN = token("341181", "county_admin")


AUDIT_LOG = "{ auditLog(trail: RESIDENTS, first: 100) { edges { node { field action subject reason recordId } } } }"


def xlsx(header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def post_import(url: str, body: bytes, bearer: str = ADMIN, sheet: str = "residents", **params) -> httpx.Response:
    return httpx.post(f"{url}/imports/{sheet}", content=body, params=params, timeout=60,
                      headers={"Authorization": f"Bearer {bearer}"})


def export(url: str, name: str, bearer: str = ADMIN, **params) -> tuple[list[str], list[list]]:
    response = httpx.get(f"{url}/exports/{name}.xlsx", params=params, timeout=60,
                         headers={"Authorization": f"Bearer {bearer}"})
    assert response.status_code == 200, response.text
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    lines = [list(r) for r in sheet.iter_rows(values_only=True)]
    return lines[0], lines[1:]


def column(header: list[str], rows: list[list], name: str) -> list:
    return [r[header.index(name)] for r in rows]


def test_mixed_sheet_imports_good_rows_refuses_bad_ones_and_reimports_idempotently(county_a, gateway_url,
                                                                                   superuser_db):
    place = lay_out_building(county_a)
    good = [id_number() for _ in range(3)]
    good.append(next(n for n in iter(id_number, None) if not n.endswith("X")))  # Excel mangles it below
    bad_check = good[0][:-1] + ("0" if good[0][-1] != "0" else "1")
    b, g = place["building"], place["grid"]
    rows = [["王芳", good[0], "13812345678", "户籍人口", "独居老人", b, "1", 3, "301", g, "自住"],
            ["李强", good[1], None, "流动人口", None, b, "1", 3, "301", None, None],  # same household
            ["赵敏", good[2], "13900000000", None, "残疾人、低保", b, "2", 5, "502", g, "出租房"],
            ["坏校验", bad_check, None, None, None, b, "1", 1, "101", g, None],
            ["被截断", float(good[3]), None, None, None, b, "1", 1, "102", g, None],  # Excel mangled it
            ["=HYPERLINK(\"x\")", good[3], None, None, None, b, "1", 1, "103", g, None],
            ["无网格", id_number(), None, None, None, b, "9", 9, "909", None, None],
            ["错楼栋", id_number(), None, None, None, str(uuid.uuid4()), "1", 1, "104", g, None],
            ["错电话", id_number(), "12345", None, None, b, "1", 1, "105", g, None]]
    report = post_import(gateway_url, xlsx(HEADER, rows))
    assert report.status_code == 200, report.text
    body = report.json()
    assert (body["rows"], body["accepted"], body["rejected"]) == (9, 3, 6)
    refused = {(e["row"], e["field"], e["code"]) for e in body["errors"]}
    assert refused == {(5, "id_number", "VALIDATION_FAILED"), (6, "id_number", "NUMBER_MANGLED"),
                       (7, "name", "FORMULA_REFUSED"), (8, "grid_id", "VALIDATION_FAILED"),
                       (9, "building_id", "NOT_FOUND"), (10, "phone", "VALIDATION_FAILED")}
    assert all(e["message"] and e["message_zh"] for e in body["errors"])
    count = lambda sql: superuser_db("grid", sql, g=uuid.UUID(g))  # noqa: E731
    assert count("SELECT count(*) FROM residents WHERE grid_id = :g") == 3
    assert count("SELECT count(*) FROM households WHERE grid_id = :g") == 2
    assert count("SELECT household_count FROM grids WHERE id = :g") == 2
    stored = count("SELECT string_agg(id_number_enc || coalesce(phone_enc, ''), '') FROM residents WHERE grid_id = :g")
    assert good[0] not in stored and "13812345678" not in stored

    rows[1][3] = "户籍人口"  # one change; everything else the same sheet
    again = post_import(gateway_url, xlsx(HEADER, rows[:3])).json()
    assert (again["accepted"], again["rejected"], again["errors"]) == (3, 0, [])
    assert count("SELECT count(*) FROM residents WHERE grid_id = :g") == 3
    assert count("SELECT count(*) FROM households WHERE grid_id = :g") == 2
    assert count("SELECT count(*) FROM residents WHERE grid_id = :g AND residency = 'floating'") == 0


def test_dry_run_and_refusals_of_the_whole_sheet(county_a, gateway_url, superuser_db):
    place = lay_out_building(county_a)
    row = ["王芳", id_number(), None, None, None, place["building"], "1", 1, "101", place["grid"], None]
    dry = post_import(gateway_url, xlsx(HEADER, [row]), dryRun="true").json()
    assert (dry["dryRun"], dry["accepted"]) == (True, 1)
    assert superuser_db("grid", "SELECT count(*) FROM residents WHERE grid_id = :g", g=uuid.UUID(place["grid"])) == 0
    wrong = post_import(gateway_url, xlsx(["姓名", "身份证", "楼栋编号"], [row[:3]]))
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "SHEET_REJECTED"
    viewer = token("341181", "dashboard")
    assert post_import(gateway_url, xlsx(HEADER, [row]), bearer=viewer).status_code == 403


def test_exports_are_masked_scoped_audited_and_reimport_unchanged(county_a, gateway_url, superuser_db):
    place, other = lay_out_building(county_a), lay_out_building(county_a)
    numbers = [id_number() for _ in range(3)]
    rows = [[f"居民{i}", n, "13812345678", None, "退役军人", place["building"], "1", 2, f"20{i}", place["grid"], None]
            for i, n in enumerate(numbers)]
    assert post_import(gateway_url, xlsx(HEADER, rows)).json()["accepted"] == 3
    county_a(REGISTER_RESIDENT, input={"householdId": household(county_a, place), "name": "=1+2",
                                       "idNumber": id_number()})
    header, lines = export(gateway_url, "residents", gridId=place["grid"])
    assert len(lines) == 4 and "身份证号" in header and "居民编号" in header
    assert all("*" in v and len(v) == 18 for v in column(header, lines, "身份证号"))
    assert "'=1+2" in column(header, lines, "姓名")  # formula-like text leaves escaped
    assert set(column(header, lines, "特殊人群")) == {"退役军人", None}
    audited = superuser_db("grid", "SELECT rows FROM data_exports WHERE sheet = 'residents' AND filters->>'gridId' = :g "
                                   "AND NOT unmasked", g=place["grid"])
    assert audited == 4
    # the masked page is an entry of the hash-chained trail too, which the auditor reads
    auditor = Client(gateway_url, token("341181", "auditor"))
    entries = [e["node"] for e in auditor(AUDIT_LOG)["auditLog"]["edges"]]
    page = [e for e in entries if e["field"] == "sheet:residents" and f'"gridId":"{place["grid"]}"' in e["reason"]]
    assert len(page) == 1 and page[0]["action"] == "export" and "; 4 rows;" in page[0]["reason"], entries
    assert auditor("{ auditChain(trail: RESIDENTS) { intact } }")["auditChain"]["intact"] is True

    before = superuser_db("grid", "SELECT count(*) FROM resident_access_audit")
    header, lines = export(gateway_url, "residents", gridId=place["grid"], unmasked="true", reason="年度核对")
    clear = set(column(header, lines, "身份证号"))
    assert set(numbers) <= clear
    assert superuser_db("grid", "SELECT count(*) FROM resident_access_audit") - before == 4 + 3 + 1  # ids, phones, page

    # the unmasked sheet imports back unchanged: every row updates, none is created
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for line in lines:
        if line[header.index("姓名")] != "'=1+2":
            sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    back = post_import(gateway_url, out.getvalue()).json()
    assert (back["accepted"], back["rejected"]) == (3, 0), back
    assert superuser_db("grid", "SELECT count(*) FROM residents WHERE grid_id = :g", g=uuid.UUID(place["grid"])) == 4

    worker = token("341181", "grid_worker", scope=Scope("grid", other["grid"]))
    assert export(gateway_url, "residents", bearer=worker, gridId=place["grid"])[1] == []  # not their grid
    refused = httpx.get(f"{gateway_url}/exports/residents.xlsx", params={"unmasked": "true"}, timeout=30,
                        headers={"Authorization": f"Bearer {worker}"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "FORBIDDEN"

    header, lines = export(gateway_url, "households", gridId=place["grid"])
    assert sorted(column(header, lines, "居民人数")) == [1, 1, 1, 1]
    header, lines = export(gateway_url, "grids", communityId=place["community"])
    assert column(header, lines, "网格编号") == [place["grid"]] and column(header, lines, "户数") == [4]
    other_county = token("341102", "county_admin")
    assert export(gateway_url, "grids", bearer=other_county, communityId=place["community"])[1] == []

    appoint(county_a, place, "grid_worker", name="网格员甲")
    appoint(county_a, place, "floor_head", name="楼层长乙")
    header, lines = export(gateway_url, "posts", gridId=place["grid"])
    assert sorted(zip(column(header, lines, "层级"), column(header, lines, "姓名"))) == [
        ("楼层长", "楼层长乙"), ("网格员", "网格员甲")]
    assert superuser_db("grid", "SELECT count(*) FROM data_exports WHERE sheet = 'posts' AND rows = 2") >= 1


# ---- roster (七级组织体系名册) -------------------------------------------------------------------
ROSTER_HEADER = ["层级", "姓名", "手机号", "居民编号", "社区编号", "小区编号", "网格编号", "楼栋编号", "单元", "楼层"]


def roster_rows(place: dict, holder: dict) -> list[list]:
    p = place
    return [["社区工作队", "周敏", "13911112222", None, p["community"], None, None, None, None, None],
            ["compound_party_leader", "吴刚", None, None, None, p["compound"], p["grid"], None, None, None],
            ["网格员", holder["name"], "0550-7012345", holder["id"], None, None, p["grid"], None, None, None],
            ["楼栋长", holder["name"], None, holder["id"], None, None, p["grid"], p["building"], None, None],
            ["单元长", "郑洁", "13700001111", None, None, None, p["grid"], p["building"], 1, None],  # a number cell
            ["分层长", "冯涛", None, None, p["community"], None, p["grid"], p["building"], "2", "1-3"]]


def posts_in(superuser_db, community: str) -> int:
    return superuser_db("grid", "SELECT count(*) FROM roster_posts WHERE community_id = :c", c=uuid.UUID(community))


def test_roster_import_dry_run_then_writes_and_an_export_reimports_unchanged(county_a, gateway_url, superuser_db):
    place = lay_out_building(county_a)
    holder = resident(county_a, place)
    appoint(county_a, place, "grid_worker", name="老网格员")  # already there before the sheet
    sheet = xlsx(ROSTER_HEADER, roster_rows(place, holder))

    dry = post_import(gateway_url, sheet, sheet="posts", dryRun="true").json()
    assert (dry["dryRun"], dry["rows"], dry["accepted"], dry["rejected"]) == (True, 6, 6, 0), dry
    assert posts_in(superuser_db, place["community"]) == 1

    done = post_import(gateway_url, sheet, sheet="posts").json()
    assert (done["accepted"], done["rejected"], done["errors"]) == (6, 0, []), done
    assert posts_in(superuser_db, place["community"]) == 7
    held = superuser_db("grid", "SELECT count(*) FROM roster_posts WHERE holder_key = :k", k=holder["id"])
    assert held == 2  # 网格员 and 楼栋长 are one person, by 居民编号
    stored = superuser_db("grid", "SELECT string_agg(coalesce(holder_phone_enc, ''), '') FROM roster_posts "
                                  "WHERE community_id = :c", c=uuid.UUID(place["community"]))
    assert "13911112222" not in stored and stored  # phones kept encrypted

    again = post_import(gateway_url, sheet, sheet="posts").json()  # the same sheet: updates, no duplicates
    assert (again["accepted"], again["rejected"]) == (6, 0), again
    assert posts_in(superuser_db, place["community"]) == 7

    header, lines = export(gateway_url, "posts", communityId=place["community"])
    assert len(lines) == 7 and {"岗位编号", "社区编号", "小区编号", "楼栋编号", "手机号"} <= set(header)
    phones = set(column(header, lines, "手机号")) - {None}
    assert phones and all("*" in v for v in phones) and "13911112222" not in phones
    assert set(column(header, lines, "层级")) >= {"社区工作队", "小区党组织书记（物业负责人）", "分层长"}
    before = superuser_db("grid", "SELECT string_agg(holder_phone_enc, '' ORDER BY id) FROM roster_posts "
                                  "WHERE community_id = :c", c=uuid.UUID(place["community"]))
    # one change, to a post the building head's sheet below does not name (lines come in id order);
    # everything else as exported (masked phones)
    changed = column(header, lines, "层级").index("社区工作队")
    lines[changed][header.index("姓名")] = "改名甲"
    back = post_import(gateway_url, xlsx(header, lines), sheet="posts").json()
    assert (back["accepted"], back["rejected"], back["errors"]) == (7, 0, []), back
    assert posts_in(superuser_db, place["community"]) == 7
    after = superuser_db("grid", "SELECT string_agg(holder_phone_enc, '' ORDER BY id) FROM roster_posts "
                                 "WHERE community_id = :c", c=uuid.UUID(place["community"]))
    assert after == before  # masked phones kept the stored ones
    renamed = superuser_db("grid", "SELECT holder_name FROM roster_posts WHERE id = :i",
                           i=uuid.UUID(lines[changed][header.index("岗位编号")]))
    assert renamed == "改名甲"

    # a sheet of its own, without 岗位编号, 居民编号 or 手机号: it names the building head's post
    mine = [["楼栋长", holder["name"], place["grid"], place["building"]]]
    body = post_import(gateway_url, xlsx(["层级", "姓名", "网格编号", "楼栋编号"], mine), sheet="posts").json()
    assert (body["accepted"], body["rejected"]) == (1, 0), body
    assert posts_in(superuser_db, place["community"]) == 7
    assert superuser_db("grid", "SELECT count(*) FROM roster_posts WHERE holder_key = :k", k=holder["id"]) == 2


def test_roster_import_with_bad_rows_writes_nothing_and_reports_each(county_a, gateway_url, superuser_db):
    place, other = lay_out_building(county_a), lay_out_building(county_a)
    holder = resident(county_a, place)
    good = roster_rows(place, holder)
    p = place
    bad = [["网格员", "无此网格", None, None, None, None, str(uuid.uuid4()), None, None, None],  # unknown place
           ["网格员", "带楼栋", None, None, None, None, p["grid"], p["building"], None, None],  # level vs place
           ["单元长", "缺单元", None, None, None, None, p["grid"], p["building"], None, None],  # needs 单元
           ["楼栋长", "外社区", None, None, None, None, p["grid"], other["building"], None, None],
           ["网格员", "错电话", "12345", None, None, None, p["grid"], None, None, None],  # bad phone
           ["队长", "错层级", None, None, p["community"], None, None, None, None, None],  # unknown level
           ["=HYPERLINK(\"x\")", "公式", None, None, p["community"], None, None, None, None, None],
           good[0]]  # the same post as row 2: duplicate
    report = post_import(gateway_url, xlsx(ROSTER_HEADER, good + bad), sheet="posts")
    assert report.status_code == 200, report.text
    body = report.json()
    assert (body["rows"], body["accepted"], body["rejected"]) == (14, 0, 8), body
    refused = {(e["row"], e["field"], e["code"]) for e in body["errors"]}
    assert refused == {(8, "grid_id", "NOT_FOUND"), (9, "building_id", "CONFLICT"), (10, "unit", "VALIDATION_FAILED"),
                       (11, "building_id", "CONFLICT"), (12, "phone", "VALIDATION_FAILED"),
                       (13, "level", "VALIDATION_FAILED"), (14, "level", "FORMULA_REFUSED"),
                       (15, "holder_name", "DUPLICATE_IN_BATCH")}
    assert all(e["message"] and e["message_zh"] for e in body["errors"])
    zh = {e["row"]: e["message_zh"] for e in body["errors"]}
    assert "未知地点" in zh[8] and "不设在楼栋编号" in zh[9] and "第 2 行" in zh[15] and zh[12].startswith("手机号")
    assert posts_in(superuser_db, place["community"]) == 0  # the six good rows were not written either
    # appointPost refuses the same misplaced post, so whatever it appoints an export re-imports
    made = county_a(APPOINT, input={"level": "grid_worker", "holderName": "带楼栋", "gridId": p["grid"],
                                    "buildingId": p["building"]})["appointPost"]
    assert (made["__typename"], made["code"], made["field"]) == ("OperationError", "CONFLICT", "buildingId")

    # without the formula row (refused by the gateway) the service alone refuses: still nothing
    body = post_import(gateway_url, xlsx(ROSTER_HEADER, good + bad[:1]), sheet="posts").json()
    assert (body["accepted"], body["rejected"]) == (0, 1) and posts_in(superuser_db, place["community"]) == 0

    staff = token("341181", "community_staff", scope=Scope("community", other["community"]))
    body = post_import(gateway_url, xlsx(ROSTER_HEADER, good[:1]), bearer=staff, sheet="posts").json()
    assert [(e["field"], e["code"]) for e in body["errors"]] == [("community_id", "NOT_FOUND")]
    viewer = token("341181", "dashboard")
    assert post_import(gateway_url, xlsx(ROSTER_HEADER, good), bearer=viewer, sheet="posts").status_code == 403
    assert posts_in(superuser_db, place["community"]) == 0
