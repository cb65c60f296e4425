"""Party organization sheets through the gateway's /exports and /imports on RabbitMQ + PostgreSQL:
orgs and members exported in scope; ID numbers and phones masked unless a county admin asks with a
reason, and then audited per value; a member sheet with good and bad rows (GB 11643 check, unknown
org, future date, a number twice) imports the good ones only, and a second import updates."""
from __future__ import annotations

import random
import uuid

import httpx

from shared.principal import Scope
from tests.integration.conftest import token
from tests.integration.organization_ops import add_member, small_tree
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
