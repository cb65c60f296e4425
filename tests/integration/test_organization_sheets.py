"""Party organization sheets through the gateway's /exports and /imports on RabbitMQ + PostgreSQL:
orgs and members exported in scope; ID numbers and phones masked unless a county admin asks with a
reason, and then audited per value; a member sheet with good and bad rows (GB 11643 check, unknown
org, future date, a number twice) imports the good ones only, and a second import updates. The org
roster (党组织台账): an export imports into a fresh county (the tree rebuilt, rows in any order; the source
county's street/community/grid ids are refused there, so they are left out) and again
into the same county (nothing changes); a sheet with any bad row writes nothing and reports each row."""
from __future__ import annotations

import random
import uuid

import httpx

from shared.principal import Scope
from tests.integration.conftest import Client, token
from tests.integration.organization_ops import ORG_TREE, add_member, small_tree
from tests.integration.test_grid_sheets import column, export, xlsx

ADMIN = token("341181", "county_admin")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
HEADER = ["姓名", "身份证号", "所在党组织", "手机号", "入党日期", "党员类别", "工作单位", "在职"]


def valid_id() -> str:
    """A GB 11643 number with a correct check character, unique per call."""
    first = f"341181{random.randint(1950, 2000)}0{random.randint(1, 9)}1{random.randint(0, 9)}{random.randint(0, 999):03d}"
    return first + "10X98765432"[sum(int(d) * w for d, w in zip(first, WEIGHTS)) % 11]


def post(url: str, body: bytes, bearer: str = ADMIN, **params) -> httpx.Response:
    return httpx.post(f"{url}/imports/party-members", content=body, params=params, timeout=60,
                      headers={"Authorization": f"Bearer {bearer}"})


def test_member_import_checks_each_row_and_updates_on_reimport(county_a, gateway_url, superuser_db):
    tree = small_tree(county_a)
    grid_name = county_a("query($id: ID!) { partyOrg(id: $id) { name } }", id=tree["grid"])["partyOrg"]["name"]
    good, other = valid_id(), valid_id()
    bad_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    rows = [["王红", good, grid_name, "13912340001", "2010-07-01", "正式党员", "县财政局", "是"],
            ["李明", other, grid_name, None, "2021-03-01", "预备党员", None, "否"],
            ["校验错", bad_check, grid_name, None, "2010-07-01", None, None, None],
            ["无组织", valid_id(), "不存在的党支部", None, "2010-07-01", None, None, None],
            ["未来", valid_id(), grid_name, None, "2999-01-01", None, None, None],
            ["重复", good, grid_name, None, "2010-07-01", None, None, None]]
    before = superuser_db("organization", "SELECT count(*) FROM party_members")
    dry = post(gateway_url, xlsx(HEADER, rows), dryRun="true").json()
    assert (dry["accepted"], dry["rejected"]) == (2, 4)
    assert superuser_db("organization", "SELECT count(*) FROM party_members") == before
    report = post(gateway_url, xlsx(HEADER, rows)).json()
    assert (report["rows"], report["accepted"], report["rejected"]) == (6, 2, 4), report
    assert {(e["row"], e["field"], e["code"]) for e in report["errors"]} == {
        (4, "id_number", "VALIDATION_FAILED"), (5, "org_name", "NOT_FOUND"),
        (6, "join_date", "VALIDATION_FAILED"), (7, "id_number", "DUPLICATE_IN_BATCH")}
    assert all(e["message_zh"] for e in report["errors"])
    assert superuser_db("organization", "SELECT count(*) FROM party_members") == before + 2

    again = post(gateway_url, xlsx(HEADER, [["王红", good, grid_name, "13912340009", "2010-07-01", "正式党员",
                                             "县财政局", "是"]])).json()
    assert (again["accepted"], again["rejected"]) == (1, 0)
    assert superuser_db("organization", "SELECT count(*) FROM party_members") == before + 2
    header, out = export(gateway_url, "party-members", orgId=tree["grid"])
    by_name = {r[header.index("姓名")]: dict(zip(header, r)) for r in out}
    assert by_name["王红"]["手机号"] == "139****0009" and by_name["王红"]["身份证号"] == good[:6] + "********" + good[-4:]
    assert by_name["李明"]["党员类别"] == "预备党员"

    refused = post(gateway_url, xlsx(HEADER, rows[:1]), bearer=token("341181", "community_staff",
                                                                      scope=Scope("community", tree["community_place"])))
    assert refused.status_code == 403


def test_member_export_masks_unless_an_admin_gives_a_reason(county_a, gateway_url, superuser_db):
    tree = small_tree(county_a)
    for name in ("张三", "李四"):
        assert add_member(county_a, tree["grid"], name)["__typename"] == "PartyMember"
    header, rows = export(gateway_url, "party-members", orgId=tree["grid"])
    assert len(rows) == 2 and all("*" in r[header.index("身份证号")] for r in rows)
    audits = "SELECT count(*) FROM member_access_audit WHERE reason LIKE :r"
    no_reason = httpx.get(f"{gateway_url}/exports/party-members.xlsx", params={"unmasked": "true"}, timeout=30,
                          headers={"Authorization": f"Bearer {ADMIN}"})
    assert no_reason.status_code == 400 and no_reason.json()["error"]["field"] == "reason"
    reason = f"组织关系核查{uuid.uuid4().hex[:6]}"
    header, rows = export(gateway_url, "party-members", orgId=tree["grid"], unmasked="true", reason=reason)
    assert all("*" not in r[header.index("身份证号")] and len(r[header.index("身份证号")]) == 18 for r in rows)
    assert superuser_db("organization", audits, r=f"%{reason}") == 4  # two members × ID number and phone
    staff = token("341181", "community_staff", scope=Scope("community", tree["community_place"]))
    refused = httpx.get(f"{gateway_url}/exports/party-members.xlsx", params={"unmasked": "true", "reason": "看看"},
                        timeout=30, headers={"Authorization": f"Bearer {staff}"})
    assert refused.status_code == 403
    header, rows = export(gateway_url, "party-members", bearer=staff)
    assert {r[header.index("姓名")] for r in rows} == {"张三", "李四"}  # that community's members only

    header, orgs = export(gateway_url, "party-orgs", type="grid_branch")
    assert tree["grid"] in column(header, orgs, "党组织编号")
    assert set(column(header, orgs, "类型")) == {"网格党支部"}


# ---- 党组织台账 import ---------------------------------------------------------------------------
ORG_HEADER = ["党组织编号", "党组织名称", "类型", "层级", "上级党组织", "上级党组织编号", "状态", "街道编号", "社区编号",
              "网格编号"]
SHAPE = ("党组织名称", "类型", "层级", "上级党组织", "街道编号", "社区编号", "网格编号")


def post_orgs(url: str, body: bytes, bearer: str = ADMIN, **params) -> dict:
    response = httpx.post(f"{url}/imports/party-orgs", content=body, params=params, timeout=150,
                          headers={"Authorization": f"Bearer {bearer}"})
    assert response.status_code == 200, response.text
    return response.json()


def org_count(superuser_db, tenant: str) -> int:
    return superuser_db("organization", "SELECT count(*) FROM orgs WHERE tenant_id = :t", t=tenant)


def shapes(header: list[str], rows: list[list]) -> set[tuple]:
    at = [header.index(c) for c in SHAPE]
    return {tuple(r[i] if i < len(r) else None for i in at) for r in rows}  # trailing empty cells are not read


def test_org_roster_export_imports_into_a_fresh_county_and_again_changes_nothing(county_a, gateway_url,
                                                                                superuser_db):
    tree = small_tree(county_a)
    header, rows = export(gateway_url, "party-orgs")
    assert header == ORG_HEADER
    ours = {tree[k] for k in ("county", "street", "community", "grid", "group")}
    sheet = [r for r in rows if r[header.index("党组织编号")] in ours]
    assert len(sheet) == 5 and {r[header.index("层级")] for r in sheet} == {"党委", "党工委", "党支部", "党小组"}
    sheet.reverse()  # children before their parents: the import settles parents first

    fresh_code = f"35{random.randint(0, 9999):04d}"
    fresh = token(fresh_code, "county_admin")
    foreign = post_orgs(gateway_url, xlsx(header, sheet), bearer=fresh)  # the places are county A's
    assert foreign["accepted"] == 0 and {(e["field"], e["code"]) for e in foreign["errors"]} == {
        ("street_id", "NOT_FOUND"), ("community_id", "NOT_FOUND"), ("grid_id", "NOT_FOUND")}, foreign
    assert org_count(superuser_db, fresh_code) == 0
    at = {header.index(c) for c in ("街道编号", "社区编号", "网格编号")}
    placeless = [[None if i in at else v for i, v in enumerate(r)] for r in sheet]  # the fresh county has none
    dry = post_orgs(gateway_url, xlsx(header, placeless), bearer=fresh, dryRun="true")
    assert (dry["rows"], dry["accepted"], dry["rejected"]) == (5, 5, 0), dry
    assert org_count(superuser_db, fresh_code) == 0
    report = post_orgs(gateway_url, xlsx(header, placeless), bearer=fresh)
    assert (report["accepted"], report["rejected"]) == (5, 0), report
    assert org_count(superuser_db, fresh_code) == 5
    new_header, rebuilt = export(gateway_url, "party-orgs", bearer=fresh)
    assert shapes(new_header, rebuilt) == shapes(header, placeless)  # same names, types, levels, parents
    assert not ours & set(column(new_header, rebuilt, "党组织编号"))  # new ids
    fresh_tree = Client(gateway_url, fresh)(ORG_TREE, d=False)["orgTree"]
    assert [o["depth"] for o in fresh_tree] == [0, 1, 2, 3, 4]
    assert superuser_db("organization", "SELECT count(*) FROM org_history WHERE tenant_id = :t AND action = 'created'",
                        t=fresh_code) == 5

    again = post_orgs(gateway_url, xlsx(header, placeless), bearer=fresh)  # by name under the same parent
    assert (again["accepted"], again["rejected"]) == (5, 0), again
    own = post_orgs(gateway_url, xlsx(new_header, rebuilt), bearer=fresh)  # by id
    assert (own["accepted"], own["rejected"]) == (5, 0), own
    assert org_count(superuser_db, fresh_code) == 5
    home = post_orgs(gateway_url, xlsx(header, sheet))  # the source county: every row is already there
    assert (home["accepted"], home["rejected"]) == (5, 0), home

    moved = [list(r) + [None] * (len(new_header) - len(r)) for r in rebuilt]
    grid_row = next(r for r in moved if r[new_header.index("类型")] == "网格党支部")
    grid_row[new_header.index("党组织名称")] = "改了名的网格党支部"
    refused = post_orgs(gateway_url, xlsx(new_header, moved), bearer=fresh)
    assert refused["accepted"] == 0 and {(e["field"], e["code"]) for e in refused["errors"]} == {
        ("name", "CONFLICT"), ("parent_id", "PARENT_REFUSED")}  # the renamed grid branch, and its party group
    assert org_count(superuser_db, fresh_code) == 5


def test_org_roster_with_bad_rows_writes_nothing_and_reports_each_row(county_a, gateway_url, superuser_db):
    tree = small_tree(county_a)
    names = {k: county_a("query($id: ID!) { partyOrg(id: $id) { name } }", id=tree[k])["partyOrg"]["name"]
             for k in ("street", "community")}
    label = uuid.uuid4().hex[:6]
    good = [["g2", f"新网格党支部{label}", "网格党支部", None, f"新社区党委{label}", None, "正常", None, None, None],
            ["g1", f"新社区党委{label}", "社区党委", "党委", None, tree["street"], None, None, None, None]]
    bad = [[None, f"街道下网格{label}", "网格党支部", None, names["street"], None, None, None, None, None],
           [None, f"居委会{label}", "居委会", None, names["street"], None, None, None, None, None],
           [None, f"孤儿{label}", "党小组", None, "不存在的党组织", None, None, None, None, None],
           [None, names["community"], "社区党总支", None, None, tree["street"], None, None, None, None],
           [None, f"新网格党支部{label}", "网格党支部", None, None, "g1", None, None, None, None],
           ["b6", "=1+1", "党小组", None, None, tree["grid"], None, None, None, None],
           [None, f"下级{label}", "党小组", None, None, "b6", None, None, None, None],  # b6 never reached the service
           [None, f"居委会下{label}", "党小组", None, f"居委会{label}", None, None, None, None, None]]
    before = org_count(superuser_db, "341181")
    for params in ({"dryRun": "true"}, {}):
        report = post_orgs(gateway_url, xlsx(ORG_HEADER, good + bad), **params)
        assert (report["rows"], report["accepted"], report["rejected"]) == (10, 0, 8), report
        assert {(e["row"], e["field"], e["code"]) for e in report["errors"]} == {
            (4, "type", "TYPE_NOT_ALLOWED"), (5, "type", "VALIDATION_FAILED"), (6, "parent_name", "NOT_FOUND"),
            (7, "name", "CONFLICT"), (8, "name", "DUPLICATE_IN_BATCH"), (9, "name", "FORMULA_REFUSED"),
            (10, "parent_id", "NOT_FOUND"), (11, "parent_name", "PARENT_REFUSED")}
        assert all(e["message"] and e["message_zh"] for e in report["errors"])
        assert org_count(superuser_db, "341181") == before

    only_cell = post_orgs(gateway_url, xlsx(ORG_HEADER, good + [bad[5]]))  # the framework's refusal holds too
    assert (only_cell["accepted"], only_cell["rejected"]) == (0, 1), only_cell
    assert org_count(superuser_db, "341181") == before
    dry = post_orgs(gateway_url, xlsx(ORG_HEADER, good), dryRun="true")
    assert (dry["accepted"], dry["rejected"]) == (2, 0) and org_count(superuser_db, "341181") == before
    done = post_orgs(gateway_url, xlsx(ORG_HEADER, good))
    assert (done["accepted"], done["rejected"]) == (2, 0), done
    assert org_count(superuser_db, "341181") == before + 2
    header, rows = export(gateway_url, "party-orgs", type="grid_branch")
    new_grid = next(r for r in rows if r[header.index("党组织名称")] == f"新网格党支部{label}")
    assert new_grid[header.index("上级党组织")] == f"新社区党委{label}"

    staff = token("341181", "community_staff", scope=Scope("community", tree["community_place"]))
    assert httpx.post(f"{gateway_url}/imports/party-orgs", content=xlsx(ORG_HEADER, good), timeout=30,
                      headers={"Authorization": f"Bearer {staff}"}).status_code == 403
